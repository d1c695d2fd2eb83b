"""What each member institution owes: the one calculation, done by the database.

For each institution and the years reckoned: what its agreements make due (in US$ at the UN
operational rate of the month each year's contribution falls due), what was received, the
balance and the arrears aged this year / last year / older. The forecast page, its download,
the dashboard, the statements and the reminders all read `OwedQuery`; none adds up dues itself.

One SQL statement computes it (common table expressions: each agreement's due per year with
its rate, summed per institution; the receipts summed per institution), so a page asks the
database for its 25 rows, the totals of its filter, or the totals per country and income line,
each in one query whatever the number of institutions.

Each converted due is rounded to cents in SQL by calc.cents' rule (ROUND on PostgreSQL's exact
numeric; SQLite, the development database, divides in floating point, so an exact half cent
may round the other way there).

A due in another currency without a rate for its month is not converted: the institution's
due, balance and arrears are NULL (None) and it is counted `without_rate`. No rate is assumed.
Payments settle the oldest dues first; with C(k) what fell due by the end of
year k and R what was received, the arrears of years up to k are max(0, C(k) − R), which gives
the three ages by differences.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from cinterfor.data_version import cached_figure
from members.models import ContributionAgreement, MemberInstitution

from . import calculations as calc
from .models import Contribution, ExchangeRate, IncomeLine

# CINTERFOR's seat is in Montevideo: institutions of Uruguay pay the host country's line.
HOST_COUNTRY_CODE = "UY"

# Sort keys of the tables and the columns they order by (ties by acronym, then id).
ORDERINGS = {
    "institution": "acronym",
    "country": "country_name",
    "due": "due_usd",
    "received": "received_usd",
    "arrears": "arrears_usd",
}
MONEY_COLUMNS = (
    "due_usd",
    "received_usd",
    "balance_usd",
    "this_year",
    "last_year",
    "older",
    "arrears_usd",
)

# The first day of a date's month, as each database spells it (rates are keyed by month).
_MONTH_OF = {
    "postgresql": "CAST(date_trunc('month', {day}) AS date)",
    "sqlite": "strftime('%%Y-%%m-01', {day})",
}


def _money(value) -> Decimal | None:
    # SQLite returns sums as floats without their scale; cents are what the calculation means.
    return None if value is None else calc.cents(Decimal(str(value)))


@dataclass(frozen=True)
class OwedRow:
    """One institution's figures for the years reckoned (None where a rate is missing)."""

    institution_id: int
    acronym: str
    name: str
    country_code: str
    country_name: str
    income_line: str
    due_usd: Decimal | None
    received_usd: Decimal
    balance_usd: Decimal | None
    ageing: calc.Ageing | None
    rates_missing: int
    institution: MemberInstitution | None = None

    @property
    def arrears_usd(self) -> Decimal | None:
        return None if self.ageing is None else self.ageing.total


@dataclass(frozen=True)
class Totals:
    """Sums over institutions; due, balance and arrears count only those with every rate."""

    institutions: int = 0
    due_usd: Decimal = calc.ZERO
    received_usd: Decimal = calc.ZERO
    this_year: Decimal = calc.ZERO
    last_year: Decimal = calc.ZERO
    older: Decimal = calc.ZERO
    without_rate: int = 0  # institutions left out of due and arrears for want of a rate

    @property
    def arrears_usd(self) -> Decimal:
        return self.this_year + self.last_year + self.older


@dataclass(frozen=True)
class Filters:
    search: str = ""
    country: str | None = None  # a country code
    in_arrears: bool = False
    institution_ids: tuple[int, ...] | None = None


class OwedQuery:
    """The calculation over years first–last as of a day, narrowed by `filters`.

    Slicing (as a Paginator does) reads those rows in `sort` order; `count`, `totals` and
    `summary` (with the sums per country and per income line) ask the database for sums over
    every filtered row.
    """

    def __init__(
        self,
        *,
        first_year: int,
        last_year: int,
        as_of: datetime.date | None = None,
        filters: Filters = Filters(),  # noqa: B008 - frozen, so one default is safe
        sort: str = "country",
    ):
        self.first_year, self.last_year = first_year, last_year
        self.as_of = as_of or timezone.localdate()
        self.filters = filters
        self.sort = sort if sort.lstrip("-") in ORDERINGS else "country"
        self._totals: Totals | None = None
        self._read: dict[int, list[OwedRow]] = {}  # rows read ahead, by offset (read_page)

    # The SQL

    def _owed_sql(self) -> tuple[str, list]:
        """The common table expressions ending in `owed`: one row per institution."""
        month_of = _MONTH_OF.get(connection.vendor, _MONTH_OF["postgresql"])
        years = list(range(self.first_year, self.last_year + 1))
        values = ", ".join(["(%s, %s, %s)"] * len(years))
        params: list = []
        for year in years:
            params += [year, datetime.date(year, 1, 1), datetime.date(year, 12, 31)]
        this_year = self.as_of.year
        agreements = ContributionAgreement._meta.db_table
        rates = ExchangeRate._meta.db_table
        institutions = MemberInstitution._meta.db_table
        contributions = Contribution._meta.db_table
        country_table = MemberInstitution._meta.get_field("country").related_model._meta.db_table
        where, where_params = self._where()
        # The year a due falls in is a column of `dues`, so the ages compare plain integers.
        sql = f"""
        WITH years (year, first_day, last_day) AS (VALUES {values}),
        dues AS (
            SELECT a.institution_id, y.year, a.currency, a.annual_amount,
                   CASE WHEN a.starts_on > y.first_day THEN a.starts_on
                        ELSE y.first_day END AS due_on
            FROM {agreements} a
            JOIN years y ON a.starts_on <= y.last_day AND a.ends_on >= y.first_day
        ),
        converted AS (
            SELECT d.institution_id, d.year, d.due_on,
                   CASE WHEN d.currency = 'USD' THEN d.annual_amount
                        ELSE ROUND(d.annual_amount * 1.0 / r.units_per_usd, 2) END AS usd,
                   CASE WHEN d.currency <> 'USD' AND r.units_per_usd IS NULL
                        THEN 1 ELSE 0 END AS missing
            FROM dues d
            LEFT JOIN {rates} r
              ON r.currency = d.currency AND r.month = {month_of.format(day="d.due_on")}
        ),
        due_sums AS (
            SELECT institution_id,
                   SUM(usd) AS due,
                   SUM(missing) AS missing,
                   SUM(CASE WHEN due_on <= %s THEN usd ELSE 0 END) AS fallen,
                   SUM(CASE WHEN due_on <= %s AND year <= %s THEN usd ELSE 0 END) AS fallen_1,
                   SUM(CASE WHEN due_on <= %s AND year <= %s THEN usd ELSE 0 END) AS fallen_2
            FROM converted GROUP BY institution_id
        ),
        received AS (
            SELECT institution_id, SUM(amount_usd) AS received
            FROM {contributions}
            WHERE stage = %s AND institution_id IS NOT NULL AND date >= %s AND date <= %s
            GROUP BY institution_id
        ),
        reckoned AS (
            SELECT institution_id FROM due_sums UNION SELECT institution_id FROM received
        ),
        figures AS (
            SELECT i.id, i.acronym, i.name, i.country_id AS country_code,
                   c.name AS country_name,
                   CASE WHEN i.country_id = %s THEN %s ELSE %s END AS income_line,
                   COALESCE(s.missing, 0) AS rates_missing,
                   COALESCE(s.due, 0) AS due,
                   COALESCE(r.received, 0) AS received,
                   COALESCE(s.fallen, 0) - COALESCE(r.received, 0) AS left_0,
                   COALESCE(s.fallen_1, 0) - COALESCE(r.received, 0) AS left_1,
                   COALESCE(s.fallen_2, 0) - COALESCE(r.received, 0) AS left_2
            FROM reckoned
            JOIN {institutions} i ON i.id = reckoned.institution_id
            JOIN {country_table} c ON c.code = i.country_id
            LEFT JOIN due_sums s ON s.institution_id = i.id
            LEFT JOIN received r ON r.institution_id = i.id
            WHERE TRUE {where}
        ),
        aged AS (
            SELECT *,
                   CASE WHEN left_0 > 0 THEN left_0 ELSE 0 END AS owed_0,
                   CASE WHEN left_1 > 0 THEN left_1 ELSE 0 END AS owed_1,
                   CASE WHEN left_2 > 0 THEN left_2 ELSE 0 END AS owed_2
            FROM figures
        ),
        owed AS (
            SELECT id, acronym, name, country_code, country_name, income_line, rates_missing,
                   received AS received_usd,
                   CASE WHEN rates_missing = 0 THEN due END AS due_usd,
                   CASE WHEN rates_missing = 0 THEN due - received END AS balance_usd,
                   CASE WHEN rates_missing = 0 THEN owed_0 - owed_1 END AS this_year,
                   CASE WHEN rates_missing = 0 THEN owed_1 - owed_2 END AS last_year,
                   CASE WHEN rates_missing = 0 THEN owed_2 END AS older,
                   CASE WHEN rates_missing = 0 THEN owed_0 END AS arrears_usd
            FROM aged
        )
        """  # noqa: S608 - only table names and fixed clauses are formatted in; values are params
        params += [self.as_of, self.as_of, this_year - 1, self.as_of, this_year - 2]
        params += ["received", datetime.date(self.first_year, 1, 1)]
        params += [datetime.date(self.last_year, 12, 31)]
        params += [HOST_COUNTRY_CODE, IncomeLine.HOST_COUNTRY, IncomeLine.OTHER_COUNTRIES]
        params += where_params
        return sql, params

    def _where(self) -> tuple[str, list]:
        clauses, params = [], []
        if self.filters.search:
            clauses.append("(UPPER(i.acronym) LIKE %s OR UPPER(i.name) LIKE %s)")
            pattern = "%" + self.filters.search.upper().replace("%", "").replace("_", "") + "%"
            params += [pattern, pattern]
        if self.filters.country:
            clauses.append("i.country_id = %s")
            params.append(self.filters.country)
        if self.filters.institution_ids is not None:
            ids = list(self.filters.institution_ids) or [0]
            clauses.append(f"i.id IN ({', '.join(['%s'] * len(ids))})")
            params += ids
        return "".join(f" AND {c}" for c in clauses), params

    def _arrears_filter(self) -> str:
        # Arrears are a computed column, so their filter applies to `owed`, not to `figures`.
        return "WHERE arrears_usd > 0" if self.filters.in_arrears else ""

    def _order(self) -> str:
        column = ORDERINGS[self.sort.lstrip("-")]
        direction = "DESC" if self.sort.startswith("-") else "ASC"
        tie = "acronym" if column != "acronym" else "country_name"
        return f"{column} {direction} NULLS LAST, {tie} {direction}, id"

    def _fetch(self, select: str, tail: str = "", extra: Iterable = ()) -> list[dict]:
        sql, params = self._owed_sql()
        query = f"{sql} {select} FROM owed {self._arrears_filter()} {tail}"
        return self._run(query, [*params, *extra])

    def _run(self, query: str, params: list) -> list[dict]:
        """The rows of one statement over `owed`, kept while the tables it reads are unchanged
        (the statement and its parameters, the day reckoned among them, say all else)."""

        def execute() -> list[dict]:
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                names = [column[0] for column in cursor.description]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

        return cached_figure("owed", (query, params), execute)

    # What pages read

    def rows(self, *, offset: int = 0, limit: int | None = None) -> list[OwedRow]:
        """The rows in order (one query), each with its institution and country (one more)."""
        tail, extra = f"ORDER BY {self._order()}", []
        if limit is not None:
            tail += " LIMIT %s OFFSET %s"
            extra = [limit, offset]
        found = self._fetch("SELECT *", tail, extra)
        institutions = MemberInstitution.objects.select_related("country").in_bulk(
            [row["id"] for row in found]
        )
        return [_row(row, institutions.get(row["id"])) for row in found]

    def read_page(self, number, *, per_page: int) -> None:
        """Read one page of rows and the totals of every filtered row in one query, for the
        Paginator to find. As Paginator.get_page does, a number past the end reads the last
        page and anything but a number the first."""
        try:
            wanted = max(int(number), 1)
        except (TypeError, ValueError):
            wanted = 1
        sql, params = self._owed_sql()
        listed = f"FROM owed {self._arrears_filter()}"
        pages = f"(SELECT (COUNT(*) + %s - 1) / %s {listed})"
        page = f"CASE WHEN {pages} < %s THEN {pages} ELSE %s END"
        totals = ", ".join(f"{expression} AS all_{name}" for name, expression in _SUMS.items())
        query = f"""{sql},
            totals AS (SELECT {totals} {listed}),
            shown AS (
                SELECT * {listed} ORDER BY {self._order()}
                LIMIT %s OFFSET (CASE WHEN {page} > 1 THEN {page} - 1 ELSE 0 END) * %s
            )
            SELECT * FROM totals LEFT JOIN shown ON TRUE ORDER BY {self._order()}
        """  # noqa: S608 - only fixed clauses are formatted in; values are parameters
        page_params = [per_page, per_page, wanted, per_page, per_page, wanted]
        found = self._run(query, [*params, per_page, *page_params, *page_params, per_page])
        self._totals = _totals(found[0], prefix="all_")
        shown = [row for row in found if row["id"] is not None]
        last = max((self._totals.institutions + per_page - 1) // per_page, 1)
        institutions = MemberInstitution.objects.select_related("country").in_bulk(
            [row["id"] for row in shown]
        )
        self._read[(min(wanted, last) - 1) * per_page] = [
            _row(row, institutions.get(row["id"])) for row in shown
        ]

    def __getitem__(self, index: slice) -> list[OwedRow]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("OwedQuery is read a slice (a page) at a time.")
        start, stop = index.start or 0, index.stop
        if start in self._read and stop is not None:
            return self._read[start][: stop - start]
        return self.rows(offset=start, limit=None if stop is None else max(stop - start, 0))

    def count(self) -> int:
        return self.totals().institutions

    def __len__(self) -> int:
        return self.count()

    def totals(self) -> Totals:
        """The sums over every filtered row, by the database (one query, then remembered)."""
        if self._totals is None:
            self._totals = _totals(self._fetch(_TOTALS_SELECT)[0])
        return self._totals

    def summary(self) -> "Summary":
        """The sums over every filtered row, per country and per income line, in one query:
        grouped by country (each country pays into one line), the lines' and the whole's sums
        taken over those groups by window functions."""
        select = ", ".join(
            f"{sql} AS {name}, SUM({sql}) OVER (PARTITION BY income_line) AS line_{name}, "
            f"SUM({sql}) OVER () AS all_{name}"
            for name, sql in _SUMS.items()
        )
        found = self._fetch(
            f"SELECT country_name, income_line, {select}",
            "GROUP BY country_name, income_line ORDER BY country_name",
        )
        lines = {row["income_line"]: _totals(row, prefix="line_") for row in found}
        self._totals = _totals(found[0], prefix="all_") if found else Totals()
        return Summary(
            totals=self._totals,
            by_country=[(row["country_name"], _totals(row)) for row in found],
            by_income_line={line: lines.get(line, Totals()) for line in IncomeLine.values},
        )

    def of(self, institution: MemberInstitution) -> OwedRow | None:
        narrowed = OwedQuery(
            first_year=self.first_year,
            last_year=self.last_year,
            as_of=self.as_of,
            filters=Filters(institution_ids=(institution.pk,)),
        )
        found = narrowed.rows()
        return found[0] if found else None


# Each sum over rows of `owed`, and how SQL takes it.
_SUMS = {
    "institutions": "COUNT(*)",
    "due_usd": "SUM(due_usd)",
    "received_usd": "SUM(received_usd)",
    "this_year": "SUM(this_year)",
    "last_year": "SUM(last_year)",
    "older": "SUM(older)",
    "without_rate": "SUM(CASE WHEN rates_missing > 0 THEN 1 ELSE 0 END)",
}
_TOTALS_SELECT = "SELECT " + ", ".join(f"{sql} AS {name}" for name, sql in _SUMS.items())


@dataclass(frozen=True)
class Summary:
    totals: Totals
    by_country: list[tuple[str, Totals]]
    by_income_line: dict[str, Totals]


def _totals(row: dict, *, prefix: str = "") -> Totals:
    return Totals(
        institutions=int(row[f"{prefix}institutions"] or 0),
        without_rate=int(row[f"{prefix}without_rate"] or 0),
        **{
            name: _money(row[f"{prefix}{name}"]) or calc.ZERO
            for name in ("due_usd", "received_usd", "this_year", "last_year", "older")
        },
    )


def _row(row: dict, institution: MemberInstitution | None) -> OwedRow:
    complete = not row["rates_missing"]
    return OwedRow(
        institution_id=row["id"],
        acronym=row["acronym"],
        name=row["name"],
        country_code=row["country_code"],
        country_name=row["country_name"],
        income_line=row["income_line"],
        due_usd=_money(row["due_usd"]),
        received_usd=_money(row["received_usd"]) or calc.ZERO,
        balance_usd=_money(row["balance_usd"]),
        ageing=calc.Ageing(
            this_year=_money(row["this_year"]),
            last_year=_money(row["last_year"]),
            older=_money(row["older"]),
        )
        if complete
        else None,
        rates_missing=int(row["rates_missing"]),
        institution=institution,
    )


def owed_in_biennium(
    biennium, *, as_of: datetime.date | None = None, filters: Filters = Filters(), sort="country"
) -> OwedQuery:  # noqa: B008
    """The calculation over the two years of a biennium."""
    return OwedQuery(
        first_year=biennium.start_year,
        last_year=biennium.end_year,
        as_of=as_of,
        filters=filters,
        sort=sort,
    )


def rates_for(pairs: set[tuple[str, datetime.date]]) -> dict[tuple[str, datetime.date], Decimal]:
    """The rates of exchange of these (currency, month) pairs that are known (one query)."""
    if not pairs:
        return {}
    wanted = ExchangeRate.objects.filter(
        currency__in={c for c, _m in pairs}, month__in={m for _c, m in pairs}
    ).values_list("currency", "month", "units_per_usd")
    return {(c, m): rate for c, m, rate in wanted if (c, m) in pairs}
