"""The export pages: managers start, follow and download exports; nobody else gets in."""

import pytest
from django.urls import reverse

from documents import services
from documents.models import ExportJob
from programme.models import Biennium
from tests.factories import manager_user

pytestmark = pytest.mark.django_db

Status = ExportJob.Status
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def start(as_manager, proposal_2020_21, media, django_capture_on_commit_callbacks):
    """Start an export from the page, as a manager's browser does; the task runs on commit."""

    def post(fmt="docx", language="en", *, execute=True):
        url = reverse("documents:exports", kwargs={"years": "2020-21"})
        with django_capture_on_commit_callbacks(execute=execute):
            response = as_manager.post(url, {"format": fmt, "language": language})
        return response

    return post


@pytest.fixture
def done_job(start) -> ExportJob:
    start("docx")
    return ExportJob.objects.get()


def job_urls(job: ExportJob) -> list[str]:
    return [
        reverse(name, kwargs={"pk": job.pk})
        for name in ("documents:job", "documents:job_progress", "documents:job_download")
    ]


def test_a_manager_starts_an_export_and_lands_on_its_progress_page(start):
    response = start("pdf")
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("documents:job", kwargs={"pk": job.pk})
    assert job.status == Status.DONE


def test_the_exports_page_offers_the_formats_and_is_a_biennium_tab(as_manager, proposal_2020_21):
    url = reverse("documents:exports", kwargs={"years": "2020-21"})
    page = as_manager.get(url).content.decode()
    for fmt in ("docx", "pdf", "xlsx"):
        assert f'value="{fmt}"' in page
    assert f'href="{url}"' in page and 'aria-current="page"' in page


@pytest.mark.parametrize("role", ["staff", "finance"])
def test_other_roles_may_not_start_see_or_download_exports(client, request, role, done_job):
    client.force_login(request.getfixturevalue(role))
    exports = reverse("documents:exports", kwargs={"years": "2020-21"})
    assert client.post(exports, {"format": "pdf", "language": "en"}).status_code == 403
    assert client.get(exports).status_code == 403
    assert client.get(reverse("documents:export_list")).status_code == 403
    for url in job_urls(done_job):
        assert client.get(url).status_code == 403
    assert ExportJob.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, done_job):
    client.logout()
    response = client.get(reverse("documents:job_download", kwargs={"pk": done_job.pk}))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_download_is_an_attachment_with_a_safe_name(as_manager, done_job):
    response = as_manager.get(reverse("documents:job_download", kwargs={"pk": done_job.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        'attachment; filename="GB.337-PFA-3_CINTERFOR_2020-21.docx"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    with done_job.file.open("rb") as stream:
        assert b"".join(response.streaming_content) == stream.read()


def test_an_unfinished_export_has_nothing_to_download(as_manager, start):
    start(execute=False)
    job = ExportJob.objects.get()
    assert (
        as_manager.get(reverse("documents:job_download", kwargs={"pk": job.pk})).status_code == 404
    )


def test_the_progress_fragment_polls_until_the_job_ends(as_manager, start):
    start(execute=False)
    job = ExportJob.objects.get()
    url = reverse("documents:job_progress", kwargs={"pk": job.pk})
    running = as_manager.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in running and 'aria-valuenow="0"' in running
    services.run_export(job.pk)
    finished = as_manager.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in finished
    assert 'aria-valuenow="100"' in finished
    assert reverse("documents:job_download", kwargs={"pk": job.pk}) in finished


def test_a_failure_is_shown_with_its_reason(as_manager, start, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no fonts <b>here</b>")

    monkeypatch.setattr(services, "build_document", broken)
    start("pdf")
    job = ExportJob.objects.get()
    page = as_manager.get(reverse("documents:job", kwargs={"pk": job.pk})).content.decode()
    assert "The export failed: no fonts &lt;b&gt;here&lt;/b&gt;" in page


def test_the_requester_is_told_in_the_app_until_they_look(client, as_manager, manager, done_job):
    exports = reverse("documents:exports", kwargs={"years": "2020-21"})
    assert "Your finished exports" in as_manager.get(exports).content.decode()
    # Another manager sees the export in the list, but is not notified of it.
    client.force_login(manager_user())
    other = client.get(exports).content.decode()
    assert "Your finished exports" not in other
    assert manager.username in other or manager.get_full_name() in other
    # Opening the job marks it seen.
    client.force_login(manager)
    client.get(reverse("documents:job", kwargs={"pk": done_job.pk}))
    assert "Your finished exports" not in client.get(exports).content.decode()


def test_dismissing_a_notification_stays_on_the_site(as_manager, done_job):
    url = reverse("documents:job_seen", kwargs={"pk": done_job.pk})
    response = as_manager.post(url, {"next": "https://evil.example.org/"})
    assert response.url == reverse("documents:export_list")
    done_job.refresh_from_db()
    assert done_job.seen_at is not None


def add_jobs(biennium, other_biennium, requester, someone_else) -> None:
    """Twenty exports of every kind a table shows: the requester's unseen outcomes (their
    notifications), failures with their reason, redlines, and another manager's."""
    for number in range(20):
        ExportJob.objects.create(
            requested_by=requester if number % 2 else someone_else,
            biennium=biennium,
            format="docx" if number % 4 == 0 or number % 3 else "pdf",  # redlines are Word
            compare_to=other_biennium if number % 4 == 0 else None,
            status=Status.FAILED if number % 5 else Status.DONE,  # one active export each
            error=f"stopped at step {number}" if number % 5 else "",
            file="" if number % 5 else f"exports/{number}.docx",
        )


@pytest.mark.parametrize("url_name", ["documents:exports", "documents:export_list"])
def test_the_lists_of_exports_take_the_same_queries_for_many_rows(
    as_manager, manager, done_job, django_assert_max_num_queries, url_name
):
    """The tables read only the columns they show: a column left out would be read row by
    row, and this count would grow."""
    url = reverse(url_name, kwargs={"years": "2020-21"} if url_name == "documents:exports" else {})
    with django_assert_max_num_queries(15) as few:
        as_manager.get(url)
    earlier = Biennium.objects.create(start_year=2010, end_year=2011)
    add_jobs(done_job.biennium, earlier, manager, manager_user(first_name="Ana", last_name="Ruiz"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = as_manager.get(url).content.decode()
    assert page.count(reverse("documents:job", kwargs={"pk": done_job.pk})) >= 1
    assert "Ana Ruiz" in page
    assert "tracked changes against 2010–11" in page
    assert "stopped at step 19" in page
    # The requester's ten unseen outcomes besides done_job: eight failures and two files.
    assert page.count("export of 2020–21 failed:") == 8
