"""Checks that need the whole file: references between its parts, markers, placeholders."""

from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError

from cinterfor.narrative import language_name, validate_narrative
from programme.markup import figure_refs, footnote_keys

from ..figures import figure_keys
from ..models import IncomeLine
from .errors import Problem
from .schema import Paragraph, Proposal


def years_of(text: str) -> tuple[int, int]:
    start, end = text.split("-")
    return int(start), int(start[:2] + end)


def _narrative(path: str, value: dict, *, required: bool, language: str) -> list[Problem]:
    """A narrative with its text in the source `language`; its other languages translate it."""
    try:
        validate_narrative(value, required=required, language=language)
    except ValidationError as error:
        return [Problem(path, " ".join(error.messages))]
    if not (value.get(language) or "").strip() and any(t.strip() for t in value.values()):
        return [
            Problem(path, f"has translations but no {language_name(language)} text to translate.")
        ]
    return []


def _title(
    path: str, value: dict, known_figures: frozenset[str], *, required: bool, language: str
) -> list[Problem]:
    """A title or heading: a narrative whose placeholders, like a paragraph's, name known figures."""
    problems = _narrative(path, value, required=required, language=language)
    for language, text in value.items():
        for ref in figure_refs(text):
            if ref.key not in known_figures:
                problems.append(
                    Problem(f"{path}.{language}", f"[[{ref.key}]] is not a known figure.")
                )
    return problems


def _paragraph(
    path: str, paragraph: Paragraph, known_figures: frozenset[str], *, language: str
) -> list[Problem]:
    problems = _narrative(f"{path}.text", paragraph.text, required=True, language=language)
    keys = Counter(f.key for f in paragraph.footnotes)
    for i, footnote in enumerate(paragraph.footnotes):
        problems += _narrative(
            f"{path}.footnotes[{i}].text", footnote.text, required=True, language=language
        )
        if keys[footnote.key] > 1:
            problems.append(Problem(f"{path}.footnotes[{i}].key", f"{footnote.key!r} is repeated."))
    for language, text in paragraph.text.items():
        for key in footnote_keys(text):
            if key not in keys:
                problems.append(
                    Problem(f"{path}.text.{language}", f"marker [^{key}] has no footnote.")
                )
        for ref in figure_refs(text):
            if ref.key not in known_figures:
                problems.append(
                    Problem(f"{path}.text.{language}", f"[[{ref.key}]] is not a known figure.")
                )
    marked = {key for text in paragraph.text.values() for key in footnote_keys(text)}
    for i, footnote in enumerate(paragraph.footnotes):
        if footnote.key not in marked:
            problems.append(
                Problem(f"{path}.footnotes[{i}].key", f"no [^{footnote.key}] marker in the text.")
            )
    return problems


def check_references(proposal: Proposal) -> list[Problem]:  # noqa: C901 - one pass over the file
    """Every problem the structure alone cannot see, each with the path of its field."""
    problems: list[Problem] = []
    known_figures = figure_keys()
    language = proposal.biennium.source_language
    if language not in dict(settings.LANGUAGES):
        problems.append(
            Problem("biennium.source_language", f"{language!r} is not a language of the site.")
        )
    start, end = years_of(proposal.biennium.years)
    if end != start + 1:
        problems.append(Problem("biennium.years", f"{proposal.biennium.years!r} is not two years."))
    previous = f"{start - 2}-{(start - 1) % 100:02d}"
    status = proposal.biennium.status
    if status != "draft":
        problems.append(
            Problem(
                "biennium.status",
                f"{status.value!r} cannot be imported: an imported proposal is a draft. Write"
                ' "draft"; the proposal is then submitted and approved in the application,'
                " by two managers.",
            )
        )
    for name in ("governing_body_session", "segment", "title"):
        problems += _title(
            f"biennium.{name}",
            getattr(proposal.biennium, name),
            known_figures,
            required=False,
            language=language,
        )
    network = proposal.biennium.network
    if (
        network.agreements_signed is not None
        and network.member_institutions is not None
        and network.agreements_signed > network.member_institutions
    ):
        problems.append(
            Problem("biennium.network.agreements_signed", "is more than the member institutions.")
        )

    code_counts = Counter(c.code for c in proposal.countries)
    codes = set(code_counts)
    for i, country in enumerate(proposal.countries):
        if code_counts[country.code] > 1:
            problems.append(Problem(f"countries[{i}].code", f"{country.code!r} is repeated."))
    ref_list = [f"{inst.country}/{inst.acronym}" for inst in proposal.institutions]
    ref_counts = Counter(ref_list)
    refs = set(ref_list)
    for i, inst in enumerate(proposal.institutions):
        if inst.country not in codes:
            problems.append(
                Problem(f"institutions[{i}].country", f"{inst.country!r} is not in countries.")
            )
        if ref_counts[ref_list[i]] > 1:
            problems.append(Problem(f"institutions[{i}].acronym", f"{ref_list[i]!r} is repeated."))
    for i, agreement in enumerate(proposal.agreements):
        path = f"agreements[{i}]"
        if agreement.institution not in refs:
            problems.append(
                Problem(f"{path}.institution", f"{agreement.institution!r} is not in institutions.")
            )
        if agreement.ends_on < agreement.starts_on:
            problems.append(Problem(f"{path}.ends_on", "is before starts_on."))
        if agreement.annual_amount < 0:
            problems.append(Problem(f"{path}.annual_amount", "must not be negative."))

    kinds = Counter(s.kind for s in proposal.sections)
    for i, section in enumerate(proposal.sections):
        path = f"sections[{i}]"
        if kinds[section.kind] > 1:
            problems.append(Problem(f"{path}.kind", f"{section.kind.value!r} is repeated."))
        problems += _title(
            f"{path}.title", section.title, known_figures, required=True, language=language
        )
        problems += _title(
            f"{path}.subtitle", section.subtitle, known_figures, required=False, language=language
        )
        for j, paragraph in enumerate(section.paragraphs):
            problems += _paragraph(
                f"{path}.paragraphs[{j}]", paragraph, known_figures, language=language
            )

    letters = Counter(line.letter for line in proposal.lines_of_action)
    for i, line in enumerate(proposal.lines_of_action):
        path = f"lines_of_action[{i}]"
        if letters[line.letter] > 1:
            problems.append(Problem(f"{path}.letter", f"({line.letter}) is repeated."))
        problems += _title(
            f"{path}.heading", line.heading, known_figures, required=True, language=language
        )
        for j, paragraph in enumerate(line.paragraphs):
            problems += _paragraph(
                f"{path}.paragraphs[{j}]", paragraph, known_figures, language=language
            )
        for j, activity in enumerate(line.activities):
            apath = f"{path}.activities[{j}]"
            problems += _narrative(
                f"{apath}.title", activity.title, required=True, language=language
            )
            problems += _narrative(
                f"{apath}.description", activity.description, required=False, language=language
            )
            for k, code in enumerate(activity.countries):
                if code not in codes:
                    problems.append(
                        Problem(f"{apath}.countries[{k}]", f"{code!r} is not in countries.")
                    )
            for k, ref in enumerate(activity.partner_institutions):
                if ref not in refs:
                    problems.append(
                        Problem(
                            f"{apath}.partner_institutions[{k}]", f"{ref!r} is not in institutions."
                        )
                    )
            if activity.paragraph is not None and activity.paragraph > len(line.paragraphs):
                problems.append(
                    Problem(
                        f"{apath}.paragraph",
                        f"the line has only {len(line.paragraphs)} paragraph(s).",
                    )
                )
            if activity.starts_on and activity.ends_on and activity.ends_on < activity.starts_on:
                problems.append(Problem(f"{apath}.ends_on", "is before starts_on."))

    seen_budgets: set[tuple[str, str]] = set()
    for i, budget in enumerate(proposal.budgets):
        path = f"budgets[{i}]"
        if budget.years not in (proposal.biennium.years, previous):
            problems.append(
                Problem(f"{path}.years", f"must be {proposal.biennium.years} or {previous}.")
            )
        if (budget.years, budget.phase) in seen_budgets:
            problems.append(
                Problem(f"{path}.phase", f"{budget.years} {budget.phase.value} is repeated.")
            )
        seen_budgets.add((budget.years, budget.phase))
        if budget.total_expenditure < 0:
            problems.append(Problem(f"{path}.total_expenditure", "must not be negative."))
        for line, amount in budget.income.items():
            if amount < 0 and line != IncomeLine.MISCELLANEOUS:
                problems.append(Problem(f"{path}.income.{line.value}", "must not be negative."))
        if budget.subprogrammes and budget.years != proposal.biennium.years:
            problems.append(
                Problem(f"{path}.subprogrammes", "belong to this biennium's budgets only.")
            )
        for j, row in enumerate(budget.subprogrammes):
            problems += _narrative(
                f"{path}.subprogrammes[{j}].name", row.name, required=True, language=language
            )
            for name in ("staff_cost", "non_staff_cost"):
                if getattr(row, name) < 0:
                    problems.append(
                        Problem(f"{path}.subprogrammes[{j}].{name}", "must not be negative.")
                    )

    first_with_reference: dict[tuple, int] = {}
    for i, contribution in enumerate(proposal.contributions):
        path = f"contributions[{i}]"
        if contribution.reference and contribution.institution is not None:
            key = (
                contribution.institution,
                contribution.date,
                contribution.stage,
                contribution.amount,
                contribution.reference,
            )
            if key in first_with_reference:
                problems.append(
                    Problem(
                        f"{path}.reference",
                        f"repeats contributions[{first_with_reference[key]}]: the same "
                        "institution, date, stage, amount and reference.",
                    )
                )
            first_with_reference.setdefault(key, i)
        if contribution.payer == "member_institution":
            if contribution.institution is None:
                problems.append(Problem(f"{path}.institution", "is required when a member pays."))
            elif contribution.institution not in refs:
                problems.append(
                    Problem(
                        f"{path}.institution",
                        f"{contribution.institution!r} is not in institutions.",
                    )
                )
        elif contribution.institution is not None:
            problems.append(
                Problem(f"{path}.institution", "is only for a member institution payer.")
            )
        if contribution.amount <= 0:
            problems.append(Problem(f"{path}.amount", "must be more than zero."))
        if contribution.amount_usd < 0:
            problems.append(Problem(f"{path}.amount_usd", "must not be negative."))
    return problems
