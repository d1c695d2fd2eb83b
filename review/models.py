"""The review of a proposal before it moves on: why each open finding stands, and the notes
managers leave on its parts until whoever edits them replies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class FindingReason(models.Model):
    """Why one finding of the reconciliation stands, recorded by the manager who submitted.

    Append-only: a submission's reasons are its record; the next submission records its own.
    """

    biennium = models.ForeignKey(
        "programme.Biennium",
        on_delete=models.PROTECT,
        related_name="finding_reasons",
        verbose_name=_("biennium"),
    )
    transition = models.ForeignKey(
        "programme.BienniumTransition",
        on_delete=models.PROTECT,
        related_name="finding_reasons",
        verbose_name=_("submission"),
    )
    finding_key = models.CharField(_("finding"), max_length=300)
    where = models.CharField(_("where"), max_length=200)
    finding = models.TextField(_("what disagrees"))
    link = models.CharField(_("page"), max_length=300, blank=True)
    reason = models.TextField(_("why it stands"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("reason a finding stands")
        verbose_name_plural = _("reasons findings stand")
        ordering = ["transition", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["transition", "finding_key"], name="one_reason_per_finding_per_submission"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="finding_reason_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class ReviewNote(models.Model):
    """A manager's note on one part of a proposal, open until someone who edits it replies."""

    class Part(models.TextChoices):
        PARAGRAPH = "paragraph", _("Paragraph")
        ACTIVITY = "activity", _("Activity")
        INCOME_LINE = "income_line", _("Income line")
        SUBPROGRAMME = "subprogramme", _("Subprogramme")
        BUDGET_FIGURE = "budget_figure", _("Budget figure")

    APPENDIX_PARTS = (Part.INCOME_LINE, Part.SUBPROGRAMME, Part.BUDGET_FIGURE)

    biennium = models.ForeignKey(
        "programme.Biennium",
        on_delete=models.PROTECT,
        related_name="review_notes",
        verbose_name=_("biennium"),
    )
    part = models.CharField(_("part"), max_length=20, choices=Part.choices)
    # The part itself; a deleted activity or subprogramme leaves the note, named by `about`.
    paragraph = models.ForeignKey(
        "programme.Paragraph",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_notes",
        verbose_name=_("paragraph"),
    )
    activity = models.ForeignKey(
        "programme.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_notes",
        verbose_name=_("activity"),
    )
    subprogramme = models.ForeignKey(
        "budget.Subprogramme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_notes",
        verbose_name=_("subprogramme"),
    )
    line = models.CharField(_("appendix line"), max_length=60, blank=True)
    about = models.CharField(_("about"), max_length=300)
    text = models.TextField(_("note"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reply = models.TextField(_("reply"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["biennium", "resolved_at"], name="review_note_open")]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="review_note_not_empty"),
            # Resolved means replied to, by someone, at a time; open means none of them.
            models.CheckConstraint(
                condition=(
                    Q(resolved_at__isnull=True, resolved_by__isnull=True, reply="")
                    | (Q(resolved_at__isnull=False, resolved_by__isnull=False) & ~Q(reply=""))
                ),
                name="review_note_resolved_with_a_reply",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.about}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("notes:note", kwargs={"years": self.biennium.slug, "pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def part_url(self) -> str:
        """The page where the part is edited (the biennium is read with the note)."""
        years = {"years": self.biennium.slug}
        if self.paragraph_id:
            return reverse("programme:paragraph", kwargs={**years, "pk": self.paragraph_id})
        if self.activity_id:
            return reverse("programme:activity", kwargs={**years, "pk": self.activity_id})
        if self.part in self.APPENDIX_PARTS:
            return reverse("budget:figures", kwargs=years)
        return ""
