"""Review notes of one biennium, under bienniums/<years>/review/notes/."""

from django.urls import path

from . import views

app_name = "notes"
urlpatterns = [
    path("", views.notes_page, name="list"),
    path("new/", views.note_create, name="create"),
    path("<int:pk>/", views.note_page, name="note"),
    path("<int:pk>/resolve/", views.note_resolve, name="resolve"),
]
