"""The change history of a record, as rows a page can show (django-simple-history)."""

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.db import models
from simple_history.utils import get_m2m_reverse_field_name

from .narrative import narrative_text
from .wording import Piece, word_diff


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str

    @cached_property
    def pieces(self) -> list[Piece]:
        return word_diff(self.old, self.new)


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime  # stored in UTC
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[Change]
    history_id: int | None = None  # the version a restore goes back to
    reason: str = ""  # e.g. "restored from version of …"


def _shown(value) -> str:
    if isinstance(value, dict):
        return narrative_text(value)
    return "" if value is None else str(value)


def _related_ids(record, name: str, target: str) -> list[str]:
    """The ids a recorded many-to-many field held, from the prefetched rows (no query)."""
    return sorted(str(getattr(row, f"{target}_id")) for row in getattr(record, name).all())


def history_of(instance: models.Model, *, limit: int = 50) -> list[HistoryEntry]:
    """The latest changes of one record, newest first, each with its old and new values.

    A fixed number of queries whatever the number of entries: the records with their users,
    and one per recorded many-to-many field (prefetched, then compared in memory).
    """
    m2m = {
        field.name: get_m2m_reverse_field_name(field)
        for field in getattr(instance.history.model, "_history_m2m_fields", [])
    }
    records = list(
        instance.history.select_related("history_user")
        .prefetch_related(*m2m)
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=set(m2m))
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
            for name, target in m2m.items():
                old, new = _related_ids(previous, name, target), _related_ids(record, name, target)
                if old != new:
                    verbose = str(instance._meta.get_field(name).verbose_name)
                    changes.append(Change(field=verbose, old=", ".join(old), new=", ".join(new)))
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "—",
                kind=record.history_type,
                changes=changes,
                history_id=record.history_id,
                reason=record.history_change_reason or "",
            )
        )
    return entries
