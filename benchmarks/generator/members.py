"""The network: its 27 countries, N× its 67 institutions and N× its 17 agreements."""

import datetime
import random
from decimal import Decimal

from members.models import ContributionAgreement, Country, MemberInstitution

from .. import network
from .rows import at, day_in, insert

REAL_INSTITUTIONS = 67  # paragraph 4 of the 2020–21 proposal
REAL_AGREEMENTS = 17  # paragraph 26
CENT = Decimal("0.01")


def to_local(usd: Decimal, country: str) -> Decimal:
    return (usd * network.COUNTRY[country].per_usd).quantize(CENT)


def add_countries() -> None:
    """The network's countries the seed does not name."""
    known = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        [Country(code=c.code, name=c.name) for c in network.COUNTRIES if c.code not in known]
    )


def _made_up(rng: random.Random, number: int) -> MemberInstitution:
    country = rng.choice(network.COUNTRIES)
    prefix, name, kind = rng.choice(network.INSTITUTION_PATTERNS)
    city = rng.choice(country.cities)
    return MemberInstitution(
        name=name.format(city=city),
        acronym=f"{prefix}-{number:05d}",  # unique in the whole register, so in each country
        country_id=country.code,
        kind=kind,
        member_since=rng.randrange(1964, 2020),
        active=rng.random() > 0.05,
    )


def add_institutions(*, rng: random.Random, scale: int, user) -> list[MemberInstitution]:
    """Grow the register to 67×N: the network's real institutions first, then made-up ones."""
    existing = list(MemberInstitution.objects.order_by("pk"))
    taken = {(i.country_id, i.acronym) for i in existing}
    wanted = REAL_INSTITUTIONS * scale - len(existing)
    new = [
        MemberInstitution(
            country_id=country, acronym=acronym, name=name, kind=kind, member_since=since
        )
        for country, acronym, name, kind, since in network.INSTITUTIONS
        if (country, acronym) not in taken
    ][: max(wanted, 0)]
    new += [_made_up(rng, n) for n in range(1, wanted - len(new) + 1)]
    insert(new, user=user, when=lambda i: at(datetime.date(i.member_since or 2019, 3, 1)))
    return existing + new


def add_agreements(
    *, rng: random.Random, scale: int, institutions: list[MemberInstitution], user
) -> list[ContributionAgreement]:
    """17×N agreements for 2020–21, each in its institution's currency."""
    paying = rng.sample(institutions, REAL_AGREEMENTS * scale)
    agreements = []
    for institution in paying:
        usd = Decimal(rng.randrange(5_000, 40_000))
        agreements.append(
            ContributionAgreement(
                institution=institution,
                signed_on=day_in(rng, datetime.date(2019, 3, 1), datetime.date(2019, 11, 30)),
                starts_on=datetime.date(2020, 1, 1),
                ends_on=datetime.date(2021, 12, 31),
                annual_amount=to_local(usd, institution.country_id),
                currency=network.COUNTRY[institution.country_id].currency,
            )
        )
    insert(agreements, user=user, when=lambda a: at(a.signed_on))
    return agreements
