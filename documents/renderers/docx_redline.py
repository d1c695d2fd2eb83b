"""The Word document of one state with native tracked changes against another (a redline).

The newer document model is written as the DOCX renderer writes it; where the older model
differs, its words go in as deletions (`w:del`) and the newer ones as insertions (`w:ins`),
each with an author and a date, so reviewers accept or reject them in Word. Sections are
paired by kind, blocks aligned by documents.compare and words by cinterfor.wording; a
paragraph that did not change is written exactly as the plain renderer writes it, with no
revision marks. Figures are table cells: a changed cell holds its old text deleted and its
new text inserted; a row only the older table has is put back as a deleted row. Changed
footnotes are tracked in word/footnotes.xml. Like every renderer, it reads only the two models
given.
"""

import datetime
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from cinterfor.wording import EQUAL, INSERT, change_spans, tokens, word_diff

from .. import model as m
from ..compare import align, align_sections, block_text
from . import docx

MEDIA_TYPE = docx.MEDIA_TYPE
EXTENSION = docx.EXTENSION


@dataclass(frozen=True)
class _Token:
    key: str  # what is compared: the words, a link's address, a footnote's text
    text: str  # what is written
    run: m.Inline


def _inline_tokens(runs: tuple[m.Inline, ...], notes: dict[int, str]) -> list[_Token]:
    found = []
    for run in runs:
        if isinstance(run, m.FootnoteRun):
            found.append(_Token("\ufffc" + notes.get(run.number, ""), "", run))
        elif isinstance(run, m.LinkRun):
            found.append(_Token(run.text, run.text, run))
        else:
            found += [_Token(word, word, run) for word in tokens(run.text)]
    return found


def _plain_run(text: str, *, bold: bool = False, deleted: bool = False):
    """A run of text whose tabs are Word tabs (a heading's "(a)<tab>text"), as python-docx
    writes them; deleted text goes in w:delText."""
    run = docx._run_element(bold=bold)
    for index, chunk in enumerate(text.split("\t")):
        if index:
            run.append(OxmlElement("w:tab"))
        if chunk:
            t = OxmlElement("w:delText" if deleted else "w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = chunk
            run.append(t)
    return run


class _RedlineWriter(docx._Writer):
    def __init__(self, old: m.Document, new: m.Document, *, author: str, date: datetime.datetime):
        super().__init__(new)
        self.old = old
        self.author = author
        self.date = date.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.revision = 0
        self.old_notes = {f.number: m.plain_text(f.runs) for f in old.footnotes}
        self.new_notes = {f.number: m.plain_text(f.runs) for f in new.footnotes}
        # Each section of the newer document with the older one of its kind, if any.
        self.old_sections = {id(n): o for o, n in align_sections(old, new) if n is not None}

    # Revision marks

    def mark(self, tag: str):
        self.revision += 1
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.revision))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        return element

    def deleted_run(self, text: str, *, bold: bool = False):
        run = _plain_run(text, bold=bold, deleted=True)
        wrapper = self.mark("w:del")
        wrapper.append(run)
        return wrapper

    def inserted(self, *elements):
        wrapper = self.mark("w:ins")
        for element in elements:
            wrapper.append(element)
        return wrapper

    def mark_paragraph(self, paragraph, tag: str) -> None:
        """Mark a whole paragraph (its mark) as inserted or deleted."""
        r_pr = paragraph._p.get_or_add_pPr().find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            paragraph._p.get_or_add_pPr().append(r_pr)
        r_pr.append(self.mark(tag))

    def tracked_text(self, paragraph, old: str, new: str, *, bold: bool = False) -> None:
        """Plain text with the words changed from `old` to `new` tracked."""
        for piece in word_diff(old, new):
            if piece.op == EQUAL:
                paragraph._p.append(_plain_run(piece.text, bold=bold))
            elif piece.op == INSERT:
                paragraph._p.append(self.inserted(_plain_run(piece.text, bold=bold)))
            else:
                paragraph._p.append(self.deleted_run(piece.text, bold=bold))

    # Paragraphs

    def inline_elements(self, run: m.Inline, text: str, bold: bool, part=None) -> list:
        """The elements of (part of) one run, as the plain renderer writes them."""
        if isinstance(run, m.FootnoteRun):
            reference = docx._run_element(style_id=self.reference_style)
            note = OxmlElement("w:footnoteReference")
            note.set(qn("w:id"), str(run.number))
            reference.append(note)
            return [reference]
        if isinstance(run, m.LinkRun):
            return [docx._hyperlink(part or self.word.part, run, self.link_style, bold)]
        return [docx._text_run(text, bold=bold)] if text else []

    def tracked_runs(self, paragraph, old, new, bold: bool, *, part=None) -> None:
        """Inline runs with the words changed from `old` to `new` tracked; links and footnote
        markers kept as what they are."""
        before = _inline_tokens(old, self.old_notes)
        after = _inline_tokens(new, self.new_notes)
        element = paragraph._p
        for kept, i1, i2, j1, j2 in change_spans([t.key for t in before], [t.key for t in after]):
            if not kept:
                text = "".join(t.text for t in before[i1:i2])
                if text:
                    element.append(self.deleted_run(text, bold=bold))
            if j2 > j1:
                elements = self._grouped(after[j1:j2], bold, part)
                if kept:
                    for child in elements:
                        element.append(child)
                elif elements:
                    element.append(self.inserted(*elements))

    def _grouped(self, found: list[_Token], bold: bool, part=None) -> list:
        """Consecutive tokens of one run written as one run (or link, or footnote marker)."""
        elements, start = [], 0
        for index in range(1, len(found) + 1):
            if index == len(found) or found[index].run is not found[start].run:
                text = "".join(t.text for t in found[start:index])
                elements += self.inline_elements(found[start].run, text, bold, part)
                start = index
        return elements

    def changed_footnotes(self) -> None:
        """Footnotes whose text changed hold their changes tracked, in word/footnotes.xml."""
        notes = self.footnotes
        written = {n.get(qn("w:id")): n for n in notes.element.iterchildren(qn("w:footnote"))}
        pairs = align(self.old.footnotes, self.document.footnotes, lambda f: m.plain_text(f.runs))
        for old, new in pairs:
            if old is None or new is None or m.plain_text(old.runs) == m.plain_text(new.runs):
                continue
            paragraph = written[str(new.number)].find(qn("w:p"))
            # Keep the footnote's own marker and the space after it; rewrite the rest.
            for child in list(paragraph)[3:]:
                paragraph.remove(child)
            self.tracked_runs(_Paragraph(paragraph), old.runs, new.runs, False, part=notes.part)

    def _part_style(self, paragraph: m.NumberedParagraph, index: int, part: m.ParagraphPart):
        if part.is_bullet:
            return docx.BULLET
        if paragraph.number is not None:
            return docx.NUMBERED if index == 0 else docx.CONTINUED
        return "Normal"

    def whole_paragraph(self, paragraph: m.NumberedParagraph, tag: str) -> None:
        """A paragraph only one state has: every run and paragraph mark inserted or deleted."""
        for index, part in enumerate(paragraph.parts):
            written = self.add_paragraph(style=self._part_style(paragraph, index, part))
            if tag == "w:ins":
                elements = self._grouped(
                    _inline_tokens(part.runs, self.new_notes), paragraph.strong
                )
                if elements:
                    written._p.append(self.inserted(*elements))
            else:
                text = m.plain_text(part.runs)
                if text:
                    written._p.append(self.deleted_run(text, bold=paragraph.strong))
            self.mark_paragraph(written, tag)

    def changed_paragraph(self, old: m.NumberedParagraph, new: m.NumberedParagraph) -> None:
        parts = align(list(enumerate(old.parts)), list(enumerate(new.parts)), _part_key)
        for old_part, new_part in parts:
            if new_part is None:
                index, part = old_part
                written = self.add_paragraph(style=self._part_style(old, index, part))
                written._p.append(self.deleted_run(m.plain_text(part.runs), bold=old.strong))
                self.mark_paragraph(written, "w:del")
                continue
            index, part = new_part
            written = self.add_paragraph(style=self._part_style(new, index, part))
            if old_part is None:
                elements = self._grouped(_inline_tokens(part.runs, self.new_notes), new.strong)
                if elements:
                    written._p.append(self.inserted(*elements))
                self.mark_paragraph(written, "w:ins")
            else:
                self.tracked_runs(written, old_part[1].runs, part.runs, new.strong)

    # Sections, blocks and tables

    def heading(self, old: m.Heading | None, new: m.Heading | None) -> None:
        old_text = f"{old.label}\t{old.text}" if old else ""
        new_text = f"{new.label}\t{new.text}" if new else ""
        written = self.add_paragraph(style="Heading 2")
        self.tracked_text(written, old_text, new_text)
        if old is None or new is None:
            self.mark_paragraph(written, "w:ins" if old is None else "w:del")

    def changed_table(self, old: m.Table | None, new: m.Table) -> None:
        grid = self.table(new)
        old_rows = {r.key: r for r in old.rows} if old else {}
        header_rows = len(new.header)
        for offset, row in enumerate(new.rows):
            before = old_rows.get(row.key)
            word_row = grid.rows[header_rows + offset]
            if before is None:
                word_row._tr.get_or_add_trPr().append(self.mark("w:ins"))
            for index, cell in enumerate(row.cells):
                old_text = before.cells[index].text if before and index < len(before.cells) else ""
                if old_text == cell.text:
                    continue
                paragraph = word_row.cells[index].paragraphs[0]
                runs = paragraph._p.findall(qn("w:r"))
                note = runs[-1] if cell.note and runs else None  # the superscript marker stays
                for run in runs:
                    if run is not note:
                        paragraph._p.remove(run)
                elements = []
                if old_text:
                    elements.append(self.deleted_run(old_text, bold=row.strong))
                if cell.text:
                    elements.append(self.inserted(docx._text_run(cell.text, bold=row.strong)))
                for element in elements:
                    if note is not None:
                        note.addprevious(element)
                    else:
                        paragraph._p.append(element)
        if old is not None:
            self.removed_rows(grid, old, new)

    def removed_rows(self, grid, old: m.Table, new: m.Table) -> None:
        """Rows only the older table has, put back where they stood, as deleted rows."""
        header_rows = len(new.header)
        rows = {row.key: grid.rows[header_rows + i]._tr for i, row in enumerate(new.rows)}
        previous = grid.rows[header_rows - 1]._tr
        for row in old.rows:
            if row.key in rows:
                previous = rows[row.key]
                continue
            added = grid.add_row()
            previous.addnext(added._tr)
            previous = added._tr
            added._tr.get_or_add_trPr().append(self.mark("w:del"))
            for cell, data in zip(added.cells, row.cells, strict=False):
                paragraph = self.styled(cell.paragraphs[0], docx.TABLE_TEXT)
                paragraph.alignment = docx.ALIGN[data.align]
                if data.text:
                    paragraph._p.append(self.deleted_run(data.text, bold=row.strong))
                self.mark_paragraph(paragraph, "w:del")

    def title_block(self, block: m.TitleBlock) -> None:
        super().title_block(block)
        old_title = self.old.title_block.title
        title = self.word.paragraphs[-1]  # the plain renderer writes the title last
        if old_title == block.title or title._p.style != self.style_ids["Title"]:
            return
        for run in title._p.findall(qn("w:r")):
            title._p.remove(run)
        self.tracked_text(title, old_title, block.title)

    def section_pair(self, old: m.Section | None, new: m.Section) -> None:
        heading = self.add_paragraph(style="Heading 1")
        self.tracked_text(heading, old.title if old else "", new.title)
        if old is None:
            self.mark_paragraph(heading, "w:ins")
        if new.is_appendix:
            heading.paragraph_format.page_break_before = True
            heading.alignment = docx.WD_ALIGN_PARAGRAPH.CENTER
        old_subtitle = old.subtitle if old else ""
        if new.subtitle or old_subtitle:
            subtitle = self.word.add_paragraph()
            if new.is_appendix:
                subtitle.alignment = docx.WD_ALIGN_PARAGRAPH.CENTER
            self.tracked_text(subtitle, old_subtitle, new.subtitle, bold=new.is_appendix)
        old_blocks = list(old.blocks) if old else []
        for before, after in align(old_blocks, list(new.blocks), block_text):
            self.block_pair(before, after)

    def block_pair(self, old: m.Block | None, new: m.Block | None) -> None:
        if isinstance(new, m.Table) or isinstance(old, m.Table):
            if isinstance(new, m.Table):
                self.changed_table(old if isinstance(old, m.Table) else None, new)
            return  # a table the newer state dropped is not redrawn
        if isinstance(new, m.Heading) or isinstance(old, m.Heading):
            self.heading(
                old if isinstance(old, m.Heading) else None,
                new if isinstance(new, m.Heading) else None,
            )
            return
        if new is None:
            self.whole_paragraph(old, "w:del")
        elif old is None or type(old) is not type(new):
            self.whole_paragraph(new, "w:ins")
        elif self._same(old, new):
            self.paragraph(new)
        else:
            self.changed_paragraph(old, new)

    def _same(self, old: m.NumberedParagraph, new: m.NumberedParagraph) -> bool:
        return [[t.key for t in _inline_tokens(p.runs, self.old_notes)] for p in old.parts] == [
            [t.key for t in _inline_tokens(p.runs, self.new_notes)] for p in new.parts
        ] and [p.is_bullet for p in old.parts] == [p.is_bullet for p in new.parts]

    def render(self) -> bytes:
        self.changed_footnotes()
        return super().render()

    def section(self, section: m.Section) -> None:
        """The plain renderer's loop calls this for each section of the newer document; after
        the last, the sections only the older one has follow, deleted."""
        self.section_pair(self.old_sections.get(id(section)), section)
        if section is self.document.sections[-1]:
            for old, new in align_sections(self.old, self.document):
                if new is None:
                    self.removed_section(old)

    def removed_section(self, section: m.Section) -> None:
        heading = self.add_paragraph(style="Heading 1")
        heading._p.append(self.deleted_run(section.title))
        self.mark_paragraph(heading, "w:del")
        for block in section.blocks:
            if isinstance(block, m.NumberedParagraph):
                self.whole_paragraph(block, "w:del")
            elif isinstance(block, m.Heading):
                self.heading(block, None)


@dataclass(frozen=True)
class _Paragraph:
    """A bare w:p element, where a python-docx paragraph is expected."""

    _p: object


def _part_key(indexed: tuple[int, m.ParagraphPart]) -> str:
    return m.plain_text(indexed[1].runs)


def render(old: m.Document, new: m.Document, *, author: str, date: datetime.datetime) -> bytes:
    """`new` as DOCX bytes, with its changes against `old` as Word tracked changes."""
    return _RedlineWriter(old, new, author=author, date=date).render()
