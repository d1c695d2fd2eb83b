"""A manager exports the 2020–21 proposal from the browser, watches it run and downloads it."""

import pytest
from django.urls import reverse

from documents import services
from documents.models import ExportJob

from .readers import docx_numbered_paragraphs, open_docx, pdf_text

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager_on_exports(page, log_in, manager, proposal_2020_21, media):
    log_in(manager)
    page.goto(reverse("documents:exports", kwargs={"years": "2020-21"}))
    return page


@pytest.mark.parametrize(("label", "fmt"), [("Word document (DOCX)", "docx"), ("PDF", "pdf")])
def test_a_manager_exports_and_downloads_the_document(manager_on_exports, label, fmt, tmp_path):
    tab = manager_on_exports
    tab.get_by_label(label).check()
    tab.get_by_role("button", name="Start the export").click()
    tab.wait_for_url("**/exports/*/")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Download GB.337-PFA-3_CINTERFOR_2020-21").click()
    assert download.value.suggested_filename == f"GB.337-PFA-3_CINTERFOR_2020-21.{fmt}"
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    if fmt == "docx":
        paragraphs = docx_numbered_paragraphs(open_docx(path.read_bytes()))
        assert len(paragraphs) == 31
    else:
        assert "31. The Governing Body approved" in pdf_text(path.read_bytes(), min_size=10)


def test_the_progress_bar_follows_the_job_by_itself(page, log_in, manager, proposal_2020_21, media):
    job = ExportJob.objects.create(
        requested_by=manager, biennium=proposal_2020_21, format="xlsx"
    )  # queued: no worker has it yet
    log_in(manager)
    page.goto(reverse("documents:job", kwargs={"pk": job.pk}))
    bar = page.get_by_role("progressbar")
    assert bar.get_attribute("aria-valuenow") == "0"
    services.run_export(job.pk)  # a worker runs it; the page polls and shows the outcome
    download = page.get_by_role("link", name="Download GB.337-PFA-3_CINTERFOR_2020-21.xlsx")
    download.wait_for()
    assert bar.get_attribute("aria-valuenow") == "100"
