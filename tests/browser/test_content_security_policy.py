"""The main pages run under the Content-Security-Policy without the browser refusing anything."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from documents.models import ExportJob

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

MAIN_PAGES = [
    ("home", {}),
    ("dashboard", {"years": "2020-21"}),
    ("programme:lines", {"years": "2020-21"}),
    ("programme:line", {"years": "2020-21", "letter": "a"}),
    ("programme:sections", {"years": "2020-21"}),
    ("workflow:status", {"years": "2020-21"}),
    ("budget:figures", {"years": "2020-21"}),
    ("budget:contributions", {"years": "2020-21"}),
    ("budget:forecast", {"years": "2020-21"}),
    ("review:appendices", {"years": "2020-21"}),
    ("review:reconciliation", {"years": "2020-21"}),
    ("documents:exports", {"years": "2020-21"}),
    ("members:institutions", {}),
]


@pytest.fixture
def console(page):
    """Every message the browser's console logs, and every error a script throws."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    return messages


def violations(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m or "pageerror" in m]


def test_the_main_pages_log_no_policy_violation(page, console, log_in, proposal_2020_21, manager):
    log_in(manager)
    for name, kwargs in MAIN_PAGES:
        page.goto(reverse(name, kwargs=kwargs))
        page.wait_for_load_state("load")
        assert violations(console) == [], name
    # The dashboard's charts were drawn by its script (a blocked script would leave them blank).
    page.goto(reverse("dashboard", kwargs={"years": "2020-21"}))
    expect(page.locator("canvas").first).to_be_visible()


def test_the_login_page_and_the_language_switch_work_without_inline_script(page, console):
    page.goto(reverse("login"))
    page.get_by_label("Language").select_option("es")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert violations(console) == []


def test_the_progress_bar_is_drawn_without_an_inline_style(
    page, console, log_in, proposal_2020_21, manager, media
):
    job = ExportJob.objects.create(
        requested_by=manager, biennium=proposal_2020_21, format="xlsx", progress=40
    )
    log_in(manager)
    page.goto(reverse("documents:job", kwargs={"pk": job.pk}))
    bar = page.locator("#job-progress .progress-bar")
    expect(bar).to_have_attribute("data-progress", "40")
    width = bar.evaluate("bar => bar.getBoundingClientRect().width")
    track = bar.evaluate("bar => bar.parentElement.getBoundingClientRect().width")
    assert 0.35 < width / track < 0.45
    assert violations(console) == []
