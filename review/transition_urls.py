"""Confirmation pages of a proposal's status changes, under bienniums/<years>/status/."""

from django.urls import path

from . import transition_views

app_name = "transition"
urlpatterns = [
    path("submit/", transition_views.submit, name="submit"),
    path("approve/", transition_views.approve, name="approve"),
    path("reopen/", transition_views.reopen, name="reopen"),
]
