from django.urls import path

from .views import finance

app_name = "budget"
urlpatterns = [
    path("figures/", finance.figures, name="figures"),
    path("contributions/", finance.contributions, name="contributions"),
    path("contributions/new/", finance.contribution_create, name="contribution_create"),
    path("contributions/<int:pk>/edit/", finance.contribution_edit, name="contribution_edit"),
    path("contributions/<int:pk>/delete/", finance.contribution_delete, name="contribution_delete"),
    path("forecast/", finance.forecast, name="forecast"),
]
