"""Start the next biennium's proposal from the last one (issue 8, "Start the next biennium").

The narrative (sections, paragraphs, footnotes), the lines of action, the planned and ongoing
activities and the title block are copied into a new draft biennium in one transaction. The
budget's part (Appendix I's comparative column, Appendix II's rows) belongs to `budget`, which
programme may not import (ARCHITECTURE.md): the project names it in settings.PROGRAMME_CARRY
(as it names the figures in PROGRAMME_FIGURE_SOURCE), and this service calls it in the same
transaction. The source biennium's rows are read, locked and never changed here; the budget's
part may add the source's approved column, which the next proposal's Appendix I reads (see
budget.cycle and docs/cycle.md).
"""

import re
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from cinterfor.roles import MANAGERS, require_role

from .models import (
    Activity,
    Biennium,
    BienniumTransition,
    Footnote,
    LineOfAction,
    Paragraph,
    Section,
)

# A source must have left drafting: its text no longer moves while it is copied.
STARTABLE_FROM = (Biennium.Status.SUBMITTED, Biennium.Status.APPROVED)
CARRIED_ACTIVITY_STATUSES = (Activity.Status.PLANNED, Activity.Status.ONGOING)
YEAR = re.compile(r"\b(19|20|21)(\d\d)\b")


class CannotStart(Exception):
    """The next biennium cannot be started from this one; the message says why."""


@dataclass(frozen=True)
class StartPlan:
    """What starting `label` from `source` would carry and leave behind, and any refusal."""

    source: Biennium
    start_year: int
    sections: int
    paragraphs: int
    footnotes: int
    lines: list[LineOfAction]
    carried_count: int
    left_behind_count: int
    left_behind: QuerySet[Activity]  # in the order the page lists them, a page at a time
    budget: list[str] = field(default_factory=list)
    refusal: str = ""

    @property
    def label(self) -> str:
        return Biennium(start_year=self.start_year, end_year=self.start_year + 1).label


def _carry_modules() -> list:
    """The other apps' parts of the carry, as the project wires them (budget, translations)."""
    paths = getattr(settings, "PROGRAMME_CARRY", ())
    if isinstance(paths, str):
        paths = [paths] if paths else []
    return [import_module(path) for path in paths]


def refusal_for(*, source: Biennium, start_year: int) -> str:
    """Why `start_year` cannot be started from `source` now, or "" when it can."""
    target = Biennium(start_year=start_year, end_year=start_year + 1)
    if source.status not in STARTABLE_FROM:
        return str(
            _(
                "The %(source)s proposal is still a draft: submit it before starting %(label)s "
                "from it."
            )
            % {"source": source.label, "label": target.label}
        )
    if start_year <= source.start_year:
        return str(
            _("%(label)s does not follow %(source)s.")
            % {"label": target.label, "source": source.label}
        )
    if Biennium.objects.filter(start_year=start_year).exists():
        return str(
            _("The %(label)s proposal has already been started; it was not started again.")
            % {"label": target.label}
        )
    return ""


def start_plan(*, source: Biennium, start_year: int) -> StartPlan:
    """The preview of a start: counts of the narrative carried, the activities carried and not."""
    counts = Paragraph.objects.filter(
        Q(section__biennium=source) | Q(line_of_action__biennium=source)
    ).aggregate(paragraphs=Count("pk", distinct=True), footnotes=Count("footnotes"))
    activities = Activity.objects.filter(line_of_action__biennium=source)
    carried = Q(status__in=CARRIED_ACTIVITY_STATUSES)
    tally = activities.aggregate(carried=Count("pk", filter=carried), all=Count("pk"))
    return StartPlan(
        source=source,
        start_year=start_year,
        sections=source.sections.count(),
        paragraphs=counts["paragraphs"],
        footnotes=counts["footnotes"],
        lines=list(source.lines.order_by("letter")),
        carried_count=tally["carried"],
        left_behind_count=tally["all"] - tally["carried"],
        left_behind=activities.exclude(carried)
        .select_related("line_of_action")
        .order_by("line_of_action__letter", "position"),
        budget=[line for carry in _carry_modules() for line in carry.carry_preview(source=source)],
        refusal=refusal_for(source=source, start_year=start_year),
    )


def _moved_on(value: dict, years: int) -> dict:
    """A narrative with every year in it moved on by `years` (the session's date)."""
    return {
        code: YEAR.sub(lambda m: str(int(m.group()) + years), text) for code, text in value.items()
    }


def _relabelled(value: dict, source: Biennium, start_year: int) -> dict:
    """A title naming the source biennium, naming the new one instead ("2020–21" → "2022–23")."""
    target = Biennium(start_year=start_year, end_year=start_year + 1)
    return {
        code: text.replace(source.label, target.label).replace(source.slug, target.slug)
        for code, text in value.items()
    }


def biennium_start(*, source: Biennium, start_year: int, by) -> Biennium:
    """Start the `start_year` proposal as a draft copy of `source`, in one transaction.

    Refused unless `source` is submitted or approved and no biennium starts that year; of two
    starts at once the second waits for the first's lock on the source and is then refused (the
    unique first year refuses it at the database if it got past that).
    """
    require_role(by, MANAGERS)
    try:
        with transaction.atomic():
            # A start reads the source whole: lock it so it is not reopened under the copy.
            locked = Biennium.objects.select_for_update().get(pk=source.pk)
            refusal = refusal_for(source=locked, start_year=start_year)
            if refusal:
                raise CannotStart(refusal)
            target = _carry_programme(source=locked, start_year=start_year, by=by)
            for carry in _carry_modules():
                carry.carry(source=locked, target=target, by=by)
    except IntegrityError as error:
        if not Biennium.objects.filter(start_year=start_year).exists():
            raise  # not the race below: a fault to see, not a refusal to explain
        # Another start of the same year got past the source's lock and committed first.
        label = Biennium(start_year=start_year, end_year=start_year + 1).label
        raise CannotStart(
            _("The %(label)s proposal has already been started; it was not started again.")
            % {"label": label}
        ) from error
    return target


def _carry_programme(*, source: Biennium, start_year: int, by) -> Biennium:
    shift = start_year - source.start_year
    reason = str(_("Started from %(source)s") % {"source": source.label})
    target = Biennium(
        start_year=start_year,
        end_year=start_year + 1,
        status=Biennium.Status.DRAFT,
        governing_body_session=_moved_on(source.governing_body_session or {}, shift),
        document_symbol="",  # the manager fills in the new document's symbol and date
        segment=source.segment,
        purpose=source.purpose,
        title=_relabelled(source.title or {}, source, start_year),
        source_language=source.source_language,
        reported_member_institutions=source.reported_member_institutions,
        reported_member_countries=source.reported_member_countries,
        reported_agreements_signed=source.reported_agreements_signed,
    )
    target._history_user = by
    target._change_reason = reason
    target.full_clean()
    target.save()
    BienniumTransition.objects.create(
        biennium=target,
        from_status=Biennium.Status.DRAFT,
        to_status=Biennium.Status.DRAFT,
        by=by,
        reason=reason,
    )
    history = {"default_user": by, "default_change_reason": reason}

    sections = list(source.sections.order_by("position"))
    new_sections = bulk_create_with_history(
        [
            Section(
                biennium=target,
                kind=s.kind,
                position=s.position,
                title=s.title,
                subtitle=s.subtitle,
            )
            for s in sections
        ],
        Section,
        **history,
    )
    section_ids = {old.pk: new.pk for old, new in zip(sections, new_sections, strict=True)}

    lines = list(source.lines.order_by("letter"))
    new_lines = bulk_create_with_history(
        [LineOfAction(biennium=target, letter=line.letter, heading=line.heading) for line in lines],
        LineOfAction,
        **history,
    )
    line_ids = {old.pk: new.pk for old, new in zip(lines, new_lines, strict=True)}

    paragraphs = list(
        Paragraph.objects.filter(
            Q(section__biennium=source) | Q(line_of_action__biennium=source)
        ).order_by("pk")
    )
    new_paragraphs = bulk_create_with_history(
        [
            Paragraph(
                section_id=section_ids.get(p.section_id),
                line_of_action_id=line_ids.get(p.line_of_action_id),
                position=p.position,
                text=p.text,  # placeholders unchanged: they bind to the new biennium's data
            )
            for p in paragraphs
        ],
        Paragraph,
        **history,
    )
    paragraph_ids = {old.pk: new.pk for old, new in zip(paragraphs, new_paragraphs, strict=True)}

    footnotes = list(Footnote.objects.filter(paragraph_id__in=paragraph_ids).order_by("pk"))
    bulk_create_with_history(
        [
            Footnote(paragraph_id=paragraph_ids[f.paragraph_id], key=f.key, text=f.text)
            for f in footnotes
        ],
        Footnote,
        **history,
    )

    _carry_activities(source=source, line_ids=line_ids, paragraph_ids=paragraph_ids, **history)
    return target


def _carry_activities(
    *, source: Biennium, line_ids: dict, paragraph_ids: dict, default_user, default_change_reason
) -> None:
    """The planned and ongoing activities, in bulk, with their countries and partners, and the
    history rows (and their snapshots of countries and partners) that a save would record."""
    activities = list(
        Activity.objects.filter(
            line_of_action__biennium=source, status__in=CARRIED_ACTIVITY_STATUSES
        )
        .prefetch_related("countries", "partner_institutions")
        .order_by("pk")
    )
    created = Activity.objects.bulk_create(
        [
            Activity(
                line_of_action_id=line_ids[a.line_of_action_id],
                position=a.position,
                title=a.title,
                description=a.description,
                kind=a.kind,
                status=a.status,
                starts_on=a.starts_on,
                ends_on=a.ends_on,
                other_partners=a.other_partners,
                source_paragraph_id=paragraph_ids.get(a.source_paragraph_id),
            )
            for a in activities
        ]
    )
    history = Activity.history.bulk_history_create(
        created, default_user=default_user, default_change_reason=default_change_reason
    )
    for relation, target in (
        (Activity.countries, "country_id"),
        (Activity.partner_institutions, "memberinstitution_id"),
    ):
        through = relation.through
        rows = through.objects.bulk_create(
            through(activity_id=new.pk, **{target: related.pk})
            for old, new in zip(activities, created, strict=True)
            for related in getattr(old, relation.field.name).all()
        )
        by_activity: dict[int, list] = {}
        for row in rows:
            by_activity.setdefault(row.activity_id, []).append(row)
        snapshot = getattr(Activity.history.model, relation.field.name).model
        snapshot.objects.bulk_create(
            snapshot(
                history=record,
                id=row.pk,
                activity_id=row.activity_id,
                **{target: getattr(row, target)},
            )
            for record in history
            for row in by_activity.get(record.id, [])
        )
