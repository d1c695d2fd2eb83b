"""Text held once per language, as IATI keeps one narrative per language.

A narrative is stored as a JSON object {"en": "...", "es": "..."} keyed by the codes of
settings.LANGUAGES, so adding a language changes neither the models nor the exchange format.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "en"


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def narrative_text(narrative: dict | None, language: str | None = None) -> str:
    """The text in `language` (the active one by default), else in the source language."""
    narrative = narrative or {}
    language = (language or get_language() or SOURCE_LANGUAGE).split("-")[0]
    return narrative.get(language) or narrative.get(SOURCE_LANGUAGE, "")


def validate_narrative(value: object, *, required: bool = True) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("A narrative must map language codes to text."))
    unknown = sorted(set(value) - set(language_codes()))
    if unknown:
        raise ValidationError(
            _("Unknown language code(s): %(codes)s."), params={"codes": ", ".join(unknown)}
        )
    for code, text in value.items():
        if not isinstance(text, str):
            raise ValidationError(_("The %(code)s text must be a string."), params={"code": code})
    if required and not str(value.get(SOURCE_LANGUAGE, "")).strip():
        raise ValidationError(_("The English text is required."))


class NarrativeWidget(forms.MultiWidget):
    """One textarea per language, labelled with the language's name."""

    template_name = "widgets/narrative.html"

    def __init__(self, rows: int = 4, attrs=None):
        self.languages = list(settings.LANGUAGES)
        widgets = {
            code: forms.Textarea(attrs={"rows": rows, "lang": code}) for code, _n in self.languages
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        value = value or {}
        return [value.get(code, "") for code, _name in self.languages]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, (_code, language_name) in zip(
            context["widget"]["subwidgets"], self.languages, strict=True
        ):
            subwidget["language_name"] = language_name
        return context


class NarrativeFormField(forms.MultiValueField):
    def __init__(self, *, required: bool = True, rows: int = 4, **kwargs):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.pop("max_length", None)
        codes = language_codes()
        fields = [forms.CharField(required=False, strip=True) for _code in codes]
        super().__init__(
            fields=fields,
            widget=NarrativeWidget(rows=rows),
            require_all_fields=False,
            required=required,
            **kwargs,
        )
        self.codes = codes

    def compress(self, data_list):
        data_list = data_list or [""] * len(self.codes)
        return {code: text for code, text in zip(self.codes, data_list, strict=True) if text}

    def validate(self, value):
        if self.required:
            validate_narrative(value, required=True)


class NarrativeField(models.JSONField):
    """A model field holding one text per language; English is the source and is required."""

    description = _("Text in each of the site's languages")

    def __init__(self, *args, required: bool = True, rows: int = 4, **kwargs):
        self.text_required = required
        self.rows = rows
        kwargs.setdefault("default", dict)
        if not required:
            kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if not self.text_required:
            kwargs["required"] = False
        if self.rows != 4:
            kwargs["rows"] = self.rows
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        validate_narrative(value, required=self.text_required)

    def formfield(self, **kwargs):
        kwargs.pop("form_class", None)
        kwargs.pop("widget", None)
        kwargs.setdefault("label", capfirst(self.verbose_name))
        kwargs.setdefault("help_text", self.help_text)
        kwargs.setdefault("required", self.text_required)
        return NarrativeFormField(rows=self.rows, **kwargs)
