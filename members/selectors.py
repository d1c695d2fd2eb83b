"""Reads of the member register: the institution list and one institution with its agreements."""

import datetime

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from .models import ContributionAgreement, Country, MemberInstitution

# Sort keys of the list page and the columns they order by (ties broken by acronym).
ORDERINGS = {
    "acronym": ("acronym", "country__name"),
    "name": ("name", "acronym"),
    "country": ("country__name", "acronym"),
    "member_since": ("member_since", "acronym"),
    "agreements": ("agreement_count", "acronym"),
}


def agreements_in_force(*, on: datetime.date) -> QuerySet[ContributionAgreement]:
    return ContributionAgreement.objects.filter(starts_on__lte=on, ends_on__gte=on)


def institutions_list(
    *,
    today: datetime.date,
    search: str = "",
    country: Country | None = None,
    agreement: str = "",
    sort: str = "acronym",
) -> QuerySet[MemberInstitution]:
    """Institutions with their country, agreement count and whether one is in force today.

    `agreement` is "in_force", "none" (none in force today) or "" (any); `sort` is a key of
    ORDERINGS, reversed by a leading "-".
    """
    in_force = agreements_in_force(on=today).filter(institution=OuterRef("pk"))
    # Counted per row shown, not by grouping the whole register before one page is cut.
    agreements = (
        ContributionAgreement.objects.filter(institution=OuterRef("pk"))
        .order_by()
        .values("institution")
        .annotate(count=Count("pk"))
        .values("count")
    )
    institutions = MemberInstitution.objects.select_related("country").annotate(
        agreement_count=Coalesce(Subquery(agreements), 0), has_agreement_in_force=Exists(in_force)
    )
    if search:
        institutions = institutions.filter(Q(name__icontains=search) | Q(acronym__icontains=search))
    if country is not None:
        institutions = institutions.filter(country=country)
    if agreement == "in_force":
        institutions = institutions.filter(has_agreement_in_force=True)
    elif agreement == "none":
        institutions = institutions.filter(has_agreement_in_force=False)
    descending = sort.startswith("-")
    columns = ORDERINGS.get(sort.lstrip("-"), ORDERINGS["acronym"])
    return institutions.order_by(*(f"-{c}" if descending else c for c in columns), "pk")


def institution_detail(*, pk: int) -> MemberInstitution:
    """One institution with its country, or a 404."""
    return get_object_or_404(MemberInstitution.objects.select_related("country"), pk=pk)


def agreements_of(
    *, institution: MemberInstitution, today: datetime.date
) -> QuerySet[ContributionAgreement]:
    """An institution's agreements, latest first, each saying whether it is in force today."""
    in_force = Q(starts_on__lte=today, ends_on__gte=today)
    return institution.agreements.annotate(
        in_force=ExpressionWrapper(in_force, output_field=BooleanField())
    ).order_by("-starts_on", "-pk")


def contributions_of(*, institution: MemberInstitution) -> QuerySet:
    """The contributions an institution paid or pledged, newest first, with their biennium.

    Read through the reverse relation, so the register does not import the budget app.
    """
    return institution.contributions.select_related("biennium").order_by("-date", "-pk")


def agreement_detail(*, pk: int) -> ContributionAgreement:
    return get_object_or_404(
        ContributionAgreement.objects.select_related("institution__country"), pk=pk
    )


# The pickers' lookups: a search over the register, in a stable order, sliced by the view.


def institution_choices(*, search: str = "") -> QuerySet[MemberInstitution]:
    """Institutions whose acronym, name or country code holds the search, by acronym."""
    institutions = MemberInstitution.objects.all()
    for word in search.split():
        institutions = institutions.filter(
            Q(acronym__icontains=word) | Q(name__icontains=word) | Q(country__code__iexact=word)
        )
    return institutions.order_by("acronym", "country_id", "pk")


def country_choices(*, search: str = "") -> QuerySet[Country]:
    """Countries whose name holds the search (or whose code is it), by name."""
    countries = Country.objects.all()
    if search:
        countries = countries.filter(Q(name__icontains=search) | Q(code__iexact=search))
    return countries.order_by("name")
