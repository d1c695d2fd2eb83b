"""Managers keep the document's title block in the browser: symbol, date, purpose and the rest."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from cinterfor.concurrency import ConcurrentEdit
from programme.models import Biennium
from programme.services import BienniumLocked
from programme.title_block import title_block_update

pytestmark = pytest.mark.django_db

URL = "/bienniums/2020-21/status/title-block/"


def form_data(biennium: Biennium, **changes) -> dict:
    data = {
        "governing_body_session_en": biennium.governing_body_session.get("en", ""),
        "document_symbol": biennium.document_symbol,
        "segment_en": biennium.segment.get("en", ""),
        "title_en": biennium.title.get("en", ""),
        "document_date": "",
        "purpose": "",
        "version": biennium.version,
    }
    data.update(changes)
    return data


def test_a_manager_sets_the_date_and_purpose(client, proposal_2020_21, manager):
    client.force_login(manager)
    assert client.get(URL).status_code == 200
    response = client.post(
        URL, form_data(proposal_2020_21, document_date="2019-09-27", purpose="decision")
    )
    assert response.status_code == 302
    proposal_2020_21.refresh_from_db()
    assert proposal_2020_21.document_date == datetime.date(2019, 9, 27)
    assert proposal_2020_21.purpose == Biennium.Purpose.DECISION
    assert proposal_2020_21.history.first().history_user == manager
    status = client.get("/bienniums/2020-21/status/").content.decode()
    assert "For decision" in status


def test_a_stale_form_is_refused_and_changes_nothing(client, proposal_2020_21, manager):
    client.force_login(manager)
    seen = proposal_2020_21.version
    title_block_update(
        biennium=proposal_2020_21, by=manager, seen_version=seen, document_symbol="GB.337/PFA/9"
    )
    response = client.post(URL, form_data(proposal_2020_21, version=seen, purpose="information"))
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    proposal_2020_21.refresh_from_db()
    assert proposal_2020_21.purpose == "decision"  # as the shipped file states it
    assert proposal_2020_21.document_symbol == "GB.337/PFA/9"


def test_only_managers_edit_the_title_block(client, proposal_2020_21, staff, finance):
    for user in (staff, finance):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        with pytest.raises(PermissionDenied):
            title_block_update(
                biennium=proposal_2020_21,
                by=user,
                seen_version=proposal_2020_21.version,
                purpose="decision",
            )


def test_a_submitted_proposals_title_block_is_read_only(proposal_2020_21, manager):
    Biennium.objects.filter(pk=proposal_2020_21.pk).update(status=Biennium.Status.SUBMITTED)
    with pytest.raises(BienniumLocked):
        title_block_update(
            biennium=proposal_2020_21,
            by=manager,
            seen_version=proposal_2020_21.version,
            purpose="decision",
        )


def test_an_unknown_field_is_not_written(proposal_2020_21, manager):
    with pytest.raises(TypeError):
        title_block_update(biennium=proposal_2020_21, by=manager, seen_version=1, status="approved")
    with pytest.raises(ConcurrentEdit):
        title_block_update(
            biennium=proposal_2020_21, by=manager, seen_version=99, purpose="decision"
        )
