"""Translations in the admin, read-only: they are written through the translation pages and
the XLIFF import (services that lock the proposal and check every code), never here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import TextTranslation


@admin.register(TextTranslation)
class TextTranslationAdmin(SimpleHistoryAdmin):
    list_display = ["key", "language", "biennium", "by", "at", "version"]
    list_filter = ["biennium", "language"]
    search_fields = ["key", "text"]
    list_select_related = ["biennium", "by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
