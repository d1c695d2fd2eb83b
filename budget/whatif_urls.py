from django.urls import path

from .views import whatif

app_name = "whatif"
urlpatterns = [
    path("", whatif.panel, name="panel"),
]
