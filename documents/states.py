"""A proposal's state: its document model and its activities, live or as kept at a moment.

A state is what Compare and the Word redline read. The live state of a biennium is built from
the data (`read_state`); the state at submission and at each export is kept as JSON of the
same dataclasses (`DocumentSnapshot`), because the figures bound into the text depend on more
rows than history could replay exactly (the register, the network counts, the previous
biennium's columns).
"""

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from cinterfor.narrative import narrative_text
from programme.models import Activity, Biennium

from . import model as m
from .builder import build_document

# Every dataclass a document holds, by the name written beside its fields in JSON.
MODEL_TYPES = {
    name: value
    for name, value in vars(m).items()
    if isinstance(value, type) and dataclasses.is_dataclass(value)
}


@dataclass(frozen=True)
class ActivityEntry:
    """An activity as Compare matches it: its line of action's letter and its title."""

    line: str
    title: str
    status: str


@dataclass(frozen=True)
class ProposalState:
    label: str  # what the state is, in the users' words: "2020–21 at submission, 30 Nov 2026"
    document: m.Document
    activities: tuple[ActivityEntry, ...]


def activities_of(biennium: Biennium, language: str) -> tuple[ActivityEntry, ...]:
    """The biennium's activities in document order, in one query."""
    rows = (
        Activity.objects.filter(line_of_action__biennium=biennium)
        .order_by("line_of_action__letter", "position")
        .values_list("line_of_action__letter", "title", "status")
    )
    return tuple(
        ActivityEntry(letter, narrative_text(title, language), status)
        for letter, title, status in rows
    )


def read_state(biennium: Biennium, language: str, label: str) -> ProposalState:
    """The biennium's state as it stands now."""
    return ProposalState(
        label, build_document(biennium, language), activities_of(biennium, language)
    )


def _plain(value):
    if dataclasses.is_dataclass(value):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"type": type(value).__name__, "fields": fields}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def _restored(value):
    if isinstance(value, list):
        return tuple(_restored(item) for item in value)
    if isinstance(value, dict) and "decimal" in value:
        return Decimal(value["decimal"])
    if isinstance(value, dict) and "type" in value:
        cls = MODEL_TYPES[value["type"]]
        return cls(**{name: _restored(item) for name, item in value["fields"].items()})
    return value


def state_to_json(*, document: m.Document, activities: tuple[ActivityEntry, ...]) -> dict:
    """The document model and activities as JSON that `state_from_json` reads back exactly."""
    return {
        "document": _plain(document),
        "activities": [[a.line, a.title, a.status] for a in activities],
    }


def state_from_json(data: dict, label: str) -> ProposalState:
    return ProposalState(
        label,
        _restored(data["document"]),
        tuple(ActivityEntry(*entry) for entry in data["activities"]),
    )
