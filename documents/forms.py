from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import ExportJob


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=ExportJob.Format.choices,
        initial=ExportJob.Format.DOCX,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language of the document"), initial="en")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES


class CompareForm(forms.Form):
    """Which two states of a proposal to put side by side (a GET form)."""

    old = forms.ChoiceField(label=_("Compare"))
    new = forms.ChoiceField(label=_("with"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        options = [(c.value, c.label) for c in choices]
        self.fields["old"].choices = options
        self.fields["new"].choices = options
