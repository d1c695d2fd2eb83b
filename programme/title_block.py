"""The title block of the Governing Body document: session, symbol, segment, title, date and
purpose. Managers keep it, since it frames the document they submit and export."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cinterfor.concurrency import save_if_unchanged
from cinterfor.forms import narrative_tabs
from cinterfor.narrative import NarrativeFormField
from cinterfor.roles import MANAGERS, require_role

from .models import Biennium
from .services import lock_for_edit

FIELDS = [
    "governing_body_session",
    "document_symbol",
    "segment",
    "title",
    "document_date",
    "purpose",
]


def title_block_update(
    *, biennium: Biennium, by: AbstractBaseUser, seen_version: int, **values
) -> Biennium:
    """Change the title block of a draft proposal; a manager's edit, checked for a concurrent one."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"not fields of the title block: {sorted(unknown)}")
    with transaction.atomic():
        require_role(by, MANAGERS)
        locked = lock_for_edit(biennium)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked._history_user = by
        save_if_unchanged(locked, seen_version=seen_version, fields=list(values))
    return locked


class TitleBlockForm(forms.Form):
    governing_body_session = NarrativeFormField(
        label=_("Governing Body session"), rows=1, required=False
    )
    document_symbol = forms.CharField(
        label=_("Document symbol"),
        max_length=40,
        required=False,
        help_text=_("For example GB.337/PFA/3."),
    )
    segment = NarrativeFormField(label=_("Segment"), rows=1, required=False)
    title = NarrativeFormField(label=_("Title"), rows=2)
    document_date = forms.DateField(
        label=_("Date of the document"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Printed under the symbol, as “Date: …”; leave blank until it is set."),
    )
    purpose = forms.ChoiceField(
        label=_("Purpose of the document"),
        choices=[("", _("Not stated"))] + list(Biennium.Purpose.choices),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, biennium: Biennium, **kwargs):
        initial = {name: getattr(biennium, name) for name in FIELDS}
        kwargs.setdefault("initial", {**initial, "version": biennium.version})
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        narrative_tabs(self, language=biennium.source_language)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in FIELDS}
