"""The programme staff's forms: activities, paragraph and footnote texts, list filters.

Each form names its fields, so a posted field it does not offer changes nothing; a hidden
`version` carries what the editor saw, for the service's optimistic save.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cinterfor.forms import narrative_tabs
from cinterfor.narrative import NarrativeFormField, narrative_text
from members.models import Country, MemberInstitution
from members.pickers import country_picker, institution_picker

from . import services
from .models import Activity, Biennium, LineOfAction, Paragraph
from .selectors import ACTIVITY_ORDERS


def _helper() -> FormHelper:
    """Fields only: the template writes the <form> tag, the CSRF token and the buttons."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ActivityForm(forms.ModelForm):
    # Not a model field of the form: the service checks it against the row when saving.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "kind",
            "status",
            "starts_on",
            "ends_on",
            "countries",
            "partner_institutions",
            "other_partners",
            "source_paragraph",
        ]
        # Narrative labels are given here so that they stay lazy (translated per request).
        labels = {"title": _("Title"), "description": _("Description")}
        widgets = {
            "starts_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "ends_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(
        self, *args, line: LineOfAction, paragraph_numbers: dict[int, int | None], **kwargs
    ):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        # Searchable pickers: the page holds the chosen rows only, not the whole register.
        self.fields["countries"].queryset = Country.objects.order_by("name")
        country_picker(self.fields["countries"])
        self.fields["partner_institutions"].queryset = MemberInstitution.objects.order_by(
            "acronym", "country"
        )
        institution_picker(self.fields["partner_institutions"])
        source = self.fields["source_paragraph"]
        source.queryset = line.paragraphs.order_by("position")
        source.empty_label = _("None")
        source.label_from_instance = lambda paragraph: (
            _("Paragraph %(number)s: %(start)s")
            % {
                "number": paragraph_numbers.get(paragraph.pk) or "–",
                "start": Truncator(narrative_text(paragraph.text)).chars(80),
            }
        )
        self.helper = _helper()
        narrative_tabs(self)  # English and Spanish in tabs, not stacked
        # Short fields side by side (one column on a phone), so the form fits a laptop screen.
        self.helper.layout = Layout(
            *(["version"] if "version" in self.fields else []),
            "title",
            "description",
            Row(Column("kind", css_class="col-md-6"), Column("status", css_class="col-md-6")),
            Row(Column("starts_on", css_class="col-md-6"), Column("ends_on", css_class="col-md-6")),
            "countries",
            "partner_institutions",
            "other_partners",
            "source_paragraph",
        )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on", _("The activity cannot end before it starts; check both dates.")
            )
        return cleaned

    def changes(self) -> dict:
        """The offered fields as the service takes them."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ParagraphForm(VersionedForm):
    text = NarrativeFormField(label=_("Text"), rows=8)

    field_order = ["text", "version"]

    def __init__(self, *args, paragraph: Paragraph, **kwargs):
        kwargs.setdefault("initial", {"text": paragraph.text, "version": paragraph.version})
        super().__init__(*args, **kwargs)
        self.paragraph = paragraph
        self.fields["text"].help_text = _(
            "Keep every placeholder shown above exactly as it is; a translation uses the same "
            "placeholders as the English text. A footnote is marked with [^key], using the key "
            "of one of this paragraph's footnotes; a line starting with “- ” is a bullet."
        )
        self.helper = _helper()
        narrative_tabs(self)  # English and Spanish in tabs, not stacked

    def clean_text(self) -> dict:
        text = self.cleaned_data["text"]
        keys = [footnote.key for footnote in self.paragraph.footnotes.all()]
        problems = services.paragraph_text_problems(
            old=self.paragraph.text, new=text, footnote_keys=keys
        )
        if problems:
            raise ValidationError(problems)
        return text


class FootnoteForm(VersionedForm):
    text = NarrativeFormField(label=_("Text"), rows=3)

    field_order = ["text", "version"]

    def __init__(self, *args, footnote, **kwargs):
        kwargs.setdefault("initial", {"text": footnote.text, "version": footnote.version})
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        narrative_tabs(self)  # English and Spanish in tabs, not stacked


class LineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, line: LineOfAction) -> str:
        return f"({line.letter}) {Truncator(narrative_text(line.heading)).chars(60)}"


class ActivityFilterForm(forms.Form):
    """What a line of action's activity list can be narrowed to (read from the query string)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *Activity.Status.choices]
        self.fields["kind"].choices = [("", _("Any kind")), *Activity.Kind.choices]

    def filters(self) -> dict:
        """The valid filters only: a bad value in the address is ignored, not an error page."""
        self.is_valid()
        return {
            "search": self.cleaned_data.get("q") or "",
            "status": self.cleaned_data.get("status") or "",
            "kind": self.cleaned_data.get("kind") or "",
        }

    @property
    def is_narrowed(self) -> bool:
        return any(self.filters().values())


class ActivityListFilterForm(ActivityFilterForm):
    """The biennium's list of all activities also narrows by line and country, and sorts."""

    line = LineChoiceField(
        label=_("Line of action"),
        queryset=LineOfAction.objects.none(),
        required=False,
        to_field_name="letter",
        empty_label=_("Any line"),
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.order_by("name"),
        required=False,
        empty_label=_("Any country"),
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, biennium: Biennium, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = biennium.lines.order_by("letter")
        self.fields["sort"].choices = [(key, label) for key, (label, _o) in ACTIVITY_ORDERS.items()]

    def filters(self) -> dict:
        filters = super().filters()
        filters["line"] = self.cleaned_data.get("line")
        filters["country"] = self.cleaned_data.get("country")
        return filters

    @property
    def order(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("sort") or "line"


class HeadingForm(VersionedForm):
    text = NarrativeFormField(label=_("Heading"), rows=2)

    field_order = ["text", "version"]

    def __init__(self, *args, line, **kwargs):
        kwargs.setdefault("initial", {"text": line.heading, "version": line.version})
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        narrative_tabs(self)  # English and Spanish in tabs, not stacked


class SectionTitleForm(VersionedForm):
    title = NarrativeFormField(label=_("Title"), rows=1)
    subtitle = NarrativeFormField(label=_("Subtitle"), rows=2, required=False)

    field_order = ["title", "subtitle", "version"]

    def __init__(self, *args, section, **kwargs):
        kwargs.setdefault(
            "initial",
            {"title": section.title, "subtitle": section.subtitle, "version": section.version},
        )
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        narrative_tabs(self)  # English and Spanish in tabs, not stacked


class FootnoteCreateForm(forms.Form):
    key = forms.RegexField(
        label=_("Key"),
        regex=r"^[-a-z0-9_]+$",
        max_length=40,
        help_text=_(
            "A short name of lower-case letters, digits and hyphens; the paragraph marks the "
            "footnote with [^key]."
        ),
        error_messages={"invalid": _("Use lower-case letters, digits, hyphens and underscores.")},
    )
    text = NarrativeFormField(label=_("Text"), rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        narrative_tabs(self)  # English and Spanish in tabs, not stacked
