"""Finance uploads a contributions workbook: checked whole, saved all or nothing, never twice."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from budget import services
from budget.models import Contribution
from members.models import MemberInstitution
from tables.checks import ContributionCheck
from tables.models import UploadBatch

D = Decimal
URL = "/bienniums/2020-21/budget/contributions/upload/"
HEADERS = [
    "Institution",
    "Date",
    "Stage",
    "Income line",
    "Amount",
    "Currency",
    "US$ value",
    "Reference",
    "Note",
]
RECEIVED = "Received (incoming funds)"
OTHER_COUNTRIES = "Contributions from other countries in the region"
# Far more than a fixed number of statements, far fewer than one per row (a row-by-row save
# makes at least four per row: the insert, its history, its version check, its key).
MOST_QUERIES_FOR_2000_ROWS = 150


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def payment(n: int, **change) -> list:
    """Row n of a bank's sheet: SENA paying 100 + n US$ on a day of 2020, reference B-n."""
    values = {
        "institution": "SENA (CO)",
        "date": datetime.date(2020, 1 + n % 12, 1 + n % 28),
        "stage": RECEIVED,
        "income_line": OTHER_COUNTRIES,
        "amount": 100 + n,
        "currency": "USD",
        "amount_usd": None,
        "reference": f"B-{n}",
        "note": "",
    }
    values.update(change)
    return list(values.values())


# Five rows, each wrong in its own way: (row index, change, cell, words of the reason).
BAD = [
    (3, {"amount": "lots"}, "E5", "is not an amount"),
    (400, {"institution": "NOPE (XX)"}, "A402", "is not an institution of the register"),
    (999, {"date": "31/02/2020"}, "B1001", "is not a date"),
    (1500, {"stage": "Promised"}, "C1502", "is not one of the choices"),
    (1999, {"currency": "UYU"}, "G2001", "no rate of exchange for UYU in 2020-08"),
]


def bank_sheet(count: int, bad=()) -> bytes:
    changes = {index: change for index, change, _cell, _reason in bad}
    return workbook(payment(n, **changes.get(n, {})) for n in range(count))


def upload(client, content: bytes, name="bank.xlsx"):
    response = client.post(URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    return UploadBatch.objects.latest("pk"), response.url


def confirm(client, url: str) -> UploadBatch:
    client.post(url + "confirm/")
    return UploadBatch.objects.latest("pk")


@pytest.fixture
def finance_client(client, finance, proposal_2020_21, media):
    client.force_login(finance)
    return client


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run the upload's jobs (queued when the request commits) before the test goes on."""

    def run(action, *args):
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args)
        batch = result[0] if isinstance(result, tuple) else result
        batch.refresh_from_db()  # as the jobs left it
        return result

    return run


def test_a_workbook_with_five_bad_rows_is_refused_whole_then_saved_fixed_and_not_twice(
    finance_client, run_jobs, finance
):
    before = Contribution.objects.count()
    batch, url = run_jobs(upload, finance_client, bank_sheet(2000, BAD))

    assert batch.status == "refused" and batch.rows_total == 2000 and batch.rows_refused == 5
    refused = [r for r in batch.report if r["status"] == "refused"]
    assert [r["cell"] for r in refused] == [cell for _i, _c, cell, _r in BAD]
    for row, (_index, _change, _cell, reason) in zip(refused, BAD, strict=True):
        assert reason in row["reason"]
    page = finance_client.get(url).content.decode()
    for _index, _change, cell, _reason in BAD:
        assert f"<strong>{cell}</strong>" in page
    assert "Save 1995 rows" not in page  # refused whole: nothing can be confirmed
    assert confirm(finance_client, url).status == "refused"
    assert Contribution.objects.count() == before

    batch, url = run_jobs(upload, finance_client, bank_sheet(2000))
    assert batch.status == "checked" and batch.rows_new == 2000
    with CaptureQueriesContext(connection) as queries:
        batch = run_jobs(confirm, finance_client, url)
    assert batch.status == "saved" and batch.saved_by == finance
    assert Contribution.objects.count() == before + 2000
    assert len(queries) <= MOST_QUERIES_FOR_2000_ROWS
    one = Contribution.objects.get(reference="B-7")
    assert (one.amount, one.amount_usd, one.note) == (D("107.00"), D("107.00"), "")
    saved = Contribution.history.filter(history_change_reason="Uploaded from bank.xlsx")
    assert saved.filter(history_type="+", history_user=finance).count() == 2000

    again, url = run_jobs(upload, finance_client, bank_sheet(2000))
    assert again.status == "checked" and again.rows_unchanged == 2000 and again.rows_new == 0
    assert "Every row is saved already" in finance_client.get(url).content.decode()
    assert run_jobs(confirm, finance_client, url).status == "saved"
    assert Contribution.objects.count() == before + 2000
    assert Contribution.history.count() == saved.count()  # and no history row either


def test_two_rows_differing_only_in_reference_are_two_contributions(finance_client, run_jobs):
    first, second = payment(1, reference="T-1"), payment(1, reference="T-2")
    batch, url = run_jobs(upload, finance_client, workbook([first, second]))
    assert batch.rows_new == 2
    assert run_jobs(confirm, finance_client, url).status == "saved"
    assert sorted(Contribution.objects.values_list("reference", flat=True)) == ["T-1", "T-2"]

    twice, _url = run_jobs(upload, finance_client, workbook([first, payment(1, reference="T-1")]))
    assert twice.status == "refused"
    assert twice.report[1]["reason"] == "The same row as row 2 of this file."


def test_a_row_recorded_already_by_hand_is_found_by_its_natural_key(
    finance_client, run_jobs, proposal_2020_21, finance
):
    sena = MemberInstitution.objects.get(acronym="SENA", country_id="CO")
    typed = services.contribution_record(
        biennium=proposal_2020_21,
        by=finance,
        payer="member_institution",
        institution=sena,
        stage="received",
        date=datetime.date(2020, 2, 2),
        amount=D("101"),
        currency="USD",
        income_line="other_countries",
        reference="B-1",
    )

    batch, url = run_jobs(upload, finance_client, workbook([payment(1)]))
    assert (batch.rows_unchanged, batch.rows_new) == (1, 0)

    noted, url = run_jobs(upload, finance_client, workbook([payment(1, note="Late")]))
    assert (noted.rows_changed, noted.rows_new) == (1, 0)
    assert noted.report[0]["summary"].endswith(" · changes: Note")
    assert run_jobs(confirm, finance_client, url).status == "saved"
    typed.refresh_from_db()
    assert (typed.note, typed.version, Contribution.objects.count()) == ("Late", 2, 1)
    change = typed.history.first()
    assert (change.history_type, change.history_change_reason) == ("~", "Uploaded from bank.xlsx")


def test_a_row_the_save_refuses_is_named_by_its_cell_and_nothing_is_saved(
    finance_client, run_jobs, proposal_2020_21, finance, monkeypatch
):
    # As if the payment were recorded between the check and the save: the check misses it,
    # and the bulk save's own check of natural keys refuses the row.
    monkeypatch.setattr(ContributionCheck, "stored", lambda self, keys: {})
    batch, url = run_jobs(upload, finance_client, workbook([payment(0), payment(1)]))
    assert batch.rows_new == 2
    services.contribution_record(
        biennium=proposal_2020_21,
        by=finance,
        payer="member_institution",
        institution=MemberInstitution.objects.get(acronym="SENA", country_id="CO"),
        stage="received",
        date=datetime.date(2020, 2, 2),
        amount=D("101"),
        currency="USD",
        income_line="other_countries",
        reference="B-1",
    )

    batch = run_jobs(confirm, finance_client, url)

    assert batch.status == "refused" and batch.rows_refused == 1
    [refused] = [r for r in batch.report if r["status"] == "refused"]
    assert (refused["row"], refused["cell"]) == (3, "A3")
    assert "is recorded already" in refused["reason"]
    assert Contribution.objects.count() == 1
    assert "<strong>A3</strong>" in finance_client.get(url).content.decode()


def test_a_payment_in_another_currency_takes_the_rate_of_its_month_and_the_preview_says_which(
    finance_client, run_jobs, finance
):
    # An example rate, not a UN figure.
    services.rate_enter(
        by=finance, currency="UYU", month=datetime.date(2020, 3, 1), units_per_usd=D("40")
    )
    in_march = payment(1, date=datetime.date(2020, 3, 17), amount=1000000, currency="UYU")
    in_april = payment(2, date=datetime.date(2020, 4, 2), amount=500000, currency="UYU")
    typed = payment(3, date=datetime.date(2020, 4, 2), currency="UYU", amount_usd="2.40")

    batch, url = run_jobs(upload, finance_client, workbook([in_march, in_april, typed]))
    assert batch.status == "refused"
    assert [(r["cell"], r["reason"]) for r in batch.report if r["status"] == "refused"] == [
        (
            "G3",
            "There is no rate of exchange for UYU in 2020-04: give the US$ value, or enter the "
            "rate first.",
        )
    ]

    batch, url = run_jobs(upload, finance_client, workbook([in_march, typed]))
    assert batch.status == "checked"
    preview = finance_client.get(url).content.decode()
    assert "25000.00 US$ at 40 UYU per US$, the rate of 2020-03" in preview
    assert run_jobs(confirm, finance_client, url).status == "saved"
    converted = Contribution.objects.get(reference="B-1")
    assert (converted.amount_usd, converted.rate_used, converted.rate_month) == (
        D("25000.00"),
        D("40"),
        datetime.date(2020, 3, 1),
    )
    by_hand = Contribution.objects.get(reference="B-3")
    assert (by_hand.amount_usd, by_hand.rate_used) == (D("2.40"), None)


def test_the_template_offers_the_register_and_choices_as_drop_downs(finance_client):
    response = finance_client.get(URL + "template.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    assert [c.value for c in sheet[1]] == HEADERS
    formulas = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert any("Lists" in (f or "") for f in formulas)
    institutions = [c.value for c in book["Lists"]["A"][1:]]
    assert "SENA (CO)" in institutions
    assert len(institutions) == MemberInstitution.objects.count()
