"""A proposal drafted in Spanish: its edit forms show, require and write the Spanish text."""

import pytest
from django.core.exceptions import ValidationError

from programme import services
from programme.models import Biennium, LineOfAction

pytestmark = pytest.mark.django_db

LINE = "/bienniums/2020-21/programme/lines/c/edit/"
TITLE_BLOCK = "/bienniums/2020-21/status/title-block/"


@pytest.fixture
def drafted_in_spanish(proposal_2020_21) -> Biennium:
    Biennium.objects.filter(pk=proposal_2020_21.pk).update(source_language="es")
    LineOfAction.objects.filter(biennium=proposal_2020_21, letter="c").update(
        heading={"es": "Sistemas de cualificaciones"}
    )
    proposal_2020_21.refresh_from_db()
    return proposal_2020_21


def test_the_form_shows_one_box_in_spanish(client, drafted_in_spanish, staff):
    client.force_login(staff)
    html = client.get(LINE).content.decode()
    assert 'name="text_es"' in html and "Sistemas de cualificaciones" in html
    assert 'name="text_en"' not in html and 'role="tablist"' not in html
    assert "In Spanish</label>" in html
    assert 'href="/bienniums/2020-21/translations/en/line:c.heading/"' in html


def test_a_save_writes_the_spanish_text_only(client, drafted_in_spanish, staff):
    client.force_login(staff)
    line = drafted_in_spanish.lines.get(letter="c")
    response = client.post(
        LINE, {"text_es": "Nuevo título", "text_en": "New heading", "version": line.version}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.heading == {"es": "Nuevo título"}


def test_the_spanish_text_is_required_not_the_english(client, drafted_in_spanish, staff):
    client.force_login(staff)
    line = drafted_in_spanish.lines.get(letter="c")
    response = client.post(LINE, {"text_es": "", "text_en": "Only English", "version": 1})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    with pytest.raises(ValidationError, match="The Spanish text is required"):
        services.line_heading_update(
            line=line, by=staff, seen_version=line.version, text={"en": "Only English"}
        )
    line.refresh_from_db()
    assert line.heading == {"es": "Sistemas de cualificaciones"}


def test_the_title_block_of_a_spanish_proposal_is_written_in_spanish(
    client, drafted_in_spanish, manager
):
    client.force_login(manager)
    html = client.get(TITLE_BLOCK).content.decode()
    assert 'name="title_es"' in html and 'name="title_en"' not in html
    response = client.post(
        TITLE_BLOCK,
        {
            "governing_body_session_es": "",
            "document_symbol": "GB.337/PFA/3",
            "segment_es": "",
            "title_es": "Propuestas de programa y presupuesto",
            "document_date": "",
            "purpose": "",
            "version": drafted_in_spanish.version,
        },
    )
    assert response.status_code == 302
    drafted_in_spanish.refresh_from_db()
    assert drafted_in_spanish.title == {"es": "Propuestas de programa y presupuesto"}
