"""The Governing Body document as plain, frozen data: what every format renders.

The builder fills it once from one biennium's data; the renderers (DOCX, PDF, XLSX) only lay
it out. Every figure is already a formatted string here (and, for the workbook, the raw value
beside it), so no renderer computes or formats a figure of its own.
"""

from dataclasses import dataclass, field
from decimal import Decimal


class Align:
    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


class CellKind:
    """What a table cell holds, so the workbook can give it a number format."""

    LABEL = "label"
    MONEY = "money"
    WORK_MONTHS = "work_months"


# Inline content of a paragraph or footnote.


@dataclass(frozen=True)
class TextRun:
    text: str


@dataclass(frozen=True)
class FigureRun:
    """A figure bound to the data by a placeholder, already rendered for the language."""

    key: str
    text: str


@dataclass(frozen=True)
class LinkRun:
    """A web address written in the text, printed as itself and linked to itself."""

    text: str

    @property
    def url(self) -> str:
        return self.text


@dataclass(frozen=True)
class FootnoteRun:
    """The marker of footnote `number` (numbered in document order from 1)."""

    number: int


Inline = TextRun | FigureRun | LinkRun | FootnoteRun


def plain_text(runs: tuple[Inline, ...]) -> str:
    """The runs as text, footnote markers left out (for titles, tests and file names)."""
    return "".join(run.text for run in runs if not isinstance(run, FootnoteRun))


# Blocks of a section.


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section, such as a line of action: label "(a)" and its text."""

    text: str
    label: str = ""
    language: str = ""  # the language of `text` when not the document's (a fallback)


@dataclass(frozen=True)
class ParagraphPart:
    """The lead prose of a paragraph, or one of its bullets."""

    runs: tuple[Inline, ...]
    is_bullet: bool = False


@dataclass(frozen=True)
class NumberedParagraph:
    """A paragraph with its number (None for the unnumbered text of an appendix)."""

    number: int | None
    parts: tuple[ParagraphPart, ...]
    strong: bool = False  # the draft decision is printed in bold
    language: str = ""  # the language of its text when not the document's (a fallback)


@dataclass(frozen=True)
class CellRef:
    """A cell: the row's key and the column's index, in this table or the table keyed `table`."""

    row: str
    column: int
    table: str = ""


@dataclass(frozen=True)
class Formula:
    """How a total is made of other cells, for the workbook: sum of plus minus sum of minus."""

    plus: tuple[CellRef, ...]
    minus: tuple[CellRef, ...] = ()


@dataclass(frozen=True)
class Cell:
    text: str
    align: str = Align.LEFT
    kind: str = CellKind.LABEL
    value: Decimal | int | None = None  # the raw figure behind `text`, for the workbook
    formula: Formula | None = None  # set on totals: which cells this one is the total of
    note: str = ""  # a table note's marker, printed as a superscript after the text
    indent: int = 0  # label cells: levels of indentation
    language: str = ""  # the language of `text` when not the document's (a fallback)


@dataclass(frozen=True)
class HeaderCell:
    lines: tuple[str, ...]
    colspan: int = 1
    rowspan: int = 1
    align: str = Align.CENTER


@dataclass(frozen=True)
class Row:
    key: str
    cells: tuple[Cell, ...]
    strong: bool = False  # totals and lettered lines (A.–E.) print in bold
    is_heading: bool = False  # a row that only names a group (B. Income)


@dataclass(frozen=True)
class TableNote:
    marker: str
    text: str


@dataclass(frozen=True)
class Table:
    key: str
    header: tuple[tuple[HeaderCell, ...], ...]
    rows: tuple[Row, ...]
    widths: tuple[int, ...]  # relative column widths
    notes: tuple[TableNote, ...] = ()
    sheet_title: str = ""  # the workbook's sheet name

    @property
    def column_count(self) -> int:
        return len(self.widths)


Block = Heading | NumberedParagraph | Table


@dataclass(frozen=True)
class Section:
    kind: str
    title: str
    subtitle: str = ""
    blocks: tuple[Block, ...] = ()
    is_appendix: bool = False  # an appendix starts a new page and centres its title
    language: str = ""  # the language of the title and subtitle when not the document's


@dataclass(frozen=True)
class Footnote:
    number: int
    runs: tuple[Inline, ...]
    language: str = ""  # the language of its text when not the document's (a fallback)


@dataclass(frozen=True)
class TitleBlock:
    organisation: str
    body: str
    session: str
    symbol: str
    segment: str
    title: str
    date: str = ""  # "Date: 27 September 2019", or nothing while the date is not set
    original: str = ""  # "Original: English": the language the proposal is drafted in
    purpose: str = ""  # "For decision"
    language: str = ""  # the language of session, segment and title when not the document's


@dataclass(frozen=True)
class Document:
    language: str
    biennium_label: str
    file_stem: str  # a safe stem for file names, e.g. GB.337-PFA-3_CINTERFOR_2020-21
    title_block: TitleBlock
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...] = field(default=())
    # Printed on the first page: "Draft translation…" or "Unofficial working translation".
    notice: str = ""

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def numbered_paragraphs(self) -> list[NumberedParagraph]:
        return [
            b
            for s in self.sections
            for b in s.blocks
            if isinstance(b, NumberedParagraph) and b.number is not None
        ]
