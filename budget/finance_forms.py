"""Forms of finance's workbench: rates of exchange, statements, reminders, the network's counts."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from cinterfor.forms import FilterBarForm
from members.forms import CurrencyField, DateInput

from . import calculations as calc
from .forms import ContributionForm


def _helper(*, tag: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = tag
    helper.disable_csrf = True  # the templates have their own token
    return helper


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (or any day of it), kept as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def __init__(self, **kwargs):
        super().__init__(input_formats=["%Y-%m", "%Y-%m-%d"], **kwargs)

    def clean(self, value):
        day = super().clean(value)
        return calc.month_of(day) if day else day


class RateForm(forms.Form):
    currency = CurrencyField(label=_("Currency"), initial="")
    month = MonthField(label=_("Month"), help_text=_("YYYY-MM"))
    units_per_usd = forms.DecimalField(
        label=_("Units per US$"),
        max_digits=18,
        decimal_places=6,
        min_value=0,
        help_text=_("The UN operational rate of exchange of that month."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            Row(
                Column("currency", css_class="col-md-3"),
                Column("month", css_class="col-md-4"),
                Column("units_per_usd", css_class="col-md-5"),
            )
        )

    def clean_currency(self):
        currency = self.cleaned_data["currency"].upper()
        if currency == calc.USD:
            raise forms.ValidationError(_("US$ needs no rate."))
        return currency

    def clean_units_per_usd(self):
        value = self.cleaned_data["units_per_usd"]
        if value <= 0:
            raise forms.ValidationError(_("A rate of exchange is above zero."))
        return value


class RateFilterForm(FilterBarForm):
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3)

    columns = {"currency": "col-md-3"}


class RatedContributionForm(ContributionForm):
    """The contribution form, which lets a payment in another currency leave its US$ value
    blank: the service reads the rate of its month once, converts at it and stores which it
    used, or refuses beside the field when no rate of that month was entered."""

    def clean(self):
        cleaned = super().clean()
        currency = cleaned.get("currency")
        typed = self.data.get(self.add_prefix("amount_usd"), "").strip()
        if currency and currency != calc.USD and not typed:
            self.errors.pop("amount_usd", None)
            cleaned["amount_usd"] = None
        return cleaned


class StatementForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), widget=DateInput)
    only_owing = forms.BooleanField(
        label=_("Only institutions with overdue amounts"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ReminderSettingsForm(forms.Form):
    enabled = forms.BooleanField(label=_("Send reminders"), required=False)
    day_of_month = forms.IntegerField(
        label=_("Day of the month"), min_value=1, max_value=28, help_text=_("From 1 to 28.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ContactForm(forms.Form):
    contact_name = forms.CharField(label=_("Contact name"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class RegisterCompleteForm(forms.Form):
    complete = forms.BooleanField(
        label=_("The member register is complete: take the network's counts from it"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
