"""Text held once per language, as IATI keeps one narrative per language.

A narrative is stored as a JSON object {"en": "..."} keyed by the codes of settings.LANGUAGES.
The forms write only the language a proposal is drafted in (its biennium's source language);
the other languages are translations, kept with their status in the translations app.
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
    """The text in `language` (the active one by default), else in English, else the text the
    narrative holds (a proposal drafted in another language holds that one only)."""
    narrative = narrative or {}
    language = (language or get_language() or SOURCE_LANGUAGE).split("-")[0]
    return (
        narrative.get(language)
        or narrative.get(SOURCE_LANGUAGE)
        or next((text for text in narrative.values() if text), "")
    )


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


# The attributes that lead from a row holding a narrative up to the biennium that holds it.
_TOWARDS_BIENNIUM = ("biennium", "section", "line_of_action", "paragraph", "budget")


def source_language_of(instance: object) -> str:
    """The language `instance`'s narrative is drafted in: that of the biennium above it.

    Found by walking up its parents (a footnote's paragraph's line's biennium), so this module
    imports no app; English where no biennium is known.
    """
    for _step in range(4):
        if instance is None:
            break
        language = getattr(instance, "source_language", None)
        if isinstance(language, str) and language:
            return language
        instance = next(
            (
                getattr(instance, name)
                for name in _TOWARDS_BIENNIUM
                if getattr(instance, f"{name}_id", None) is not None
            ),
            None,
        )
    return SOURCE_LANGUAGE


def validate_narrative(
    value: object, *, required: bool = True, language: str = SOURCE_LANGUAGE
) -> None:
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
    if required and not str(value.get(language, "")).strip():
        raise ValidationError(
            _("The %(language)s text is required."), params={"language": language_name(language)}
        )


class NarrativeWidget(forms.MultiWidget):
    """One textarea per language given (the source language only, as the forms use it),
    labelled with the language's name; posted as `<name>_<code>`."""

    template_name = "widgets/narrative.html"

    def __init__(self, rows: int = 4, attrs=None, *, languages: list[str] | None = None):
        codes = languages or [SOURCE_LANGUAGE]
        self.languages = [(code, language_name(code)) for code in codes]
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
    """The text of a narrative in its source language only: it cleans to {language: text}, so a
    save keeps no other language (translations live in the translations app)."""

    def __init__(
        self, *, required: bool = True, rows: int = 4, language: str = SOURCE_LANGUAGE, **kwargs
    ):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.pop("max_length", None)
        self.rows = rows
        super().__init__(
            fields=[forms.CharField(required=False, strip=True)],
            widget=NarrativeWidget(rows=rows, languages=[language]),
            require_all_fields=False,
            required=required,
            **kwargs,
        )
        self.codes = [language]

    @property
    def language(self) -> str:
        return self.codes[0]

    def use_language(self, language: str) -> None:
        """Write `language` (the biennium's source language) instead of the default one."""
        if language == self.language:
            return
        self.codes = [language]
        attrs = self.widget.attrs
        self.widget = NarrativeWidget(rows=self.rows, attrs=attrs, languages=[language])
        self.widget.is_required = self.required

    def compress(self, data_list):
        text = (data_list or [""])[0]
        return {self.language: text} if text else {}

    def validate(self, value):
        if self.required:
            validate_narrative(value, required=True, language=self.language)


class NarrativeField(models.JSONField):
    """A model field holding a text keyed by language; the biennium's source language is
    required (English where no biennium is known)."""

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
        validate_narrative(
            value, required=self.text_required, language=source_language_of(model_instance)
        )

    def formfield(self, **kwargs):
        kwargs.pop("form_class", None)
        kwargs.pop("widget", None)
        kwargs.setdefault("label", capfirst(self.verbose_name))
        kwargs.setdefault("help_text", self.help_text)
        kwargs.setdefault("required", self.text_required)
        return NarrativeFormField(rows=self.rows, **kwargs)
