"""Read-only in the admin: notes and reasons are written through the review's services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FindingReason, ReviewNote


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewNote)
class ReviewNoteAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("about", "biennium", "by", "at", "resolved_by", "resolved_at")
    list_filter = ("biennium", "part")
    list_select_related = ("biennium", "by", "resolved_by")


@admin.register(FindingReason)
class FindingReasonAdmin(ReadOnlyAdmin):
    list_display = ("where", "reason", "biennium", "by", "at")
    list_filter = ("biennium",)
    list_select_related = ("biennium", "by")
