from django.apps import AppConfig


class CinterforConfig(AppConfig):
    """The project package, installed for its site-wide management commands."""

    name = "cinterfor"
    verbose_name = "CINTERFOR"

    def ready(self) -> None:
        from . import security  # noqa: F401 - connects the security log to the login signals
