"""The Spanish working translation shipped with the 2020–21 proposal: whole, kept against its
source, and marked as an unofficial working translation until an editor reviews a text."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from translations.models import TextTranslation
from translations.selectors import Status, text_statuses, texts_in
from translations.services import translation_save
from translations.sources import digest, source_texts

SHIPPED = Path(settings.BASE_DIR) / "data" / "translations" / "proposal-2020-21.es.json"

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish(proposal_2020_21, manager):
    call_command("import_xliff", "2020-21", str(SHIPPED), "--by", manager.username, verbosity=0)
    return proposal_2020_21


def test_every_text_of_the_proposal_has_an_up_to_date_spanish_translation(spanish):
    statuses = text_statuses(biennium=spanish, language="es")
    assert len(statuses) == 152
    assert {s.status for s in statuses} == {Status.UP_TO_DATE}


def test_the_shipped_translation_is_marked_unofficial(spanish):
    assert set(TextTranslation.objects.values_list("working", flat=True)) == {True}
    resolved = texts_in(biennium=spanish, language="es")
    assert resolved["section:introduction.title"].text == "Introducción"
    assert all(text.working and text.language == "es" for text in resolved.values())


def test_an_editors_save_makes_a_text_reviewed(spanish, manager):
    key = "section:introduction.title"
    current = TextTranslation.objects.get(biennium=spanish, key=key, language="es")
    translation_save(
        biennium=spanish,
        key=key,
        language="es",
        text="Introducción",
        by=manager,
        seen_version=current.version,
        seen_source_digest=digest(source_texts(biennium=spanish)[key].text),
    )
    assert texts_in(biennium=spanish, language="es")[key].working is False


def test_loading_it_again_changes_nothing(spanish, manager):
    versions = dict(TextTranslation.objects.values_list("key", "version"))
    call_command(
        "import_xliff",
        "2020-21",
        str(SHIPPED),
        "--by",
        manager.username,
        "--if-untranslated",
        verbosity=0,
    )
    assert dict(TextTranslation.objects.values_list("key", "version")) == versions
