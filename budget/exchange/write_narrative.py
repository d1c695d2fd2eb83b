"""Write a proposal's narrative and activities in bulk, over the rows stored for its keys."""

from django.db import connection
from django.db.models import F

from members.models import MemberInstitution
from programme.models import Activity, Biennium, Footnote, LineOfAction, Paragraph, Section

from . import schema
from .rows import Tally, history_in_bulk, plan_rows, update_in_bulk, write_rows
from .stored import Stored

MOVING = 1000  # added to a moving section's position, so no two share one mid-update


def _write_sections(proposal, *, biennium: Biennium, stored: Stored, by, tally: Tally) -> dict:
    wanted = {
        item.kind.value: {
            "biennium_id": biennium.pk,
            "kind": item.kind.value,
            "position": position,
            "title": item.title,
            "subtitle": item.subtitle,
        }
        for position, item in enumerate(proposal.sections, start=1)
    }
    moving = [
        row.pk
        for kind, row in stored.sections.items()
        if kind in wanted and row.position != wanted[kind]["position"]
    ]
    if moving:
        Section.objects.filter(pk__in=moving).update(position=F("position") + MOVING)
    return write_rows(
        model=Section, kind="sections", stored=stored.sections, wanted=wanted, by=by, tally=tally
    )


def _paragraph_values(parent_key: tuple, parent_field: str, parent_id: int, paragraphs):
    for position, item in enumerate(paragraphs, start=1):
        yield (
            (*parent_key, position),
            {parent_field: parent_id, "position": position, "text": item.text},
            item.footnotes,
        )


def write_narrative(
    proposal: schema.Proposal,
    *,
    biennium: Biennium,
    stored: Stored,
    institutions: dict[str, MemberInstitution],
    by,
    tally: Tally,
) -> None:
    """Sections, lines of action, paragraphs, footnotes and activities: a few queries per kind."""
    sections = _write_sections(proposal, biennium=biennium, stored=stored, by=by, tally=tally)
    lines = write_rows(
        model=LineOfAction,
        kind="lines of action",
        stored=stored.lines,
        wanted={
            item.letter: {
                "biennium_id": biennium.pk,
                "letter": item.letter,
                "heading": item.heading,
            }
            for item in proposal.lines_of_action
        },
        by=by,
        tally=tally,
    )
    entries = []
    for item in proposal.sections:
        section = sections[item.kind.value]
        key = ("section", item.kind.value)
        entries += _paragraph_values(key, "section_id", section.pk, item.paragraphs)
    for item in proposal.lines_of_action:
        line = lines[item.letter]
        key = ("line", item.letter)
        entries += _paragraph_values(key, "line_of_action_id", line.pk, item.paragraphs)
    paragraphs = write_rows(
        model=Paragraph,
        kind="paragraphs",
        stored=stored.paragraphs,
        wanted={key: values for key, values, _footnotes in entries},
        by=by,
        tally=tally,
    )
    write_rows(
        model=Footnote,
        kind="footnotes",
        stored=stored.footnotes,
        wanted={
            (key, f.key): {"paragraph_id": paragraphs[key].pk, "key": f.key, "text": f.text}
            for key, _values, footnotes in entries
            for f in footnotes
        },
        by=by,
        tally=tally,
    )
    _write_activities(
        proposal,
        stored=stored,
        lines=lines,
        paragraphs=paragraphs,
        institutions=institutions,
        by=by,
        tally=tally,
    )


def _write_activities(proposal, *, stored, lines, paragraphs, institutions, by, tally) -> None:
    wanted, countries, partners = {}, {}, {}
    for item in proposal.lines_of_action:
        for position, entry in enumerate(item.activities, start=1):
            key = (item.letter, position)
            source = paragraphs[("line", item.letter, entry.paragraph)] if entry.paragraph else None
            wanted[key] = {
                "line_of_action_id": lines[item.letter].pk,
                "position": position,
                "title": entry.title,
                "description": entry.description,
                "kind": entry.kind.value,
                "status": entry.status.value,
                "starts_on": entry.starts_on,
                "ends_on": entry.ends_on,
                "other_partners": entry.other_partners,
                "source_paragraph_id": source.pk if source else None,
            }
            countries[key] = set(entry.countries)
            partners[key] = {institutions[ref].pk for ref in entry.partner_institutions}
    plan = plan_rows(model=Activity, stored=stored.activities, wanted=wanted)
    # A changed set of countries or partners changes the activity, as editing it does.
    updated = {row.pk for row in plan.updated}
    for key, row in stored.activities.items():
        if (
            key in wanted
            and row.pk not in updated
            and (
                stored.countries[row.pk] != countries[key]
                or stored.partners[row.pk] != partners[key]
            )
        ):
            row.version += 1
            plan.updated.append(row)
            updated.add(row.pk)
    if plan.updated:
        update_in_bulk(plan.updated, fields=sorted(plan.fields | {"version"}))
    created = Activity.objects.bulk_create([row for _key, row in plan.created])
    keys = {row.pk: key for key, row in stored.activities.items() if row.pk in updated}
    keys.update({row.pk: key for (key, _row), row in zip(plan.created, created, strict=True)})
    # (history id, activity id) of each history row written
    if connection.vendor == "postgresql":
        history = [
            *history_in_bulk(Activity, [row.pk for row in plan.updated], kind="~", by=by),
            *history_in_bulk(Activity, [row.pk for row in created], kind="+", by=by),
        ]
    else:
        history = [
            (record.pk, record.id)
            for record in (
                *Activity.history.bulk_history_create(plan.updated, update=True, default_user=by),
                *Activity.history.bulk_history_create(created, default_user=by),
            )
        ]
    for field, wanted_sets, held, target in (
        (Activity.countries, countries, stored.countries, "country_id"),
        (Activity.partner_institutions, partners, stored.partners, "memberinstitution_id"),
    ):
        _write_memberships(
            through=field.through,
            snapshot=getattr(Activity.history.model, field.field.name).model,
            target=target,
            wanted={pk: wanted_sets[key] for pk, key in keys.items()},
            held=held,
            history=history,
            lines=[line.pk for line in lines.values()],
        )
    tally.add(
        "activities",
        created=len(created),
        updated=len(plan.updated),
        unchanged=len(wanted) - len(created) - len(plan.updated),
    )


def _write_memberships(*, through, snapshot, target, wanted, held, history, lines) -> None:
    """One many-to-many of the written activities, and its snapshot in their history rows
    (`history`: (history id, activity id) pairs)."""
    moved = [pk for pk, values in wanted.items() if held.get(pk) != values]
    gone = [pk for pk in moved if held.get(pk)]
    if gone:
        through.objects.filter(activity_id__in=gone).delete()
    through.objects.bulk_create(
        through(activity_id=pk, **{target: value}) for pk in moved for value in sorted(wanted[pk])
    )
    if not history:
        return
    if connection.vendor == "postgresql":
        # The database copies each history row's memberships from the table (one statement).
        quote = connection.ops.quote_name
        column = quote(through._meta.get_field(target.removesuffix("_id")).column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(snapshot._meta.db_table)} (history_id, id, activity_id, {column}) "  # noqa: S608 - names quoted, values as parameters
                f"SELECT v.history_id, t.id, t.activity_id, t.{column} "
                f"FROM {quote(through._meta.db_table)} t "
                "JOIN unnest(%s::bigint[], %s::bigint[]) AS v(history_id, activity_id) "
                "ON t.activity_id = v.activity_id ORDER BY v.history_id, t.id",
                [[h for h, _a in history], [a for _h, a in history]],
            )
        return
    rows: dict[int, list] = {}
    for row in through.objects.filter(activity__line_of_action_id__in=lines):
        rows.setdefault(row.activity_id, []).append(row)
    snapshot.objects.bulk_create(
        snapshot(
            history_id=history_id,  # the id, not the row: no descriptor per snapshot
            id=row.pk,
            activity_id=row.activity_id,
            **{target: getattr(row, target)},
        )
        for history_id, activity_id in history
        for row in rows.get(activity_id, [])
    )
