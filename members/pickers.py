"""Searchable pickers of institutions and countries: only the chosen options are in the page.

A register of thousands of institutions cannot be a <select> of every row. These widgets
render only the options already chosen; static/js/pickers.js turns the <select> into a Tom
Select that asks a lookup endpoint (members.views) for the rest, a page at a time. The form
field keeps its queryset, so any submitted id is still validated against it. Without
JavaScript the chosen options stay selected and a link opens the register's search.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .models import Country, MemberInstitution


def institution_label(institution: MemberInstitution) -> str:
    """How a picker names an institution: acronym, country code and name (no extra query)."""
    return f"{institution.acronym} ({institution.country_id}) – {institution.name}"


def country_label(country: Country) -> str:
    return country.name


class LookupMixin:
    """A select that renders only its selected options and names its lookup endpoint."""

    def __init__(self, *, lookup: str, fallback: str = "", attrs: dict | None = None):
        super().__init__(attrs=attrs)
        self.lookup = lookup  # the URL name of the JSON endpoint
        self.fallback = fallback  # the URL name of a page to search without JavaScript

    def build_attrs(self, base_attrs, extra_attrs=None) -> dict:
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.update(
            {
                "data-lookup": reverse(self.lookup),
                "data-placeholder": str(_("Type to search…")),
                "data-no-results": str(_("Nothing matches.")),
                "data-loading": str(_("Searching…")),
            }
        )
        return attrs

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        html = super().render(name, value, attrs, renderer)
        if not self.fallback:
            return html
        # Without JavaScript only the chosen options are offered; the register finds others.
        return html + format_html(
            '<noscript><p class="form-text"><a href="{}" target="_blank" rel="noopener">{}</a></p></noscript>',
            reverse(self.fallback),
            _("Search the register of member institutions (opens in a new tab)"),
        )

    def _selected(self, value) -> list:
        """The submitted or stored values that are well formed; the field reports the rest."""
        field = self.choices.field
        key = field.to_field_name or "pk"
        options = field.queryset.model._meta
        model_field = options.pk if key == "pk" else options.get_field(key)
        wanted = []
        for item in value:
            if item in (None, ""):
                continue
            try:
                wanted.append(model_field.to_python(item))
            except ValidationError:
                continue
        if not wanted:
            return []
        return list(field.queryset.filter(**{f"{key}__in": wanted}))

    def optgroups(self, name, value, attrs=None) -> list:
        """The empty choice (if any) and the selected rows only: one query, whatever the size."""
        field = self.choices.field
        groups = []
        index = 0
        if not self.allow_multiple_selected and field.empty_label is not None:
            option = self.create_option(name, "", field.empty_label, not value, index, attrs=attrs)
            groups.append((None, [option], index))
            index += 1
        for row in self._selected(value):
            option = self.create_option(
                name,
                field.prepare_value(row),
                field.label_from_instance(row),
                True,
                index,
                attrs=attrs,
            )
            groups.append((None, [option], index))
            index += 1
        return groups


class LookupSelect(LookupMixin, forms.Select):
    pass


class LookupSelectMultiple(LookupMixin, forms.SelectMultiple):
    pass


def institution_picker(field: forms.ModelChoiceField) -> None:
    """Make a model choice field of institutions a searchable picker."""
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    field.widget = (LookupSelectMultiple if multiple else LookupSelect)(
        lookup="members:institution_lookup", fallback="members:institutions"
    )
    field.widget.choices = field.choices
    field.widget.is_required = field.required
    field.label_from_instance = institution_label


def country_picker(field: forms.ModelChoiceField) -> None:
    """Make a model choice field of countries a searchable picker."""
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    field.widget = (LookupSelectMultiple if multiple else LookupSelect)(
        lookup="members:country_lookup"
    )
    field.widget.choices = field.choices
    field.widget.is_required = field.required
    field.label_from_instance = country_label
