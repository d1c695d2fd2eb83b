"""Countries, the member institutions of the CINTERFOR network, and their contribution agreements."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Country(models.Model):
    code = models.CharField(
        _("ISO 3166 code"), max_length=2, primary_key=True, help_text=_("Two capital letters.")
    )
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_is_two_capitals"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MemberInstitution(models.Model):
    class Kind(models.TextChoices):
        TRAINING_INSTITUTION = "training_institution", _("Vocational training institution")
        LEARNING_SERVICE = "learning_service", _("National learning service")
        EMPLOYMENT_INSTITUTE = "employment_institute", _("Employment and training institute")
        CERTIFICATION_BODY = "certification_body", _("Skills certification body")
        MINISTRY = "ministry", _("Ministry or public agency")
        OTHER = "other", _("Other organization")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="institutions", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    member_since = models.PositiveSmallIntegerField(
        _("member since (year)"), null=True, blank=True, help_text=_("Leave blank if not known.")
    )
    active = models.BooleanField(_("active"), default=True)
    # Whom finance writes to about the institution's contributions (statements, reminders).
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Statements and reminders are sent here.")
    )

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member institution")
        verbose_name_plural = _("member institutions")
        ordering = ["acronym"]
        constraints = [
            models.UniqueConstraint(fields=["acronym", "country"], name="one_acronym_per_country"),
            models.CheckConstraint(
                condition=Q(member_since__isnull=True) | Q(member_since__gte=1963),
                name="member_since_not_before_cinterfor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.acronym} ({self.country_id})"


class ContributionAgreement(models.Model):
    """An institution's signed commitment to pay a yearly contribution (paragraph 26)."""

    institution = models.ForeignKey(
        MemberInstitution,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("institution"),
    )
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("period starts"))
    ends_on = models.DateField(_("period ends"))
    annual_amount = models.DecimalField(_("annual amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, default="USD", help_text=_("ISO 4217 code, e.g. USD, UYU.")
    )

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution agreement")
        verbose_name_plural = _("contribution agreements")
        ordering = ["-signed_on", "institution__acronym"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_amount__gte=0), name="agreement_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="agreement_period_in_order"
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="agreement_currency_is_iso"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution.acronym}: {self.starts_on:%Y}–{self.ends_on:%Y}"
