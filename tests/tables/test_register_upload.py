"""Finance uploads institutions and agreements of the register: checked, then saved row by row."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from members.models import ContributionAgreement, MemberInstitution
from tables.models import UploadBatch


def workbook(headers, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def send(client, finance, proposal_2020_21, media, django_capture_on_commit_callbacks):
    """Upload a workbook of a kind and confirm it; the batch as its jobs left it."""
    client.force_login(finance)

    def upload_and_confirm(kind: str, content: bytes) -> UploadBatch:
        with django_capture_on_commit_callbacks(execute=True):
            url = client.post(
                f"/members/upload/{kind}/", {"file": SimpleUploadedFile("register.xlsx", content)}
            ).url
        checked = UploadBatch.objects.latest("pk")
        assert checked.status == "checked", checked.report
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url + "confirm/")
        return UploadBatch.objects.latest("pk")

    return upload_and_confirm


def test_institutions_are_added_and_changed_with_the_file_named_in_their_history(send):
    content = workbook(
        ["Acronym", "Name", "Country code", "Kind", "Member since", "Active"],
        [
            ["SENA", "Servicio Nacional de Aprendizaje (renamed)", "CO", "other", 1963, "Yes"],
            ["NEWI", "A new institute", "CO", "other", 2020, "Yes"],
        ],
    )
    batch = send("institutions", content)
    assert (batch.status, batch.rows_new, batch.rows_changed) == ("saved", 1, 1)
    sena = MemberInstitution.objects.get(acronym="SENA")
    assert sena.name == "Servicio Nacional de Aprendizaje (renamed)"
    assert sena.history.first().history_change_reason == "Uploaded from register.xlsx"
    assert MemberInstitution.objects.filter(acronym="NEWI", country_id="CO").exists()


def test_an_agreement_is_added_once(send):
    content = workbook(
        ["Institution", "Signed on", "Period starts", "Period ends", "Annual amount", "Currency"],
        [
            [
                "SENA (CO)",
                datetime.date(2020, 1, 1),
                datetime.date(2020, 1, 1),
                datetime.date(2021, 12, 31),
                10000,
                "USD",
            ]
        ],
    )
    assert send("agreements", content).rows_new == 1
    again = send("agreements", content)
    assert (again.rows_new, again.rows_unchanged) == (0, 1)
    assert ContributionAgreement.objects.count() == 1


def test_a_year_before_cinterfor_is_refused_by_its_cell(
    client, finance, proposal_2020_21, media, django_capture_on_commit_callbacks
):
    client.force_login(finance)
    content = workbook(
        ["Acronym", "Name", "Country code", "Kind", "Member since"],
        [["OLDI", "An old institute", "CO", "other", 1950]],
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/members/upload/institutions/", {"file": SimpleUploadedFile("r.xlsx", content)}
        )
    batch = UploadBatch.objects.latest("pk")
    assert batch.status == "refused"
    assert (batch.report[0]["cell"], batch.report[0]["reason"]) == (
        "E2",
        "A year from 1963, when CINTERFOR was founded.",
    )
