"""Record and change many contributions at once (an uploaded workbook), all or none.

The same rules as `services.contribution_record` and `contribution_update`, checked for every
row before anything is written, in a number of queries that does not grow with the rows: the
register, the stored natural keys, the rates of exchange and the versions of the rows to change
are each read in one query, and the rows and their history are written in bulk (on SQLite,
in the batches its limit of 999 parameters per statement forces).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cinterfor.concurrency import ConcurrentEdit
from cinterfor.roles import require_role
from members.models import MemberInstitution
from programme.models import Biennium

from . import calculations as calc
from .models import Contribution
from .owed import rates_for
from .services import CONTRIBUTION_FIELDS, EDITORS, _check_payer, usd_value

# What a bulk save writes of a contribution (besides its biennium and version).
WRITTEN = (*CONTRIBUTION_FIELDS, "rate_used", "rate_month")
REASON_LENGTH = 100  # simple_history's history_change_reason


@dataclass(frozen=True)
class ContributionRow:
    """One contribution of a bulk save. A US$ value of None is the amount at the rate of the
    contribution's month. To change a recorded contribution, give it and the version read."""

    payer: str
    stage: str
    date: datetime.date
    amount: Decimal
    currency: str
    income_line: str
    amount_usd: Decimal | None = None
    institution: MemberInstitution | None = None
    payer_name: str = ""
    reference: str = ""
    note: str = ""
    stored: Contribution | None = None
    seen_version: int | None = None


@dataclass(frozen=True)
class RowRefusal:
    index: int  # the row's position in the rows given, from 0
    field: str  # the field the reason is about; "" for the row as a whole
    reason: str


class RowsRefused(ValidationError):
    """A bulk save that saved nothing: every refused row, by position, field and reason."""

    def __init__(self, refusals: list[RowRefusal]):
        self.refusals = refusals
        super().__init__([f"{r.index + 1}: {r.reason}" for r in refusals])


def natural_key(
    *, institution_id: int | None, date: datetime.date, stage: str, amount: Decimal, reference: str
) -> tuple:
    """What tells one contribution from another: institution, date, stage, amount, reference."""
    return (institution_id, date, stage, calc.cents(amount), reference)


def lock_contributions(biennium: Biennium) -> None:
    """Make bulk saves of a biennium's contributions wait for each other (in a transaction).

    Not `lock_budget_for_edit`: that refuses a proposal that is not a draft, while
    contributions are counted against the budget as the biennium runs and are recorded
    whatever its status. The lock is the same row's, so saves still take turns.
    """
    Biennium.objects.select_for_update(no_key=True).only("pk").get(pk=biennium.pk)


class _Rows:
    """The reads a bulk save checks its rows against, each made once."""

    def __init__(self, biennium: Biennium, rows: Sequence[ContributionRow]):
        institution_ids = {r.institution.pk for r in rows if r.institution is not None}
        self.institutions = set(
            MemberInstitution.objects.filter(pk__in=institution_ids).values_list("pk", flat=True)
        )
        self.rates = rates_for(
            {
                (r.currency, calc.month_of(r.date))
                for r in rows
                if r.amount_usd is None and r.currency != calc.USD
            }
        )
        stored = Contribution.objects.filter(
            biennium=biennium,
            institution_id__in=institution_ids,
            date__in={r.date for r in rows},
        ).values_list("pk", "institution_id", "date", "stage", "amount", "reference")
        self.keys = {
            natural_key(
                institution_id=institution_id,
                date=date,
                stage=stage,
                amount=amount,
                reference=reference,
            ): pk
            for pk, institution_id, date, stage, amount, reference in stored
        }
        changed = {r.stored.pk for r in rows if r.stored is not None}
        # The rows to change are locked while their versions are compared and they are written.
        self.versions = dict(
            Contribution.objects.select_for_update()
            .filter(biennium=biennium, pk__in=changed)
            .values_list("pk", "version")
        )


def _usd_value(row: ContributionRow, rates: dict) -> tuple:
    """(US$ value, rate used, month of the rate); a ValidationError if no rate was entered."""
    if row.amount_usd is not None:
        stored = row.stored
        if stored is not None and stored.amount_usd == row.amount_usd:
            return row.amount_usd, stored.rate_used, stored.rate_month
        return row.amount_usd, None, None  # typed in: no rate was used
    return usd_value(amount=row.amount, currency=row.currency, on=row.date, rates=rates)


def _rules(contribution: Contribution, *, known_institutions: set[int]) -> None:
    """The model's fields and the database's checks, without a query (constraints and foreign
    keys are checked by the one-query reads instead)."""
    contribution.full_clean(
        exclude=["biennium", "institution"], validate_unique=False, validate_constraints=False
    )
    _check_payer(contribution.payer, contribution.institution)
    member = contribution.payer == Contribution.Payer.MEMBER_INSTITUTION
    if member and contribution.institution_id not in known_institutions:
        raise ValidationError({"institution": _("This institution is not in the register.")})
    if contribution.amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    if contribution.amount_usd < 0:
        raise ValidationError({"amount_usd": _("The US$ value cannot be negative.")})


def _contribution(biennium: Biennium, row: ContributionRow, reads: _Rows) -> Contribution:
    """The row as a contribution to write, checked; a ValidationError names what is wrong."""
    if row.stored is not None and reads.versions.get(row.stored.pk) != row.seen_version:
        raise ConcurrentEdit()  # changed or deleted since it was read
    amount_usd, rate_used, rate_month = _usd_value(row, reads.rates)
    contribution = row.stored or Contribution(biennium=biennium)
    values = {name: getattr(row, name) for name in CONTRIBUTION_FIELDS}
    values.update(amount_usd=amount_usd, rate_used=rate_used, rate_month=rate_month)
    for name, value in values.items():
        setattr(contribution, name, value)
    _rules(contribution, known_institutions=reads.institutions)
    return contribution


def _refusals(index: int, error: ValidationError) -> list[RowRefusal]:
    if not hasattr(error, "error_dict"):
        return [RowRefusal(index, "", " ".join(error.messages))]
    return [
        RowRefusal(index, "" if name == "__all__" else name, " ".join(messages))
        for name, messages in error.message_dict.items()
    ]


def contributions_save_many(
    *, biennium: Biennium, by, rows: Sequence[ContributionRow], reason: str = ""
) -> list[Contribution]:
    """Record the new rows and change the recorded ones, all or none; history says who and why.

    Refused (RowsRefused, nothing saved) if any row breaks a rule of a contribution, names an
    institution not in the register, has no rate of exchange for its month when its US$ value
    is not given, or has the natural key of another row or of a contribution recorded already;
    ConcurrentEdit if a row to change was saved by someone else since it was read. Returns the
    contributions in the order of `rows`.
    """
    require_role(by, *EDITORS)
    with transaction.atomic():
        lock_contributions(biennium)
        reads = _Rows(biennium, rows)
        saved, refusals, first_of_key = [], [], {}
        for index, row in enumerate(rows):
            try:
                contribution = _contribution(biennium, row, reads)
            except ValidationError as error:
                refusals.extend(_refusals(index, error))
                continue
            key = natural_key(
                institution_id=contribution.institution_id,
                date=contribution.date,
                stage=contribution.stage,
                amount=contribution.amount,
                reference=contribution.reference,
            )
            owner = reads.keys.get(key) if contribution.institution_id else None
            if key in first_of_key and contribution.institution_id:
                refusals.append(
                    RowRefusal(
                        index,
                        "",
                        _("The same contribution as row %(row)d.") % {"row": first_of_key[key] + 1},
                    )
                )
            elif owner is not None and owner != contribution.pk:
                refusals.append(
                    RowRefusal(
                        index,
                        "",
                        _(
                            "This institution's contribution of this amount, date, stage and "
                            "reference is recorded already."
                        ),
                    )
                )
            first_of_key.setdefault(key, index)
            saved.append(contribution)
        if refusals:
            raise RowsRefused(refusals)
        _write(saved, by=by, reason=reason[:REASON_LENGTH])
    return saved


def _write(contributions: list[Contribution], *, by, reason: str) -> None:
    """Insert the new, update the changed (a version up), each with its history row, in bulk."""
    new = [c for c in contributions if c.pk is None]
    changed = [c for c in contributions if c.pk is not None]
    if new:
        created = bulk_create_with_history(
            new, Contribution, default_user=by, default_change_reason=reason
        )
        for contribution, with_pk in zip(new, created, strict=True):
            contribution.pk = with_pk.pk
    if changed:
        for contribution in changed:
            contribution.version += 1
        bulk_update_with_history(
            changed,
            Contribution,
            [*WRITTEN, "version"],
            default_user=by,
            default_change_reason=reason,
        )
