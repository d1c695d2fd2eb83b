"""Forms of the member register, and the money and currency fields every finance form uses.

Amounts are parsed from the text typed, straight into Decimal (never through float), with one
clear message per problem beside the field.
"""

import re
from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cinterfor.forms import FilterBarForm, ModelChoiceField

from .models import ContributionAgreement, Country, MemberInstitution
from .selectors import ORDERINGS

CENT = Decimal("0.01")
# Amounts of a million millions and more are typing mistakes in a budget of a few millions.
MONEY_LIMIT = Decimal(10) ** 12
AMOUNT = re.compile(r"^-?\d+(?:\.\d+)?$")
# Spaces (also the no-break spaces the document prints) may group digits: 2 462 895.
GROUPING_SPACES = str.maketrans("", "", " \u00a0\u202f")


class MoneyField(forms.DecimalField):
    """An amount in figures with at most two decimals, below 10^12; not negative by default."""

    default_error_messages = {
        "invalid": _("Enter an amount in figures, such as 2462895 or 2462895.50."),
        "decimals": _("Enter at most two decimals (cents)."),
        "too_large": _("Enter an amount below 1,000,000,000,000."),
        "negative": _("The amount cannot be negative."),
        "not_positive": _("Enter an amount above zero."),
    }

    def __init__(self, *, allow_negative: bool = False, positive: bool = False, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(max_digits=14, decimal_places=2, **kwargs)
        # validate() gives one message per problem instead of the validators' overlapping ones.
        self.validators = []
        self.allow_negative = allow_negative
        self.positive = positive

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value).strip().translate(GROUPING_SPACES)
        if not AMOUNT.match(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return Decimal(text)
        except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value != value.quantize(CENT):
            raise ValidationError(self.error_messages["decimals"], code="decimals")
        if abs(value) >= MONEY_LIMIT:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        if value < 0 and not self.allow_negative:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if value <= 0 and self.positive:
            raise ValidationError(self.error_messages["not_positive"], code="not_positive")

    def clean(self, value):
        value = super().clean(value)
        return None if value is None else value.quantize(CENT)

    def prepare_value(self, value):
        # Whole amounts show as the document prints them, without ".00".
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return str(value.quantize(Decimal(1)))
        return value


class CurrencyField(forms.CharField):
    """An ISO 4217 code; typed in any case, kept in capitals."""

    default_error_messages = {
        "invalid": _("Enter a three-letter ISO 4217 code, such as USD or UYU."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("initial", "USD")
        kwargs.setdefault("help_text", _("ISO 4217 code, e.g. USD, UYU."))
        super().__init__(max_length=3, min_length=3, **kwargs)
        self.widget.attrs.update({"autocomplete": "off", "class": "text-uppercase"})

    def to_python(self, value):
        return super().to_python(value).upper()

    def validate(self, value):
        super().validate(value)
        if value and not re.fullmatch(r"[A-Z]{3}", value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the version of the row it was read from (optimistic saves)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    @property
    def seen_version(self) -> int:
        version = self.cleaned_data.get("version")
        return self.instance.version if version is None else version

    def values(self) -> dict:
        """The cleaned model fields, for a service."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class InstitutionForm(VersionedModelForm):
    member_since = forms.IntegerField(
        label=_("Member since (year)"),
        required=False,
        min_value=1963,
        max_value=2200,
        help_text=_("CINTERFOR was founded in 1963. Leave blank if not known."),
        error_messages={"min_value": _("CINTERFOR was founded in 1963; enter 1963 or later.")},
    )

    class Meta:
        model = MemberInstitution
        fields = ["name", "acronym", "country", "kind", "member_since", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has its own token
        self.helper.layout = Layout(
            "version",
            "name",
            Row(Column("acronym", css_class="col-md-4"), Column("country", css_class="col-md-8")),
            Row(Column("kind", css_class="col-md-8"), Column("member_since", css_class="col-md-4")),
            "active",
        )


class AgreementForm(VersionedModelForm):
    annual_amount = MoneyField(label=_("Annual amount"))
    currency = CurrencyField(label=_("Currency"))

    class Meta:
        model = ContributionAgreement
        fields = ["signed_on", "starts_on", "ends_on", "annual_amount", "currency"]
        widgets = {"signed_on": DateInput, "starts_on": DateInput, "ends_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has its own token
        self.helper.layout = Layout(
            "version",
            "signed_on",
            Row(Column("starts_on", css_class="col-md-6"), Column("ends_on", css_class="col-md-6")),
            Row(
                Column("annual_amount", css_class="col-md-8"),
                Column("currency", css_class="col-md-4"),
            ),
        )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return cleaned


class DeleteForm(forms.Form):
    """A delete confirmation that carries the version the person saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class InstitutionFilterForm(FilterBarForm):
    """The search, filters and sorting of the institution list (GET)."""

    class Agreement(models.TextChoices):
        IN_FORCE = "in_force", _("An agreement in force today")
        NONE = "none", _("No agreement in force today")

    q = forms.CharField(label=_("Search"), required=False, help_text=_("Name or acronym."))
    country = ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("name"), required=False
    )
    agreement = forms.ChoiceField(
        label=_("Agreement"),
        choices=[("", _("Any")), *Agreement.choices],
        required=False,
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    columns = {"q": "col-md-4", "country": "col-md-3", "agreement": "col-md-3"}

    def clean_sort(self) -> str:
        sort = self.cleaned_data["sort"]
        return sort if sort.lstrip("-") in ORDERINGS else "acronym"

    def filters(self) -> dict:
        """What the selector needs; an invalid filter (an unknown country) filters nothing."""
        if not self.is_valid():
            return {"search": "", "country": None, "agreement": "", "sort": "acronym"}
        data = self.cleaned_data
        return {
            "search": data["q"].strip(),
            "country": data["country"],
            "agreement": data["agreement"],
            "sort": data["sort"] or "acronym",
        }
