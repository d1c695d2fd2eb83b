"""The appendices of a proposal (budget phases, income lines, subprogrammes) and contributions.

Only inputs are stored. Total income, C, E and every total of Appendix II are derived in
budget.calculations, never stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cinterfor.narrative import NarrativeField, narrative_text
from members.models import MemberInstitution
from programme.models import Biennium

MONEY = {"max_digits": 14, "decimal_places": 2}


class BudgetPhase(models.TextChoices):
    """Appendix I's columns are phases of one biennium's budget."""

    PROPOSED = "proposed", _("Proposed budget")
    APPROVED = "approved", _("Approved budget")
    ANTICIPATED = "anticipated", _("Anticipated income and expenditure")
    EXECUTED = "executed", _("Executed income and expenditure")


class IncomeLine(models.TextChoices):
    """Appendix I, part B, in the order the document prints it."""

    ILO = "ilo", _("ILO contribution")
    HOST_COUNTRY = "host_country", _("Host country contribution")
    OTHER_COUNTRIES = "other_countries", _("Contributions from other countries in the region")
    OTHER_CONTRIBUTIONS = "other_contributions", _("Other contributions")
    PUBLICATIONS = "publications", _("Sales of publications and printing services")
    MISCELLANEOUS = "miscellaneous", _("Miscellaneous income")


INCOME_LINE_FOOTNOTES = {
    IncomeLine.MISCELLANEOUS: _("Including interest, exchange/revaluation gains/losses, etc."),
}


class Budget(models.Model):
    """One column of Appendix I: a biennium's budget in one phase."""

    biennium = models.ForeignKey(
        Biennium, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("biennium")
    )
    phase = models.CharField(_("phase"), max_length=12, choices=BudgetPhase.choices)
    funds_brought_forward = models.DecimalField(
        _("A. Funds brought forward from the previous financial year"), **MONEY
    )
    total_expenditure = models.DecimalField(_("D. Total expenditure"), **MONEY)

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-biennium__start_year", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["biennium", "phase"], name="one_budget_per_phase"),
            models.CheckConstraint(
                condition=Q(total_expenditure__gte=0), name="expenditure_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.biennium} {self.get_phase_display()}"


class IncomeEstimate(models.Model):
    """One figure of Appendix I, part B."""

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="income", verbose_name=_("budget")
    )
    line = models.CharField(_("income line"), max_length=30, choices=IncomeLine.choices)
    amount = models.DecimalField(_("amount (US$)"), **MONEY)

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("income estimate")
        verbose_name_plural = _("income estimates")
        ordering = ["budget", "line"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "line"], name="one_figure_per_income_line"),
            # Miscellaneous income includes exchange losses, so it alone may be negative.
            models.CheckConstraint(
                condition=Q(amount__gte=0) | Q(line=IncomeLine.MISCELLANEOUS),
                name="income_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget}: {self.get_line_display()}"


class Subprogramme(models.Model):
    """One row of Appendix II. Work is stored in months and shown as years/months."""

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="subprogrammes", verbose_name=_("budget")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = NarrativeField(_("name"), rows=1)
    professional_months = models.PositiveIntegerField(_("professional work-months"), default=0)
    general_service_months = models.PositiveIntegerField(
        _("general service work-months"), default=0
    )
    staff_cost = models.DecimalField(_("staff cost (US$)"), **MONEY)
    non_staff_cost = models.DecimalField(_("non-staff cost (US$)"), **MONEY)

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subprogramme")
        verbose_name_plural = _("subprogrammes")
        ordering = ["budget", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "position"], name="subprogramme_position_unique"
            ),
            models.CheckConstraint(condition=Q(staff_cost__gte=0), name="staff_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(non_staff_cost__gte=0), name="non_staff_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return narrative_text(self.name)


class Contribution(models.Model):
    """Money pledged, committed or received against an income line of a biennium.

    The stages follow IATI's transaction types: pledge, incoming commitment, incoming funds.
    """

    class Payer(models.TextChoices):
        MEMBER_INSTITUTION = "member_institution", _("Member institution")
        HOST_COUNTRY = "host_country", _("Host country")
        ILO = "ilo", _("ILO")
        OTHER = "other", _("Other funder")

    class Stage(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        COMMITTED = "committed", _("Committed (incoming commitment)")
        RECEIVED = "received", _("Received (incoming funds)")

    biennium = models.ForeignKey(
        Biennium, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("biennium")
    )
    payer = models.CharField(_("payer"), max_length=20, choices=Payer.choices)
    institution = models.ForeignKey(
        MemberInstitution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("member institution"),
    )
    payer_name = models.CharField(
        _("payer name"),
        max_length=200,
        blank=True,
        help_text=_("For host country or other funder."),
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount in the currency paid"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    amount_usd = models.DecimalField(_("US dollar value at that date"), **MONEY)
    # The rate of exchange the US$ value was computed with, and the month it is the rate of;
    # both empty when the US$ value was entered by hand (or the contribution is in US$).
    rate_used = models.DecimalField(
        _("rate used (units per US$)"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    rate_month = models.DateField(_("month of the rate used"), null=True, blank=True)
    income_line = models.CharField(_("income line"), max_length=30, choices=IncomeLine.choices)
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        help_text=_("The bank's or the payer's reference of the payment, if any."),
    )
    note = models.TextField(_("note"), blank=True)

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-date", "id"]
        # A biennium's list, newest first, reads one page of this index, not every row.
        indexes = [
            models.Index(
                "biennium", models.F("date").desc(), models.F("id").desc(),
                name="contribution_newest_first",
            ),
        ]  # fmt: skip
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contribution_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount_usd__gte=0), name="contribution_usd_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="contribution_currency_is_iso"
            ),
            models.CheckConstraint(
                condition=Q(payer="member_institution", institution__isnull=False)
                | (~Q(payer="member_institution") & Q(institution__isnull=True)),
                name="institution_named_iff_member_pays",
            ),
            # The natural key of a contribution (an uploaded row is known by it). Two payments
            # alike but for a reference are two; without a reference the key is not enforced,
            # since two equal payments on one day are possible and nothing tells them apart.
            models.UniqueConstraint(
                fields=["biennium", "institution", "date", "stage", "amount", "reference"],
                condition=~Q(reference=""),
                name="one_contribution_per_reference",
                violation_error_message=_(
                    "This institution's contribution of this amount, date, stage and reference "
                    "is recorded already."
                ),
            ),
        ]

    def __str__(self) -> str:
        payer = self.institution.acronym if self.institution_id else self.payer_name
        return f"{payer or self.get_payer_display()} {self.amount} {self.currency} ({self.date})"

    @property
    def rate_used_text(self) -> str:
        """The rate of exchange used as finance typed it ("40", not "40.000000"); "" if none."""
        if self.rate_used is None:
            return ""
        return format(self.rate_used.normalize(), "f")


RATE = {"max_digits": 18, "decimal_places": 6}


class ExchangeRate(models.Model):
    """A UN operational rate of exchange: units of a currency per US dollar, for one month.

    Finance enters them; the shipped data holds none. `month` is the first day of the month.
    """

    currency = models.CharField(_("currency"), max_length=3)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    units_per_usd = models.DecimalField(_("units per US$"), **RATE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rate of exchange")
        verbose_name_plural = _("rates of exchange")
        ordering = ["-month", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "month"], name="one_rate_per_month"),
            models.CheckConstraint(condition=Q(units_per_usd__gt=0), name="rate_positive"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$") & ~Q(currency="USD"),
                name="rate_currency_is_iso_not_usd",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.month:%Y-%m}: {self.units_per_usd}"


class RateRecompute(models.Model):
    """A recorded recomputation of stored US$ values at the rates of exchange entered since."""

    biennium = models.ForeignKey(
        Biennium, on_delete=models.CASCADE, related_name="+", verbose_name=_("biennium")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    changed = models.PositiveIntegerField(_("contributions changed"))
    summary = models.TextField(_("what changed"))

    class Meta:
        verbose_name = _("recomputation of US$ values")
        verbose_name_plural = _("recomputations of US$ values")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.biennium} {self.at:%Y-%m-%d %H:%M}: {self.changed}"


class Statement(models.Model):
    """One institution's statement of account (PDF and XLSX), made by a Celery job."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    institution = models.ForeignKey(
        MemberInstitution,
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name=_("institution"),
    )
    as_of = models.DateField(_("as of"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    pdf = models.FileField(_("PDF"), upload_to="statements/", blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to="statements/", blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("statement of account")
        verbose_name_plural = _("statements of account")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.institution} {self.as_of}"


class ReminderSettings(models.Model):
    """When reminders of overdue amounts go out: one row, set by finance."""

    enabled = models.BooleanField(_("send reminders"), default=False)
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"), default=5, help_text=_("From 1 to 28.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(day_of_month__gte=1, day_of_month__lte=28),
                name="reminder_day_in_every_month",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Reminders on day %(day)s") % {"day": self.day_of_month})


class ReminderLog(models.Model):
    """One reminder sent: to whom, for what amount and period, with its text."""

    institution = models.ForeignKey(
        MemberInstitution,
        on_delete=models.PROTECT,
        related_name="reminders",
        verbose_name=_("institution"),
    )
    period = models.DateField(_("period"), help_text=_("The first day of the month."))
    amount_usd = models.DecimalField(_("amount overdue (US$)"), **MONEY)
    recipient = models.EmailField(_("sent to"))
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    # A log is written once; history and a version like every row that holds money.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at", "-id"]
        constraints = [
            # Never twice for the same amount and period.
            models.UniqueConstraint(
                fields=["institution", "period", "amount_usd"], name="one_reminder_per_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.period:%Y-%m} {self.amount_usd}"


class WhatIfScenario(models.Model):
    """A named what-if kept on a draft: the input figures it changes and what they were.

    `changes` holds the changed inputs (budget.whatif.Changes as JSON); `seen` holds, for
    each changed figure, the saved value and row version when the scenario was made, so
    applying it is refused if someone has saved that figure since.
    """

    biennium = models.ForeignKey(
        Biennium, on_delete=models.CASCADE, related_name="scenarios", verbose_name=_("biennium")
    )
    name = models.CharField(_("name"), max_length=100)
    changes = models.JSONField(_("changed input figures"))
    seen = models.JSONField(_("figures as saved when the scenario was made"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("what-if scenario")
        verbose_name_plural = _("what-if scenarios")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["biennium", "name"], name="scenario_name_unique"),
            models.CheckConstraint(
                condition=Q(applied_at__isnull=True, applied_by__isnull=True)
                | Q(applied_at__isnull=False, applied_by__isnull=False),
                name="scenario_applied_by_whom_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.biennium}: {self.name}"
