from django.urls import path

from .views import finance, workbench

app_name = "budget"
urlpatterns = [
    path("figures/", finance.figures, name="figures"),
    path("contributions/", finance.contributions, name="contributions"),
    path("contributions/new/", finance.contribution_create, name="contribution_create"),
    path("contributions/<int:pk>/edit/", finance.contribution_edit, name="contribution_edit"),
    path("contributions/<int:pk>/delete/", finance.contribution_delete, name="contribution_delete"),
    path("forecast/", finance.forecast, name="forecast"),
    path("rates/", workbench.rates, name="rates"),
    path("rates/recompute/", workbench.rate_recompute, name="rate_recompute"),
    path("statements/", workbench.statements_page, name="statements"),
    path(
        "statements/<int:pk>.<str:kind>",
        workbench.statement_download,
        name="statement_download",
    ),
    path("statements/contact/<int:pk>/", workbench.institution_contact, name="institution_contact"),
    path("reminders/", workbench.reminders, name="reminders"),
    path("network/", workbench.network, name="network"),
]
