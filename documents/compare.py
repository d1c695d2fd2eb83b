"""Two states of a proposal side by side: texts word by word, figures, activities.

Pure over two `documents.states.ProposalState`s (no database): the compare page shows what
`compare` returns, and the Word redline aligns blocks with the same functions (and words with
cinterfor.wording, as every page that marks changed words does).
"""

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.calculations import change
from cinterfor.wording import DELETE, INSERT, Piece, word_diff

from . import model as m
from .builder import money, work
from .states import ActivityEntry, ProposalState

T = TypeVar("T")


def align(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], str]
) -> list[tuple[T | None, T | None]]:
    """Pair the items of two sequences in order: equal ones, changed ones, added and removed.

    Items whose keys match are paired; in a run of changed items, they pair in order and what
    is left over is added (old None) or removed (new None).
    """
    pairs: list[tuple[T | None, T | None]] = []
    matcher = difflib.SequenceMatcher(
        None, [key(i) for i in old], [key(i) for i in new], autojunk=False
    )
    for _op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        paired = min(len(olds), len(news))
        pairs += list(zip(olds[:paired], news[:paired], strict=True))
        pairs += [(item, None) for item in olds[paired:]]
        pairs += [(None, item) for item in news[paired:]]
    return pairs


def align_sections(
    old: m.Document, new: m.Document
) -> list[tuple[m.Section | None, m.Section | None]]:
    """Sections paired by kind, in the new document's order; removed kinds last."""
    olds = {s.kind: s for s in old.sections}
    kinds = {s.kind for s in new.sections}
    return [(olds.get(s.kind), s) for s in new.sections] + [
        (s, None) for s in old.sections if s.kind not in kinds
    ]


def block_text(block: m.Block) -> str:
    """A block's words, to align and compare (a table is matched by its key)."""
    if isinstance(block, m.Heading):
        return f"{block.label} {block.text}".strip()
    if isinstance(block, m.NumberedParagraph):
        return "\n".join(m.plain_text(part.runs) for part in block.parts)
    return f"table:{block.key}"


# The compare page


@dataclass(frozen=True)
class TextChange:
    where: str
    kind: str  # "changed", "added" or "removed"
    pieces: list[Piece]  # drawn by templates/includes/word_diff.html


@dataclass(frozen=True)
class FigureChange:
    table: str
    row: str
    column: str
    old: str
    new: str
    difference: str


@dataclass(frozen=True)
class Comparison:
    old_label: str
    new_label: str
    texts: list[TextChange]
    unchanged_texts: int
    figures: list[FigureChange]
    unchanged_figures: int
    added_activities: list[ActivityEntry]
    removed_activities: list[ActivityEntry]


TITLE_BLOCK_FIELDS = {
    "session": gettext_lazy("Governing Body session"),
    "symbol": gettext_lazy("Document symbol"),
    "segment": gettext_lazy("Segment"),
    "title": gettext_lazy("Title"),
}


def _where(section: m.Section, block: m.Block | None) -> str:
    if isinstance(block, m.NumberedParagraph) and block.number is not None:
        return _("Paragraph %(number)s") % {"number": block.number}
    if isinstance(block, m.Heading):
        return _("%(section)s: heading %(label)s") % {
            "section": section.title,
            "label": block.label,
        }
    return section.title


def _text_change(where: str, old: str | None, new: str | None) -> TextChange | None:
    if old == new:
        return None
    if old is None:
        return TextChange(where, "added", [Piece(INSERT, new or "")])
    if new is None:
        return TextChange(where, "removed", [Piece(DELETE, old)])
    return TextChange(where, "changed", word_diff(old, new))


def _texts(old: m.Document, new: m.Document) -> tuple[list[TextChange], int]:
    changes: list[TextChange | None] = []
    compared = 0
    for name, label in TITLE_BLOCK_FIELDS.items():
        compared += 1
        changes.append(
            _text_change(str(label), getattr(old.title_block, name), getattr(new.title_block, name))
        )
    for old_section, new_section in align_sections(old, new):
        section = new_section or old_section
        compared += 2
        changes.append(
            _text_change(
                section.title,
                old_section.title if old_section else None,
                new_section.title if new_section else None,
            )
        )
        changes.append(
            _text_change(
                _("%(section)s: subtitle") % {"section": section.title},
                old_section.subtitle if old_section else None,
                new_section.subtitle if new_section else None,
            )
        )
        olds = [b for b in (old_section.blocks if old_section else ()) if _is_text(b)]
        news = [b for b in (new_section.blocks if new_section else ()) if _is_text(b)]
        for old_block, new_block in align(olds, news, block_text):
            compared += 1
            changes.append(
                _text_change(
                    _where(section, new_block or old_block),
                    block_text(old_block) if old_block else None,
                    block_text(new_block) if new_block else None,
                )
            )
    old_notes, new_notes = list(old.footnotes), list(new.footnotes)
    for old_note, new_note in align(old_notes, new_notes, lambda f: m.plain_text(f.runs)):
        compared += 1
        note = new_note or old_note
        changes.append(
            _text_change(
                _("Footnote %(number)s") % {"number": note.number},
                m.plain_text(old_note.runs) if old_note else None,
                m.plain_text(new_note.runs) if new_note else None,
            )
        )
    found = [c for c in changes if c is not None]
    return found, compared - len(found)


def _is_text(block: m.Block) -> bool:
    return isinstance(block, m.Heading | m.NumberedParagraph)


def column_labels(table: m.Table) -> list[str]:
    """Each column's heading: the header cells that span it, top to bottom."""
    labels: list[list[str]] = [[] for _c in range(table.column_count)]
    taken: set[tuple[int, int]] = set()
    for r, header_row in enumerate(table.header):
        c = 0
        for head in header_row:
            while (r, c) in taken:
                c += 1
            for rr in range(r, r + head.rowspan):
                for cc in range(c, c + head.colspan):
                    taken.add((rr, cc))
            for cc in range(c, min(c + head.colspan, table.column_count)):
                labels[cc] += [line for line in head.lines if line]
            c += head.colspan
    return [" ".join(parts) for parts in labels]


def _difference(cell_old: m.Cell, cell_new: m.Cell) -> str:
    if cell_old.value is None or cell_new.value is None:
        return ""
    difference = change(current=cell_new.value, previous=cell_old.value)
    if cell_new.kind == m.CellKind.WORK_MONTHS:
        sign = "-" if difference < 0 else "+"
        return sign + work(abs(int(difference)))
    shown = money(difference)
    return shown if difference <= 0 else "+" + shown


def _figures(old: m.Document, new: m.Document) -> tuple[list[FigureChange], int]:
    changes, unchanged = [], 0
    old_tables = {t.key: t for t in old.tables()}
    for table in new.tables():
        before = old_tables.get(table.key)
        old_rows = {r.key: r for r in before.rows} if before else {}
        labels = column_labels(table)
        title = table.sheet_title
        keys = [r.key for r in table.rows] + [
            k for k in old_rows if k not in {r.key for r in table.rows}
        ]
        new_rows = {r.key: r for r in table.rows}
        for key in keys:
            new_row, old_row = new_rows.get(key), old_rows.get(key)
            row = new_row or old_row
            if row.is_heading:
                continue
            for index, cell in enumerate(row.cells):
                if cell.kind == m.CellKind.LABEL:
                    continue
                new_cell = new_row.cells[index] if new_row else None
                old_cell = old_row.cells[index] if old_row and index < len(old_row.cells) else None
                if new_cell and old_cell and new_cell.text == old_cell.text:
                    unchanged += 1
                    continue
                changes.append(
                    FigureChange(
                        table=title,
                        row=row.cells[0].text,
                        column=labels[index],
                        old=old_cell.text if old_cell else "",
                        new=new_cell.text if new_cell else "",
                        difference=_difference(old_cell, new_cell) if old_cell and new_cell else "",
                    )
                )
    return changes, unchanged


def compare(old: ProposalState, new: ProposalState) -> Comparison:
    """What changed from `old` to `new`: texts, Appendix I and II figures, activities."""
    texts, unchanged_texts = _texts(old.document, new.document)
    figures, unchanged_figures = _figures(old.document, new.document)
    old_activities = {(a.line, a.title): a for a in old.activities}
    new_activities = {(a.line, a.title): a for a in new.activities}
    return Comparison(
        old_label=old.label,
        new_label=new.label,
        texts=texts,
        unchanged_texts=unchanged_texts,
        figures=figures,
        unchanged_figures=unchanged_figures,
        added_activities=[a for k, a in new_activities.items() if k not in old_activities],
        removed_activities=[a for k, a in old_activities.items() if k not in new_activities],
    )
