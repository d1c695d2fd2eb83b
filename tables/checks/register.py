"""The checks of uploaded register workbooks: member institutions and their agreements."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import services as member_services
from members.models import ContributionAgreement, Country, MemberInstitution

from .. import reading
from ..models import UploadBatch
from ..reading import CellError, fold
from .base import (
    Cells,
    Checked,
    Field,
    RowError,
    changed_values,
    currency_cell,
    institution_cell,
    institution_names,
    model_errors,
    save_one_by_one,
)

FOUNDED = 1963  # members.models: member_since_not_before_cinterfor


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
        if values["member_since"] is not None and values["member_since"] < FOUNDED:
            raise RowError(
                cells.name_of("member_since"),
                _("A year from %(year)d, when CINTERFOR was founded.") % {"year": FOUNDED},
            )
        # Not the constraints: a row with the acronym and country of a stored institution is
        # that institution (unchanged or changed), not a clash with it.
        model_errors(MemberInstitution(**values), self.fields, cells, constraints=False)
        return values

    def key(self, values: dict) -> str:
        return f"{fold(values['acronym'])}|{values['country'].code}"

    def stored(self, keys: list[str]) -> dict[str, MemberInstitution]:
        countries = {key.split("|")[1] for key in keys}
        rows = MemberInstitution.objects.filter(country_id__in=countries)
        return {f"{fold(i.acronym)}|{i.country_id}": i for i in rows}

    def changes(self, stored: MemberInstitution, values: dict) -> dict:
        return changed_values(stored, values, ("name", "kind", "member_since", "active"))

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
            "institution": cells.get("institution", institution_cell, names=self.institutions),
            "signed_on": cells.get("signed_on", reading.date),
            "starts_on": cells.get("starts_on", reading.date),
            "ends_on": cells.get("ends_on", reading.date),
            "annual_amount": cells.get("annual_amount", reading.money, positive=False),
            "currency": cells.get("currency", currency_cell),
        }
        if values["annual_amount"] < 0:
            raise RowError(cells.name_of("annual_amount"), _("The amount cannot be negative."))
        if values["ends_on"] < values["starts_on"]:
            raise RowError(cells.name_of("ends_on"), _("The period ends before it starts."))
        model_errors(ContributionAgreement(**values), self.fields, cells, constraints=True)
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
        return changed_values(stored, values, ("ends_on", "annual_amount", "currency"))

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
