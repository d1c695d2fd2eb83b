"""The change history of a record, as rows a page can show (django-simple-history)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models

from .narrative import narrative_text


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime  # stored in UTC
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[Change]


def _shown(value) -> str:
    if isinstance(value, dict):
        return narrative_text(value)
    return "" if value is None else str(value)


def history_of(instance: models.Model, *, limit: int = 50) -> list[HistoryEntry]:
    """The latest changes of one record, newest first, each with its old and new values."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            changes = [
                Change(
                    field=str(instance._meta.get_field(c.field).verbose_name)
                    if not c.field.startswith("_")
                    else c.field,
                    old=_shown(c.old),
                    new=_shown(c.new),
                )
                for c in delta.changes
                if c.field != "version"
            ]
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "—",
                kind=record.history_type,
                changes=changes,
            )
        )
    return entries
