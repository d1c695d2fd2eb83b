"""Programme staff edit the heading of a line of action; history and version as everywhere."""

import pytest

from cinterfor.concurrency import ConcurrentEdit
from programme import services
from programme.models import LineOfAction

URL = "/bienniums/2020-21/programme/lines/c/edit/"


def _line(biennium) -> LineOfAction:
    return biennium.lines.get(letter="c")


def test_staff_edits_a_heading_and_history_records_it(client, proposal_2020_21, staff):
    line = _line(proposal_2020_21)
    client.force_login(staff)
    response = client.post(
        URL, {"text_en": "New heading", "text_es": "Nuevo título", "version": line.version}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    # The source language only: a posted Spanish box is no field of the form (translations
    # are kept on the translations pages).
    assert line.heading == {"en": "New heading"}
    assert line.history.latest().history_user == staff
    page = client.get("/bienniums/2020-21/programme/lines/c/").content.decode()
    assert "The heading is saved." in page and "New heading" in page


def test_an_empty_english_heading_is_refused(client, proposal_2020_21, staff):
    line = _line(proposal_2020_21)
    client.force_login(staff)
    response = client.post(URL, {"text_en": "", "text_es": "Solo", "version": line.version})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert _line(proposal_2020_21).heading == line.heading


def test_a_second_save_from_the_same_version_is_refused(proposal_2020_21, staff):
    line = _line(proposal_2020_21)
    seen = line.version
    services.line_heading_update(line=line, by=staff, seen_version=seen, text={"en": "First"})
    with pytest.raises(ConcurrentEdit):
        services.line_heading_update(
            line=_line(proposal_2020_21), by=staff, seen_version=seen, text={"en": "Second"}
        )
    assert _line(proposal_2020_21).heading == {"en": "First"}


def test_finance_may_not_edit_a_heading(client, proposal_2020_21, finance):
    client.force_login(finance)
    assert client.get(URL).status_code == 403


def test_staff_edits_a_section_title(client, proposal_2020_21, staff):
    section = proposal_2020_21.sections.get(kind="resource_mobilization")
    client.force_login(staff)
    url = f"/bienniums/2020-21/programme/sections/{section.pk}/edit/"
    response = client.post(
        url,
        {
            "title_en": "Mobilizing resources",
            "title_es": "",
            "subtitle_en": "",
            "subtitle_es": "",
            "version": section.version,
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.title == {"en": "Mobilizing resources"}
    assert section.history.latest().history_user == staff


def test_a_section_of_another_biennium_is_404(client, proposal_2020_21, staff):
    client.force_login(staff)
    assert client.get("/bienniums/2020-21/programme/sections/999999/edit/").status_code == 404
