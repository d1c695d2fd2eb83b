"""Downloads and uploads, under the pages of the lists they belong to."""

from django.urls import path

from . import views

app_name = "tables"
BUDGET = "bienniums/<biennium:years>/budget/"
urlpatterns = [
    path("members/download.<str:fmt>", views.institutions_download, name="institutions"),
    path("members/agreements/download.<str:fmt>", views.agreements_download, name="agreements"),
    path("members/upload/<str:kind>/", views.register_upload, name="register_upload"),
    path(
        "members/upload/<str:kind>/template.xlsx",
        views.register_template,
        name="register_template",
    ),
    path("members/uploads/<int:pk>/", views.register_batch, name="register_batch"),
    path("members/uploads/<int:pk>/confirm/", views.register_confirm, name="register_confirm"),
    path(
        "bienniums/<biennium:years>/programme/activities/download.<str:fmt>",
        views.activities_download,
        name="activities",
    ),
    path(
        BUDGET + "contributions/download.<str:fmt>",
        views.contributions_download,
        name="contributions",
    ),
    path(BUDGET + "forecast/download.<str:fmt>", views.forecast_download, name="forecast"),
    path(
        BUDGET + "figures/history/download.<str:fmt>",
        views.figures_history_download,
        name="figures_history",
    ),
    path(BUDGET + "contributions/upload/", views.contribution_upload, name="contribution_upload"),
    path(
        BUDGET + "contributions/upload/template.xlsx",
        views.contribution_template,
        name="contribution_template",
    ),
    path(BUDGET + "uploads/<int:pk>/", views.contribution_batch, name="contribution_batch"),
    path(
        BUDGET + "uploads/<int:pk>/confirm/",
        views.contribution_confirm,
        name="contribution_confirm",
    ),
]
