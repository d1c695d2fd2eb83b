"""A biennial proposal: its narrative (sections, paragraphs, footnotes), lines of action, activities."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cinterfor.narrative import NarrativeField, narrative_text
from members.models import Country, MemberInstitution


class Biennium(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    class Purpose(models.TextChoices):
        """What the Governing Body is asked to do with the document, printed on its first page."""

        DECISION = "decision", _("For decision")
        DEBATE = "debate", _("For debate and guidance")
        INFORMATION = "information", _("For information")

    start_year = models.PositiveSmallIntegerField(_("first year"), unique=True)
    end_year = models.PositiveSmallIntegerField(_("second year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    governing_body_session = NarrativeField(
        _("Governing Body session"),
        required=False,
        rows=1,
        help_text=_("For example: 337th Session, Geneva, 24 October–7 November 2019."),
    )
    document_symbol = models.CharField(
        _("document symbol"), max_length=40, blank=True, help_text=_("For example GB.337/PFA/3.")
    )
    segment = NarrativeField(_("segment"), required=False, rows=1)
    title = NarrativeField(_("title"), required=False, rows=2)
    document_date = models.DateField(_("date of the document"), null=True, blank=True)
    purpose = models.CharField(
        _("purpose of the document"), max_length=12, choices=Purpose.choices, blank=True
    )
    # The language the proposal is drafted in; every other language is a translation of it.
    source_language = models.CharField(
        _("source language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    # The register holds only the institutions a proposal names; the network's size and the
    # number of agreements signed are the figures the proposal reports (paragraphs 4 and 26).
    reported_member_institutions = models.PositiveSmallIntegerField(
        _("member institutions in the network"), null=True, blank=True
    )
    reported_member_countries = models.PositiveSmallIntegerField(
        _("countries in the network"), null=True, blank=True
    )
    reported_agreements_signed = models.PositiveSmallIntegerField(
        _("contribution agreements signed"), null=True, blank=True
    )
    # Finance marks the register complete when it holds every member institution and agreement;
    # from then on the network's counts are taken from the register, not the stated figures.
    register_complete = models.BooleanField(_("the member register is complete"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("biennium")
        verbose_name_plural = _("bienniums")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year=F("start_year") + 1), name="biennium_is_two_years"
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=1960, start_year__lte=2200),
                name="biennium_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(reported_agreements_signed__isnull=True)
                | Q(reported_member_institutions__isnull=True)
                | Q(reported_agreements_signed__lte=F("reported_member_institutions")),
                name="agreements_not_more_than_institutions",
            ),
            # Four eyes: whoever submitted a proposal may not approve it.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(submitted_by__isnull=True)
                | ~Q(approved_by=F("submitted_by")),
                name="approver_is_not_submitter",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """As the document writes it: 2020–21."""
        return f"{self.start_year}–{self.end_year % 100:02d}"

    @property
    def slug(self) -> str:
        """As commands and URLs name it: 2020-21."""
        return f"{self.start_year}-{self.end_year % 100:02d}"

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_comparative_record(self) -> bool:
        """Known only from a later proposal's comparative columns: approved by the Governing
        Body, never submitted here (an approval in the application always has a submitter)."""
        return self.status == self.Status.APPROVED and self.submitted_by_id is None


class Section(models.Model):
    class Kind(models.TextChoices):
        INTRODUCTION = "introduction", _("Introduction")
        PROGRAMME = "programme", _("Programme")
        BUDGET = "budget", _("Budget")
        RESOURCE_MOBILIZATION = "resource_mobilization", _("Resource mobilization")
        DRAFT_DECISION = "draft_decision", _("Draft decision")
        APPENDIX_I = "appendix_i", _("Appendix I")
        APPENDIX_II = "appendix_ii", _("Appendix II")

    biennium = models.ForeignKey(
        Biennium, on_delete=models.CASCADE, related_name="sections", verbose_name=_("biennium")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    title = NarrativeField(_("title"), rows=1)
    subtitle = NarrativeField(_("subtitle"), required=False, rows=2)

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["biennium", "position"]
        constraints = [
            models.UniqueConstraint(fields=["biennium", "kind"], name="one_section_of_each_kind"),
            models.UniqueConstraint(
                fields=["biennium", "position"], name="section_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.biennium}: {self.get_kind_display()}"

    @property
    def is_appendix(self) -> bool:
        return self.kind in (self.Kind.APPENDIX_I, self.Kind.APPENDIX_II)


class LineOfAction(models.Model):
    biennium = models.ForeignKey(
        Biennium, on_delete=models.CASCADE, related_name="lines", verbose_name=_("biennium")
    )
    letter = models.CharField(_("letter"), max_length=1)
    heading = NarrativeField(_("heading"), rows=2)

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("line of action")
        verbose_name_plural = _("lines of action")
        ordering = ["biennium", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["biennium", "letter"], name="one_letter_per_biennium"),
            models.CheckConstraint(
                condition=Q(letter__regex=r"^[a-z]$"), name="line_letter_is_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return f"({self.letter}) {self.biennium}"


class Paragraph(models.Model):
    """A numbered paragraph of the proposal, in a section or under a line of action.

    Text may hold figure placeholders ``[[key]]``, stated figures ``[[key|26]]`` that the
    reconciliation checks, footnote markers ``[^key]`` and bullet lines starting ``- ``.
    Paragraph numbers are derived from the order, never stored.
    """

    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="paragraphs",
        verbose_name=_("section"),
    )
    line_of_action = models.ForeignKey(
        LineOfAction,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="paragraphs",
        verbose_name=_("line of action"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = NarrativeField(_("text"), rows=8)

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["section", "line_of_action", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(section__isnull=True, line_of_action__isnull=False)
                | Q(section__isnull=False, line_of_action__isnull=True),
                name="paragraph_in_section_or_line",
            ),
            models.UniqueConstraint(
                fields=["section", "position"],
                condition=Q(section__isnull=False),
                name="paragraph_position_in_section",
            ),
            models.UniqueConstraint(
                fields=["line_of_action", "position"],
                condition=Q(line_of_action__isnull=False),
                name="paragraph_position_in_line",
            ),
        ]

    def __str__(self) -> str:
        parent = self.section or self.line_of_action
        return f"{parent}, paragraph {self.position}"


class Footnote(models.Model):
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="footnotes", verbose_name=_("paragraph")
    )
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("The paragraph marks the footnote with [^key].")
    )
    text = NarrativeField(_("text"), rows=3)

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")
        ordering = ["paragraph", "id"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "key"], name="footnote_key_unique"),
        ]

    def __str__(self) -> str:
        return f"[^{self.key}]"


class Activity(models.Model):
    class Kind(models.TextChoices):
        RESEARCH = "research", _("Research and documentation")
        TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
        CAPACITY_BUILDING = "capacity_building", _("Capacity building")
        KNOWLEDGE_SHARING = "knowledge_sharing", _("Knowledge sharing and cooperation")
        PUBLICATION = "publication", _("Publication or tool")
        INFORMATION_SYSTEM = "information_system", _("Information system")
        PARTNERSHIP = "partnership", _("Partnership and resource mobilization")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Under way")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    line_of_action = models.ForeignKey(
        LineOfAction,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("line of action"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = NarrativeField(_("title"), rows=2)
    description = NarrativeField(_("description"), required=False, rows=4)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    countries = models.ManyToManyField(
        Country, blank=True, related_name="activities", verbose_name=_("countries")
    )
    partner_institutions = models.ManyToManyField(
        MemberInstitution,
        blank=True,
        related_name="activities",
        verbose_name=_("partner member institutions"),
    )
    other_partners = models.CharField(
        _("other partners"),
        max_length=300,
        blank=True,
        help_text=_("Partners that are not member institutions, e.g. IDB, CAF, SKILLS."),
    )
    source_paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("paragraph that plans it"),
    )

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[countries, partner_institutions])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["line_of_action", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["line_of_action", "position"], name="activity_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="activity_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return narrative_text(self.title)


class BienniumTransition(models.Model):
    """A recorded move of a proposal between draft, submitted and approved."""

    biennium = models.ForeignKey(
        Biennium, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("biennium")
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Biennium.Status.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=Biennium.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-id"]
        constraints = [
            # Going back to draft after submission must say why.
            models.CheckConstraint(
                condition=~Q(to_status="draft") | ~Q(reason=""), name="reopening_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.biennium}: {self.from_status} → {self.to_status}"


class ParagraphNumber(models.Model):
    """A number the document printed for a paragraph, kept after the numbering moves on.

    Numbers are derived from the order (see Paragraph); a write that may renumber (adding,
    deleting or moving paragraphs or sections) first keeps the numbers printed until then
    (programme.numbering.keep_paragraph_numbers), so an old number address can say where that
    paragraph stands now instead of silently showing another one.
    """

    biennium = models.ForeignKey(
        Biennium, on_delete=models.CASCADE, related_name="+", verbose_name=_("biennium")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    # Null once the paragraph is deleted: the number is still known to have been another's.
    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("paragraph"),
    )
    last_seen = models.DateTimeField(_("last printed"))

    class Meta:
        verbose_name = _("former paragraph number")
        verbose_name_plural = _("former paragraph numbers")
        ordering = ["biennium", "number", "-last_seen"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "number"], name="paragraph_number_once"),
        ]
        indexes = [models.Index(fields=["biennium", "number"], name="paragraph_number_lookup")]

    def __str__(self) -> str:
        return f"{self.biennium}: {self.number}"
