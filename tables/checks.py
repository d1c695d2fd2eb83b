"""Check an uploaded table row by row: new, unchanged, changed or refused, with cell and reason.

One check per kind of upload says its columns, how a row is parsed, its natural key, how it
is compared with what is stored and which service saves it. `check_rows` reads a whole sheet in
a fixed number of queries (the lookups, then the stored rows of the file's keys).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget import services as budget_services
from budget.models import Contribution, IncomeLine
from members import services as member_services
from members.models import ContributionAgreement, Country, MemberInstitution
from programme.models import Biennium

from . import reading
from .models import UploadBatch, UploadedRow
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
    """The model's own validation, each error named by the cell of its field."""
    try:
        row.full_clean(validate_unique=False, validate_constraints=constraints)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            cell = cells.name_of(name) if name in fields else cells.name_of("")
            raise RowError(cell, " ".join(messages)) from error


class ContributionCheck:
    """Money received, committed or pledged by member institutions, in one biennium."""

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

    def __init__(self, *, biennium: Biennium):
        self.biennium = biennium
        self.institutions = institution_names()
        self.stages = reading.choice_names(Contribution.Stage.choices)
        self.lines = reading.choice_names(IncomeLine.choices)

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
        if values["currency"] == "USD":
            if values["amount_usd"] is None:
                values["amount_usd"] = values["amount"]  # a payment in US$ is worth its amount
            elif values["amount_usd"] != values["amount"]:
                raise RowError(
                    cells.name_of("amount_usd"), _("A payment in US$ is worth its amount in US$.")
                )
        elif values["amount_usd"] is None:
            raise RowError(
                cells.name_of("amount_usd"),
                _("Give the US$ value of a payment in %(currency)s.")
                % {"currency": values["currency"]},
            )
        if values["amount_usd"] < 0:
            raise RowError(cells.name_of("amount_usd"), _("The US$ value cannot be negative."))
        row = Contribution(biennium=self.biennium, payer=Contribution.Payer.MEMBER_INSTITUTION)
        for name, value in self._saved(values).items():
            setattr(row, name, value)
        by_field = {f.name: f for f in self.fields}
        _model_errors(row, by_field, cells, constraints=False)
        return values

    @staticmethod
    def _saved(values: dict) -> dict:
        """What the contribution stores; it has no reference of its own, so the note keeps it."""
        note = values["note"]
        if values["reference"]:
            note = f"Ref. {values['reference']}" + (f"\n{note}" if note else "")
        saved = {k: v for k, v in values.items() if k not in ("reference", "note")}
        return {**saved, "note": note}

    def key(self, values: dict) -> str:
        return "|".join(
            [
                str(self.biennium.pk),
                str(values["institution"].pk),
                values["date"].isoformat(),
                values["stage"],
                str(values["amount"]),
                fold(values["reference"]),
            ]
        )

    def stored(self, keys: list[str]) -> dict[str, Contribution]:
        saved = dict(
            UploadedRow.objects.filter(kind=self.kind, key__in=keys).values_list("key", "object_id")
        )
        rows = Contribution.objects.filter(biennium=self.biennium, pk__in=set(saved.values()))
        by_pk = {row.pk: row for row in rows}
        return {key: by_pk[pk] for key, pk in saved.items() if pk in by_pk}

    def changes(self, stored: Contribution, values: dict) -> dict:
        wanted = self._saved(values)
        names = ("income_line", "currency", "amount_usd", "note")
        return {n: wanted[n] for n in names if getattr(stored, n) != wanted[n]}

    def summary(self, values: dict) -> str:
        return (
            f"{values['institution']} · {values['date']:%Y-%m-%d} · "
            f"{values['amount']} {values['currency']}"
        )

    def create(self, values: dict, *, by) -> Contribution:
        return budget_services.contribution_record(
            biennium=self.biennium,
            by=by,
            payer=Contribution.Payer.MEMBER_INSTITUTION,
            **self._saved(values),
        )

    def update(self, stored: Contribution, changes: dict, *, by) -> Contribution:
        return budget_services.contribution_update(
            contribution=stored, by=by, seen_version=stored.version, **changes
        )


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


CHECKS = {
    UploadBatch.Kind.CONTRIBUTIONS: ContributionCheck,
    UploadBatch.Kind.INSTITUTIONS: InstitutionCheck,
    UploadBatch.Kind.AGREEMENTS: AgreementCheck,
}


def check_for(batch: UploadBatch):
    return CHECKS[batch.kind](biennium=batch.biennium)


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
