"""Statements of account made by a Celery job, and reminders of overdue amounts by e-mail."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from budget import tasks
from budget.models import ReminderLog, Statement
from budget.statements import reminder_settings_update, reminders_run, statements_request
from members.models import ContributionAgreement
from tests.budget.test_owed import institution, rate, received

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def owing(db):
    from programme.models import Biennium

    biennium = Biennium.objects.get_or_create(start_year=2024, end_year=2025)[0]
    who = institution()
    who.contact_name, who.contact_email = "Ana Pérez", "ana@example.org"
    who.save()
    ContributionAgreement.objects.create(
        institution=who,
        signed_on=datetime.date(2023, 11, 2),
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        annual_amount=D("9000000.00"),
        currency="CLP",
    )
    rate("CLP", 2024, 1, "900")
    rate("CLP", 2025, 1, "950")
    received(who, datetime.date(2024, 6, 15), D("6000.00"), biennium=biennium)
    return who


def test_a_reminder_run_twice_for_the_same_period_sends_one_email(owing, finance, mailoutbox):
    reminder_settings_update(by=finance, enabled=True, day_of_month=5)
    day = datetime.date(2025, 11, 5)

    first = reminders_run(today=day)
    second = reminders_run(today=day)

    assert len(first.sent) == 1 and second.sent == []
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ana@example.org"]
    assert "13,473.68" in mailoutbox[0].body
    log = ReminderLog.objects.get()
    assert (log.period, log.amount_usd) == (datetime.date(2025, 11, 1), D("13473.68"))
    assert log.text == mailoutbox[0].body


def test_reminders_wait_for_the_day_finance_set_and_are_off_until_enabled(
    owing, finance, mailoutbox
):
    assert reminders_run(today=datetime.date(2025, 11, 5)).due is False  # not enabled yet
    reminder_settings_update(by=finance, enabled=True, day_of_month=5)
    assert reminders_run(today=datetime.date(2025, 11, 6)).due is False
    assert mailoutbox == []
    # Beat's daily task sends nothing on another day than the one set.
    not_today = timezone.localdate().day % 28 + 1
    reminder_settings_update(by=finance, enabled=True, day_of_month=not_today)
    assert tasks.send_reminders.delay().get() == 0
    assert mailoutbox == [] and not ReminderLog.objects.exists()


def test_a_statement_job_writes_the_pdf_and_the_workbook_of_what_is_owed(
    owing, finance, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    (statement,) = statements_request(
        by=finance, institutions=[owing], as_of=datetime.date(2025, 11, 30)
    )
    tasks.make_statement.delay(statement.pk)

    statement.refresh_from_db()
    assert statement.status == Statement.Status.DONE, statement.error
    assert statement.pdf.read()[:5] == b"%PDF-"
    sheet = load_workbook(io.BytesIO(statement.xlsx.read())).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert any(row[0] == "Balance (US$)" and row[5] == 13473.68 for row in values)
    assert any(row[0] == 2025 and row[5] == 9473.68 for row in values)
    # A redelivered job finds nothing to claim.
    assert tasks.make_statement.delay(statement.pk).get() is None


def test_finance_requests_statements_on_the_page_and_downloads_them(
    owing, finance, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(finance)
    page = "/bienniums/2024-25/budget/statements/"

    client.post(page, {"as_of": "2025-11-30", "only_owing": "on"})

    statement = Statement.objects.get()
    assert (statement.institution, statement.status) == (owing, Statement.Status.DONE)
    pdf = client.get(f"/bienniums/2024-25/budget/statements/{statement.pk}.pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:5] == b"%PDF-"
    listed = client.get(page).content.decode()
    assert f"{statement.pk}.xlsx" in listed


def test_statements_requested_twice_by_the_same_form_are_made_once(
    owing, finance, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(finance)
    page = "/bienniums/2024-25/budget/statements/"
    key = re.search(
        r'name="submission_key" value="([0-9a-f-]{36})"', client.get(page).content.decode()
    )[1]

    for _twice in range(2):
        client.post(page, {"as_of": "2025-11-30", "only_owing": "on", "submission_key": key})

    assert Statement.objects.count() == 1
