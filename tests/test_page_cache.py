"""Parts of pages kept in the cache under the data's version (cinterfor.data_version.PageKey):
a write shows on the next visit, readers of other roles get their own copy, and a kept form
carries its own reader's CSRF token."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from programme.models import Activity
from programme.services import activity_update, line_heading_update
from tests.factories import finance_user, staff_user

pytestmark = pytest.mark.django_db
ACTIVITIES = "/bienniums/2020-21/programme/activities/?sort=title"
LINE = "/bienniums/2020-21/programme/lines/a/"


def visit(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_activity_renamed_through_the_service_shows_on_the_next_visit(
    client, proposal_2020_21, staff, figures_kept
):
    client.force_login(staff)
    activity = Activity.objects.filter(line_of_action__biennium=proposal_2020_21).first()
    assert "Aardvark training" not in visit(client, ACTIVITIES)
    activity_update(
        activity=activity,
        by=staff,
        seen_version=activity.version,
        title={**activity.title, "en": "Aardvark training"},
    )
    assert "Aardvark training" in visit(client, ACTIVITIES)


def test_a_heading_changed_through_the_service_shows_on_the_next_visit(
    client, proposal_2020_21, staff, figures_kept
):
    client.force_login(staff)
    line = proposal_2020_21.lines.get(letter="a")
    assert "A heading kept nowhere" not in visit(client, LINE)
    line_heading_update(
        line=line, by=staff, seen_version=line.version, text={"en": "A heading kept nowhere"}
    )
    assert "A heading kept nowhere" in visit(client, LINE)


def test_a_reader_of_another_role_is_not_shown_the_parts_kept_for_an_editor(
    proposal_2020_21, figures_kept
):
    editor, reader = Client(), Client()
    editor.force_login(staff_user())
    reader.force_login(finance_user())
    assert "Edit the heading" in visit(editor, LINE)
    assert "Edit the heading" not in visit(reader, LINE)


def test_each_reader_of_a_kept_list_gets_forms_with_their_own_token(proposal_2020_21, figures_kept):
    first, second = (Client(enforce_csrf_checks=True) for _reader in range(2))
    first.force_login(staff_user())
    second.force_login(staff_user())
    tokens = []
    for client in (first, second):
        html = visit(client, LINE)
        form = re.search(
            r'<form class="d-inline" method="post" action="([^"]+/down/)".*?</form>', html, re.S
        )
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0)).group(1)
        tokens.append((client, form.group(1), token))
    for client, action, token in reversed(tokens):
        moved = client.post(action, {"csrfmiddlewaretoken": token, "page": "1"})
        assert moved.status_code == 302, moved.status_code


def test_a_page_drawn_for_a_refused_form_is_not_kept(client, proposal_2020_21, figures_kept):
    client.force_login(finance_user())
    url = "/bienniums/2020-21/budget/figures/"
    refused = client.post(url, {"ilo-proposed": "not a figure"})
    assert refused.status_code == 200
    assert "Nothing was saved" in refused.content.decode()
    assert "Nothing was saved" not in visit(client, url)


def test_a_kept_form_is_drawn_again_once_the_activity_changes_and_each_draw_has_its_own_key(
    client, proposal_2020_21, staff, figures_kept
):
    client.force_login(staff)
    activity = Activity.objects.filter(line_of_action__biennium=proposal_2020_21).first()
    url = f"/bienniums/2020-21/programme/activities/{activity.pk}/edit/"
    before = visit(client, url)
    activity_update(
        activity=activity,
        by=staff,
        seen_version=activity.version,
        other_partners="A partner named only here",
    )
    after = visit(client, url)
    assert "A partner named only here" not in before
    assert "A partner named only here" in after
    # The version the form was drawn at is the new one, so saving it is not refused.
    activity.refresh_from_db()
    assert re.search(rf'name="version" value="{activity.version}"', after)
    new = "/bienniums/2020-21/programme/lines/a/activities/new/"
    keys = {submission_key(visit(client, new)) for _visit in range(2)}
    assert len(keys) == 2


def submission_key(html: str) -> str:
    return re.search(r'name="submission_key" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("url", [ACTIVITIES, LINE, "/bienniums/2020-21/budget/contributions/"])
def test_a_list_served_from_the_cache_neither_counts_nor_reads_its_rows(
    client, proposal_2020_21, manager, figures_kept, url
):
    client.force_login(manager)
    visit(client, url)
    with CaptureQueriesContext(connection) as kept:
        visit(client, url)
    read = [
        q["sql"]
        for q in kept
        if re.search(r'FROM "(programme_activity|budget_contribution)"', q["sql"])
    ]
    assert read == []
