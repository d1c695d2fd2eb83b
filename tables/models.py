"""Uploaded workbooks: each batch is the truth about one upload, from its check to its save."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.models import Biennium


class UploadBatch(models.Model):
    """One uploaded workbook, what its check found row by row, and whether it was saved.

    A worker (or, without a broker, the request itself) checks the file and then, once finance
    confirms, saves it; it reports progress and a heartbeat on this row as it goes. `report`
    holds one entry per row: its row number, status, the cell and reason of a refusal, and a
    short summary for the preview.
    """

    class Kind(models.TextChoices):
        CONTRIBUTIONS = "contributions", _("Contributions")
        INSTITUTIONS = "institutions", _("Member institutions")
        AGREEMENTS = "agreements", _("Contribution agreements")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        REFUSED = "refused", _("Refused: some rows cannot be saved")
        SAVING = "saving", _("Being saved")
        SAVED = "saved", _("Saved")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    biennium = models.ForeignKey(
        Biennium,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="upload_batches",
        verbose_name=_("biennium"),
    )
    file = models.FileField(_("file"), upload_to="uploads/", max_length=255)
    file_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="upload_batches",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    language = models.CharField(_("language"), max_length=8, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    error = models.TextField(_("reason for failure"), blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_new = models.PositiveIntegerField(_("new rows"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged rows"), default=0)
    rows_changed = models.PositiveIntegerField(_("changed rows"), default=0)
    rows_refused = models.PositiveIntegerField(_("refused rows"), default=0)
    report = models.JSONField(_("row by row"), default=list, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="upload_progress_0_to_100"
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""), name="upload_failure_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(kind="contributions", biennium__isnull=False)
                | ~Q(kind="contributions"),
                name="contribution_upload_names_biennium",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SAVED, self.Status.REFUSED, self.Status.FAILED)

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.SAVING)


class UploadedRow(models.Model):
    """A row an upload saved, by its natural key: which file brought which row.

    The check matches an uploaded row with the stored one of the same natural key (for a
    contribution: institution, date, stage, amount and reference, each a field of its own),
    however it was recorded; `object_id` is the row this upload saved.
    """

    batch = models.ForeignKey(
        UploadBatch, on_delete=models.CASCADE, related_name="rows", verbose_name=_("upload")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=UploadBatch.Kind.choices)
    key = models.CharField(_("natural key"), max_length=255)
    object_id = models.PositiveBigIntegerField(_("saved row"))

    class Meta:
        verbose_name = _("uploaded row")
        verbose_name_plural = _("uploaded rows")
        ordering = ["batch", "id"]
        indexes = [models.Index(fields=["kind", "key"], name="uploaded_row_by_key")]
        constraints = [
            models.UniqueConstraint(fields=["batch", "key"], name="one_key_per_upload"),
        ]

    def __str__(self) -> str:
        return self.key
