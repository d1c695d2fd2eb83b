"""Starting the next biennium carries the translations with their texts."""

import pytest

from programme import services as programme_services
from programme.cycle import biennium_start, start_plan
from translations import services
from translations.selectors import Status, text_status
from translations.sources import digest

from .helpers import key_and_digest, paragraph_saying, translated_keeping_codes

NETWORK = "cooperation and knowledge management network"


@pytest.fixture
def translated_2020_21(proposal_2020_21, staff, manager):
    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    key, source_digest = key_and_digest(proposal_2020_21, paragraph)
    services.translation_save(
        biennium=proposal_2020_21,
        key=key,
        language="es",
        text=translated_keeping_codes(paragraph.text["en"]),
        by=staff,
        seen_version=0,
        seen_source_digest=source_digest,
    )
    services.translation_save(
        biennium=proposal_2020_21,
        key="biennium.title",
        language="es",
        text=proposal_2020_21.title["en"].replace("Programme and budget", "Programa y presupuesto"),
        by=staff,
        seen_version=0,
        seen_source_digest=digest(proposal_2020_21.title["en"]),
    )
    programme_services.biennium_submit(biennium=proposal_2020_21, by=manager)
    return proposal_2020_21, key


def test_a_carried_paragraph_keeps_its_translation_up_to_date(translated_2020_21, manager):
    source, key = translated_2020_21
    target = biennium_start(source=source, start_year=2022, by=manager)
    carried = text_status(biennium=target, language="es", key=key)
    assert carried.status == Status.UP_TO_DATE
    assert carried.translation.history.get().history_user == manager


def test_the_new_biennium_keeps_the_source_language(translated_2020_21, manager):
    source, _key = translated_2020_21
    source.source_language = "en"
    assert biennium_start(source=source, start_year=2022, by=manager).source_language == "en"


def test_the_preview_counts_the_translations_carried(translated_2020_21):
    source, _key = translated_2020_21
    plan = start_plan(source=source, start_year=2022)
    assert "Translations: 2 texts in Spanish." in [str(line) for line in plan.budget]


def test_a_translation_survives_reimporting_the_proposal_in_place(proposal_2020_21, staff):
    from django.conf import settings
    from django.core.management import call_command

    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    key, source_digest = key_and_digest(proposal_2020_21, paragraph)
    services.translation_save(
        biennium=proposal_2020_21,
        key=key,
        language="es",
        text=translated_keeping_codes(paragraph.text["en"]),
        by=staff,
        seen_version=0,
        seen_source_digest=source_digest,
    )
    call_command(
        "import_proposal",
        str(settings.SEED_PROPOSAL_FILE),
        "--replace",
        "--by",
        "importer",
        verbosity=0,
    )
    assert text_status(biennium=proposal_2020_21, language="es", key=key).status == (
        Status.UP_TO_DATE
    )


def test_an_unreviewed_working_translation_stays_one_in_the_next_biennium(
    translated_2020_21, manager
):
    from translations.models import TextTranslation

    source, key = translated_2020_21
    TextTranslation.objects.filter(biennium=source, key=key).update(working=True)
    target = biennium_start(source=source, start_year=2022, by=manager)
    carried = TextTranslation.objects.get(biennium=target, key=key, language="es")
    assert carried.working is True
    reviewed = TextTranslation.objects.get(biennium=target, key="biennium.title", language="es")
    assert reviewed.working is False
