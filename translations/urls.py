"""A proposal's translations, under bienniums/<years>/translations/."""

from django.urls import path

from . import views

app_name = "translations"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("import/", views.import_page, name="import"),
    path("<str:language>/", views.text_list, name="texts"),
    path("<str:language>/export/", views.export, name="export"),
    path("<str:language>/<str:key>/", views.translation_edit, name="edit"),
]
