"""The check of an uploaded contributions workbook, saved in bulk (budget.bulk_contributions)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget import bulk_contributions as bulk
from budget import calculations as calc
from budget.models import Contribution, ExchangeRate, IncomeLine
from programme.models import Biennium

from .. import reading
from ..models import UploadBatch
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
)


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
            "institution": cells.get("institution", institution_cell, names=self.institutions),
            "date": cells.get("date", reading.date),
            "stage": cells.get("stage", reading.choice, names=self.stages),
            "income_line": cells.get("income_line", reading.choice, names=self.lines),
            "amount": cells.get("amount", reading.money),
            "currency": cells.get("currency", currency_cell),
            "amount_usd": cells.get("amount_usd", reading.money, required=False, positive=False),
            "reference": cells.get("reference", reading.text, max_length=100),
            "note": cells.get("note", reading.text, max_length=2000),
        }
        self._usd_value(values, cells)
        row = Contribution(biennium=self.biennium, payer=Contribution.Payer.MEMBER_INSTITUTION)
        for spec in self.fields:
            setattr(row, spec.name, values[spec.name])
        model_errors(row, self.fields, cells, constraints=False)
        return values

    def _natural_key(self, values: dict) -> tuple:
        return bulk.natural_key(
            institution_id=values["institution"].pk,
            date=values["date"],
            stage=values["stage"],
            amount=values["amount"],
            reference=values["reference"],
        )

    def _key_text(self, natural_key: tuple) -> str:
        institution_id, day, stage, amount, reference = natural_key
        # The reference last: it may hold "|" itself.
        return f"{self.biennium.pk}|{institution_id}|{day.isoformat()}|{stage}|{amount}|{reference}"

    def key(self, values: dict) -> str:
        return self._key_text(self._natural_key(values))

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
            key = self._key_text(
                bulk.natural_key(
                    institution_id=row.institution_id,
                    date=row.date,
                    stage=row.stage,
                    amount=row.amount,
                    reference=row.reference,
                )
            )
            found.setdefault(key, row)  # two alike without a reference: the first stands for both
        return found

    def changes(self, stored: Contribution, values: dict) -> dict:
        return changed_values(stored, values, self.compared)

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
