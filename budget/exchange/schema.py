"""The exchange format, version 1, as typed models: the structure a file must have.

Cross-references (an activity's countries, footnote markers, figure placeholders) are checked
after this, in budget.exchange.references, where the whole file is known.
"""

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from budget.models import BudgetPhase, IncomeLine
from members import models as members_models
from programme import models as programme_models

from . import FORMAT_NAME, FORMAT_VERSION

MONEY_PATTERN = re.compile(r"^-?\d{1,12}(\.\d{1,2})?$")
YEARS_PATTERN = r"^\d{4}-\d{2}$"


def _money(value: object) -> Decimal:
    """Money is written as a string ("2462895.00"), so no reader ever takes it for a float."""
    if not isinstance(value, str):
        raise ValueError('must be an amount written as a string, such as "2462895.00"')
    text = str(value)
    if not MONEY_PATTERN.match(text):
        raise ValueError(
            f"{text!r} is not an amount: digits, an optional minus sign, at most two decimals"
        )
    return Decimal(text)


Money = Annotated[Decimal, BeforeValidator(_money)]
Years = Annotated[str, StringConstraints(pattern=YEARS_PATTERN)]
Code2 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
InstitutionRef = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}/\S+$")]
Narrative = dict[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")], str]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


class Footnote(Strict):
    key: Annotated[str, StringConstraints(pattern=r"^[-a-z0-9_]+$", max_length=40)]
    text: Narrative


class Paragraph(Strict):
    text: Narrative
    footnotes: list[Footnote] = []


class Section(Strict):
    kind: programme_models.Section.Kind  # type: ignore[valid-type]
    title: Narrative
    subtitle: Narrative = {}
    paragraphs: list[Paragraph] = []


class Activity(Strict):
    title: Narrative
    description: Narrative = {}
    kind: programme_models.Activity.Kind  # type: ignore[valid-type]
    status: programme_models.Activity.Status = programme_models.Activity.Status.PLANNED  # type: ignore[valid-type]
    starts_on: date | None = None
    ends_on: date | None = None
    countries: list[Code2] = []
    partner_institutions: list[InstitutionRef] = []
    other_partners: Annotated[str, StringConstraints(max_length=300)] = ""
    paragraph: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="Which of the line's paragraphs plans it, counted from 1."
    )


class LineOfAction(Strict):
    letter: Annotated[str, StringConstraints(pattern=r"^[a-z]$")]
    heading: Narrative
    paragraphs: list[Paragraph] = []
    activities: list[Activity] = []


class Country(Strict):
    code: Code2
    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]


class Institution(Strict):
    acronym: Annotated[str, StringConstraints(pattern=r"^\S{1,30}$")]
    country: Code2
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    kind: members_models.MemberInstitution.Kind  # type: ignore[valid-type]
    member_since: Annotated[int, Field(ge=1963, le=2200)] | None = None
    active: bool = True


class Agreement(Strict):
    institution: InstitutionRef
    signed_on: date
    starts_on: date
    ends_on: date
    annual_amount: Money
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"


class Subprogramme(Strict):
    name: Narrative
    professional_months: Annotated[int, Field(ge=0, le=100_000)] = 0
    general_service_months: Annotated[int, Field(ge=0, le=100_000)] = 0
    staff_cost: Money
    non_staff_cost: Money


class Budget(Strict):
    years: Years
    phase: BudgetPhase
    funds_brought_forward: Money
    income: dict[IncomeLine, Money]
    total_expenditure: Money
    subprogrammes: list[Subprogramme] = []


class Contribution(Strict):
    payer: Literal["member_institution", "host_country", "ilo", "other"]
    institution: InstitutionRef | None = None
    payer_name: Annotated[str, StringConstraints(max_length=200)] = ""
    stage: Literal["pledged", "committed", "received"]
    date: date
    amount: Money
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"
    amount_usd: Money
    income_line: IncomeLine
    note: str = ""


class Network(Strict):
    member_institutions: Annotated[int, Field(ge=0, le=10_000)] | None = None
    countries: Annotated[int, Field(ge=0, le=300)] | None = None
    agreements_signed: Annotated[int, Field(ge=0, le=10_000)] | None = None


class BienniumHeader(Strict):
    years: Years
    status: programme_models.Biennium.Status = programme_models.Biennium.Status.DRAFT  # type: ignore[valid-type]
    governing_body_session: Narrative = {}
    document_symbol: Annotated[str, StringConstraints(max_length=40)] = ""
    segment: Narrative = {}
    title: Narrative = {}
    network: Network = Network()


class Proposal(Strict):
    format: Literal[FORMAT_NAME]  # type: ignore[valid-type]
    version: Literal[FORMAT_VERSION]  # type: ignore[valid-type]
    biennium: BienniumHeader
    countries: list[Country] = []
    institutions: list[Institution] = []
    agreements: list[Agreement] = []
    sections: list[Section] = []
    lines_of_action: list[LineOfAction] = []
    budgets: list[Budget] = []
    contributions: list[Contribution] = []
