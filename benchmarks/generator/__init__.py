"""Grow a freshly migrated database around the shipped 2020–21 proposal (`generate_data`).

At scale N, 2020–21 gets N× the real network: 67×N institutions, 17×N agreements, 72×N
contributions and 46×N activities (the seed's 46 among them, untouched). Twenty approved
bienniums before it (1978–79 to 2016–17) get the real network's 46 activities and 72
contributions each (M× with `past_scale`), four budget phases, and the history all of that
would have left. The same seed gives the same rows.

The past stays at the real size by default because the pages under test show one biennium,
2020–21, and because a history 100× too would mean a million rows more to write (about three
minutes on two cores, against one for everything else).
"""

import io
import random
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction

from budget.models import Contribution
from members.models import ContributionAgreement, MemberInstitution
from programme.models import Activity, Biennium

from . import members, money, programme
from .people import create_people

OTHER_BIENNIUMS = 20
SEED_YEAR = 2020


class NotFresh(Exception):
    """The database already holds a proposal; the generator starts from an empty one."""


@dataclass(frozen=True)
class Counts:
    institutions: int
    agreements: int
    bienniums: int
    activities_2020_21: int
    contributions_2020_21: int
    activities: int
    contributions: int


def import_file(path: Path, *, username: str) -> None:
    """Import a proposal file through the project's own command, as the given user."""
    call_command("import_proposal", str(path), by=username, verbosity=0, stdout=io.StringIO())


def generate(*, seed_file: Path, scale: int, seed: int = 1, past_scale: int = 1) -> Counts:
    """Load the seed file and grow the data around it; see the module's docstring."""
    if scale < 1 or past_scale < 1:
        raise ValueError("A scale is a whole number of networks, 1 or more.")

    def rng(part: str) -> random.Random:  # one stream per part: adding one leaves the others
        return random.Random(f"{seed}/{part}")  # noqa: S311 - made-up data, not secrets

    with transaction.atomic():
        if Biennium.objects.exists():
            raise NotFresh("the database already holds a biennium; generate into a fresh one.")
        people = create_people()
        import_file(seed_file, username=people.importer.username)
        members.add_countries()
        institutions = members.add_institutions(
            rng=rng("institutions"), scale=scale, user=people.finance[0]
        )
        agreements = members.add_agreements(
            rng=rng("agreements"), scale=scale, institutions=institutions, user=people.finance[0]
        )
        current = Biennium.objects.get(start_year=SEED_YEAR)
        lines = list(current.lines.order_by("letter"))
        programme.add_activities(
            rng=rng("activities"),
            biennium=current,
            lines=lines,
            count=programme.REAL_ACTIVITIES * scale
            - Activity.objects.filter(line_of_action__biennium=current).count(),
            institutions=institutions,
            people=people,
            finished=False,
        )
        payers = [money.Payer(a.institution, a.annual_amount, a.currency) for a in agreements]
        money.add_contributions(
            rng=rng("contributions"), biennium=current, payers=payers, scale=scale,
            user=people.finance[1],
        )  # fmt: skip
        _add_past(rng, scale=past_scale, institutions=institutions, people=people)
    _gather_statistics()
    return Counts(
        institutions=MemberInstitution.objects.count(),
        agreements=ContributionAgreement.objects.count(),
        bienniums=Biennium.objects.count(),
        activities_2020_21=Activity.objects.filter(line_of_action__biennium=current).count(),
        contributions_2020_21=current.contributions.count(),
        activities=Activity.objects.count(),
        contributions=Contribution.objects.count(),
    )


def _gather_statistics() -> None:
    """Give PostgreSQL's planner the statistics of the rows just written, as after any bulk
    load: autovacuum would gather them within a minute or so, and until then it plans for
    empty tables (a line of action's page sorted all 4,600 activities: 12 ms, not 1 ms)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _add_past(rng, *, scale: int, institutions, people) -> None:
    first_year = SEED_YEAR - 2 * (OTHER_BIENNIUMS + 1)  # 2018–19 comes with the seed
    past = programme.add_past_bienniums(first_year=first_year, count=OTHER_BIENNIUMS, people=people)
    lines = programme.add_lines(bienniums=past, user=people.programme[0])
    carried = money.INCOME_2020_21[money.IncomeLine.ILO] / 3  # the first one's reserve
    for biennium in past:
        part = f"biennium-{biennium.start_year}"
        carried = money.add_budgets(
            rng=rng(part + "/budgets"), biennium=biennium, brought_forward=carried,
            user=people.finance[0],
        )  # fmt: skip
        programme.add_activities(
            rng=rng(part + "/activities"),
            biennium=biennium,
            lines=lines[biennium.pk],
            count=programme.REAL_ACTIVITIES * scale,
            institutions=institutions,
            people=people,
            finished=True,
        )
        payers_rng = rng(part + "/payers")
        payers = money.payers_for(
            payers_rng, institutions, year=biennium.start_year, count=17 * scale
        )
        money.add_contributions(
            rng=payers_rng, biennium=biennium, payers=payers, scale=scale, user=people.finance[1]
        )
