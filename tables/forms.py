from django import forms
from django.utils.translation import gettext_lazy as _

from .checks import RowStatus

# A workbook of 50,000 rows is a few megabytes; more is not a month of contributions.
MAX_BYTES = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook or CSV file"),
        help_text=_("The template's columns, in an Excel workbook (.xlsx) or a CSV file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class RowFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"), choices=[("", _("Every row")), *RowStatus.choices], required=False
    )

    def status_wanted(self) -> str:
        return self.cleaned_data.get("status", "") if self.is_valid() else ""
