from django.contrib import admin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Export jobs are written by the export service and its workers only; admins look."""

    list_display = (
        "id",
        "biennium",
        "format",
        "language",
        "status",
        "progress",
        "requested_by",
        "requested_at",
        "attempts",
    )
    list_filter = ("status", "format", "biennium")
    list_select_related = ("biennium", "requested_by")
    search_fields = ("requested_by__username", "error", "file_name")
    date_hierarchy = "requested_at"
    readonly_fields = [field.name for field in ExportJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
