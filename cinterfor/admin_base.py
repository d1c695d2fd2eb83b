"""The admin base for records that carry a version and a history."""

from django.db.models import F
from simple_history.admin import SimpleHistoryAdmin


def _bump(obj) -> None:
    if obj.pk and hasattr(obj, "version"):
        type(obj).objects.filter(pk=obj.pk).update(version=F("version") + 1)
        obj.version += 1


class VersionedAdmin(SimpleHistoryAdmin):
    """Admin saves raise the version too, so a page open elsewhere cannot overwrite them."""

    def save_model(self, request, obj, form, change):
        if change:
            _bump(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.instance.pk and inline_form.has_changed():
                _bump(inline_form.instance)
        super().save_formset(request, form, formset, change)
