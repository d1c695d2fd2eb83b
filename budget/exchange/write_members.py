"""Write the part of the member register a file carries: countries, institutions, agreements.

The register is shared by every biennium, so an import adds and updates, and never deletes.
"""

from members.models import ContributionAgreement, Country, MemberInstitution

from . import schema
from .rows import Tally, write_rows


def _write_countries(proposal: schema.Proposal, *, tally: Tally) -> None:
    stored = Country.objects.in_bulk([c.code for c in proposal.countries])
    created = [
        Country(code=c.code, name=c.name) for c in proposal.countries if c.code not in stored
    ]
    updated = []
    for country in proposal.countries:
        row = stored.get(country.code)
        if row is not None and row.name != country.name:
            row.name = country.name
            updated.append(row)
    Country.objects.bulk_create(created)
    if updated:
        Country.objects.bulk_update(updated, ["name"])
    unchanged = len(proposal.countries) - len(created) - len(updated)
    tally.add("countries", created=len(created), updated=len(updated), unchanged=unchanged)


def write_members(proposal: schema.Proposal, *, by, tally: Tally) -> dict[str, MemberInstitution]:
    """Countries, institutions and agreements by natural key; the institutions by reference."""
    _write_countries(proposal, tally=tally)
    candidates = MemberInstitution.objects.filter(
        acronym__in={i.acronym for i in proposal.institutions},
        country_id__in={i.country for i in proposal.institutions},
    )
    institutions = write_rows(
        model=MemberInstitution,
        kind="institutions",
        stored={f"{i.country_id}/{i.acronym}": i for i in candidates},
        wanted={
            f"{i.country}/{i.acronym}": {
                "country_id": i.country,
                "acronym": i.acronym,
                "name": i.name,
                "kind": i.kind,
                "member_since": i.member_since,
                "active": i.active,
            }
            for i in proposal.institutions
        },
        by=by,
        tally=tally,
    )
    ids = {ref: institution.pk for ref, institution in institutions.items()}
    stored = ContributionAgreement.objects.filter(institution_id__in=ids.values())
    write_rows(
        model=ContributionAgreement,
        kind="agreements",
        stored={(a.institution_id, a.signed_on, a.starts_on, a.ends_on): a for a in stored},
        wanted={
            (ids[a.institution], a.signed_on, a.starts_on, a.ends_on): {
                "institution_id": ids[a.institution],
                "signed_on": a.signed_on,
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
                "annual_amount": a.annual_amount,
                "currency": a.currency,
            }
            for a in proposal.agreements
        },
        by=by,
        tally=tally,
    )
    return institutions
