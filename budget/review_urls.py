from django.urls import path

from .views import review

app_name = "review"
urlpatterns = [
    path("appendices/", review.appendices, name="appendices"),
    path("reconciliation/", review.reconciliation, name="reconciliation"),
]
