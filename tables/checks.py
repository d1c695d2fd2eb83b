"""Check an uploaded table row by row: new, unchanged, changed or refused, with cell and reason.

One check per kind of upload says its columns, how a row is parsed, its natural key, how it
is compared with what is stored and which service saves it. `check_rows` reads a whole sheet in
a fixed number of queries (the lookups, then the stored rows of the file's keys).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget import bulk_contributions as bulk
from budget import calculations as calc
from budget.models import Contribution, ExchangeRate, IncomeLine
from cinterfor.concurrency import ConcurrentEdit
from members import services as member_services
from members.models import ContributionAgreement, Country, MemberInstitution
from programme.models import Biennium

from . import reading
from .models import UploadBatch
from .reading import CellError, SheetRows, cell_name, fold


class RowStatus(models.TextChoices):
    NEW = "new", gettext_lazy("New")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    CHANGED = "changed", gettext_lazy("Changed")
    REFUSED = "refused", gettext_lazy("Refused")


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # lazy
    required: bool = True
    width: int = 16


@dataclass
class Checked:
    """One row of the file as the check found it."""

    row: int
    status: str
    cell: str = ""
    reason: str = ""
    summary: str = ""
    key: str = ""
    values: dict = field(default_factory=dict)
    stored: object | None = None  # the stored row it matches (unchanged or changed)
    changes: dict = field(default_factory=dict)

    def report(self) -> dict:
        return {
            "row": self.row,
            "status": self.status,
            "cell": self.cell,
            "reason": self.reason,
            "summary": self.summary,
        }


class Cells:
    """The cells of one row by field name; a parse error names its cell."""

    def __init__(self, values: list, columns: dict[str, int], row: int):
        self.values, self.columns, self.row = values, columns, row

    def name_of(self, name: str) -> str:
        return cell_name(self.columns.get(name, 0), self.row)

    def get(self, name: str, parse: Callable, **options):
        index = self.columns.get(name)
        value = self.values[index] if index is not None and index < len(self.values) else None
        try:
            return parse(value, **options)
        except CellError as error:
            raise RowError(self.name_of(name), str(error)) from error


class RowError(Exception):
    def __init__(self, cell: str, reason: str):
        super().__init__(reason)
        self.cell, self.reason = cell, reason


def institution_names() -> dict[str, MemberInstitution | None]:
    """What a cell may say for an institution: "INA (CR)", or its acronym where unique."""
    names: dict[str, MemberInstitution | None] = {}
    by_acronym: dict[str, list[MemberInstitution]] = {}
    for institution in MemberInstitution.objects.all():
        names[fold(str(institution))] = institution
        by_acronym.setdefault(fold(institution.acronym), []).append(institution)
    for acronym, found in by_acronym.items():
        names.setdefault(acronym, found[0] if len(found) == 1 else None)
    return names


def _institution(value, *, names):
    if reading.is_blank(value):
        raise CellError(_("This cell is required."))
    found = names.get(fold(value), False)
    if found is None:
        raise CellError(_("Several institutions have this acronym; choose “ACRONYM (CC)”."))
    if found is False:
        raise CellError(_("“%(value)s” is not an institution of the register.") % {"value": value})
    return found


def _currency(value):
    written = reading.text(value, max_length=3) or "USD"
    written = written.upper()
    if len(written) != 3 or not written.isalpha():
        raise CellError(_("A currency is three capital letters (ISO 4217), e.g. USD, CLP."))
    return written


def _model_errors(row, fields: dict[str, Field], cells: Cells, *, constraints: bool) -> None:
    """The model's own validation, each error named by the cell of its field.

    Without the constraints, foreign keys are not validated either: they come from the
    lookups the check read once, and validating one is a query per row.
    """
    relations = [] if constraints else [f.name for f in row._meta.concrete_fields if f.is_relation]
    try:
        row.full_clean(exclude=relations, validate_unique=False, validate_constraints=constraints)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            cell = cells.name_of(name) if name in fields else cells.name_of("")
            raise RowError(cell, " ".join(messages)) from error


class ContributionCheck:
    """Money received, committed or pledged by member institutions, in one biennium.

    A row is known by its natural key (institution, date, stage, amount, reference), matched
    against every contribution of the biennium, however it was recorded. A payment in another
    currency without a US$ value is converted at the rate of its month, which the preview says.
    """

    kind = UploadBatch.Kind.CONTRIBUTIONS
    model = Contribution
    fields = [
        Field("institution", gettext_lazy("Institution"), width=18),
        Field("date", gettext_lazy("Date"), width=12),
        Field("stage", gettext_lazy("Stage"), width=30),
        Field("income_line", gettext_lazy("Income line"), width=40),
        Field("amount", gettext_lazy("Amount"), width=14),
        Field("currency", gettext_lazy("Currency"), required=False, width=10),
        Field("amount_usd", gettext_lazy("US$ value"), required=False, width=14),
        Field("reference", gettext_lazy("Reference"), required=False, width=18),
        Field("note", gettext_lazy("Note"), required=False, width=30),
    ]
    compared = ("income_line", "currency", "amount_usd", "note")

    def __init__(self, *, biennium: Biennium):
        self.biennium = biennium
        self.institutions = institution_names()
        self.stages = reading.choice_names(Contribution.Stage.choices)
        self.lines = reading.choice_names(IncomeLine.choices)
        self._rates: dict | None = None

    def _rate(self, currency: str, day) -> ExchangeRate | None:
        """The rate of a currency for the month of a day; every rate is read once, when the
        first row needs one (a few hundred rows a year at most)."""
        if self._rates is None:
            self._rates = {(r.currency, r.month): r for r in ExchangeRate.objects.all()}
        return self._rates.get((currency, calc.month_of(day)))

    def _usd_value(self, values: dict, cells: Cells) -> None:
        """Fill in the US$ value: the amount in US$, the value typed, or the month's rate's."""
        values["rate"] = None
        amount, currency, typed = values["amount"], values["currency"], values["amount_usd"]
        if currency == calc.USD:
            if typed is not None and typed != amount:
                raise RowError(
                    cells.name_of("amount_usd"), _("A payment in US$ is worth its amount in US$.")
                )
            values["amount_usd"] = amount  # a payment in US$ is worth its amount
            return
        if typed is not None:
            if typed < 0:
                raise RowError(cells.name_of("amount_usd"), _("The US$ value cannot be negative."))
            return
        rate = self._rate(currency, values["date"])
        if rate is None:
            where = "amount_usd" if "amount_usd" in cells.columns else "currency"
            raise RowError(
                cells.name_of(where),
                _(
                    "There is no rate of exchange for %(currency)s in %(month)s: give the US$ "
                    "value, or enter the rate first."
                )
                % {"currency": currency, "month": f"{values['date']:%Y-%m}"},
            )
        conversion = calc.to_usd(
            amount=amount, currency=currency, rate=rate.units_per_usd, month=rate.month
        )
        values["amount_usd"], values["rate"] = conversion.usd, conversion

    def parse(self, cells: Cells) -> dict:
        values = {
            "institution": cells.get("institution", _institution, names=self.institutions),
            "date": cells.get("date", reading.date),
            "stage": cells.get("stage", reading.choice, names=self.stages),
            "income_line": cells.get("income_line", reading.choice, names=self.lines),
            "amount": cells.get("amount", reading.money),
            "currency": cells.get("currency", _currency),
            "amount_usd": cells.get("amount_usd", reading.money, required=False, positive=False),
            "reference": cells.get("reference", reading.text, max_length=100),
            "note": cells.get("note", reading.text, max_length=2000),
        }
        self._usd_value(values, cells)
        row = Contribution(biennium=self.biennium, payer=Contribution.Payer.MEMBER_INSTITUTION)
        for name in ("institution", "date", "stage", "income_line", "amount", "currency"):
            setattr(row, name, values[name])
        row.amount_usd, row.reference, row.note = (
            values["amount_usd"],
            values["reference"],
            values["note"],
        )
        by_field = {f.name: f for f in self.fields}
        _model_errors(row, by_field, cells, constraints=False)
        return values

    def _natural_key(self, values: dict) -> tuple:
        return bulk.natural_key(
            institution_id=values["institution"].pk,
            date=values["date"],
            stage=values["stage"],
            amount=values["amount"],
            reference=values["reference"],
        )

    def key(self, values: dict) -> str:
        institution_id, day, stage, amount, reference = self._natural_key(values)
        # The reference last: it may hold "|" itself.
        return f"{self.biennium.pk}|{institution_id}|{day.isoformat()}|{stage}|{amount}|{reference}"

    def stored(self, keys: list[str]) -> dict[str, Contribution]:
        """The biennium's contributions with these natural keys, however they were recorded."""
        parts = [key.split("|", 5) for key in keys]
        rows = Contribution.objects.filter(
            biennium=self.biennium,
            institution_id__in={int(p[1]) for p in parts},
            date__in={p[2] for p in parts},
        ).order_by("pk")
        found = {}
        for row in rows:
            key = (
                f"{self.biennium.pk}|{row.institution_id}|{row.date.isoformat()}|{row.stage}|"
                f"{calc.cents(row.amount)}|{row.reference}"
            )
            found.setdefault(key, row)  # two alike without a reference: the first stands for both
        return found

    def changes(self, stored: Contribution, values: dict) -> dict:
        return {n: values[n] for n in self.compared if getattr(stored, n) != values[n]}

    def summary(self, values: dict) -> str:
        summary = (
            f"{values['institution']} · {values['date']:%Y-%m-%d} · "
            f"{values['amount']} {values['currency']}"
        )
        if values["reference"]:
            summary += f" · {values['reference']}"
        rate = values["rate"]
        if rate is not None:
            summary += " · " + _(
                "%(usd)s US$ at %(rate)s %(currency)s per US$, the rate of %(month)s"
            ) % {
                "usd": rate.usd,
                "rate": format(rate.rate.normalize(), "f"),
                "currency": rate.currency,
                "month": f"{rate.month:%Y-%m}",
            }
        return summary

    def _row(self, checked: Checked) -> bulk.ContributionRow:
        values = checked.values
        stored = checked.stored
        return bulk.ContributionRow(
            payer=Contribution.Payer.MEMBER_INSTITUTION,
            institution=values["institution"],
            stage=values["stage"],
            date=values["date"],
            amount=values["amount"],
            currency=values["currency"],
            # Converted at the month's rate: the service converts again, and stores the rate.
            amount_usd=None if values["rate"] is not None else values["amount_usd"],
            income_line=values["income_line"],
            reference=values["reference"],
            note=values["note"],
            stored=stored,
            seen_version=stored.version if stored is not None else None,
        )

    def save(self, rows: list[Checked], *, by, reason: str) -> list[int]:
        """Save the new and changed rows in bulk (budget.bulk_contributions), all or none."""
        saved = bulk.contributions_save_many(
            biennium=self.biennium, by=by, rows=[self._row(r) for r in rows], reason=reason
        )
        return [contribution.pk for contribution in saved]


class InstitutionCheck:
    """Member institutions of the register, known by acronym and country."""

    kind = UploadBatch.Kind.INSTITUTIONS
    model = MemberInstitution
    fields = [
        Field("acronym", gettext_lazy("Acronym"), width=12),
        Field("name", gettext_lazy("Name"), width=50),
        Field("country", gettext_lazy("Country code"), width=10),
        Field("kind", gettext_lazy("Kind"), width=36),
        Field("member_since", gettext_lazy("Member since"), required=False, width=12),
        Field("active", gettext_lazy("Active"), required=False, width=8),
    ]

    def __init__(self, **_ignored):
        self.countries = {c.code: c for c in Country.objects.all()}
        self.kinds = reading.choice_names(MemberInstitution.Kind.choices)

    def _country(self, value):
        code = reading.text(value, max_length=100, required=True)
        found = self.countries.get(code.upper()) or next(
            (c for c in self.countries.values() if fold(c.name) == fold(code)), None
        )
        if found is None:
            raise CellError(_("“%(value)s” is not a country of the register.") % {"value": value})
        return found

    def parse(self, cells: Cells) -> dict:
        values = {
            "acronym": cells.get("acronym", reading.text, max_length=30, required=True),
            "name": cells.get("name", reading.text, max_length=200, required=True),
            "country": cells.get("country", self._country),
            "kind": cells.get("kind", reading.choice, names=self.kinds),
            "member_since": cells.get("member_since", reading.whole_number),
            "active": cells.get("active", reading.yes_no),
        }
        by_field = {f.name: f for f in self.fields}
        _model_errors(MemberInstitution(**values), by_field, cells, constraints=True)
        return values

    def key(self, values: dict) -> str:
        return f"{fold(values['acronym'])}|{values['country'].code}"

    def stored(self, keys: list[str]) -> dict[str, MemberInstitution]:
        countries = {key.split("|")[1] for key in keys}
        rows = MemberInstitution.objects.filter(country_id__in=countries)
        return {f"{fold(i.acronym)}|{i.country_id}": i for i in rows}

    def changes(self, stored: MemberInstitution, values: dict) -> dict:
        names = ("name", "kind", "member_since", "active")
        return {n: values[n] for n in names if getattr(stored, n) != values[n]}

    def summary(self, values: dict) -> str:
        return f"{values['acronym']} ({values['country'].code}) · {values['name']}"

    def create(self, values: dict, *, by) -> MemberInstitution:
        return member_services.institution_create(by=by, **values)

    def update(self, stored: MemberInstitution, changes: dict, *, by) -> MemberInstitution:
        return member_services.institution_update(
            institution=stored, by=by, seen_version=stored.version, **changes
        )

    def save(self, rows: list[Checked], *, by, reason: str) -> list[int]:
        return save_one_by_one(self, rows, by=by, reason=reason)


class AgreementCheck:
    """Contribution agreements, known by institution, date signed and first day."""

    kind = UploadBatch.Kind.AGREEMENTS
    model = ContributionAgreement
    fields = [
        Field("institution", gettext_lazy("Institution"), width=18),
        Field("signed_on", gettext_lazy("Signed on"), width=12),
        Field("starts_on", gettext_lazy("Period starts"), width=12),
        Field("ends_on", gettext_lazy("Period ends"), width=12),
        Field("annual_amount", gettext_lazy("Annual amount"), width=14),
        Field("currency", gettext_lazy("Currency"), required=False, width=10),
    ]

    def __init__(self, **_ignored):
        self.institutions = institution_names()

    def parse(self, cells: Cells) -> dict:
        values = {
            "institution": cells.get("institution", _institution, names=self.institutions),
            "signed_on": cells.get("signed_on", reading.date),
            "starts_on": cells.get("starts_on", reading.date),
            "ends_on": cells.get("ends_on", reading.date),
            "annual_amount": cells.get("annual_amount", reading.money, positive=False),
            "currency": cells.get("currency", _currency),
        }
        if values["annual_amount"] < 0:
            raise RowError(cells.name_of("annual_amount"), _("The amount cannot be negative."))
        if values["ends_on"] < values["starts_on"]:
            raise RowError(cells.name_of("ends_on"), _("The period ends before it starts."))
        by_field = {f.name: f for f in self.fields}
        _model_errors(ContributionAgreement(**values), by_field, cells, constraints=True)
        return values

    def key(self, values: dict) -> str:
        return (
            f"{values['institution'].pk}|{values['signed_on'].isoformat()}|"
            f"{values['starts_on'].isoformat()}"
        )

    def stored(self, keys: list[str]) -> dict[str, ContributionAgreement]:
        ids = {int(key.split("|")[0]) for key in keys}
        rows = ContributionAgreement.objects.filter(institution_id__in=ids)
        return {f"{a.institution_id}|{a.signed_on}|{a.starts_on}": a for a in rows}

    def changes(self, stored: ContributionAgreement, values: dict) -> dict:
        names = ("ends_on", "annual_amount", "currency")
        return {n: values[n] for n in names if getattr(stored, n) != values[n]}

    def summary(self, values: dict) -> str:
        return (
            f"{values['institution']} · {values['starts_on']:%Y-%m-%d}–{values['ends_on']:%Y-%m-%d}"
            f" · {values['annual_amount']} {values['currency']}"
        )

    def create(self, values: dict, *, by) -> ContributionAgreement:
        return member_services.agreement_create(by=by, **values)

    def update(self, stored: ContributionAgreement, changes: dict, *, by):
        return member_services.agreement_update(
            agreement=stored, by=by, seen_version=stored.version, **changes
        )

    def save(self, rows: list[Checked], *, by, reason: str) -> list[int]:
        return save_one_by_one(self, rows, by=by, reason=reason)


class RowNotSaved(Exception):
    """A service refused one row of a save made row by row; `index` is its position."""

    def __init__(self, index: int, error: Exception):
        super().__init__(str(error))
        self.index, self.error = index, error


def save_one_by_one(check, rows: list[Checked], *, by, reason: str) -> list[int]:
    """Save rows through the app's own services, one at a time (the register's few rows), and
    say in each saved row's history which file it came from (one UPDATE)."""
    started = timezone.now()
    ids = []
    for index, row in enumerate(rows):
        try:
            if row.status == RowStatus.NEW:
                ids.append(check.create(row.values, by=by).pk)
            else:
                ids.append(check.update(row.stored, row.changes, by=by).pk)
        except (ValidationError, ConcurrentEdit, PermissionDenied) as error:
            raise RowNotSaved(index, error) from error
    check.model.history.filter(id__in=ids, history_user=by, history_date__gte=started).update(
        history_change_reason=reason
    )
    return ids


CHECKS = {
    UploadBatch.Kind.CONTRIBUTIONS: ContributionCheck,
    UploadBatch.Kind.INSTITUTIONS: InstitutionCheck,
    UploadBatch.Kind.AGREEMENTS: AgreementCheck,
}


def check_for(batch: UploadBatch):
    return CHECKS[batch.kind](biennium=batch.biennium)


def cell_of(check, field_name: str, row: int) -> str:
    """The cell of a field in a row of the file `check_rows` read (column A for the row)."""
    return cell_name(getattr(check, "columns", {}).get(field_name, 0), row)


def _columns(check, headers: list[str]) -> tuple[dict[str, int], list[Checked]]:
    """Which column holds each field, found by its header in any language; missing ones refused."""
    folded = [fold(h) for h in headers]
    columns, missing = {}, []
    for spec in check.fields:
        names = reading.labels_in_every_language(spec.label) | {fold(spec.name)}
        index = next((i for i, h in enumerate(folded) if h in names), None)
        if index is not None:
            columns[spec.name] = index
        elif spec.required:
            missing.append(
                Checked(
                    row=1,
                    status=RowStatus.REFUSED,
                    cell=cell_name(len(headers), 1),
                    reason=_("The column “%(label)s” is missing.") % {"label": spec.label},
                )
            )
    return columns, missing


def check_rows(check, sheet: SheetRows, *, progress: Callable[[int, int], None] | None = None):
    """Every row of the sheet checked, in order; a missing column refuses the file."""
    columns, missing = _columns(check, sheet.headers)
    if missing:
        return missing
    check.columns = columns  # to name the cell of a refusal the save may still make
    results, first_of_key = [], {}
    total = len(sheet.rows)
    for done, (number, values) in enumerate(sheet.rows, start=1):
        cells = Cells(values, columns, number)
        try:
            parsed = check.parse(cells)
        except RowError as error:
            results.append(Checked(number, RowStatus.REFUSED, error.cell, error.reason))
        else:
            key = check.key(parsed)
            summary = check.summary(parsed)
            if key in first_of_key:
                reason = _("The same row as row %(row)d of this file.") % {"row": first_of_key[key]}
                results.append(
                    Checked(number, RowStatus.REFUSED, cell_name(0, number), reason, summary, key)
                )
            else:
                first_of_key[key] = number
                results.append(Checked(number, RowStatus.NEW, "", "", summary, key, parsed))
        if progress and done % 250 == 0:
            progress(done, total)
    stored = check.stored([r.key for r in results if r.status == RowStatus.NEW])
    for result in results:
        if result.status != RowStatus.NEW or result.key not in stored:
            continue
        result.stored = stored[result.key]
        result.changes = check.changes(result.stored, result.values)
        result.status = RowStatus.CHANGED if result.changes else RowStatus.UNCHANGED
    return results
