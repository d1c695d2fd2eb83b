"""Finance uploads a contributions workbook: checked whole, saved all or nothing, never twice."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from budget.models import Contribution
from members.models import MemberInstitution
from tables.models import UploadBatch

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
]


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows(count: int, bad: set[int] = frozenset()):
    for n in range(count):
        amount = 100 + n  # a distinct natural key per row
        if n in bad:
            amount = "lots"
        yield [
            "SENA (CO)",
            datetime.date(2020, 1 + n % 12, 1 + n % 28),
            "Received (incoming funds)",
            "Contributions from other countries in the region",
            amount,
            "USD",
            None,
            f"B-{n}",
        ]


def upload(client, content: bytes, name="bank.xlsx"):
    response = client.post(URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    return UploadBatch.objects.latest("pk"), response.url


@pytest.fixture
def finance_client(client, finance, proposal_2020_21, media):
    client.force_login(finance)
    return client


def test_a_workbook_with_five_bad_rows_is_refused_whole_then_saved_fixed_and_not_twice(
    finance_client, django_capture_on_commit_callbacks, finance
):
    bad = {3, 400, 999, 1500, 1999}
    before = Contribution.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        batch, url = upload(finance_client, workbook(rows(2000, bad)))
    batch.refresh_from_db()
    assert batch.status == "refused" and batch.rows_refused == 5
    refused = [r for r in batch.report if r["status"] == "refused"]
    assert [r["cell"] for r in refused] == [f"E{n + 2}" for n in sorted(bad)]
    assert all("not an amount" in r["reason"] for r in refused)
    page = finance_client.get(url).content.decode()
    assert "E5" in page and "E2001" in page
    assert Contribution.objects.count() == before

    with django_capture_on_commit_callbacks(execute=True):
        batch, url = upload(finance_client, workbook(rows(2000)))
    batch.refresh_from_db()
    assert batch.status == "checked" and batch.rows_new == 2000
    with django_capture_on_commit_callbacks(execute=True):
        finance_client.post(url + "confirm/")
    batch.refresh_from_db()
    assert batch.status == "saved" and batch.saved_by == finance
    assert Contribution.objects.count() == before + 2000
    one = Contribution.objects.filter(note="Ref. B-7").get()
    assert one.history.first().history_change_reason == "Uploaded from bank.xlsx"

    with django_capture_on_commit_callbacks(execute=True):
        again, url = upload(finance_client, workbook(rows(2000)))
    again.refresh_from_db()
    assert again.status == "checked" and again.rows_unchanged == 2000 and again.rows_new == 0
    assert Contribution.objects.count() == before + 2000


def test_the_template_offers_the_register_and_choices_as_drop_downs(finance_client):
    response = finance_client.get(URL + "template.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    assert [c.value for c in sheet[1]][:5] == [
        "Institution",
        "Date",
        "Stage",
        "Income line",
        "Amount",
    ]
    formulas = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert any("Lists" in (f or "") for f in formulas)
    institutions = [c.value for c in book["Lists"]["A"][1:]]
    assert "SENA (CO)" in institutions
    assert len(institutions) == MemberInstitution.objects.count()
