"""The review's forms: a note, a reply, and a reason for each open finding."""

import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from budget.reconciliation import Finding


class NoteForm(forms.Form):
    line = forms.ChoiceField(label=_("Which line of the appendices"), required=False)
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )

    def __init__(self, *args, appendix_lines: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if appendix_lines:
            self.fields["line"].choices = appendix_lines
            self.fields["line"].required = True
        else:
            del self.fields["line"]


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Your reply (it resolves the note)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the proposal go back to draft?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


def _field_name(finding: Finding) -> str:
    # A finding's key may hold any character; a field name is safest as a short digest.
    return "reason_" + hashlib.sha256(finding.key.encode()).hexdigest()[:16]


class FindingReasonsForm(forms.Form):
    """One reason field for each open finding; the submit service decides whether all are
    given, so the form requires none."""

    def __init__(self, *args, findings: list[Finding], **kwargs):
        super().__init__(*args, **kwargs)
        self.findings = findings
        for finding in findings:
            self.fields[_field_name(finding)] = forms.CharField(
                label=_("Why it stands"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Finding, forms.BoundField]]:
        return [(finding, self[_field_name(finding)]) for finding in self.findings]

    def reasons(self) -> dict[str, str]:
        return {f.key: self.cleaned_data.get(_field_name(f), "") for f in self.findings}
