"""Before exporting in another language, the exports page says what such a document would print
untranslated, and links to those texts."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from translations.models import TextTranslation

SPANISH = Path(settings.BASE_DIR) / "data" / "translations" / "proposal-2020-21.es.json"

pytestmark = pytest.mark.django_db


def exports_page(client, biennium) -> str:
    return client.get(
        reverse("documents:exports", kwargs={"years": biennium.slug})
    ).content.decode()


def test_the_page_lists_each_languages_missing_texts(client, proposal_2020_21, manager):
    client.force_login(manager)
    page = exports_page(client, proposal_2020_21)
    assert "Spanish: 0 of the document’s 60 texts up to date." in page
    assert "French: 0 of the document’s 60 texts up to date." in page
    assert "60 texts are missing or outdated" in page
    assert "/translations/fr/?status=missing" in page


def test_a_complete_working_translation_is_said_to_be_one(client, proposal_2020_21, manager):
    call_command("import_xliff", "2020-21", str(SPANISH), "--by", manager.username, verbosity=0)
    client.force_login(manager)
    page = exports_page(client, proposal_2020_21)
    assert "Spanish: 60 of the document’s 60 texts up to date." in page
    assert "unofficial working translation" in page


def test_the_page_reads_the_same_queries_with_more_translations(
    client, proposal_2020_21, manager, django_assert_max_num_queries
):
    client.force_login(manager)
    with django_assert_max_num_queries(15) as few:
        exports_page(client, proposal_2020_21)
    call_command("import_xliff", "2020-21", str(SPANISH), "--by", manager.username, verbosity=0)
    assert TextTranslation.objects.count() == 152
    with django_assert_max_num_queries(len(few.captured_queries)):
        exports_page(client, proposal_2020_21)
