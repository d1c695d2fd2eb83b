"""The programme staff's forms: activities, paragraph and footnote texts, list filters.

Each form names its fields, so a posted field it does not offer changes nothing; a hidden
`version` carries what the editor saw, for the service's optimistic save.
"""

import json

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cinterfor.forms import ModelChoiceField, narrative_tabs
from cinterfor.narrative import NarrativeFormField, narrative_text, source_language_of
from members.models import Country, MemberInstitution
from members.pickers import country_picker, institution_picker

from . import services
from .editor_figures import FigureChip, figure_chips, picker_choices
from .markup import (
    ANY_PLACEHOLDER,
    bound_token,
    placeholders_in,
    stated_token,
    unknown_chips,
    with_chips,
    without_chips,
)
from .markup import (
    chip as chip_mark,
)
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
        narrative_tabs(self, language=source_language_of(line))
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
    """A paragraph's texts with each figure shown as a chip ⟦n⟧, never as placeholder syntax.

    Each chip has a row of controls (keep it, take the computed value, write another, remove
    it) and a picker inserts a new one; `clean` turns the chips back into placeholders and says
    which changed on purpose, so the service accepts those changes and no other.
    """

    INSERT = "insert_figure"  # the name of the picker's button

    text = NarrativeFormField(label=_("Text"), rows=8)
    placeholders = forms.CharField(widget=forms.HiddenInput, required=False)
    insert_key = forms.ChoiceField(
        label=_("Figure to insert"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    field_order = ["text", "version", "placeholders"]

    def __init__(self, data=None, *args, paragraph: Paragraph, figures=None, **kwargs):
        self.paragraph = paragraph
        self.figures = figures or {}
        self.language = source_language_of(paragraph)
        self.stored = placeholders_in(paragraph.text, self.language)
        self.inserted_at: tuple[str, int] | None = None
        if data is not None and self.INSERT in data:
            # The picker's button: the same form again, one chip more, nothing saved yet.
            kwargs["initial"] = self._after_insert(data)
            data = None
        elif data is not None:
            self.tokens = _posted_placeholders(data)
        else:
            self.tokens = list(self.stored)
            kwargs.setdefault(
                "initial",
                {
                    "text": with_chips(paragraph.text, self.tokens),
                    "version": paragraph.version,
                    "placeholders": json.dumps(self.tokens),
                },
            )
        super().__init__(data, *args, **kwargs)
        language = (get_language() or self.language).split("-")[0]
        self.chips = figure_chips(self.tokens, self.figures, language)
        for chip in self.chips:
            self.fields[f"figure_{chip.number}"] = forms.ChoiceField(
                label=_("What to do with figure %(number)s, %(label)s")
                % {"number": chip.number, "label": chip.label},
                choices=_chip_actions(chip),
                initial="keep",
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.fields[f"figure_{chip.number}_value"] = forms.CharField(
                label=_("Value to write for figure %(number)s") % {"number": chip.number},
                required=False,
                max_length=40,
            )
        self.fields["insert_key"].choices = [
            ("", _("Choose a figure…")),
            *picker_choices(self.figures, language),
        ]
        self.fields["text"].help_text = _(
            "Each figure appears as a numbered chip such as ⟦1⟧, listed under the text with its "
            "current value: keep every chip, moving it with cut and paste if needed, and change "
            "a figure with the controls of its row. A footnote is marked with [^key], using the "
            "key of one of this paragraph's footnotes; a line starting with “- ” is a bullet."
        )
        self.helper = _helper()
        self.helper.layout = Layout("text", "version", "placeholders")
        narrative_tabs(self, language=self.language)

    @property
    def chip_rows(self) -> list[tuple]:
        """Each chip with its bound controls, for the template's table."""
        return [
            (chip, self[f"figure_{chip.number}"], self[f"figure_{chip.number}_value"])
            for chip in self.chips
        ]

    def _after_insert(self, data) -> dict:
        language = self.language
        # Line ends as a browser counts them (one character), so the cursor's offset fits.
        texts = {language: (data.get(f"text_{language}") or "").replace("\r\n", "\n")}
        self.tokens = _posted_placeholders(data)
        self.insert_problem = ""
        key = data.get("insert_key", "")
        if key in self.figures:
            self.tokens.append(bound_token(key))
            text = texts[language]
            at = data.get("insert_at", "")
            at = int(at) if at.isdigit() and int(at) <= len(text) else len(text)
            token = chip_mark(len(self.tokens))
            if at == len(text) and text and not text[-1].isspace():
                token = f" {token}"
            texts[language] = text[:at] + token + text[at:]
            self.inserted_at = (language, at + len(token))
        else:
            self.insert_problem = _("Choose the figure to insert from the list.")
        initial = {name: data.get(name, "") for name in data if name.startswith("figure_")}
        return {
            **initial,
            "text": texts,
            "version": data.get("version"),
            "placeholders": json.dumps(self.tokens),
        }

    def _chosen(self, chip: FigureChip) -> str | None:
        """The placeholder a chip becomes, as its controls say (None: removed)."""
        action = self.cleaned_data.get(f"figure_{chip.number}") or "keep"
        if action == "remove":
            return None
        if action == "computed" and chip.computed_as_written:
            return stated_token(chip.key, chip.computed_as_written)
        if action == "other":
            value = (self.cleaned_data.get(f"figure_{chip.number}_value") or "").strip()
            if not value or any(c in value for c in "[]|"):
                self.add_error(
                    f"figure_{chip.number}_value",
                    _("Write the value figure %(number)s should state (no brackets or bars).")
                    % {"number": chip.number},
                )
                return chip.token
            return stated_token(chip.key, value)
        return chip.token

    def clean(self):
        cleaned = super().clean()
        texts = cleaned.get("text")
        if texts is None:
            return cleaned
        if any(not ANY_PLACEHOLDER.fullmatch(token) for token in self.tokens):
            raise ValidationError(_("The page was out of date; reload it and try again."))
        chosen = [self._chosen(chip) for chip in self.chips]
        problems = []
        names = dict(settings.LANGUAGES)
        for code, text in texts.items():
            if unknown := unknown_chips(text, len(self.chips)):
                problems.append(
                    _("The %(language)s text names figures the editor does not have: %(chips)s.")
                    % {"language": names.get(code, code), "chips": ", ".join(unknown)}
                )
            stored_here = set(ANY_PLACEHOLDER.findall(self.paragraph.text.get(code, "")))
            for item, becomes in zip(self.chips, chosen, strict=True):
                if becomes and item.token in stored_here and chip_mark(item.number) not in text:
                    problems.append(
                        _(
                            "The %(language)s text must keep figure %(chip)s (%(label)s); to "
                            "take it out, choose “Remove the figure” in its row."
                        )
                        % {
                            "language": names.get(code, code),
                            "chip": chip_mark(item.number),
                            "label": item.label,
                        }
                    )
        stored = set(self.stored)
        edit = services.PlaceholderEdit(
            replaced={
                c.token: new
                for c, new in zip(self.chips, chosen, strict=True)
                if new and new != c.token and c.token in stored
            },
            removed=frozenset(
                c.token for c, new in zip(self.chips, chosen, strict=True) if new is None
            ),
            added=frozenset(
                new
                for c, new in zip(self.chips, chosen, strict=True)
                if new and c.token not in stored
            ),
        )
        text = without_chips(texts, chosen)
        if not problems:
            keys = [footnote.key for footnote in self.paragraph.footnotes.all()]
            problems = services.paragraph_text_problems(
                old=self.paragraph.text, new=text, footnote_keys=keys, placeholder_edit=edit
            )
        if problems:
            self.add_error("text", problems)
            return cleaned
        cleaned["text"], cleaned["placeholder_edit"] = text, edit
        return cleaned


def _posted_placeholders(data) -> list[str]:
    """The chips' placeholders as the page was given them (none from a page without chips)."""
    try:
        tokens = json.loads(data.get("placeholders") or "[]")
    except ValueError:
        return []
    if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
        return []
    return tokens[:200]


def _chip_actions(chip: FigureChip) -> list[tuple[str, str]]:
    remove = ("remove", _("Remove the figure"))
    if chip.is_stated:
        return [
            ("keep", _("Keep %(written)s as written") % {"written": chip.written}),
            (
                "computed",
                _("Take the computed value, %(value)s") % {"value": chip.computed_as_written},
            ),
            ("other", _("Write another value")),
            remove,
        ]
    return [("keep", _("Keep it, filled from the data")), remove]


class FootnoteForm(VersionedForm):
    text = NarrativeFormField(label=_("Text"), rows=3)

    field_order = ["text", "version"]

    def __init__(self, *args, footnote, **kwargs):
        kwargs.setdefault("initial", {"text": footnote.text, "version": footnote.version})
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        narrative_tabs(self, language=source_language_of(footnote))


class LineChoiceField(ModelChoiceField):
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
    country = ModelChoiceField(
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
        narrative_tabs(self, language=source_language_of(line))


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
        narrative_tabs(self, language=source_language_of(section))


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

    def __init__(self, *args, paragraph: Paragraph | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        narrative_tabs(self, language=source_language_of(paragraph))
