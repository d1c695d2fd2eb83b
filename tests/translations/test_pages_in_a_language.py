"""Narrative pages in Spanish or French show the translation, or the source marked as such."""

import pytest
from django.urls import reverse

from programme.models import Activity, LineOfAction
from translations import services
from translations.sources import activity_key, digest, paragraph_key, source_texts

from .helpers import paragraph_saying, translated_keeping_codes

YEARS = "2020-21"
NETWORK = "cooperation and knowledge management network"


def translate(biennium, key, text, by, language="es"):
    source = source_texts(biennium=biennium)[key]
    return services.translation_save(
        biennium=biennium,
        key=key,
        language=language,
        text=text,
        by=by,
        seen_version=0,
        seen_source_digest=digest(source.text),
    )


@pytest.fixture
def line_a(proposal_2020_21):
    return LineOfAction.objects.get(biennium=proposal_2020_21, letter="a")


def in_spanish(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "es"


def test_a_translated_heading_shows_in_spanish_tagged_es(client, proposal_2020_21, line_a, staff):
    translate(proposal_2020_21, "line:a.heading", "Sincronización con el desarrollo", staff)
    in_spanish(client, staff)
    page = client.get(reverse("programme:line", args=[YEARS, "a"])).content.decode()
    assert '<span lang="es">Sincronización con el desarrollo</span>' in page


def test_an_untranslated_heading_shows_the_english_marked_and_tagged_en(
    client, proposal_2020_21, line_a, staff
):
    in_spanish(client, staff)
    page = client.get(reverse("programme:line", args=[YEARS, "a"])).content.decode()
    assert f'<span lang="en">{line_a.heading["en"]}</span>' in page
    assert "translation-fallback" in page


def test_a_translated_paragraph_keeps_its_figures_filled(client, proposal_2020_21, staff):
    paragraph = paragraph_saying(proposal_2020_21, NETWORK)
    text = translated_keeping_codes(paragraph.text["en"], "Una red de instituciones")
    translate(proposal_2020_21, paragraph_key(paragraph), text, staff)
    in_spanish(client, staff)
    page = client.get(reverse("programme:sections", args=[YEARS])).content.decode()
    assert "Una red de instituciones" in page
    start = page.index("Una red de instituciones")
    # The placeholder shows the figure (a number), not its key.
    assert "[[network.member_institutions]]" not in page[start : start + 400]
    assert 'data-key="network.member_institutions"' in page[start : start + 400]


def test_a_translated_activity_title_shows_on_the_lists(client, proposal_2020_21, staff):
    activity = Activity.objects.filter(line_of_action__biennium=proposal_2020_21).first()
    translate(proposal_2020_21, activity_key(activity, "title"), "Actividad traducida", staff)
    in_spanish(client, staff)
    listing = client.get(reverse("programme:activities", args=[YEARS]), {"q": ""})
    assert "Actividad traducida" in listing.content.decode()
    page = client.get(reverse("programme:activity", args=[YEARS, activity.pk]))
    assert '<span lang="es">Actividad traducida</span>' in page.content.decode()


def test_english_pages_show_the_source_with_no_mark(client, proposal_2020_21, line_a, staff):
    client.force_login(staff)
    page = client.get(reverse("programme:line", args=[YEARS, "a"])).content.decode()
    assert "translation-fallback" not in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_sections_page_reads_a_fixed_number_of_queries_more_in_a_translation(
    client, proposal_2020_21, staff, language, django_assert_max_num_queries
):
    """In Spanish the page reads the texts once more (seven queries), not once per text."""
    client.force_login(staff)
    client.cookies["django_language"] = language
    client.get(reverse("programme:sections", args=[YEARS]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as english:
        client.cookies["django_language"] = "en"
        client.get(reverse("programme:sections", args=[YEARS]))
    client.cookies["django_language"] = language
    with django_assert_max_num_queries(len(english) + (7 if language != "en" else 0)):
        client.get(reverse("programme:sections", args=[YEARS]))
