from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.institution_list, name="institutions"),
    path("institutions/lookup/", views.institution_lookup, name="institution_lookup"),
    path("countries/lookup/", views.country_lookup, name="country_lookup"),
    path("new/", views.institution_create, name="institution_create"),
    path("<int:pk>/", views.institution_detail, name="institution"),
    path("<int:pk>/edit/", views.institution_edit, name="institution_edit"),
    path("<int:pk>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/delete/", views.agreement_delete, name="agreement_delete"),
]
