"""The document as Word (DOCX), editable as the Governing Body's editors work on it.

Real Word structure throughout: section titles in "Heading 1", the lines of action (a)–(i) in
"Heading 2", numbered paragraphs in a "Numbered Paragraph" style linked to a Word numbering
definition (so a paragraph inserted in Word is numbered and the rest renumber), bullets from a
bullet numbering, real footnotes (word/footnotes.xml, which python-docx has no API for, is added
as a part of its own) and tables with header rows. Text only ever enters the XML through lxml
text nodes, so markup in a paragraph is written as text.
"""

import functools
from io import BytesIO

from docx import Document as new_word_document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt, RGBColor

from .. import model as m

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSION = "docx"

FONT = "Times New Roman"
HANG = Cm(1)  # paragraph numbers and line-of-action letters hang by this much
BULLET_HANG = Cm(0.7)
TEXT_WIDTH = Cm(16)  # A4 less 2.5 cm margins
ALIGN = {
    m.Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    m.Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    m.Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
}

NUMBERED = "Numbered Paragraph"
BULLET = "Numbered Paragraph Bullet"
CONTINUED = "Numbered Paragraph Continued"
FOOTNOTE_TEXT = "Footnote Text"
FOOTNOTE_REFERENCE = "Footnote Reference"
HYPERLINK = "Hyperlink"
TABLE_TEXT = "Table Text"
TABLE_NOTE = "Table Note"
PROOFING_LANGUAGES = {"en": "en-GB", "es": "es-ES", "fr": "fr-FR"}
PARAGRAPH_STYLES = (
    "Normal", "Title", "Heading 1", "Heading 2", NUMBERED, BULLET, CONTINUED, TABLE_TEXT, TABLE_NOTE,
)  # fmt: skip


def _twips(length) -> str:
    return str(int(length) // 635)  # 635 EMU to the twip


class _Numbering:
    """Adds the decimal numbering of paragraphs and the bullet list to numbering.xml."""

    def __init__(self, word):
        self.element = word.part.numbering_part.element
        abstract = [
            int(e.get(qn("w:abstractNumId")))
            for e in self.element.iterchildren(qn("w:abstractNum"))
        ]
        nums = [int(e.get(qn("w:numId"))) for e in self.element.iterchildren(qn("w:num"))]
        self.next_abstract = max(abstract, default=0) + 1
        self.next_num = max(nums, default=0) + 1

    def add(self, *, fmt: str, text: str, style_id: str, left, hanging, font: str = "") -> int:
        abstract_id, num_id = self.next_abstract, self.next_num
        self.next_abstract += 1
        self.next_num += 1
        run_font = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/><w:sz w:val="16"/></w:rPr>'
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:pStyle w:val="{style_id}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{_twips(left)}"/></w:tabs>'
            f'<w:ind w:left="{_twips(left)}" w:hanging="{_twips(hanging)}"/></w:pPr>'
            f"{run_font if font else ''}</w:lvl></w:abstractNum>"
        )
        # Every abstractNum must precede the first num.
        first_num = self.element.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.element.append(abstract)
        self.element.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )
        return num_id


def _set_numbering(style, num_id: int) -> None:
    num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_numId().val = num_id


def _defaults(word, language: str) -> None:
    """Times New Roman everywhere (not the template's theme fonts) and the proofing language."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    lang = r_pr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), PROOFING_LANGUAGES.get(language, language))


def _styles(word) -> None:
    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    for name in ("Heading 1", "Heading 2", "Title"):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(14 if name == "Title" else 11)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attribute), None)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(24)
    title.paragraph_format.space_after = Pt(18)
    title_pr = title.element.get_or_add_pPr()
    for border in title_pr.findall(qn("w:pBdr")):  # the template's Title has a blue rule
        title_pr.remove(border)
    heading_2 = styles["Heading 2"].paragraph_format
    heading_2.left_indent = HANG
    heading_2.first_line_indent = -HANG
    heading_2.tab_stops.add_tab_stop(HANG)

    def paragraph_style(name, *, base="Normal"):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        return style

    numbering = _Numbering(word)
    numbered = paragraph_style(NUMBERED)
    _set_numbering(
        numbered,
        numbering.add(
            fmt="decimal", text="%1.", style_id="NumberedParagraph", left=HANG, hanging=HANG
        ),
    )
    bullet = paragraph_style(BULLET)
    _set_numbering(
        bullet,
        numbering.add(
            fmt="bullet",
            text="■",
            style_id="NumberedParagraphBullet",
            left=HANG + BULLET_HANG,
            hanging=BULLET_HANG,
            font="Arial",
        ),
    )
    bullet.paragraph_format.left_indent = Emu(HANG + BULLET_HANG)
    bullet.paragraph_format.first_line_indent = -BULLET_HANG
    continued = paragraph_style(CONTINUED)
    continued.paragraph_format.left_indent = HANG

    footnote_text = paragraph_style(FOOTNOTE_TEXT)
    footnote_text.font.size = Pt(9)
    footnote_text.paragraph_format.space_after = Pt(0)
    footnote_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table_text = paragraph_style(TABLE_TEXT)
    table_text.font.size = Pt(10)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table_note = paragraph_style(TABLE_NOTE)
    table_note.font.size = Pt(9)
    table_note.paragraph_format.space_before = Pt(3)

    reference = styles.add_style(FOOTNOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER)
    reference.font.superscript = True
    link = styles.add_style(HYPERLINK, WD_STYLE_TYPE.CHARACTER)
    link.font.underline = True
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)


class _Footnotes:
    """word/footnotes.xml: the separators Word expects (ids -1 and 0), then one per footnote."""

    def __init__(self, word, *, text_style: str, reference_style: str, link_style: str):
        self.text_style, self.reference_style, self.link_style = (
            text_style, reference_style, link_style
        )  # fmt: skip
        self.element = parse_xml(
            f"<w:footnotes {nsdecls('w', 'r')}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            "<w:r><w:separator/></w:r></w:p></w:footnote>"
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/>'
            "</w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
            "</w:footnotes>"
        )
        self.part = XmlPart(
            PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.element, word.part.package
        )
        word.part.relate_to(self.part, RT.FOOTNOTES)
        # settings.xml names the separators; footnotePr goes just before w:compat.
        settings = word.settings.element
        footnote_pr = parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        )
        compat = settings.find(qn("w:compat"))
        if compat is not None:
            compat.addprevious(footnote_pr)

    def add(self, footnote: m.Footnote) -> None:
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(footnote.number))
        paragraph = OxmlElement("w:p")
        p_pr = OxmlElement("w:pPr")
        p_style = OxmlElement("w:pStyle")
        p_style.set(qn("w:val"), self.text_style)
        p_pr.append(p_style)
        paragraph.append(p_pr)
        marker = _run_element(style_id=self.reference_style)
        marker.append(OxmlElement("w:footnoteRef"))
        paragraph.append(marker)
        paragraph.append(_text_run(" "))
        for run in footnote.runs:
            if isinstance(run, m.LinkRun):
                paragraph.append(_hyperlink(self.part, run, self.link_style))
            elif not isinstance(run, m.FootnoteRun):
                paragraph.append(_text_run(run.text))
        if footnote.language:
            tag_language(paragraph, footnote.language)
        note.append(paragraph)
        self.element.append(note)


def tag_language(element, language: str) -> None:
    """Mark every run inside `element` as written in `language`, for spelling and hyphenation
    (a text that falls back to the source language is not the document's language)."""
    code = PROOFING_LANGUAGES.get(language, language)
    for run in element.iter(qn("w:r")):
        r_pr = run.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            run.insert(0, r_pr)
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr.append(lang)  # w:lang comes late in CT_RPr; none of what follows it is used
        lang.set(qn("w:val"), code)


def _run_element(*, style_id: str = "", bold: bool = False):
    run = OxmlElement("w:r")
    if style_id or bold:
        r_pr = OxmlElement("w:rPr")
        if style_id:
            r_style = OxmlElement("w:rStyle")
            r_style.set(qn("w:val"), style_id)
            r_pr.append(r_style)
        if bold:
            r_pr.append(OxmlElement("w:b"))
        run.append(r_pr)
    return run


def _text_run(text: str, *, style_id: str = "", bold: bool = False):
    run = _run_element(style_id=style_id, bold=bold)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text  # lxml escapes: <, &, ]]> and the like stay text
    run.append(t)
    return run


def _hyperlink(part, run: m.LinkRun, style_id: str, bold: bool = False):
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), part.relate_to(run.url, RT.HYPERLINK, is_external=True))
    link.append(_text_run(run.text, style_id=style_id, bold=bold))
    return link


def _paragraph_style_ids(word) -> dict[str, str | None]:
    """Each paragraph style's id by name, None for the default (Normal), as python-docx writes it."""
    styles = word.styles
    default = styles.default(WD_STYLE_TYPE.PARAGRAPH).style_id
    ids = {}
    for name in PARAGRAPH_STYLES:
        style_id = styles[name].style_id
        ids[name] = None if style_id == default else style_id
    return ids


@functools.lru_cache(maxsize=8)
def _styled_base(language: str) -> bytes:
    """An empty document with the defaults and styles of `language`, made once per process:
    adding the styles took 35 ms of each export (python-docx scans every style to add one);
    opening the saved base takes 17 ms."""
    word = new_word_document()
    _defaults(word, language)
    _styles(word)
    saved = BytesIO()
    word.save(saved)
    return saved.getvalue()


class _Writer:
    def __init__(self, document: m.Document):
        self.document = document
        self.word = new_word_document(BytesIO(_styled_base(document.language)))
        # Looked up once: python-docx resolves a style name by scanning every style, and
        # setting `paragraph.style` by name scans them again for the default, per paragraph.
        self.style_ids = _paragraph_style_ids(self.word)
        styles = self.word.styles
        self.reference_style = styles[FOOTNOTE_REFERENCE].style_id
        self.link_style = styles[HYPERLINK].style_id
        self.footnotes = _Footnotes(
            self.word,
            text_style=styles[FOOTNOTE_TEXT].style_id,
            reference_style=self.reference_style,
            link_style=self.link_style,
        )
        for footnote in document.footnotes:
            self.footnotes.add(footnote)

    def styled(self, paragraph, style: str):
        """Give `paragraph` the paragraph style named `style` by its id (what `.style =` does)."""
        paragraph._p.style = self.style_ids[style]
        return paragraph

    def add_paragraph(self, text: str = "", style: str | None = None):
        """`Document.add_paragraph`, with the style set by its looked-up id."""
        paragraph = self.word.add_paragraph(text)
        return paragraph if style is None else self.styled(paragraph, style)

    def runs(self, paragraph, runs: tuple[m.Inline, ...], *, bold: bool = False) -> None:
        element = paragraph._p
        for run in runs:
            if isinstance(run, m.FootnoteRun):
                reference = _run_element(style_id=self.reference_style)
                note = OxmlElement("w:footnoteReference")
                note.set(qn("w:id"), str(run.number))
                reference.append(note)
                element.append(reference)
            elif isinstance(run, m.LinkRun):
                element.append(_hyperlink(self.word.part, run, self.link_style, bold))
            elif run.text:
                element.append(_text_run(run.text, bold=bold))

    def page_setup(self) -> None:
        section = self.word.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.4)
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        header.add_run(self.document.title_block.symbol).font.size = Pt(9)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        field.append(_text_run("1"))
        footer._p.append(field)

    def title_block(self, block: m.TitleBlock) -> None:
        word = self.word
        organisation = word.add_paragraph()
        organisation.paragraph_format.space_after = Pt(0)
        run = organisation.add_run(block.organisation.upper())
        run.font.size = Pt(9)
        body = word.add_paragraph()
        body.paragraph_format.space_after = Pt(0)
        body.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        run = body.add_run(block.body)
        run.bold, run.font.size = True, Pt(16)
        session = word.add_paragraph()
        session.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        session.add_run(block.session)
        session.add_run("\t")
        symbol = session.add_run(block.symbol)
        symbol.bold, symbol.font.size = True, Pt(14)
        _border(session, "bottom")
        dated = [line for line in (block.date, block.original) if line]
        if dated:
            frame = word.add_paragraph()
            frame.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            frame.paragraph_format.space_after = Pt(6)
            for index, line in enumerate(dated):
                run = frame.add_run(line)
                run.font.size = Pt(10)
                if index < len(dated) - 1:
                    run.add_break()
        segment = word.add_paragraph()
        segment.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        segment.add_run(block.segment).bold = True
        if block.purpose:
            segment.add_run("\t")
            segment.add_run(block.purpose.upper()).bold = True
        title = self.add_paragraph(block.title, style="Title")
        if block.language:
            for paragraph in (session, segment, title):
                tag_language(paragraph._p, block.language)
        if self.document.notice:
            notice = word.add_paragraph()
            notice.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _border(notice, "top")
            _border(notice, "bottom")
            run = notice.add_run(self.document.notice)
            run.bold, run.font.size = True, Pt(10)

    def paragraph(self, paragraph: m.NumberedParagraph) -> None:
        for index, part in enumerate(paragraph.parts):
            if part.is_bullet:
                style = BULLET
            elif paragraph.number is not None:
                style = NUMBERED if index == 0 else CONTINUED
            else:
                style = "Normal"
            written = self.add_paragraph(style=style)
            self.runs(written, part.runs, bold=paragraph.strong)
            if paragraph.language:
                tag_language(written._p, paragraph.language)

    def table(self, table: m.Table):
        """Write one table; returns the Word table (the redline marks its changed cells)."""
        header_rows = len(table.header)
        grid = self.word.add_table(rows=header_rows + len(table.rows), cols=table.column_count)
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        total = sum(table.widths)
        widths = [int(TEXT_WIDTH * w / total) for w in table.widths]
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width  # the tblGrid, which LibreOffice follows
        rows = grid.rows
        cells = [row.cells for row in rows]
        for row_cells in cells:
            for cell, width in zip(row_cells, widths, strict=True):
                cell.width = width
        for index in range(header_rows):
            tr_pr = rows[index]._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeated on every page
        # Header: place each cell at its first free column, then merge its span.
        taken: set[tuple[int, int]] = set()
        for r, header_row in enumerate(table.header):
            c = 0
            for head in header_row:
                while (r, c) in taken:
                    c += 1
                cell = cells[r][c]
                target = cells[r + head.rowspan - 1][c + head.colspan - 1]
                if target is not cell:
                    cell = cell.merge(target)
                for rr in range(r, r + head.rowspan):
                    for cc in range(c, c + head.colspan):
                        taken.add((rr, cc))
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
                paragraph = self.styled(cell.paragraphs[0], TABLE_TEXT)
                paragraph.alignment = ALIGN[head.align]
                for line_number, line in enumerate(head.lines):
                    run = paragraph.add_run(line)
                    run.bold, run.font.size = True, Pt(9)
                    if line_number < len(head.lines) - 1:
                        run.add_break()
                c += head.colspan
        for offset, row in enumerate(table.rows):
            for cell, data in zip(cells[header_rows + offset], row.cells, strict=True):
                paragraph = self.styled(cell.paragraphs[0], TABLE_TEXT)
                paragraph.alignment = ALIGN[data.align]
                if data.indent:
                    paragraph.paragraph_format.left_indent = Cm(0.4 * data.indent)
                if data.text:
                    paragraph.add_run(data.text).bold = row.strong
                if data.note:
                    paragraph.add_run(data.note).font.superscript = True
                if data.language:
                    tag_language(paragraph._p, data.language)
        _table_borders(grid, table, header_rows)
        for note in table.notes:
            paragraph = self.add_paragraph(style=TABLE_NOTE)
            paragraph.add_run(note.marker).font.superscript = True
            paragraph.add_run(f" {note.text}")
        return grid

    def section(self, section: m.Section) -> None:
        heading = self.add_paragraph(section.title, style="Heading 1")
        subtitle = None
        if section.is_appendix:
            heading.paragraph_format.page_break_before = True
            heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if section.subtitle:
                subtitle = self.word.add_paragraph()
                subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
                subtitle.paragraph_format.space_after = Pt(12)
                subtitle.add_run(section.subtitle).bold = True
        elif section.subtitle:
            subtitle = self.word.add_paragraph(section.subtitle)
        if section.language:
            for written in (heading, subtitle):
                if written is not None:
                    tag_language(written._p, section.language)
        for block in section.blocks:
            if isinstance(block, m.Heading):
                line = self.add_paragraph(f"{block.label}\t{block.text}", style="Heading 2")
                if block.language:
                    tag_language(line._p, block.language)
            elif isinstance(block, m.NumberedParagraph):
                self.paragraph(block)
            elif isinstance(block, m.Table):
                self.table(block)

    def render(self) -> bytes:
        properties = self.word.core_properties
        properties.title = self.document.title_block.title
        properties.subject = self.document.title_block.symbol
        properties.author = properties.last_modified_by = self.document.title_block.organisation
        properties.language = self.document.language
        properties.keywords = properties.comments = ""
        properties.revision = 1
        self.page_setup()
        self.title_block(self.document.title_block)
        for section in self.document.sections:
            self.section(section)
        # The template's empty first paragraph would print a blank line before the title block.
        first = self.word.paragraphs[0]
        if not first.text and first._p.getnext() is not None:
            first._p.getparent().remove(first._p)
        buffer = BytesIO()
        self.word.save(buffer)
        return buffer.getvalue()


def _border(paragraph, side: str, size: int = 6) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", "000000")):
        edge.set(qn(f"w:{key}"), value)
    borders.append(edge)
    # pBdr comes after numPr and before shd/tabs/spacing in CT_PPr's sequence.
    successor = None
    for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        successor = p_pr.find(qn(tag))
        if successor is not None:
            break
    if successor is not None:
        successor.addprevious(borders)
    else:
        p_pr.append(borders)


def _cell_border(tc, **sides: int) -> None:
    """Set the top and/or bottom rule of one table cell (a w:tc element) to the given size."""
    tc_pr = tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        # tcBorders follows tcW, gridSpan and vMerge in CT_TcPr's sequence.
        anchors = [tc_pr.find(qn(t)) for t in ("w:tcW", "w:gridSpan", "w:vMerge")]
        anchor = next((e for e in reversed(anchors) if e is not None), None)
        if anchor is not None:
            anchor.addnext(borders)
        else:
            tc_pr.insert(0, borders)
    for side in ("top", "bottom"):  # the schema's order: top, left, bottom, right
        if side not in sides:
            continue
        for old in borders.findall(qn(f"w:{side}")):
            borders.remove(old)
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", str(sides[side])), ("space", "0")):
            edge.set(qn(f"w:{key}"), value)
        edge.set(qn("w:color"), "000000")
        if side == "top":
            borders.insert(0, edge)
        else:
            borders.append(edge)


RULED_ABOVE = ("total", "total_income", "funds_available")


def _table_borders(grid, table: m.Table, header_rows: int) -> None:
    """Rules as the appendices print them: above and below the header, above totals, below all."""
    rows = [row._tr.tc_lst for row in grid.rows]
    for tc in rows[0]:
        _cell_border(tc, top=8)
    for tc in rows[header_rows - 1]:
        _cell_border(tc, bottom=4)
    for offset, row in enumerate(table.rows):
        sides = {}
        if row.key in RULED_ABOVE:
            sides["top"] = 4
        if offset == len(table.rows) - 1:
            sides["bottom"] = 8
        for tc in rows[header_rows + offset] if sides else ():
            _cell_border(tc, **sides)


def render(document: m.Document) -> bytes:
    """The document as DOCX bytes."""
    return _Writer(document).render()
