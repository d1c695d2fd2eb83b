from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import STATUS_LABELS
from .sources import KIND_LABELS


class TextFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *STATUS_LABELS.items()],
    )
    kind = forms.ChoiceField(
        label=_("Kind of text"),
        required=False,
        choices=[("", _("Any kind")), *KIND_LABELS.items()],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class TranslationForm(forms.Form):
    text = forms.CharField(label=_("Translation"), widget=forms.Textarea(attrs={"rows": 8}))
    # What the editor saw: the service refuses the save if either moved on meanwhile.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    source_digest = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["lang"] = language


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Translated file"),
        help_text=_("An XLIFF 1.2 file exported here (or its JSON form), translated."),
    )
