"""The document as PDF: Typst source generated from the model, compiled in memory.

Every piece of the document's text enters the source as a Typst *string literal* written by
`typst_string`, never as markup, so `#`, `*`, `_`, `$`, `@`, `<`, `[` or `=` in a paragraph
print as themselves and cannot call a function, read a file or import a package. Fonts are
the compiler's embedded ones (Libertinus Serif) plus any in static/fonts; system fonts are
ignored, and the compiler's root is static/, so nothing outside the project is read.
"""

import re
from pathlib import Path

import typst
from django.conf import settings

from .. import model as m

MEDIA_TYPE = "application/pdf"
EXTENSION = "pdf"

PLACEHOLDER = re.compile(r"@@([A-Z]+)@@")
# Paragraph numbers and line-of-action letters hang in a column of this width.
HANG = "2.2em"

PREAMBLE = """\
#set document(title: @@TITLE@@, author: @@AUTHOR@@, date: none)
#set page(
  paper: "a4",
  margin: (top: 2.4cm, bottom: 2.4cm, left: 2.5cm, right: 2.5cm),
  header: context {
    if counter(page).get().first() > 1 { align(right, text(size: 9pt, @@SYMBOL@@)) }
  },
  footer: context {
    if counter(page).get().first() > 1 { align(center, text(size: 9pt, counter(page).display())) }
  },
)
#set text(font: "Libertinus Serif", size: 11pt, lang: @@LANG@@, hyphenate: false)
#set par(justify: true, leading: 0.6em, spacing: 1.1em)
#set footnote.entry(separator: line(length: 30%, stroke: 0.5pt), gap: 0.6em, indent: 0em)
#show footnote.entry: set text(size: 9pt)
#show footnote.entry: set par(justify: false)
#show heading: set text(size: 11pt, weight: "bold")
#show heading: set par(justify: false)
#show table: set par(justify: false)
#show heading.where(level: 1): set block(above: 1.6em, below: 1em, sticky: true)
#let numbered(number, body) = par(hanging-indent: @@HANG@@)[#box(width: @@HANG@@, number)#body]
#let bullet(body) = pad(left: @@HANG@@, par(hanging-indent: 1.3em)[#box(width: 1.3em, text(size: 8pt, baseline: -0.1em, "■"))#body])
#let line-heading(label, body) = block(above: 1.4em, below: 1em, sticky: true,
  grid(columns: (@@HANG@@, 1fr), text(weight: "bold", label), heading(level: 2, body)))
#let appendix-title(title, subtitle) = {
  pagebreak(weak: true)
  align(center, block(below: 1.5em, { heading(level: 1, title); if subtitle != "" { v(0.4em); text(weight: "bold", subtitle) } }))
}
"""


def typst_string(text: str) -> str:
    """`text` as a Typst string literal: only the backslash, the quote and controls escaped."""
    out = ['"']
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{{{ord(char):x}}}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


S = typst_string


def in_language(body: str, language: str) -> str:
    """A Typst expression whose text is marked as written in `language` (when it is not the
    document's own), so hyphenation and the PDF's language tags are right."""
    return f"text(lang: {S(language)}, {body})" if language else body


class _Writer:
    def __init__(self, document: m.Document):
        self.document = document
        self.footnotes = {f.number: f for f in document.footnotes}
        self.out: list[str] = []

    def inline(self, runs: tuple[m.Inline, ...]) -> str:
        """Runs as Typst content: each piece an expression, so nothing is read as markup."""
        parts = []
        for run in runs:
            if isinstance(run, m.FootnoteRun):
                note = self.footnotes.get(run.number)
                body = in_language(self.inline(note.runs), note.language) if note else "[]"
                parts.append(f"#footnote([#h(0.3em)#{body}])")
            elif isinstance(run, m.LinkRun):
                parts.append(f"#link({S(run.url)}, {S(run.text)})")
            elif run.text:
                parts.append(f"#{S(run.text)}")
        return "[" + "".join(parts) + "]"

    def title_block(self, block: m.TitleBlock) -> None:
        lang = block.language
        dated = "#linebreak()".join(f"#{S(line)}" for line in (block.date, block.original) if line)
        purpose = f'text(weight: "bold", upper({S(block.purpose)}))' if block.purpose else "[]"
        self.out.append(
            "#grid(columns: (1fr, auto), gutter: 1em,\n"
            f"  [#text(size: 9pt, tracking: 0.6pt, upper({S(block.organisation)}))"
            f'#linebreak()#text(size: 16pt, weight: "bold", {S(block.body)})'
            f"#linebreak()#{in_language(S(block.session), lang)}],\n"
            f'  align(right + bottom, text(size: 14pt, weight: "bold", {S(block.symbol)})),\n'
            ")\n"
            "#line(length: 100%, stroke: 0.8pt)\n"
            + (f"#align(right, text(size: 10pt)[{dated}])\n" if dated else "")
            + "#grid(columns: (1fr, auto), gutter: 1em,\n"
            f'  text(size: 10pt, weight: "bold", {in_language(S(block.segment), lang)}),\n'
            f"  text(size: 10pt, {purpose}),\n"
            ")\n"
            "#v(2em)\n"
            f'#align(center, block(width: 88%, par(justify: false, text(size: 14pt, weight: "bold", {in_language(S(block.title), lang)}))))\n'
            "#v(1.5em)\n"
        )
        if self.document.notice:
            self.out.append(
                "#align(center, block(stroke: (y: 0.6pt), inset: 6pt, "
                f'text(size: 10pt, weight: "bold", {S(self.document.notice)})))\n#v(1em)\n'
            )

    def paragraph(self, paragraph: m.NumberedParagraph) -> None:
        for index, part in enumerate(paragraph.parts):
            body = in_language(self.inline(part.runs), paragraph.language)
            if paragraph.strong:
                body = f'text(weight: "bold", {body})'
            if part.is_bullet:
                self.out.append(f"#bullet({body})\n")
            elif index == 0 and paragraph.number is not None:
                self.out.append(f"#numbered({S(f'{paragraph.number}.')}, {body})\n")
            elif paragraph.number is not None:  # prose after the bullets keeps the indent
                self.out.append(f"#pad(left: {HANG}, par({body}))\n")
            else:
                self.out.append(f"#par({body})\n")

    def cell(self, cell: m.Cell, strong: bool) -> str:
        content = f"#{in_language(S(cell.text), cell.language)}" if cell.text else ""
        if cell.note:
            content += f"#super({S(cell.note)})"
        body = f"[{content}]"
        if cell.align == m.Align.RIGHT:
            body = f"box({body})"  # a figure never wraps
        if strong:
            body = f'text(weight: "bold", {body})'
        if cell.indent:
            body = f"pad(left: {cell.indent}em, {body})"
        return f"table.cell(align: {cell.align} + bottom, {body})"

    def table(self, table: m.Table) -> None:
        widths = ", ".join(f"{w}fr" for w in table.widths)
        cells = ["table.hline(stroke: 0.8pt)"]
        header = []
        for row in table.header:
            for head in row:
                lines = "#linebreak()".join(f"#{S(line)}" for line in head.lines)
                header.append(
                    f"table.cell(colspan: {head.colspan}, rowspan: {head.rowspan}, "
                    f'align: {head.align} + bottom, text(weight: "bold", [{lines}]))'
                )
        cells.append("table.header(" + ", ".join(header) + ")")
        cells.append("table.hline(stroke: 0.5pt)")
        for row in table.rows:
            if row.key in ("total", "total_income", "funds_available"):
                cells.append("table.hline(stroke: 0.4pt)")
            cells.extend(self.cell(cell, row.strong) for cell in row.cells)
        cells.append("table.hline(stroke: 0.8pt)")
        self.out.append(
            f"#table(columns: ({widths}), stroke: none, inset: (x: 4pt, y: 4pt),\n  "
            + ",\n  ".join(cells)
            + ",\n)\n"
        )
        for note in table.notes:
            self.out.append(f"#text(size: 9pt)[#super({S(note.marker)})#h(0.2em)#{S(note.text)}]\n")

    def section(self, section: m.Section) -> None:
        lang = section.language
        if section.is_appendix:
            title = in_language(S(section.title), lang)
            # appendix-title compares the subtitle with "": an empty one stays a plain string
            subtitle = in_language(S(section.subtitle), lang) if section.subtitle else S("")
            self.out.append(f"#appendix-title({title}, {subtitle})\n")
        else:
            self.out.append(f"#heading(level: 1, {in_language(S(section.title), lang)})\n")
            if section.subtitle:
                self.out.append(f"#par({in_language(S(section.subtitle), lang)})\n")
        for block in section.blocks:
            if isinstance(block, m.Heading):
                text = in_language(S(block.text), block.language)
                self.out.append(f"#line-heading({S(block.label)}, {text})\n")
            elif isinstance(block, m.NumberedParagraph):
                self.paragraph(block)
            elif isinstance(block, m.Table):
                self.table(block)

    def source(self) -> str:
        block = self.document.title_block
        values = {
            "TITLE": S(block.title or block.symbol),
            "AUTHOR": S(block.organisation),
            "SYMBOL": S(block.symbol),
            "LANG": S(self.document.language),
            "HANG": HANG,
        }
        # One pass, so a value is never searched again for another placeholder.
        self.out.append(PLACEHOLDER.sub(lambda match: values[match[1]], PREAMBLE))
        self.title_block(block)
        for section in self.document.sections:
            self.section(section)
        return "".join(self.out)


def typst_source(document: m.Document) -> str:
    """The Typst source of the whole document (public for tests and debugging)."""
    return _Writer(document).source()


def _font_paths() -> list[str]:
    fonts = Path(settings.BASE_DIR) / "static" / "fonts"
    return [str(fonts)] if fonts.is_dir() else []


def render(document: m.Document) -> bytes:
    """The document as PDF bytes."""
    return typst.compile(
        typst_source(document).encode("utf-8"),
        root=str(Path(settings.BASE_DIR) / "static"),
        font_paths=_font_paths(),
        ignore_system_fonts=True,
    )
