"""The project's own ground: what every app's views share (one-time submission keys)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A create form that was sent: its one-time key, who sent it and where its result is.

    A second POST with the same key (a double click, a replay) finds this row and is sent to
    the first one's result instead of creating another (cinterfor.submissions).
    """

    key = models.UUIDField(_("key"), primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    result_url = models.CharField(_("result"), max_length=500)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.key} → {self.result_url}"
