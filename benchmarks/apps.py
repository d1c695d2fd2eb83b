from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarksConfig(AppConfig):
    """A data generator and the page bench (`make bench`); no models, and nothing imports it."""

    name = "benchmarks"
    verbose_name = _("benchmarks")
