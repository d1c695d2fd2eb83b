"""Reads of a proposal's narrative that more than one place needs."""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cinterfor.data_version import cached_figure
from cinterfor.history import Change, HistoryEntry
from cinterfor.narrative import SOURCE_LANGUAGE, language_codes, narrative_text
from members.models import Country

from .markup import footnote_keys
from .models import Activity, Biennium, Footnote, LineOfAction, Paragraph, Section


@dataclass(frozen=True)
class NumberedParagraph:
    """A paragraph with the number the document gives it (None in the appendices)."""

    number: int | None
    paragraph: Paragraph
    section: Section
    line_of_action: LineOfAction | None


BIENNIUM_SLUG = re.compile(r"([0-9]{4})-([0-9]{2})")


def biennium_years(slug: str) -> tuple[int, int]:
    """The first and last year `2020-21` names; ValueError unless it is exactly that shape.

    ASCII digits only (str.isdigit would take full-width ones) and consecutive years, so
    `2020-22` or `２０２０-21` never stand for 2020–21.
    """
    match = BIENNIUM_SLUG.fullmatch(slug)
    if match is None:
        raise ValueError(f"{slug!r} does not name a biennium; write it as 2020-21.")
    start, end = int(match[1]), int(match[2])
    if (start + 1) % 100 != end:
        raise ValueError(f"{slug!r} does not name two consecutive years; write it as 2020-21.")
    return start, start + 1


def biennium_by_slug(slug: str) -> Biennium:
    """The biennium a command or URL names as 2020-21; raises Biennium.DoesNotExist."""
    try:
        start, end = biennium_years(slug)
    except ValueError as error:
        raise Biennium.DoesNotExist(str(error)) from error
    return Biennium.objects.get(start_year=start, end_year=end)


def get_biennium_or_404(slug: str) -> Biennium:
    """The biennium a URL names (2020-21), or a 404."""
    try:
        return biennium_by_slug(slug)
    except Biennium.DoesNotExist as error:
        raise Http404(str(error)) from error


def sections_with_paragraphs(*, biennium: Biennium) -> QuerySet[Section]:
    paragraphs = Paragraph.objects.order_by("position").prefetch_related("footnotes")
    return biennium.sections.order_by("position").prefetch_related(
        Prefetch("paragraphs", queryset=paragraphs)
    )


def lines_with_paragraphs(*, biennium: Biennium) -> QuerySet[LineOfAction]:
    paragraphs = Paragraph.objects.order_by("position").prefetch_related("footnotes")
    return biennium.lines.order_by("letter").prefetch_related(
        Prefetch("paragraphs", queryset=paragraphs)
    )


def numbered_paragraphs(*, biennium: Biennium) -> list[NumberedParagraph]:
    """Every paragraph in document order, numbered continuously from 1 outside the appendices.

    The lines of action (a)–(i) follow the paragraphs of the Programme section.
    """
    return _document_order(biennium)[2]


def _document_order(
    biennium: Biennium,
) -> tuple[list[Section], list[LineOfAction], list[NumberedParagraph]]:
    # Four queries whatever the size: sections, lines, and every paragraph with its footnotes.
    sections = list(biennium.sections.order_by("position"))
    lines = list(biennium.lines.order_by("letter"))
    by_section: dict[int, list[Paragraph]] = defaultdict(list)
    by_line: dict[int, list[Paragraph]] = defaultdict(list)
    paragraphs = (
        Paragraph.objects.filter(
            Q(section__biennium=biennium) | Q(line_of_action__biennium=biennium)
        )
        .order_by("position")
        .prefetch_related("footnotes")
    )
    for paragraph in paragraphs:
        if paragraph.section_id is not None:
            by_section[paragraph.section_id].append(paragraph)
        else:
            by_line[paragraph.line_of_action_id].append(paragraph)
    result: list[NumberedParagraph] = []
    number = 0
    for section in sections:
        entries = [(p, None) for p in by_section[section.pk]]
        if section.kind == Section.Kind.PROGRAMME:
            entries += [(p, line) for line in lines for p in by_line[line.pk]]
        for paragraph, line in entries:
            if section.is_appendix:
                result.append(NumberedParagraph(None, paragraph, section, line))
            else:
                number += 1
                result.append(NumberedParagraph(number, paragraph, section, line))
    return sections, lines, result


def bienniums_overview() -> QuerySet[Biennium]:
    """Every biennium, newest first, with how many lines of action and activities it has."""
    return Biennium.objects.order_by("-start_year").annotate(
        line_count=Count("lines", distinct=True),
        activity_count=Count("lines__activities", distinct=True),
    )


# Reads for the programme staff's pages (the workspace, issue 3).


@dataclass(frozen=True)
class DocumentNumbers:
    """The numbers the document prints: paragraphs by id, footnotes by (paragraph id, key)."""

    paragraphs: dict[int, int | None]
    footnotes: dict[tuple[int, str], int]
    entries: tuple[NumberedParagraph, ...] = ()
    sections: tuple[Section, ...] = ()
    lines: tuple[LineOfAction, ...] = ()

    def paragraph_numbered(self, number: int) -> Paragraph | None:
        """The paragraph the document numbers `number` now, if any."""
        return next((e.paragraph for e in self.entries if e.number == number), None)

    def line(self, letter: str) -> LineOfAction:
        """The line of action (a)–(i) of this biennium, or a 404."""
        for line in self.lines:
            if line.letter == letter:
                return line
        raise Http404(_("This biennium has no line of action (%(letter)s).") % {"letter": letter})

    def paragraphs_of_line(self, line: LineOfAction) -> list[Paragraph]:
        """A line of action's own paragraphs, in order, as read with the numbers."""
        return [
            entry.paragraph
            for entry in self.entries
            if entry.line_of_action is not None and entry.line_of_action.pk == line.pk
        ]

    def sections_with_paragraphs(self) -> list[tuple[Section, list[Paragraph]]]:
        """Every section in order with its own paragraphs (not those of the lines of action)."""
        own: dict[int, list[Paragraph]] = defaultdict(list)
        for entry in self.entries:
            if entry.line_of_action is None:
                own[entry.section.pk].append(entry.paragraph)
        return [(section, own[section.pk]) for section in self.sections]


def document_numbers(*, biennium: Biennium) -> DocumentNumbers:
    """Paragraph and footnote numbers in document order; footnotes count where first marked.
    Read from every paragraph, they are kept until the data changes (cinterfor.data_version)."""
    return cached_figure("document_numbers", (biennium.pk,), lambda: _numbered(biennium))


def _numbered(biennium: Biennium) -> DocumentNumbers:
    paragraphs: dict[int, int | None] = {}
    footnotes: dict[tuple[int, str], int] = {}
    sections, lines, entries = _document_order(biennium)
    for entry in entries:
        paragraph = entry.paragraph
        paragraphs[paragraph.pk] = entry.number
        keys = {footnote.key for footnote in paragraph.footnotes.all()}
        for key in footnote_keys(narrative_text(paragraph.text, SOURCE_LANGUAGE)):
            if key in keys and (paragraph.pk, key) not in footnotes:
                footnotes[(paragraph.pk, key)] = len(footnotes) + 1
    return DocumentNumbers(paragraphs, footnotes, tuple(entries), tuple(sections), tuple(lines))


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class LineSummary:
    """One line of action as the programme overview lists it."""

    line: LineOfAction
    paragraph_numbers: list[int]
    activity_count: int
    by_status: list[StatusCount]


def line_summaries(*, biennium: Biennium) -> list[LineSummary]:
    """The lines of action (a)–(i) with their activities counted by status and their paragraph
    numbers, in a fixed number of queries."""
    counts = activity_counts(biennium=biennium)
    numbers: dict[int, list[int]] = defaultdict(list)
    for entry in numbered_paragraphs(biennium=biennium):
        if entry.line_of_action is not None and entry.number is not None:
            numbers[entry.line_of_action.pk].append(entry.number)
    summaries = []
    for line in biennium.lines.order_by("letter"):
        by_status = counts.get(line.pk, {})
        summaries.append(
            LineSummary(
                line=line,
                paragraph_numbers=numbers[line.pk],
                activity_count=sum(by_status.values()),
                by_status=[
                    StatusCount(status, label, by_status.get(status, 0))
                    for status, label in Activity.Status.choices
                ],
            )
        )
    return summaries


def activity_counts(*, biennium: Biennium) -> dict[int, dict[str, int]]:
    """Per line of action, its activities counted by status: one query over every activity of
    the biennium, kept until the data changes (cinterfor.data_version)."""

    def count() -> dict[int, dict[str, int]]:
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        grouped = (
            Activity.objects.filter(line_of_action__biennium=biennium)
            .values_list("line_of_action", "status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for line, status, n in grouped:
            counts[line][status] = n
        return dict(counts)

    return cached_figure("activity_counts", (biennium.pk,), count)


def line_in_biennium(*, biennium: Biennium, letter: str) -> LineOfAction:
    """The line of action (a)–(i) of this biennium, or a 404."""
    return get_object_or_404(biennium.lines.select_related("biennium"), letter=letter)


def activity_in_biennium(*, biennium: Biennium, pk: int) -> Activity:
    """One activity of this biennium (never another's), or a 404."""
    activities = (
        Activity.objects.filter(line_of_action__biennium=biennium)
        .select_related("line_of_action__biennium", "source_paragraph")
        .prefetch_related("countries", "partner_institutions")
    )
    return get_object_or_404(activities, pk=pk)


def paragraph_in_biennium(*, biennium: Biennium, pk: int) -> Paragraph:
    """One paragraph of this biennium, in a section or under a line of action, or a 404."""
    paragraphs = (
        Paragraph.objects.filter(
            Q(section__biennium=biennium) | Q(line_of_action__biennium=biennium)
        )
        .select_related("section__biennium", "line_of_action__biennium")
        .prefetch_related(Prefetch("footnotes", queryset=Footnote.objects.order_by("id")))
    )
    return get_object_or_404(paragraphs, pk=pk)


def footnote_in_biennium(*, biennium: Biennium, pk: int) -> Footnote:
    """One footnote of this biennium's paragraphs, or a 404."""
    footnotes = Footnote.objects.filter(
        Q(paragraph__section__biennium=biennium) | Q(paragraph__line_of_action__biennium=biennium)
    ).select_related("paragraph__section__biennium", "paragraph__line_of_action__biennium")
    return get_object_or_404(footnotes, pk=pk)


def _status_rank(field: str, choices: type) -> Case:
    """Order by a choice's place in its list (planned before under way), not alphabetically."""
    return Case(
        *(When(**{field: value}, then=Value(rank)) for rank, value in enumerate(choices.values)),
        default=Value(len(choices.values)),
    )


def _title_in_active_language() -> Lower:
    language = (get_language() or SOURCE_LANGUAGE).split("-")[0]
    return Lower(
        Coalesce(NullIf(KT(f"title__{language}"), Value("")), KT(f"title__{SOURCE_LANGUAGE}"))
    )


# How the activity list may be sorted: key → (label, ordering).
ACTIVITY_ORDERS = {
    "line": (_("Line of action"), lambda: ["line_of_action__letter", "position"]),
    "title": (_("Title"), lambda: [_title_in_active_language(), "pk"]),
    "status": (
        _("Status"),
        lambda: [_status_rank("status", Activity.Status), "line_of_action__letter", "position"],
    ),
    "kind": (
        _("Kind"),
        lambda: [_status_rank("kind", Activity.Kind), "line_of_action__letter", "position"],
    ),
    "starts_on": (
        _("Start date, earliest first"),
        lambda: [F("starts_on").asc(nulls_last=True), "line_of_action__letter", "position"],
    ),
    "-starts_on": (
        _("Start date, latest first"),
        lambda: [F("starts_on").desc(nulls_last=True), "line_of_action__letter", "position"],
    ),
    "ends_on": (
        _("End date, earliest first"),
        lambda: [F("ends_on").asc(nulls_last=True), "line_of_action__letter", "position"],
    ),
}


def activities_in_biennium(
    *,
    biennium: Biennium,
    line: LineOfAction | None = None,
    status: str = "",
    kind: str = "",
    country: Country | None = None,
    search: str = "",
    order: str = "line",
    with_partners: bool = True,
) -> QuerySet[Activity]:
    """A biennium's activities, filtered and sorted, with what a list row shows prefetched.

    The search looks in the title and description in every language and in the other partners.
    """
    activities = (
        Activity.objects.filter(line_of_action__biennium=biennium)
        .select_related("line_of_action", "source_paragraph")
        .prefetch_related("countries")
    )
    if with_partners:
        activities = activities.prefetch_related("partner_institutions")
    if line is not None:
        activities = activities.filter(line_of_action=line)
    if status:
        activities = activities.filter(status=status)
    if kind:
        activities = activities.filter(kind=kind)
    if country is not None:
        activities = activities.filter(countries=country)
    if search := search.strip():
        found = Q(other_partners__icontains=search)
        for code in language_codes():
            found |= Q(**{f"title__{code}__icontains": search})
            found |= Q(**{f"description__{code}__icontains": search})
        activities = activities.filter(found)
    _label, ordering = ACTIVITY_ORDERS.get(order, ACTIVITY_ORDERS["line"])
    return activities.order_by(*ordering())


ACTIVITY_RELATIONS = {"countries": "country", "partner_institutions": "memberinstitution"}


def _relation_names(name: str, target: str, history_ids: list[int]) -> dict[int, str]:
    """What each history row recorded of one relation, as names: {history id: "A, B"}."""
    rows = apps.get_model("programme", f"HistoricalActivity_{name}").objects
    found: dict[int, list[str]] = defaultdict(list)
    for row in rows.filter(history__in=history_ids).select_related(target):
        found[row.history_id].append(str(getattr(row, target)))
    return {pk: ", ".join(sorted(found[pk])) for pk in history_ids}


def activity_history(
    *,
    activity: Activity,
    paragraph_numbers: dict[int, int | None] | None = None,
    limit: int = 50,
) -> list[HistoryEntry]:
    """An activity's changes, newest first, like `history_of`, in a fixed number of queries.

    Choices show their labels, countries and partners their names, and the planning paragraph
    its number; diffing the relations row by row would query once per history entry.
    """
    numbers = paragraph_numbers or {}
    records = list(
        activity.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    ids = [record.history_id for record in records]
    relations = {
        name: _relation_names(name, target, ids) for name, target in ACTIVITY_RELATIONS.items()
    }

    def shown(name: str, value) -> str:
        field = Activity._meta.get_field(name)
        if value is None or value == "":
            return ""
        if isinstance(value, dict):
            return narrative_text(value)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if name == "source_paragraph":
            return str(_("paragraph %(number)s") % {"number": numbers.get(value) or "–"})
        return str(value)

    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=list(ACTIVITY_RELATIONS))
            changes = [
                Change(
                    field=str(Activity._meta.get_field(change.field).verbose_name),
                    old=shown(change.field, change.old),
                    new=shown(change.field, change.new),
                )
                for change in delta.changes
                if change.field != "version"
            ]
            for name, recorded in relations.items():
                old, new = recorded[previous.history_id], recorded[record.history_id]
                if old != new:
                    label = str(Activity._meta.get_field(name).verbose_name)
                    changes.append(Change(field=label, old=old, new=new))
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "—",
                kind=record.history_type,
                changes=changes,
                history_id=record.history_id,
                reason=record.history_change_reason or "",
            )
        )
    return entries


def section_in_biennium(*, biennium: Biennium, pk: int) -> Section:
    """One section of this biennium (never another's), or a 404."""
    return get_object_or_404(biennium.sections.select_related("biennium"), pk=pk)


def deleted_activities(*, biennium: Biennium) -> QuerySet:
    """The biennium's activities deleted and not brought back: each one's deletion record.

    An activity deleted, restored and deleted again is listed once, by its last deletion.
    """
    last_record = (
        Activity.history.filter(id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return (
        Activity.history.filter(
            history_type="-",
            line_of_action__biennium_id=biennium.pk,
            history_id=Subquery(last_record),
        )
        .select_related("history_user", "line_of_action")
        .order_by("-history_date", "-history_id")
    )
