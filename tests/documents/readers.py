"""Read exported files back as a reader (or Word, or a spreadsheet) would."""

import io
import re
from decimal import Decimal

import docx
import openpyxl
import pypdf
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from .seed import BULLET, normalise

NUMBERED, BULLETED, CONTINUED = (
    "Numbered Paragraph",
    "Numbered Paragraph Bullet",
    "Numbered Paragraph Continued",
)


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def docx_text(paragraph) -> str:
    """A paragraph's text with each footnote reference written as its number, spaced."""
    parts = []
    for element in paragraph._p.iter():
        if element.tag == qn("w:t"):
            parts.append(element.text or "")
        elif element.tag == qn("w:tab"):
            parts.append("\t")
        elif element.tag == qn("w:br"):
            parts.append("\n")
        elif element.tag == qn("w:footnoteReference"):
            parts.append(f" {element.get(qn('w:id'))} ")
    return "".join(parts)


def docx_numbered_paragraphs(document) -> list[str]:
    """The numbered paragraphs, each with its bullets (marked ■) and continued prose."""
    paragraphs: list[str] = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if style == NUMBERED:
            paragraphs.append(docx_text(paragraph))
        elif style == BULLETED:
            paragraphs[-1] += f" {BULLET} {docx_text(paragraph)}"
        elif style == CONTINUED:
            paragraphs[-1] += f" {docx_text(paragraph)}"
    return [normalise(p) for p in paragraphs]


def docx_headings(document, level: int) -> list[str]:
    name = f"Heading {level}"
    return [normalise(docx_text(p)) for p in document.paragraphs if p.style.name == name]


def docx_footnotes(document) -> dict[int, str]:
    """word/footnotes.xml's footnotes by id, separators left out."""
    part = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/footnotes")
    )
    root = parse_xml(part.blob)
    notes = {}
    for note in root.iterchildren(qn("w:footnote")):
        number = int(note.get(qn("w:id")))
        if number > 0:
            text = "".join(t.text or "" for t in note.iter(qn("w:t")))
            notes[number] = normalise(text)
    return notes


def docx_table_rows(table) -> list[list[str]]:
    """A table's rows as normalised cell texts; a merged cell counts once."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(normalise(cell.text))
        rows.append(cells)
    return rows


def pdf_text(data: bytes, *, min_size: float = 0, max_size: float = 100) -> str:
    """The PDF's text set in a font size within [min_size, max_size), normalised.

    Body text is 11 pt; the running header, page numbers, footnotes and the table notes are
    9 pt, so `min_size=10` reads the body as one continuous text across pages.
    """
    reader = pypdf.PdfReader(io.BytesIO(data))
    chunks: list[str] = []

    def visit(text, _cm, _tm, _font, size):
        if min_size <= size < max_size:
            chunks.append(text)

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
        chunks.append("\n")
    # A line that breaks after a hyphen, dash or slash in a word (capacity-/building, 2018–/21,
    # GB.337/|PFA/3)
    # joins up again, as the seed's own lines do.
    return normalise(re.sub(r"(?<=\w[-–/])\s*\n\s*", "", "".join(chunks)))


def pdf_page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


# A tiny evaluator of the workbook's formulas: numbers, cell references, +, - and SUM(range).

REFERENCE = re.compile(r"^([A-Z]+)(\d+)$")
SUM = re.compile(r"^SUM\(([A-Z]+\d+):([A-Z]+\d+)\)$")
OTHER_SHEET = re.compile(r"^'([^']+)'!([A-Z]+\d+)$")


def open_xlsx(data: bytes, *, cached: bool = False):
    """The workbook as openpyxl reads it: formulas, or (cached=True) their stored results."""
    return openpyxl.load_workbook(io.BytesIO(data), data_only=cached)


def evaluate(sheet, coordinate: str) -> Decimal:
    """The value of a cell, computing =SUM(A1:A3), =A1+B2-C3 and ='Other sheet'!F11 formulas
    recursively (the workbook's cached results are checked separately, with cached=True)."""
    value = sheet[coordinate].value
    if value is None:
        return Decimal(0)
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if not isinstance(value, str) or not value.startswith("="):
        raise ValueError(f"{sheet.title}!{coordinate} holds text: {value!r}")
    expression = value[1:]
    elsewhere = OTHER_SHEET.match(expression)
    if elsewhere:
        return evaluate(sheet.parent[elsewhere[1]], elsewhere[2])
    match = SUM.match(expression)
    if match:
        return sum(
            (evaluate(sheet, c.coordinate) for row in sheet[match[1] : match[2]] for c in row),
            Decimal(0),
        )
    total = Decimal(0)
    for sign, term in re.findall(r"([+-]?)([A-Z]+\d+|\d+(?:\.\d+)?)", expression):
        amount = evaluate(sheet, term) if REFERENCE.match(term) else Decimal(term)
        total += -amount if sign == "-" else amount
    if re.sub(r"[+-]?([A-Z]+\d+|\d+(?:\.\d+)?)", "", expression):
        raise ValueError(f"{sheet.title}!{coordinate}: cannot evaluate {value!r}")
    return total
