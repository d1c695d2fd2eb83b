"""The admin base for records that carry a version and a history.

The admin is a client of the one write path (ARCHITECTURE.md): each save, delete and bulk
delete runs in one transaction that locks the record's owner (a proposal's biennium), refuses
if the owner is read-only, and checks the version the editor saw. The apps say what a record's
owner is and how to lock it (`owner_of`, `lock_owner`, `owner_is_read_only`); records without
an owner (the member register) are only version-checked. The admin also asks for the role the
services ask for (`writer_roles`): model permissions given to a staff account do not let it
write what its role may not.
"""

from collections.abc import Iterable

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, router, transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from .admin_forms import (
    VersionedAdminForm,
    VersionedInlineFormSet,
    lock_seen_version,
    refusal_message,
    take_seen_version,
)
from .admin_history import HistoryListAdmin
from .concurrency import ConcurrentEdit
from .roles import has_role


class OwnedRecords:
    """What the apps override: the record a write must lock, whether it is read-only, and the
    roles that may write it (none named: administrators only)."""

    writer_roles: tuple[str, ...] = ()

    def may_write(self, request) -> bool:
        return has_role(request.user, *self.writer_roles)

    def owner_of(self, obj: models.Model) -> models.Model | None:
        return None

    def lock_owner(self, owner: models.Model) -> None:
        """Lock `owner` until the transaction ends; raise PermissionDenied if it may not change."""

    def owner_is_read_only(self, owner: models.Model) -> bool:
        return False

    def guard(self, records: Iterable[models.Model]) -> None:
        owners = {}
        for record in records:
            owner = self.owner_of(record)
            if owner is not None and owner.pk is not None:  # a new owner has nothing to lock
                owners[(type(owner), owner.pk)] = owner
        for key in sorted(owners, key=lambda key: (key[0].__name__, key[1])):
            self.lock_owner(owners[key])

    def is_read_only(self, obj: models.Model | None) -> bool:
        if obj is None:
            return False
        owner = self.owner_of(obj)
        return owner is not None and self.owner_is_read_only(owner)

    def has_change_permission(self, request, obj=None) -> bool:
        return (
            super().has_change_permission(request, obj)
            and self.may_write(request)
            and not self.is_read_only(obj)
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return (
            super().has_delete_permission(request, obj)
            and self.may_write(request)
            and not self.is_read_only(obj)
        )


def _with_seen_version(fieldsets) -> list:
    *first, (name, options) = fieldsets
    return [*first, (name, {**options, "fields": [*options["fields"], "seen_version"]})]


@admin.action(permissions=["delete"], description=_("Delete selected %(verbose_name_plural)s"))
def delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, refused if a row is read-only or changed since the confirmation."""
    try:
        with transaction.atomic(using=router.db_for_write(modeladmin.model)):
            rows = list(queryset)
            modeladmin.guard(rows)
            if request.POST.get("post"):
                for row in rows:
                    seen = request.POST.get(f"seen_version_{row.pk}")
                    lock_seen_version(row, int(seen) if seen and seen.isdigit() else None)
            return django_delete_selected(modeladmin, request, queryset)
    except (ConcurrentEdit, PermissionDenied) as refusal:
        modeladmin.message_user(request, refusal_message(refusal), messages.ERROR)
        return None


class VersionedAdmin(OwnedRecords, HistoryListAdmin):
    form = VersionedAdminForm
    actions = [delete_selected]
    delete_confirmation_template = "admin/versioned_delete_confirmation.html"
    delete_selected_confirmation_template = "admin/versioned_delete_selected_confirmation.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        return _with_seen_version(fieldsets)

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and self.may_write(request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.guard = self.guard
        return form

    def revert_disabled(self, request, obj=None) -> bool:
        # Reverting saves an old copy outside the version check; the change form is the way.
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            take_seen_version(obj, form.cleaned_data["seen_version"])
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            if row.instance.pk is not None and row.has_changed():
                take_seen_version(row.instance, row.cleaned_data["seen_version"])
        super().save_formset(request, form, formset, change)

    def delete_view(self, request, object_id, extra_context=None):
        with transaction.atomic(using=router.db_for_write(self.model)):
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_delete_permission(request, obj):
                return super().delete_view(request, object_id, extra_context)
            if request.method == "POST":
                seen = request.POST.get("seen_version", "")
                try:
                    self.guard([obj])
                    lock_seen_version(obj, int(seen) if seen.isdigit() else None)
                except ConcurrentEdit as refusal:
                    self.message_user(request, refusal_message(refusal), messages.ERROR)
                    return HttpResponseRedirect(request.path)
            context = {"seen_version": obj.version, **(extra_context or {})}
            return super().delete_view(request, object_id, context)

    def delete_model(self, request, obj):
        obj._history_user = request.user
        super().delete_model(request, obj)


class VersionedInline(OwnedRecords):
    """An inline of versioned rows; mix in before admin.TabularInline or StackedInline.

    `owner_of` receives the parent record (the inline's rows belong to the parent's owner).
    """

    form = VersionedAdminForm
    formset = VersionedInlineFormSet

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.has_change_permission(request, obj):
            return fieldsets
        return _with_seen_version(fieldsets)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.guard = self.guard
        return formset

    def has_add_permission(self, request, obj=None) -> bool:
        return (
            super().has_add_permission(request, obj)
            and self.may_write(request)
            and not self.is_read_only(obj)
        )
