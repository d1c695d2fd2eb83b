from django.urls import path

from . import compare_views, views

app_name = "documents"
urlpatterns = [
    path("bienniums/<biennium:years>/exports/", views.biennium_exports, name="exports"),
    path("bienniums/<biennium:years>/compare/", compare_views.compare_states, name="compare"),
    path("exports/", views.all_exports, name="export_list"),
    path("exports/<int:pk>/", views.job_detail, name="job"),
    path("exports/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("exports/<int:pk>/download/", views.job_download, name="job_download"),
    path("exports/<int:pk>/seen/", views.job_seen, name="job_seen"),
]
