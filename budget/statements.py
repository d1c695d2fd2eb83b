"""Statements of account (PDF and XLSX) and reminders of overdue amounts, by e-mail.

Both read budget.owed, the one calculation of what is owed; neither adds up money itself\n(a statement lists the dues and receipts behind the calculation's figures).
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import typst
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook

from cinterfor.roles import FINANCE, MANAGERS, require_role
from members.models import ContributionAgreement, MemberInstitution

from . import calculations as calc
from .dues import Due, dues_of, missing_rates
from .models import Contribution, ReminderLog, ReminderSettings, Statement
from .owed import Filters, OwedQuery, OwedRow

EDITORS = (FINANCE, MANAGERS)


def statement_years(as_of: datetime.date, institution: MemberInstitution) -> tuple[int, int]:
    """The years a statement covers: from the first agreement's year to the year of `as_of`."""
    first = institution.agreements.order_by("starts_on").values_list("starts_on", flat=True).first()
    return (first.year if first else as_of.year), as_of.year


@dataclass(frozen=True)
class StatementOfAccount:
    """One institution's figures (budget.owed) with the dues and receipts behind them."""

    institution: MemberInstitution
    as_of: datetime.date
    figures: OwedRow | None  # None when nothing was due or received in the years
    dues: list[Due]
    received_by_year: dict[int, Decimal]

    @property
    def due_usd(self) -> Decimal | None:
        return self.figures.due_usd if self.figures else calc.ZERO

    @property
    def received_usd(self) -> Decimal:
        return self.figures.received_usd if self.figures else calc.ZERO

    @property
    def balance_usd(self) -> Decimal | None:
        return self.figures.balance_usd if self.figures else calc.ZERO

    @property
    def arrears_usd(self) -> Decimal | None:
        return self.figures.arrears_usd if self.figures else calc.ZERO

    @property
    def missing_rates(self) -> list[tuple[str, datetime.date]]:
        return missing_rates(self.dues)

    def years(self) -> list[dict]:
        """Per year: the dues, due in US$, received."""
        rows: dict[int, dict] = {}
        for due in self.dues:
            row = rows.setdefault(due.year, {"year": due.year, "dues": [], "received": calc.ZERO})
            row["dues"].append(due)
        for year, amount in self.received_by_year.items():
            rows.setdefault(year, {"year": year, "dues": [], "received": calc.ZERO})
            rows[year]["received"] = amount
        return [rows[year] for year in sorted(rows)]


def statement_of(institution: MemberInstitution, *, as_of: datetime.date) -> StatementOfAccount:
    first, last = statement_years(as_of, institution)
    figures = OwedQuery(first_year=first, last_year=last, as_of=as_of).of(institution)
    received = (
        Contribution.objects.filter(
            institution=institution,
            stage=Contribution.Stage.RECEIVED,
            date__gte=datetime.date(first, 1, 1),
            date__lte=datetime.date(last, 12, 31),
        )
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(total=Sum("amount_usd"))
        .order_by()
    )
    return StatementOfAccount(
        institution=institution,
        as_of=as_of,
        figures=figures,
        dues=dues_of([institution.pk], first_year=first, last_year=last).get(institution.pk, []),
        received_by_year={row["year"]: calc.cents(row["total"]) for row in received},
    )


# The documents


def _rows(row: StatementOfAccount) -> list[list]:
    """The statement's table: one line per year's due, then one per year's receipts."""
    lines = []
    for year in row.years():
        for due in year["dues"]:
            rate = (
                f"{due.conversion.rate} ({due.conversion.month:%Y-%m})"
                if due.conversion
                else ("" if due.currency == calc.USD else _("no rate"))
            )
            lines.append(
                [
                    year["year"],
                    _("Due on %(day)s") % {"day": due.due_on.isoformat()},
                    due.amount,
                    due.currency,
                    rate,
                    due.usd,
                    None,
                ]
            )
        if year["received"]:
            lines.append([year["year"], _("Received"), None, "", "", None, year["received"]])
    return lines


def _headings() -> list[str]:
    return [
        _("Year"),
        _("Item"),
        _("Amount"),
        _("Currency"),
        _("Rate (units per US$)"),
        _("Due (US$)"),
        _("Received (US$)"),
    ]


def statement_xlsx(row: StatementOfAccount) -> bytes:
    """The statement as a workbook: amounts as numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Statement")[:31]
    institution = row.institution
    sheet.append([f"{institution.name} ({institution.acronym}, {institution.country.name})"])
    sheet.append([_("Statement of account as of %(day)s") % {"day": row.as_of.isoformat()}])
    sheet.append([])
    sheet.append(_headings())
    for line in _rows(row):
        sheet.append(line)
    sheet.append([])
    sheet.append([_("Total due (US$)"), None, None, None, None, row.due_usd])
    sheet.append([_("Total received (US$)"), None, None, None, None, None, row.received_usd])
    sheet.append([_("Balance (US$)"), None, None, None, None, row.balance_usd])
    sheet.append([_("Overdue (US$)"), None, None, None, None, row.arrears_usd])
    for currency, month in row.missing_rates:
        sheet.append(
            [_("No rate of exchange for %(c)s in %(m)s.") % {"c": currency, "m": f"{month:%Y-%m}"}]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _typst_string(text: str) -> str:
    """`text` as a Typst string literal (as documents.renderers.pdf escapes it)."""
    escaped = []
    for char in str(text):
        if char in '\\"':
            escaped.append("\\" + char)
        elif char == "\n":
            escaped.append("\\n")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{{{ord(char):x}}}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _cell(value) -> str:
    if value is None:
        return "[]"
    if isinstance(value, calc.Decimal):
        return f"align(right, {_typst_string(f'{value:,.2f}')})"
    return f"[#{_typst_string(value)}]"


def statement_typst(row: StatementOfAccount) -> str:
    """A small Typst document: who, as of when, the table, the totals."""
    institution = row.institution
    cells = ", ".join(_typst_string(h) for h in _headings())
    body = ",\n".join(", ".join(_cell(v) for v in line) for line in _rows(row))
    totals = [
        (_("Total due (US$)"), row.due_usd),
        (_("Total received (US$)"), row.received_usd),
        (_("Balance (US$)"), row.balance_usd),
        (_("Overdue (US$)"), row.arrears_usd),
    ]
    total_lines = "\n".join(
        f"#{_typst_string(label)}: #{_typst_string('–' if v is None else f'{v:,.2f}')} \\"
        for label, v in totals
    )
    missing = "\n".join(
        f"#{_typst_string(_('No rate of exchange for %(c)s in %(m)s.') % {'c': c, 'm': f'{m:%Y-%m}'})}"
        for c, m in row.missing_rates
    )
    return f"""#set page(paper: "a4", margin: 2cm)
#set text(size: 9pt)
#heading(level: 1, {_typst_string(f"{institution.name} ({institution.acronym})")})
#{_typst_string(_("Statement of account as of %(day)s") % {"day": row.as_of.isoformat()})}

#table(columns: 7, {cells},
{body}
)

{total_lines}

{missing}
"""


def statement_pdf(row: StatementOfAccount) -> bytes:
    fonts = Path(settings.BASE_DIR) / "static" / "fonts"
    return typst.compile(
        statement_typst(row).encode("utf-8"),
        font_paths=[str(fonts)] if fonts.is_dir() else [],
        ignore_system_fonts=fonts.is_dir(),
    )


# The job


def statements_request(*, by, institutions, as_of: datetime.date) -> list[Statement]:
    """Queue a statement for each institution; the caller sends each to `make_statement`."""
    require_role(by, *EDITORS)
    with transaction.atomic():
        return [
            Statement.objects.create(institution=i, as_of=as_of, requested_by=by)
            for i in institutions
        ]


def statement_make(*, statement_id: int) -> Statement | None:
    """Write one queued statement's PDF and XLSX; a redelivered job finds nothing to claim."""
    claimed = Statement.objects.filter(pk=statement_id, status=Statement.Status.QUEUED).update(
        status=Statement.Status.RUNNING
    )
    if not claimed:
        return None
    statement = Statement.objects.select_related("institution__country").get(pk=statement_id)
    try:
        row = statement_of(statement.institution, as_of=statement.as_of)
        name = f"{statement.institution.acronym}-{statement.as_of:%Y-%m-%d}"
        statement.xlsx.save(f"{name}.xlsx", ContentFile(statement_xlsx(row)), save=False)
        statement.pdf.save(f"{name}.pdf", ContentFile(statement_pdf(row)), save=False)
        statement.status = Statement.Status.DONE
    except Exception as error:  # noqa: BLE001 - the row records any failure for finance to see
        statement.status, statement.error = Statement.Status.FAILED, str(error)[:2000]
    statement.save(update_fields=["status", "error", "pdf", "xlsx"])
    return statement


# Reminders


def reminder_settings() -> ReminderSettings:
    return ReminderSettings.objects.order_by("pk").first() or ReminderSettings.objects.create()


def reminder_settings_update(*, by, enabled: bool, day_of_month: int) -> ReminderSettings:
    require_role(by, *EDITORS)
    with transaction.atomic():
        row = reminder_settings()
        row = ReminderSettings.objects.select_for_update().get(pk=row.pk)
        row.enabled, row.day_of_month, row.updated_by = enabled, day_of_month, by
        row._history_user = by
        row.full_clean()
        row.save()
    return row


@dataclass(frozen=True)
class ReminderRun:
    due: bool
    sent: list[ReminderLog]
    skipped_without_contact: list[MemberInstitution]


def _reminder_text(row: OwedRow, *, as_of: datetime.date) -> tuple[str, str]:
    institution = row.institution
    ageing = row.ageing
    subject = _("CINTERFOR: contributions overdue from %(acronym)s") % {
        "acronym": institution.acronym
    }
    text = _(
        "Dear %(name)s,\n\n"
        "Our records show %(amount)s US$ of contributions from %(institution)s overdue as of "
        "%(day)s: %(this)s US$ of this year, %(last)s US$ of last year and %(older)s US$ of "
        "earlier years.\n\nIf you have paid already, please disregard this message.\n\n"
        "ILO/CINTERFOR finance"
    ) % {
        "name": institution.contact_name or institution.name,
        "amount": f"{row.arrears_usd:,.2f}",
        "institution": institution.name,
        "day": as_of.isoformat(),
        "this": f"{ageing.this_year:,.2f}",
        "last": f"{ageing.last_year:,.2f}",
        "older": f"{ageing.older:,.2f}",
    }
    return subject, text


def reminders_run(*, today: datetime.date | None = None, force: bool = False) -> ReminderRun:
    """Send a reminder to each institution with overdue amounts, on finance's day of the month.

    Each is logged with its text; the log's unique (institution, period, amount) means the
    same amount is never reminded twice in a month, however often the run is repeated.
    """
    today = today or timezone.localdate()
    setting = reminder_settings()
    if not force and not (setting.enabled and today.day == setting.day_of_month):
        return ReminderRun(due=False, sent=[], skipped_without_contact=[])
    period = calc.month_of(today)
    first = (
        ContributionAgreement.objects.order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    owing = OwedQuery(
        first_year=first.year if first else today.year,
        last_year=today.year,
        as_of=today,
        filters=Filters(in_arrears=True),
        sort="institution",
    ).rows()
    sent, skipped = [], []
    already = set(
        ReminderLog.objects.filter(period=period).values_list("institution_id", "amount_usd")
    )
    with override(settings.LANGUAGE_CODE):
        for row in owing:
            amount = row.arrears_usd
            if not amount or amount <= 0:
                continue
            if not row.institution.contact_email:
                skipped.append(row.institution)
                continue
            if (row.institution.pk, amount) in already:
                continue
            subject, text = _reminder_text(row, as_of=today)
            try:
                with transaction.atomic():
                    log = ReminderLog.objects.create(
                        institution=row.institution,
                        period=period,
                        amount_usd=amount,
                        recipient=row.institution.contact_email,
                        subject=subject,
                        text=text,
                    )
                    send_mail(subject, text, None, [row.institution.contact_email])
            except IntegrityError:  # another run sent it a moment ago
                continue
            sent.append(log)
    return ReminderRun(due=True, sent=sent, skipped_without_contact=skipped)
