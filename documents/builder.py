"""Build the document model of one biennium: the one place that reads the data for a document.

It reads the narrative through programme.selectors and every figure through budget.appendices
and budget.figures; it formats figures (thousands separated by a space, work as 2/00, a dash
for none) but adds up nothing: totals come from the appendices' dataclasses.
"""

import re
from collections.abc import Callable
from decimal import Decimal

from django.utils import translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from budget.appendices import COLUMN_LABELS, AppendixOne, AppendixTwo, Column, appendices
from budget.calculations import whole_dollars, work_years_months
from budget.figures import Figure, figures_for, long_date
from budget.models import INCOME_LINE_FOOTNOTES, IncomeLine
from programme.markup import FigureRef, FootnoteRef, Text, blocks, fill, tokens
from programme.models import Biennium, Section
from programme.selectors import NumberedParagraph as NumberedEntry
from programme.selectors import numbered_paragraphs
from translations.selectors import Status, texts_by_row

from . import model as m

# Thousands are separated by a no-break space, so a figure never breaks across lines.
THOUSANDS = "\u00a0"
NONE = "–"  # no figure at all (en dash, as the seed)
ZERO = "-"  # a figure of zero (hyphen, as the seed's Appendix II)
# Characters XML 1.0 (DOCX, XLSX) cannot hold; they never belong in a document's text.
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Web addresses in the text become links (footnotes cite their sources so); http(s) only.
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]']")

APPENDIX_TITLES = {
    Section.Kind.APPENDIX_I: (_("Appendix I"), _("Proposed income and expenses")),
    Section.Kind.APPENDIX_II: (_("Appendix II"), _("Summary of proposed expenditure")),
}


# "Original: English", as the first page of a Governing Body document names its language.
ORIGINAL_LANGUAGE = {
    "en": pgettext_lazy("the language a document was written in", "English"),
    "es": pgettext_lazy("the language a document was written in", "Spanish"),
    "fr": pgettext_lazy("the language a document was written in", "French"),
}


def clean(text: str) -> str:
    return UNPRINTABLE.sub("", text)


def money(amount: Decimal | None) -> str:
    """Whole dollars as the appendices print them: 1 189 434; '-' for zero, '–' for none."""
    if amount is None:
        return NONE
    dollars = whole_dollars(amount)
    if dollars == 0:
        return ZERO
    sign = "-" if dollars < 0 else ""
    return sign + f"{abs(dollars):,}".replace(",", THOUSANDS)


def work(months: int) -> str:
    """Work-years as Appendix II prints them: 2/00, or '–' for none."""
    if not months:
        return NONE
    years, rest = work_years_months(months)
    return f"{years}/{rest:02d}"


class _Texts:
    """The proposal's texts as the document prints them in its language: the translation where
    there is one, else the source, and each text's own language (a fallback is not written in
    the document's). Records which texts were printed, for the first page's notice."""

    def __init__(self, biennium: Biennium, language: str):
        self.language = language
        self.translated = language != biennium.source_language
        self.source_language = biennium.source_language
        self.by_row = texts_by_row(biennium=biennium, language=language, with_activities=False)
        self.printed = []

    def get(self, model: str, pk: int | None, field: str) -> tuple[str, str]:
        """The text and its language tag ("" when it is in the document's language)."""
        resolved = self.by_row.get((model, pk, field))
        if resolved is None:
            return "", ""
        self.printed.append(resolved)
        return resolved.text, "" if resolved.language == self.language else resolved.language

    def notice(self) -> str:
        """'Draft translation…' when a printed text is missing or outdated; 'Unofficial working
        translation' when all are translated but some only by the shipped working file."""
        if not self.translated:
            return ""
        behind = sum(1 for t in self.printed if t.status in (Status.MISSING, Status.OUTDATED))
        if behind:
            return str(
                _(
                    "Draft translation: %(behind)s of its %(total)s texts are not translated "
                    "or are out of date, and are printed as in the original."
                )
                % {"behind": behind, "total": len(self.printed)}
            )
        if any(t.working for t in self.printed):
            return str(_("Unofficial working translation, not an official text of the ILO."))
        return ""


class _Footnotes:
    """Numbers footnotes in document order and keeps their text."""

    def __init__(self):
        self.entries: list[m.Footnote] = []

    def add(self, runs: tuple[m.Inline, ...], language: str = "") -> int:
        number = len(self.entries) + 1
        self.entries.append(m.Footnote(number, runs, language))
        return number


def _text_runs(text: str) -> list[m.Inline]:
    runs: list[m.Inline] = []
    position = 0
    for match in WEB_ADDRESS.finditer(text):
        if match.start() > position:
            runs.append(m.TextRun(text[position : match.start()]))
        runs.append(m.LinkRun(match.group()))
        position = match.end()
    if position < len(text):
        runs.append(m.TextRun(text[position:]))
    return runs


def _runs(
    text: str,
    figures: dict[str, Figure],
    language: str,
    footnote: Callable[[str], int | None] | None = None,
) -> tuple[m.Inline, ...]:
    """One block of marked-up text as runs: placeholders filled, footnote markers numbered."""
    runs: list[m.Inline] = []
    for token in tokens(clean(text)):
        if isinstance(token, Text):
            runs.extend(_text_runs(token.text))
        elif isinstance(token, FigureRef):
            if token.stated is not None:
                runs.append(m.FigureRun(token.key, token.stated))
            elif token.key in figures:
                runs.append(m.FigureRun(token.key, figures[token.key].render(language)))
            else:  # an unknown key stays visible, as budget.figures.fill leaves it
                runs.append(m.TextRun(f"[[{token.key}]]"))
        elif isinstance(token, FootnoteRef):
            number = footnote(token.key) if footnote else None
            runs.append(m.FootnoteRun(number) if number else m.TextRun(f"[^{token.key}]"))
    return tuple(runs)


def _paragraph(
    entry: NumberedEntry,
    figures: dict[str, Figure],
    texts: _Texts,
    footnotes: _Footnotes,
) -> m.NumberedParagraph:
    """One paragraph with its footnotes; figures are written as the text's own language writes
    them, so an English fallback in a Spanish document does not say "1 de enero de 2020"."""
    paragraph = entry.paragraph
    notes = {f.key: f for f in paragraph.footnotes.all()}
    numbers: dict[str, int] = {}

    def footnote(key: str) -> int | None:
        if key not in notes:
            return None
        if key not in numbers:
            text, tag = texts.get("footnote", notes[key].pk, "text")
            runs = _runs(text, figures, tag or texts.language)
            numbers[key] = footnotes.add(runs, tag)
        return numbers[key]

    text, tag = texts.get("paragraph", paragraph.pk, "text")
    parts = tuple(
        m.ParagraphPart(
            _runs(block.text, figures, tag or texts.language, footnote), block.is_bullet
        )
        for block in blocks(text)
    )
    return m.NumberedParagraph(
        number=entry.number,
        parts=parts,
        strong=entry.section.kind == Section.Kind.DRAFT_DECISION,
        language=tag,
    )


def _money_cell(amount: Decimal | None, formula: m.Formula | None = None) -> m.Cell:
    return m.Cell(money(amount), m.Align.RIGHT, m.CellKind.MONEY, value=amount, formula=formula)


def _column_sum(rows: list[str], column: int) -> m.Formula:
    return m.Formula(plus=tuple(m.CellRef(row, column) for row in rows))


def appendix_one_table(one: AppendixOne, previous_label: str) -> m.Table:
    """Appendix I: A, B with its income lines, total income, C, D, E; three columns."""
    columns = [one.column(key) for key in Column.ALL]
    labels = [previous_label, previous_label, one.biennium_label]
    header = (
        (m.HeaderCell(("",), align=m.Align.LEFT),)
        + tuple(
            m.HeaderCell((label, str(COLUMN_LABELS[key]), "(US$)"))
            for label, key in zip(labels, Column.ALL, strict=True)
        ),
    )
    income_keys = [f"income.{line}" for line in IncomeLine.values]
    spans = range(1, 4)

    def row(key, label, values, formulas=None, *, strong=False, indent=0, note=""):
        cells = [m.Cell(clean(str(label)), indent=indent, note=note)]
        for index, value in enumerate(values):
            formula = formulas[index] if formulas else None
            cells.append(_money_cell(value, formula))
        return m.Row(key, tuple(cells), strong=strong)

    def values(read):
        return [read(c) if c is not None else None for c in columns]

    rows = [
        row(
            "brought_forward",
            _("A. Funds brought forward from the previous financial year"),
            values(lambda c: c.brought_forward),
            strong=True,
        ),
        m.Row(
            "income",
            (m.Cell(str(_("B. Income"))),) + tuple(m.Cell("") for _c in columns),
            strong=True,
            is_heading=True,
        ),
    ]
    notes = []
    for line, key in zip(IncomeLine, income_keys, strict=True):
        marker = ""
        if line in INCOME_LINE_FOOTNOTES:
            marker = str(len(notes) + 1)
            notes.append(m.TableNote(marker, str(INCOME_LINE_FOOTNOTES[line])))
        rows.append(
            row(key, line.label, values(lambda c, line=line: c.income[line]), indent=1, note=marker)
        )
    rows += [
        row(
            "total_income",
            _("Total income"),
            values(lambda c: c.total_income),
            [_column_sum(income_keys, i) for i in spans],
            strong=True,
            indent=1,
        ),
        row(
            "funds_available",
            _("C. Total funds available"),
            values(lambda c: c.funds_available),
            [_column_sum(["brought_forward", "total_income"], i) for i in spans],
            strong=True,
        ),
        row(
            "expenditure",
            _("D. Total expenditure"),
            values(lambda c: c.expenditure),
            # The proposed D is Appendix II's total; the comparative columns are as approved.
            [None, None, m.Formula(plus=(m.CellRef("total", 5, table="appendix_ii"),))],
            strong=True,
        ),
        row(
            "carried_forward",
            _("E. Funds to be carried forward to the next financial year"),
            values(lambda c: c.carried_forward),
            [
                m.Formula(
                    plus=(m.CellRef("funds_available", i),),
                    minus=(m.CellRef("expenditure", i),),
                )
                for i in spans
            ],
            strong=True,
        ),
    ]
    return m.Table(
        key="appendix_i",
        header=header,
        rows=tuple(rows),
        widths=(52, 16, 16, 16),
        notes=tuple(notes),
        sheet_title=str(_("Appendix I")),
    )


def appendix_two_table(two: AppendixTwo, texts: _Texts) -> m.Table:
    """Appendix II: one row per subprogramme, then the biennium's total ("2020–21 proposals")."""
    header = (
        (
            m.HeaderCell((str(_("Subprogramme")),), rowspan=2, align=m.Align.LEFT),
            m.HeaderCell((str(_("Work years/months")),), colspan=2),
            m.HeaderCell((str(_("Cost in US$")),), colspan=3),
        ),
        tuple(
            m.HeaderCell((str(label),))
            for label in (
                _("Professional service"),
                _("General service"),
                _("Staff"),
                _("Non-staff"),
                _("Total"),
            )
        ),
    )

    def work_cell(months: int, formula: m.Formula | None = None) -> m.Cell:
        return m.Cell(
            work(months), m.Align.RIGHT, m.CellKind.WORK_MONTHS, value=months, formula=formula
        )

    rows = []
    for position, sub in enumerate(two.rows, start=1):
        key = f"subprogramme.{position}"
        name, tag = texts.get("subprogramme", sub.pk, "name")
        rows.append(
            m.Row(
                key,
                (
                    m.Cell(clean(name), language=tag),
                    work_cell(sub.professional_months),
                    work_cell(sub.general_service_months),
                    _money_cell(sub.staff_cost),
                    _money_cell(sub.non_staff_cost),
                    _money_cell(sub.total, m.Formula((m.CellRef(key, 3), m.CellRef(key, 4)))),
                ),
            )
        )
    keys = [r.key for r in rows]
    rows.append(
        m.Row(
            "total",
            (
                m.Cell(str(_("%(label)s proposals") % {"label": two.biennium_label})),
                work_cell(two.professional_months, _column_sum(keys, 1)),
                work_cell(two.general_service_months, _column_sum(keys, 2)),
                _money_cell(two.staff_cost, _column_sum(keys, 3)),
                _money_cell(two.non_staff_cost, _column_sum(keys, 4)),
                _money_cell(two.total, _column_sum(keys, 5)),
            ),
            strong=True,
        )
    )
    return m.Table(
        key="appendix_ii",
        header=header,
        rows=tuple(rows),
        widths=(36, 13, 12, 13, 13, 13),
        sheet_title=str(_("Appendix II")),
    )


def _title(text: str, figures: dict[str, Figure], language: str) -> str:
    """A title or heading: placeholders filled as in paragraphs (issue 8)."""
    return clean(fill(text, figures, language))


def _title_block(biennium: Biennium, texts: _Texts, figures: dict[str, Figure]) -> m.TitleBlock:
    language = texts.language
    tags = set()

    def filled(field: str) -> str:
        text, tag = texts.get("biennium", biennium.pk, field)
        tags.add(tag)
        return _title(text, figures, tag or language)

    date = biennium.document_date
    return m.TitleBlock(
        organisation=str(_("International Labour Office")),
        body=str(_("Governing Body")),
        session=filled("governing_body_session"),
        symbol=clean(biennium.document_symbol),
        segment=filled("segment"),
        title=filled("title"),
        date=str(_("Date: %(date)s") % {"date": long_date(date, language)}) if date else "",
        original=str(
            _("Original: %(language)s")
            % {
                "language": ORIGINAL_LANGUAGE.get(
                    biennium.source_language, biennium.source_language
                )
            }
        ),
        purpose=str(biennium.get_purpose_display()) if biennium.purpose else "",
        # The title block's texts are translated together or fall back together, in practice.
        language=next((tag for tag in tags if tag), ""),
    )


def file_stem(biennium: Biennium) -> str:
    """A file name stem that is safe on every system: GB.337-PFA-3_CINTERFOR_2020-21."""
    symbol = biennium.document_symbol.replace("/", "-")
    stem = f"{symbol}_CINTERFOR_{biennium.slug}" if symbol else f"CINTERFOR_{biennium.slug}"
    return get_valid_filename(stem)[:100]


def build_document(biennium: Biennium, language: str = "en") -> m.Document:
    """The whole document of one biennium in one language, figures filled from the data."""
    with translation.override(language):
        one, two = appendices(biennium)
        figures = figures_for(biennium, one)
        footnotes = _Footnotes()
        entries = numbered_paragraphs(biennium=biennium)
        texts = _Texts(biennium, language)

        def filled(model: str, pk: int, field: str) -> tuple[str, str]:
            text, tag = texts.get(model, pk, field)
            return _title(text, figures, tag or language), tag

        sections = []
        for section in biennium.sections.order_by("position"):
            content: list[m.Block] = []
            line = None
            for entry in entries:
                if entry.section.pk != section.pk:
                    continue
                if entry.line_of_action is not None and entry.line_of_action != line:
                    line = entry.line_of_action
                    heading, tag = filled("lineofaction", line.pk, "heading")
                    content.append(m.Heading(heading, f"({line.letter})", language=tag))
                content.append(_paragraph(entry, figures, texts, footnotes))
            title, title_tag = filled("section", section.pk, "title")
            subtitle, _tag = filled("section", section.pk, "subtitle")
            sections.append(
                m.Section(
                    kind=section.kind,
                    title=title,
                    subtitle=subtitle,
                    blocks=tuple(content),
                    is_appendix=section.is_appendix,
                    language=title_tag,
                )
            )
        previous_label = figures["previous.label"].render(language)
        tables = {
            Section.Kind.APPENDIX_I: appendix_one_table(one, previous_label),
            Section.Kind.APPENDIX_II: appendix_two_table(two, texts),
        }
        for kind, table in tables.items():
            index = next((i for i, s in enumerate(sections) if s.kind == kind), None)
            if index is None:  # a proposal without the appendix's text still prints its table
                title, subtitle = APPENDIX_TITLES[kind]
                sections.append(m.Section(kind, str(title), str(subtitle), (), True))
                index = len(sections) - 1
            section = sections[index]
            sections[index] = m.Section(
                section.kind,
                section.title,
                section.subtitle,
                section.blocks + (table,),
                section.is_appendix,
                section.language,
            )
        return m.Document(
            language=language,
            biennium_label=biennium.label,
            file_stem=file_stem(biennium),
            title_block=_title_block(biennium, texts, figures),
            sections=tuple(sections),
            footnotes=tuple(footnotes.entries),
            notice=texts.notice(),
        )
