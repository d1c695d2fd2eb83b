from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cinterfor.forms import ModelChoiceField
from programme.models import Biennium

from .models import ExportJob


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=ExportJob.Format.choices,
        initial=ExportJob.Format.DOCX,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language of the document"), initial="en")
    compare_to = ModelChoiceField(
        label=_("Compare to (Word only)"),
        queryset=Biennium.objects.none(),
        required=False,
        empty_label=_("No comparison"),
        help_text=_(
            "A Word document with tracked changes against the chosen biennium's, to accept or "
            "reject in Word."
        ),
    )

    def __init__(self, *args, biennium: Biennium | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES
        others = Biennium.objects.order_by("-start_year")
        if biennium is not None:
            others = others.exclude(pk=biennium.pk)
        self.fields["compare_to"].queryset = others

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("compare_to") and cleaned.get("format") != ExportJob.Format.DOCX:
            self.add_error("compare_to", _("Tracked changes are for the Word document only."))
        return cleaned


class CompareForm(forms.Form):
    """Which two states of a proposal to put side by side (a GET form)."""

    old = forms.ChoiceField(label=_("Compare"))
    new = forms.ChoiceField(label=_("with"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        options = [(c.value, c.label) for c in choices]
        self.fields["old"].choices = options
        self.fields["new"].choices = options
