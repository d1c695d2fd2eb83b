"""The exchange format, version 1, as typed models: the structure a file must have.

Cross-references (an activity's countries, footnote markers, figure placeholders) are checked
after this, in budget.exchange.references, where the whole file is known.
"""

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
)

from budget.models import BudgetPhase, IncomeLine
from members import models as members_models
from programme import models as programme_models

from . import FORMAT_NAME, FORMAT_VERSION

# ASCII digits only: Python's \d takes Arabic-Indic and full-width digits, and $ a final "\n".
MONEY_PATTERN = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,2})?")
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
YEARS_PATTERN = r"^[0-9]{4}-[0-9]{2}$"
# Acronyms are read by people who must not be fooled: ASCII letters, digits and a little
# punctuation, so no invisible, right-to-left or lookalike (Cyrillic, Greek) character passes.
ACRONYM_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .&()\-]{0,29}")
SMALLINT = 32_767  # PositiveSmallIntegerField: positions, years, reported counts


def _money(value: object) -> Decimal:
    """Money is written as a string ("2462895.00"), so no reader ever takes it for a float."""
    if not isinstance(value, str):
        raise ValueError('must be an amount written as a string, such as "2462895.00"')
    if not MONEY_PATTERN.fullmatch(value):
        raise ValueError(
            f"{value!r} is not an amount: ASCII digits, an optional minus sign, at most two decimals"
        )
    return Decimal(value)


def _date(value: object) -> date:
    """A date is an ISO string ("2020-01-31"); a number is not read as days since 1970."""
    if not isinstance(value, str) or not DATE_PATTERN.fullmatch(value):
        raise ValueError('must be a date written as a string, such as "2020-01-31"')
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a date: {error}") from None


def _acronym(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    value = unicodedata.normalize("NFC", value)
    if not ACRONYM_PATTERN.fullmatch(value):
        raise ValueError(
            f"{value!r} is not an acronym: 1 to 30 ASCII letters, digits, spaces and . - & ( ),"
            " starting with a letter or digit"
        )
    return value


def _institution_ref(value: object) -> str:
    if not isinstance(value, str) or "/" not in value:
        raise ValueError('must be a reference COUNTRY/ACRONYM, such as "CR/INA"')
    country, acronym = value.split("/", 1)
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise ValueError(f"{country!r} is not a country code")
    return f"{country}/{_acronym(acronym)}"


def _version(value: object) -> int:
    if type(value) is not int or value != FORMAT_VERSION:
        raise ValueError(f"must be {FORMAT_VERSION}, the only version this application reads")
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    WithJsonSchema({"type": "string", "pattern": f"^{MONEY_PATTERN.pattern}$"}),
]
IsoDate = Annotated[
    date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date"})
]
Years = Annotated[str, StringConstraints(pattern=YEARS_PATTERN)]
Code2 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Acronym = Annotated[
    str,
    BeforeValidator(_acronym),
    WithJsonSchema({"type": "string", "pattern": f"^{ACRONYM_PATTERN.pattern}$"}),
]
InstitutionRef = Annotated[
    str,
    BeforeValidator(_institution_ref),
    WithJsonSchema({"type": "string", "pattern": f"^[A-Z]{{2}}/{ACRONYM_PATTERN.pattern}$"}),
]
Narrative = dict[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")], str]


def Count(*, ge: int = 0, le: int) -> type[int]:  # noqa: N802 - reads as a type
    """An integer, not a boolean nor a numeric string, within its column's range."""
    return Annotated[StrictInt, Field(ge=ge, le=le)]  # type: ignore[return-value]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


class Footnote(Strict):
    key: Annotated[str, StringConstraints(pattern=r"^[-a-z0-9_]{1,40}$")]
    text: Narrative


class Paragraph(Strict):
    text: Narrative
    footnotes: list[Footnote] = []


class Section(Strict):
    kind: programme_models.Section.Kind  # type: ignore[valid-type]
    title: Narrative
    subtitle: Narrative = {}
    paragraphs: Annotated[list[Paragraph], Field(max_length=SMALLINT)] = []


class Activity(Strict):
    title: Narrative
    description: Narrative = {}
    kind: programme_models.Activity.Kind  # type: ignore[valid-type]
    status: programme_models.Activity.Status = programme_models.Activity.Status.PLANNED  # type: ignore[valid-type]
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    countries: list[Code2] = []
    partner_institutions: list[InstitutionRef] = []
    other_partners: Annotated[str, StringConstraints(max_length=300)] = ""
    paragraph: Count(ge=1, le=SMALLINT) | None = Field(  # type: ignore[valid-type]
        default=None, description="Which of the line's paragraphs plans it, counted from 1."
    )


class LineOfAction(Strict):
    letter: Annotated[str, StringConstraints(pattern=r"^[a-z]$")]
    heading: Narrative
    paragraphs: Annotated[list[Paragraph], Field(max_length=SMALLINT)] = []
    activities: Annotated[list[Activity], Field(max_length=SMALLINT)] = []


class Country(Strict):
    code: Code2
    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]


class Institution(Strict):
    acronym: Acronym
    country: Code2
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    kind: members_models.MemberInstitution.Kind  # type: ignore[valid-type]
    member_since: Count(ge=1963, le=2200) | None = None  # type: ignore[valid-type]
    active: StrictBool = True


class Agreement(Strict):
    institution: InstitutionRef
    signed_on: IsoDate
    starts_on: IsoDate
    ends_on: IsoDate
    annual_amount: Money
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"


class Subprogramme(Strict):
    name: Narrative
    professional_months: Count(le=100_000) = 0  # type: ignore[valid-type]
    general_service_months: Count(le=100_000) = 0  # type: ignore[valid-type]
    staff_cost: Money
    non_staff_cost: Money


class Budget(Strict):
    years: Years
    phase: BudgetPhase
    funds_brought_forward: Money
    income: dict[IncomeLine, Money]
    total_expenditure: Money
    subprogrammes: Annotated[list[Subprogramme], Field(max_length=SMALLINT)] = []


class Contribution(Strict):
    payer: Literal["member_institution", "host_country", "ilo", "other"]
    institution: InstitutionRef | None = None
    payer_name: Annotated[str, StringConstraints(max_length=200)] = ""
    stage: Literal["pledged", "committed", "received"]
    date: IsoDate
    amount: Money
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"
    amount_usd: Money
    income_line: IncomeLine
    reference: Annotated[str, StringConstraints(max_length=100)] = ""
    note: str = ""


class Network(Strict):
    member_institutions: Count(le=10_000) | None = None  # type: ignore[valid-type]
    countries: Count(le=300) | None = None  # type: ignore[valid-type]
    agreements_signed: Count(le=10_000) | None = None  # type: ignore[valid-type]


class BienniumHeader(Strict):
    years: Years
    # The language the proposal is drafted in; a narrative's other languages are its
    # translations. Left out of a file when English.
    source_language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = "en"
    status: programme_models.Biennium.Status = programme_models.Biennium.Status.DRAFT  # type: ignore[valid-type]
    governing_body_session: Narrative = {}
    document_symbol: Annotated[str, StringConstraints(max_length=40)] = ""
    # The first page's date and what the Governing Body is asked to do; left out when not set.
    document_date: IsoDate | None = None
    purpose: Literal["", "decision", "debate", "information"] = ""
    segment: Narrative = {}
    title: Narrative = {}
    network: Network = Network()


class Proposal(Strict):
    format: Literal[FORMAT_NAME]  # type: ignore[valid-type]
    version: Annotated[int, BeforeValidator(_version), WithJsonSchema({"const": FORMAT_VERSION})]
    biennium: BienniumHeader
    countries: list[Country] = []
    institutions: list[Institution] = []
    agreements: list[Agreement] = []
    sections: list[Section] = []
    lines_of_action: list[LineOfAction] = []
    budgets: list[Budget] = []
    contributions: list[Contribution] = []
