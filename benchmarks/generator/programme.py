"""Bienniums, their lines of action and N× the 46 activities of a proposal, with history."""

import datetime
import random

from programme.models import Activity, Biennium, BienniumTransition, LineOfAction, Paragraph

from .. import network
from .people import People
from .rows import BATCH, as_first_written, at, day_in, history, insert, link

REAL_ACTIVITIES = 46  # the 2020–21 proposal's activities, in lines (a)–(i)
LETTERS = "abcdefghi"
TITLE = (
    "Programme and budget proposals for {label} of the Inter-American Centre for Knowledge "
    "Development in Vocational Training (CINTERFOR)"
)


def add_past_bienniums(*, first_year: int, count: int, people: People) -> list[Biennium]:
    """`count` approved bienniums from `first_year`, each submitted by one manager and approved
    by the other, with the transitions and the history rows that path leaves."""
    bienniums = []
    for k in range(count):
        start = first_year + 2 * k
        session = 337 - 6 * ((2020 - start) // 2)  # three sessions a year, as the GB meets
        share = k / max(count - 1, 1)
        bienniums.append(
            Biennium(
                start_year=start,
                end_year=start + 1,
                status=Biennium.Status.APPROVED,
                governing_body_session={"en": f"{session}th Session, Geneva, November {start - 1}"},
                document_symbol=f"GB.{session}/PFA/{2 + k % 3}",
                segment={"en": "Programme, Financial and Administrative Section"},
                title={"en": TITLE.format(label=f"{start}–{(start + 1) % 100:02d}")},
                reported_member_institutions=30 + round(35 * share),
                reported_member_countries=20 + round(7 * share),
                reported_agreements_signed=8 + round(9 * share),
                submitted_by=people.managers[0],
                submitted_at=at(datetime.date(start - 1, 10, 1)),
                approved_by=people.managers[1],
                approved_at=at(datetime.date(start - 1, 11, 15)),
            )
        )
    Biennium.objects.bulk_create(bienniums)
    drafted = {b.pk: at(datetime.date(b.start_year - 1, 6, 1)) for b in bienniums}
    stages = (
        ({"status": Biennium.Status.DRAFT, "version": 1, "submitted_by": None, "submitted_at": None,
          "approved_by": None, "approved_at": None}, lambda b: drafted[b.pk], False),
        ({"status": Biennium.Status.SUBMITTED, "version": 2, "approved_by": None,
          "approved_at": None}, lambda b: b.submitted_at, True),
    )  # fmt: skip
    for earlier, when, update in stages:
        history([as_first_written(b, **earlier) for b in bienniums], user=people.programme[0],
                when=when, update=update)  # fmt: skip
    for b in bienniums:
        b.version = 3
    Biennium.objects.bulk_update(bienniums, ["version"])
    history(bienniums, user=people.managers[1], when=lambda b: b.approved_at, update=True)
    transitions = []
    for b in bienniums:
        transitions += [
            BienniumTransition(biennium=b, from_status="draft", to_status="submitted",
                               by=people.managers[0]),
            BienniumTransition(biennium=b, from_status="submitted", to_status="approved",
                               by=people.managers[1]),
        ]  # fmt: skip
    BienniumTransition.objects.bulk_create(transitions)
    for t in transitions:  # `at` is set on insert (auto_now_add); date it as it happened
        t.at = t.biennium.submitted_at if t.to_status == "submitted" else t.biennium.approved_at
    BienniumTransition.objects.bulk_update(transitions, ["at"])
    return bienniums


def add_lines(*, bienniums: list[Biennium], user) -> dict[int, list[LineOfAction]]:
    lines = [
        LineOfAction(biennium=b, letter=letter, heading={"en": theme})
        for b in bienniums
        for letter, theme in zip(LETTERS, network.LINE_THEMES, strict=True)
    ]
    insert(
        lines, user=user, when=lambda line: at(datetime.date(line.biennium.start_year - 1, 6, 1))
    )
    by_biennium: dict[int, list[LineOfAction]] = {}
    for line in lines:
        by_biennium.setdefault(line.biennium_id, []).append(line)
    return by_biennium


def add_activities(
    *,
    rng: random.Random,
    biennium: Biennium,
    lines: list[LineOfAction],
    count: int,
    institutions: list,
    people: People,
    finished: bool,
) -> None:
    """`count` activities spread over the lines after those already there.

    A finished biennium's activities were planned (version 1) and later completed or cancelled
    (version 2): two history rows each, and their countries and partners in both.
    """
    if count <= 0:
        return
    positions = {line.pk: 0 for line in lines}
    for line_id, position in Activity.objects.filter(line_of_action__in=lines).values_list(
        "line_of_action_id", "position"
    ):
        positions[line_id] = max(positions[line_id], position)
    paragraphs: dict[int, list[int]] = {}
    for line_id, pk in Paragraph.objects.filter(line_of_action__in=lines).values_list(
        "line_of_action_id", "pk"
    ):
        paragraphs.setdefault(line_id, []).append(pk)
    first, last = datetime.date(biennium.start_year, 1, 1), datetime.date(biennium.end_year, 12, 31)
    activities, countries, partners = [], [], []
    codes = [c.code for c in network.COUNTRIES]
    for n in range(count):
        line = lines[n % len(lines)]
        positions[line.pk] += 1
        starts = day_in(rng, first, last - datetime.timedelta(days=60))
        country = rng.choice(codes)
        topic = rng.choice(network.ACTIVITY_TOPICS)
        if finished:
            status = rng.choice((Activity.Status.COMPLETED,) * 9 + (Activity.Status.CANCELLED,))
        else:
            status = rng.choice(Activity.Status.values[:3])
        activities.append(
            Activity(
                line_of_action=line,
                position=positions[line.pk],
                title={"en": f"{rng.choice(network.ACTIVITY_VERBS)} {topic} "
                       f"({network.COUNTRY[country].name}, {biennium.label})"},
                description={"en": f"CINTERFOR and its member institutions will work on {topic} "
                             f"with the social partners, and share the results with the network."},
                kind=rng.choice(Activity.Kind.values),
                status=status,
                starts_on=starts,
                ends_on=day_in(rng, starts + datetime.timedelta(days=30), last),
                other_partners=rng.choice(("",) * 5 + network.OTHER_FUNDERS[:3]),
                source_paragraph_id=rng.choice(paragraphs[line.pk]) if paragraphs.get(line.pk) else None,
                version=2 if finished else 1,
            )
        )  # fmt: skip
        countries.append(sorted({country, *rng.sample(codes, rng.randrange(0, 2))}))
        partners.append(sorted({i.pk for i in rng.sample(institutions, rng.randrange(0, 3))}))
    user = rng.choice(people.programme)
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    planned_on = lambda a: at(a.starts_on - datetime.timedelta(days=45))  # noqa: E731
    if finished:
        first = [as_first_written(a, status=Activity.Status.PLANNED, version=1) for a in activities]
        snapshots = [
            history(first, user=user, when=planned_on),
            history(activities, user=user, when=lambda a: at(a.ends_on), update=True),
        ]
    else:
        snapshots = [history(activities, user=user, when=planned_on)]
    for field, targets in (("countries", countries), ("partner_institutions", partners)):
        link(
            Activity, field,
            [(a.pk, t) for a, ts in zip(activities, targets, strict=True) for t in ts],
            history_rows=[(h, ts) for rows in snapshots for h, ts in zip(rows, targets, strict=True)],
        )  # fmt: skip
