"""The site's URLs plus the bare list views the page bench compares each page with."""

from django.urls import path

from cinterfor.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [
    path("bench/list/<str:label>/", views.bare_list, name="bench_bare_list"),
    *site_urlpatterns,
]
