"""Writes to the member register: institutions and their contribution agreements.

Finance and managers keep the register; each write checks the role, validates the row in full
and saves it with a version check, so the history (django-simple-history) says who did what.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cinterfor.concurrency import ConcurrentEdit, save_if_unchanged
from cinterfor.roles import FINANCE, MANAGERS, require_role

from .models import ContributionAgreement, Country, MemberInstitution

EDITORS = (FINANCE, MANAGERS)
INSTITUTION_FIELDS = (
    "name",
    "acronym",
    "country",
    "kind",
    "member_since",
    "active",
    "contact_name",
    "contact_email",
)
AGREEMENT_FIELDS = ("signed_on", "starts_on", "ends_on", "annual_amount", "currency")


def _create(row, *, by):
    row._history_user = by
    try:
        with transaction.atomic():
            row.full_clean()
            row.save()
    except IntegrityError as error:
        # A twin saved at the same moment passed the same checks; it is visible now, so the
        # checks name the rule it broke.
        row.full_clean()
        raise ValidationError(
            _("This conflicts with a record saved at the same moment. Reload and check.")
        ) from error
    return row


def _update(row, *, by, seen_version: int, allowed: tuple[str, ...], values: dict):
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(row, name, value)
    row._history_user = by
    with transaction.atomic():
        row.full_clean()
        save_if_unchanged(row, seen_version=seen_version, fields=list(values))
    return row


def institution_create(
    *,
    by,
    name: str,
    acronym: str,
    country: Country,
    kind: str,
    member_since: int | None = None,
    active: bool = True,
    contact_name: str = "",
    contact_email: str = "",
) -> MemberInstitution:
    """Add an institution to the register."""
    require_role(by, *EDITORS)
    institution = MemberInstitution(
        name=name,
        acronym=acronym,
        country=country,
        kind=kind,
        member_since=member_since,
        active=active,
        contact_name=contact_name,
        contact_email=contact_email,
    )
    return _create(institution, by=by)


def institution_update(
    *, institution: MemberInstitution, by, seen_version: int, **values
) -> MemberInstitution:
    """Change an institution, unless someone saved it after it was read."""
    require_role(by, *EDITORS)
    return _update(
        institution, by=by, seen_version=seen_version, allowed=INSTITUTION_FIELDS, values=values
    )


def agreement_create(
    *,
    institution: MemberInstitution,
    by,
    signed_on: datetime.date,
    starts_on: datetime.date,
    ends_on: datetime.date,
    annual_amount: Decimal,
    currency: str = "USD",
) -> ContributionAgreement:
    """Record an institution's signed commitment to a yearly contribution (paragraph 26)."""
    require_role(by, *EDITORS)
    agreement = ContributionAgreement(
        institution=institution,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        annual_amount=annual_amount,
        currency=currency,
    )
    return _create(agreement, by=by)


def agreement_update(
    *, agreement: ContributionAgreement, by, seen_version: int, **values
) -> ContributionAgreement:
    """Change an agreement's dates, amount or currency, unless someone saved it meanwhile."""
    require_role(by, *EDITORS)
    return _update(
        agreement, by=by, seen_version=seen_version, allowed=AGREEMENT_FIELDS, values=values
    )


def agreement_delete(*, agreement: ContributionAgreement, by, seen_version: int) -> None:
    """Delete an agreement entered in error, unless someone saved it after it was read."""
    require_role(by, *EDITORS)
    with transaction.atomic():
        # Take the version in one UPDATE, so a concurrent save and this delete cannot both win.
        claimed = ContributionAgreement.objects.filter(
            pk=agreement.pk, version=seen_version
        ).update(version=F("version") + 1)
        if not claimed:
            raise ConcurrentEdit()
        agreement._history_user = by
        agreement.delete()
