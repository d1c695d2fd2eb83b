"""Admin forms that carry the version the editor saw and refuse a save that would overwrite a
newer one, as the application's forms do (cinterfor.concurrency)."""

from collections.abc import Callable, Iterable

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property

from .concurrency import ConcurrentEdit
from .narrative import NarrativeFormField, source_language_of

# Locks what the records belong to (their proposal) and raises PermissionDenied if it may not
# change; set by the admin on the form classes it builds.
Guard = Callable[[Iterable[models.Model]], None]


class SeenVersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        # A stale version is not a change the editor made; it must not make a row look edited.
        return False


def lock_seen_version(record: models.Model, seen_version: int | None) -> int:
    """Lock the row until the transaction ends if it still has `seen_version`; else refuse.

    A post that names no version (a script rather than the admin's page) is checked against
    the row as this request read it. Returns the version checked.
    """
    if seen_version is None:
        seen_version = record.version
    rows = type(record)._base_manager.select_for_update().order_by()
    if not rows.filter(pk=record.pk, version=seen_version).exists():
        raise ConcurrentEdit()
    return seen_version


def take_seen_version(record: models.Model, seen_version: int) -> None:
    """Raise the row's version from `seen_version` in one UPDATE, as the services do."""
    claimed = (
        type(record)
        ._base_manager.filter(pk=record.pk, version=seen_version)
        .update(version=F("version") + 1)
    )
    if not claimed:
        raise ConcurrentEdit()
    record.version = seen_version + 1


def refusal_message(refusal: Exception) -> str:
    if isinstance(refusal, ConcurrentEdit):
        return str(refusal.message)
    return str(refusal.args[0]) if refusal.args else str(refusal)


class VersionedAdminForm(forms.ModelForm):
    """A change form that saves only if its owner may change and its row is as it was read.

    The checks run in the admin's transaction (changeform_view is atomic), so the locks they
    take hold until the save is done.
    """

    seen_version = SeenVersionField(required=False)
    guard: Guard | None = None  # None in inline rows: their formset checks them

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("seen_version", self.instance.version)
        # A narrative in its proposal's source language only, as the application's forms write
        # it (the other languages are translations); English for a row not placed yet. Inline
        # rows (no guard) take their parent's, which their formset looks up once.
        if self.guard:
            write_narratives_in(self, source_language_of(self.instance))

    def _post_clean(self) -> None:
        super()._post_clean()
        if self._errors or self.guard is None:
            return
        try:
            stored = None
            if self.instance.pk is not None:
                stored = type(self.instance)._base_manager.get(pk=self.instance.pk)
            # The proposal it belongs to now, and the one it would move to.
            self.guard([self.instance, *([stored] if stored else [])])
            if stored is not None:
                seen = self.cleaned_data.get("seen_version")
                self.cleaned_data["seen_version"] = lock_seen_version(stored, seen)
        except (ConcurrentEdit, PermissionDenied, models.ObjectDoesNotExist) as refusal:
            if isinstance(refusal, models.ObjectDoesNotExist):
                refusal = ConcurrentEdit()  # deleted by someone else meanwhile
            self.add_error(None, refusal_message(refusal))


def write_narratives_in(form: forms.BaseForm, language: str) -> None:
    """Show and write the form's narratives in `language` only."""
    for field in form.fields.values():
        if isinstance(field, NarrativeFormField):
            field.use_language(language)


class VersionedInlineFormSet(BaseInlineFormSet):
    """Inline rows: the parent's owner is locked and each changed or deleted row's version
    checked. A deleted row's own errors are ignored by Django, so the formset raises them."""

    guard: Guard | None = None

    @cached_property
    def narrative_language(self) -> str:
        """The parent's source language, looked up once for all rows."""
        return source_language_of(self.instance)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        write_narratives_in(form, self.narrative_language)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        write_narratives_in(form, self.narrative_language)
        return form

    def clean(self) -> None:
        super().clean()
        touched = [form for form in self.forms if form.has_changed()]
        if not touched:
            return
        try:
            if self.guard is not None:
                self.guard([self.instance])
            for form in touched:
                if form.instance.pk is not None:
                    seen = form.cleaned_data.get("seen_version")
                    form.cleaned_data["seen_version"] = lock_seen_version(form.instance, seen)
        except (ConcurrentEdit, PermissionDenied) as refusal:
            raise ValidationError(refusal_message(refusal)) from refusal
