from django.urls import path

from . import workflow_views
from .views import cycle, title_block

app_name = "workflow"
urlpatterns = [
    path("", workflow_views.status_page, name="status"),
    path("start-next/", cycle.start_next, name="start_next"),
    path("title-block/", title_block.title_block_edit, name="title_block"),
]
