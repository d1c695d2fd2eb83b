"""A stored biennium's rows by their natural keys, and those a file no longer has.

Keys (docs/exchange-format.md): a section by its kind, a line of action by its letter, a
paragraph by its parent and position, a footnote by its paragraph and key, an activity by its
line and position, a budget by its phase, an income estimate by budget and line, a
subprogramme by budget and position.
"""

from dataclasses import dataclass, field

from programme.models import Activity, Biennium, Footnote, LineOfAction, Paragraph, Section

from ..models import Budget, IncomeEstimate, Subprogramme
from . import schema


@dataclass
class Stored:
    sections: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    paragraphs: dict = field(default_factory=dict)
    footnotes: dict = field(default_factory=dict)
    activities: dict = field(default_factory=dict)
    countries: dict = field(default_factory=dict)  # activity id -> set of codes
    partners: dict = field(default_factory=dict)  # activity id -> set of institution ids
    budgets: dict = field(default_factory=dict)
    income: dict = field(default_factory=dict)
    subprogrammes: dict = field(default_factory=dict)


def _paragraph_parent(paragraph: Paragraph, sections: dict, lines: dict) -> tuple:
    if paragraph.section_id:
        return ("section", sections[paragraph.section_id])
    return ("line", lines[paragraph.line_of_action_id])


def load_stored(biennium: Biennium | None) -> Stored:
    """Every row of the biennium the file describes, keyed; a fixed number of queries."""
    stored = Stored()
    if biennium is None:
        return stored
    section_kinds = {}
    for section in Section.objects.filter(biennium=biennium):
        stored.sections[section.kind] = section
        section_kinds[section.pk] = section.kind
    letters = {}
    for line in LineOfAction.objects.filter(biennium=biennium):
        stored.lines[line.letter] = line
        letters[line.pk] = line.letter
    paragraph_keys = {}
    in_biennium = Paragraph.objects.filter(section__biennium=biennium) | Paragraph.objects.filter(
        line_of_action__biennium=biennium
    )
    for paragraph in in_biennium:
        key = (*_paragraph_parent(paragraph, section_kinds, letters), paragraph.position)
        stored.paragraphs[key] = paragraph
        paragraph_keys[paragraph.pk] = key
    for footnote in Footnote.objects.filter(paragraph_id__in=paragraph_keys):
        stored.footnotes[(paragraph_keys[footnote.paragraph_id], footnote.key)] = footnote
    activities = Activity.objects.filter(line_of_action__biennium=biennium)
    for activity in activities:
        stored.activities[(letters[activity.line_of_action_id], activity.position)] = activity
        stored.countries[activity.pk] = set()
        stored.partners[activity.pk] = set()
    through = Activity.countries.through.objects.filter(activity__in=activities)
    for activity_id, code in through.values_list("activity_id", "country_id"):
        stored.countries[activity_id].add(code)
    through = Activity.partner_institutions.through.objects.filter(activity__in=activities)
    for activity_id, institution_id in through.values_list("activity_id", "memberinstitution_id"):
        stored.partners[activity_id].add(institution_id)
    phases = {}
    for budget in Budget.objects.filter(biennium=biennium).select_related("biennium"):
        stored.budgets[budget.phase] = budget
        phases[budget.pk] = budget.phase
    for estimate in IncomeEstimate.objects.filter(budget_id__in=phases):
        stored.income[(phases[estimate.budget_id], estimate.line)] = estimate
    for row in Subprogramme.objects.filter(budget_id__in=phases):
        stored.subprogrammes[(phases[row.budget_id], row.position)] = row
    return stored


def _paragraph_keys(parent: tuple, paragraphs: list[schema.Paragraph]):
    for position, paragraph in enumerate(paragraphs, start=1):
        key = (*parent, position)
        yield key, {(key, f.key) for f in paragraph.footnotes}


def wanted_keys(proposal: schema.Proposal, *, start_year: int) -> Stored:
    """The keys of the rows the file describes (the values are unused)."""
    keys = Stored()
    for section in proposal.sections:
        keys.sections[section.kind.value] = None
        for key, footnotes in _paragraph_keys(("section", section.kind.value), section.paragraphs):
            keys.paragraphs[key] = None
            keys.footnotes.update(dict.fromkeys(footnotes))
    for line in proposal.lines_of_action:
        keys.lines[line.letter] = None
        for key, footnotes in _paragraph_keys(("line", line.letter), line.paragraphs):
            keys.paragraphs[key] = None
            keys.footnotes.update(dict.fromkeys(footnotes))
        for position in range(1, len(line.activities) + 1):
            keys.activities[(line.letter, position)] = None
    for budget in proposal.budgets:
        if int(budget.years[:4]) != start_year:
            continue
        keys.budgets[budget.phase.value] = None
        keys.income.update(
            dict.fromkeys((budget.phase.value, line.value) for line in budget.income)
        )
        for position in range(1, len(budget.subprogrammes) + 1):
            keys.subprogrammes[(budget.phase.value, position)] = None
    return keys


def _where(key: tuple) -> str:
    kind, parent, position = key
    owner = f"section {parent}" if kind == "section" else f"line ({parent})"
    return f"paragraph {position} of {owner}"


@dataclass(frozen=True)
class Lost:
    """A stored row the file no longer has: where it is kept, and how a person names it."""

    kind: str
    attribute: str
    key: object
    row: object
    description: str


def lost_rows(stored: Stored, wanted: Stored) -> list[Lost]:
    """Each stored row the file no longer has, children before their parents."""
    lost = []
    for key, row in stored.footnotes.items():
        if key not in wanted.footnotes:
            description = f"footnote [^{key[1]}] of {_where(key[0])}"
            lost.append(Lost("footnotes", "footnotes", key, row, description))
    for key, row in stored.activities.items():
        if key not in wanted.activities:
            description = f"activity {key[1]} of line ({key[0]}): {row}"
            lost.append(Lost("activities", "activities", key, row, description))
    for key, row in stored.subprogrammes.items():
        if key not in wanted.subprogrammes:
            description = f"subprogramme {key[1]} of {stored.budgets[key[0]]}: {row}"
            lost.append(Lost("subprogrammes", "subprogrammes", key, row, description))
    for key, row in stored.income.items():
        if key not in wanted.income:
            description = f"income line {key[1]} of {stored.budgets[key[0]]}"
            lost.append(Lost("income estimates", "income", key, row, description))
    for key, row in stored.paragraphs.items():
        if key not in wanted.paragraphs:
            lost.append(Lost("paragraphs", "paragraphs", key, row, _where(key)))
    for key, row in stored.budgets.items():
        if key not in wanted.budgets:
            lost.append(Lost("budgets", "budgets", key, row, f"budget {row}"))
    for key, row in stored.lines.items():
        if key not in wanted.lines:
            lost.append(Lost("lines of action", "lines", key, row, f"line ({key})"))
    for key, row in stored.sections.items():
        if key not in wanted.sections:
            lost.append(Lost("sections", "sections", key, row, f"section {key}"))
    return lost
