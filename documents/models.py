"""Export jobs: the row is the truth about an export, whatever Celery's result backend says."""

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.models import Biennium, BienniumTransition

ACTIVE_STATUSES = ("queued", "running")


def export_storage() -> Storage:
    """Where generated exports live: STORAGES["exports"], a folder or an S3-compatible store."""
    return storages["exports"]


class ExportJob(models.Model):
    """One request to export a biennium's document in one format, and what became of it.

    A worker claims a queued job by moving it to running in one UPDATE, beats its heartbeat as
    it goes, and publishes the file by moving the job to done with the file in one UPDATE; the
    sweep gives up on a running job whose heartbeat stopped. `seen_at` is when the requester
    saw the outcome in the app; `notified_at` when the e-mail went out.
    """

    class Format(models.TextChoices):
        DOCX = "docx", _("Word document (DOCX)")
        PDF = "pdf", _("PDF")
        XLSX = "xlsx", _("Appendix workbook (XLSX)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="export_jobs",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    biennium = models.ForeignKey(
        Biennium, on_delete=models.PROTECT, related_name="export_jobs", verbose_name=_("biennium")
    )
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    compare_to = models.ForeignKey(
        Biennium,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tracked changes against"),
        help_text=_("A Word redline: the document with tracked changes against this biennium."),
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("When the job was last queued or last reported progress."),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("reason for failure"), blank=True)
    sent_at = models.DateTimeField(_("sent to the task queue at"), null=True, blank=True)
    file = models.FileField(
        _("file"), upload_to="exports/", storage=export_storage, max_length=255, blank=True
    )
    file_name = models.CharField(_("file name for download"), max_length=120, blank=True)
    notified_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True)
    seen_at = models.DateTimeField(_("seen by the requester at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="export_job_sweep")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="export_progress_0_to_100"
            ),
            models.CheckConstraint(
                condition=Q(format__in=["docx", "pdf", "xlsx"]), name="export_format_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="export_status_known",
            ),
            # A file is published only with the job's success, and a success has its file.
            models.CheckConstraint(
                condition=Q(status="done") | Q(file=""), name="export_file_only_when_done"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""), name="export_done_has_file"
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""), name="export_failure_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(compare_to__isnull=True) | Q(format="docx"),
                name="export_redline_is_docx",
            ),
            # Asking again while an export of the same document is under way gets that one.
            models.UniqueConstraint(
                fields=["biennium", "format", "language"],
                condition=Q(status__in=ACTIVE_STATUSES, compare_to__isnull=True),
                name="export_one_active_per_document",
            ),
            models.UniqueConstraint(
                fields=["biennium", "format", "language", "compare_to"],
                condition=Q(status__in=ACTIVE_STATUSES, compare_to__isnull=False),
                name="export_one_active_per_redline",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_format_display()} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_waiting_for_queue(self) -> bool:
        """Queued, but its task has not reached the broker yet (the sweep sends it again)."""
        return self.status == self.Status.QUEUED and self.sent_at is None


class DocumentSnapshot(models.Model):
    """A proposal's state kept as it was: its document model and activities, as JSON.

    Taken in the transaction that submits the proposal and with each export job, so Compare
    can put a draft beside what was submitted or sent out (documents.states reads it back).
    """

    class Occasion(models.TextChoices):
        SUBMISSION = "submission", _("At submission")
        EXPORT = "export", _("At export")

    biennium = models.ForeignKey(
        Biennium, on_delete=models.PROTECT, related_name="snapshots", verbose_name=_("biennium")
    )
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion.choices)
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    language = models.CharField(_("language"), max_length=8)
    transition = models.OneToOneField(
        BienniumTransition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshot",
        verbose_name=_("submission"),
    )
    export_job = models.OneToOneField(
        ExportJob,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshot",
        verbose_name=_("export"),
    )
    state = models.JSONField(_("document model and activities"))

    class Meta:
        verbose_name = _("kept state of a proposal")
        verbose_name_plural = _("kept states of proposals")
        ordering = ["-taken_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(occasion="submission", transition__isnull=False, export_job=None)
                | Q(occasion="export", export_job__isnull=False, transition=None),
                name="snapshot_names_its_occasion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.biennium} {self.get_occasion_display()} {self.taken_at:%Y-%m-%d %H:%M}"
