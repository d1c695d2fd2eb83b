"""GB.337/PFA/3 as the seed file prints it, parsed from the file itself (not from our data).

The file is text extracted from the PDF of the Governing Body document: lines separated by
blank lines, a page starting with a space, footnotes at the foot of a page after a line holding
only a space, and words hyphenated at the end of a line (on-the-/job).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

SEED_FILE = Path(__file__).parent / "fixtures" / "GB.337-PFA-3.txt"
SECTION_TITLES = ("Introduction", "Programme", "Budget", "Resource mobilization", "Draft decision")
BULLET = "■"


def normalise(text: str) -> str:
    """One space between words (no-break spaces included), none at the ends."""
    return " ".join(text.split())


def _join(text: str, line: str) -> str:
    if not text:
        return line
    if re.search(r"\w-$", text):  # a word hyphenated at the end of a line: capacity-/building
        return text + line
    return f"{text} {line}"


@dataclass
class SeedParagraph:
    number: int
    lead: str = ""
    bullets: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Lead and bullets as one normalised text, each bullet marked with ■."""
        return normalise(" ".join([self.lead, *(f"{BULLET} {b}" for b in self.bullets)]))


@dataclass
class Seed:
    sections: list[str]
    paragraphs: list[SeedParagraph]
    headings: dict[str, str]  # letter -> heading text of the lines of action
    footnotes: dict[int, str]
    appendix_one_titles: list[str]
    appendix_one_intro: str
    appendix_one_header: list[str]
    appendix_one: list[tuple[str, str, list[str]]]  # label, note marker, figures
    appendix_one_notes: list[str]
    appendix_two_header: list[str]
    appendix_two: list[tuple[str, list[str]]]  # label, figures

    def paragraph(self, number: int) -> SeedParagraph:
        return self.paragraphs[number - 1]

    def footnote_anchors(self) -> list[tuple[str, int, str]]:
        """(word before, number, word after) for each footnote marker in the paragraphs."""
        anchors = []
        for paragraph in self.paragraphs:
            for number in self.footnotes:
                match = re.search(rf"(\S+) {number} ([a-z]\w*)", paragraph.text)
                if match:
                    anchors.append((match[1], number, match[2]))
        return anchors

    def without_footnote_markers(self, text: str) -> str:
        for before, number, after in self.footnote_anchors():
            text = text.replace(f"{before} {number} {after}", f"{before} {after}")
        return text


def _body_and_footnotes(lines: list[str]) -> tuple[list[str], dict[int, str]]:
    body, footnotes = [], {}
    in_footnotes, current = False, None
    for line in lines:
        if line and not line.strip():  # a line of only a space opens a page's footnotes
            in_footnotes = True
            continue
        if in_footnotes:
            if line.startswith(" ") and line.strip():  # the next page starts
                in_footnotes = False
            elif line.strip():
                match = re.match(r"^(\d+)\s+(.*)$", line.strip())
                if match:
                    current = int(match[1])
                    footnotes[current] = match[2]
                elif current is not None and not footnotes[current].endswith(line.strip()):
                    footnotes[current] = _join(footnotes[current], line.strip())
                continue
            else:
                continue
        if line.strip():
            body.append(line.strip())
    return body, {n: normalise(t) for n, t in footnotes.items()}


def _groups(lines: list[str], *, keep_spaces: bool = False) -> list[str]:
    """Blocks of consecutive non-blank lines, each joined (normalised unless keep_spaces)."""
    groups, current = [], []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            joined = " ".join(current)
            groups.append(joined if keep_spaces else normalise(joined))
            current = []
    return groups


def _figures(line: str) -> tuple[str, list[str]]:
    """A table line split into its label and its figures (separated by two spaces or more)."""
    parts = re.split(r"\s{2,}", line.strip())
    return parts[0], parts[1:]


def parse(text: str) -> Seed:
    lines = text.splitlines()
    appendix_one = next(i for i, line in enumerate(lines) if line.strip() == "Appendix I")
    appendix_two = next(i for i, line in enumerate(lines) if line.strip() == "Appendix II")
    body, footnotes = _body_and_footnotes(lines[:appendix_one])

    sections, paragraphs, headings = [], [], {}
    target = None  # what the next line continues: ("paragraph"|"bullet"|"heading", key)
    for line in body:
        heading = re.match(r"^\(([a-i])\) (.*)$", line)
        numbered = re.match(r"^(\d+)\. (.*)$", line)
        if line in SECTION_TITLES:
            sections.append(line)
            target = None
        elif heading:
            headings[heading[1]] = heading[2]
            target = ("heading", heading[1])
        elif numbered and int(numbered[1]) == len(paragraphs) + 1:
            paragraphs.append(SeedParagraph(int(numbered[1]), numbered[2]))
            target = ("paragraph", None)
        elif line.startswith(BULLET):
            paragraphs[-1].bullets.append(line[len(BULLET) :].strip())
            target = ("bullet", None)
        elif target and target[0] == "heading":
            headings[target[1]] = _join(headings[target[1]], line)
        elif target and target[0] == "bullet":
            paragraphs[-1].bullets[-1] = _join(paragraphs[-1].bullets[-1], line)
        elif target:
            paragraphs[-1].lead = _join(paragraphs[-1].lead, line)
    headings = {letter: normalise(text) for letter, text in headings.items()}

    # Appendix I: its title and subtitle, the text above the table, the three column headings,
    # rows A. to E., then the table's note.
    part = lines[appendix_one:appendix_two]
    intro_start = next(i for i, line in enumerate(part) if line.startswith("The following"))
    intro_end = next(i for i in range(intro_start, len(part)) if part[i].strip().endswith("."))
    intro = ""
    for line in part[intro_start : intro_end + 1]:
        if line.strip():
            intro = _join(intro, line.strip())
    first_row = next(i for i, line in enumerate(part) if line.startswith("A. "))
    header_one = _groups(part[intro_end + 1 : first_row])
    rows_one, notes_one = [], []
    for line in part[first_row:]:
        if not line.strip():
            continue
        if line.startswith("¹"):
            notes_one.append(normalise(line[1:]))
            continue
        label, figures = _figures(line)
        marker = ""
        match = re.match(r"^(.*\S) (\d)$", label)
        if match:
            label, marker = match[1], match[2]
        rows_one.append((normalise(label), marker, figures))

    # Appendix II: "Subprogramme Work years/months  Cost in US$", then the second header row
    # (Professional service, General service, Staff, Non-staff, Total), then the rows.
    part = lines[appendix_two:]
    header_start = next(i for i, line in enumerate(part) if line.startswith("Subprogramme"))
    first_row = next(
        i for i, line in enumerate(part) if line.startswith("Programme implementation")
    )
    first, *spans = re.split(r"\s{2,}", part[header_start].strip())
    header_two = first.split(" ", 1) + spans
    for group in _groups(part[header_start + 1 : first_row], keep_spaces=True):
        header_two += [normalise(cell) for cell in re.split(r"\s{2,}", group)]
    rows_two = []
    for line in part[first_row:]:
        if not line.strip():
            continue
        first, figures = _figures(line)
        label, first_figure = first.rsplit(" ", 1)
        rows_two.append((normalise(label), [first_figure, *figures]))

    return Seed(
        sections=sections,
        paragraphs=paragraphs,
        headings=headings,
        footnotes=footnotes,
        appendix_one_titles=[
            normalise(part_line) for part_line in _groups(lines[appendix_one : appendix_one + 3])
        ],
        appendix_one_intro=normalise(intro),
        appendix_one_header=header_one,
        appendix_one=rows_one,
        appendix_one_notes=notes_one,
        appendix_two_header=header_two,
        appendix_two=rows_two,
    )


def load() -> Seed:
    return parse(SEED_FILE.read_text(encoding="utf-8"))
