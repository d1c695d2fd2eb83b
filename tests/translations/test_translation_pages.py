"""The translation pages: completeness, the texts by status, editing side by side, the import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from programme import services as programme_services
from programme.models import Biennium
from translations.exchange import export_file
from translations.models import TextTranslation
from translations.sources import digest, paragraph_key, source_texts

from .helpers import paragraph_saying, translated_keeping_codes

YEARS = "2020-21"
NETWORK = "cooperation and knowledge management network"
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def url(name: str, **kwargs) -> str:
    return reverse(f"translations:{name}", kwargs={"years": YEARS, **kwargs})


@pytest.fixture
def paragraph(proposal_2020_21):
    return paragraph_saying(proposal_2020_21, NETWORK)


def test_the_overview_shows_each_language_complete_in_percent(client, proposal_2020_21, staff):
    client.force_login(staff)
    page = client.get(url("overview")).content.decode()
    assert "Spanish: 0% up to date" in page and "French: 0% up to date" in page
    assert "Paragraphs" in page and "Footnotes" in page


@pytest.mark.parametrize("role", ["finance"])
def test_finance_is_refused_every_translation_page(client, proposal_2020_21, finance, role):
    client.force_login(finance)
    for address in (
        url("overview"),
        url("texts", language="es"),
        url("edit", language="es", key="line:a.heading"),
        url("export", language="es"),
        url("import"),
    ):
        assert client.get(address).status_code == 403, address


def test_the_text_list_filters_by_status_and_pages_by_25(
    client, proposal_2020_21, paragraph, staff
):
    TextTranslation.objects.create(
        biennium=proposal_2020_21,
        key=paragraph_key(paragraph),
        language="es",
        text="Una red",
        source_digest=digest("an older source"),
        source_text_at_save="an older source",
        at=timezone.now(),
    )
    client.force_login(staff)
    outdated = client.get(url("texts", language="es"), {"status": "outdated"}).content.decode()
    assert paragraph_key(paragraph) in outdated and "1 text" in outdated
    missing = client.get(url("texts", language="es"), {"status": "missing"})
    assert missing.context["page_obj"].paginator.per_page == 25
    assert missing.context["page_obj"].paginator.count > 100
    assert paragraph_key(paragraph) not in missing.content.decode()


def test_the_text_list_reads_a_fixed_number_of_queries(
    client, proposal_2020_21, staff, django_assert_max_num_queries
):
    """13 queries: the session, the user and roles, the biennium, the six kinds of text, the
    translations; the same on any page and with any number of translations."""
    client.force_login(staff)
    client.get(url("texts", language="es"))  # warm the session
    with django_assert_max_num_queries(13):
        assert client.get(url("texts", language="es"), {"page": 3}).status_code == 200
    sources = list(source_texts(biennium=proposal_2020_21).values())[:60]
    TextTranslation.objects.bulk_create(
        TextTranslation(
            biennium=proposal_2020_21,
            key=source.key,
            language="es",
            text="Traducido",
            source_digest=digest(source.text),
            source_text_at_save=source.text,
            at=timezone.now(),
        )
        for source in sources
    )
    with django_assert_max_num_queries(13):
        assert client.get(url("texts", language="es"), {"page": 2}).status_code == 200


def test_an_editor_sees_what_changed_and_saves_the_translation(
    client, proposal_2020_21, paragraph, staff
):
    key = paragraph_key(paragraph)
    client.force_login(staff)
    page = client.get(url("edit", language="es", key=key))
    first = page.context["form"].initial
    client.post(
        url("edit", language="es", key=key),
        {**first, "text": translated_keeping_codes(paragraph.text["en"])},
    )
    programme_services.paragraph_update(
        paragraph=paragraph,
        by=staff,
        seen_version=paragraph.version,
        text={
            "en": paragraph.text["en"].replace(
                "vocational training institutions", "VT <b>bodies</b>"
            )
        },
    )
    page = client.get(url("edit", language="es", key=key))
    body = page.content.decode()
    # Said aloud as well as struck out and underlined; the text escaped, not markup.
    assert (
        '[deleted: </span>vocational training institutions<span class="visually-hidden">]' in body
    )
    assert '[inserted: </span>VT &lt;b&gt;bodies&lt;/b&gt;<span class="visually-hidden">]' in body
    response = client.post(
        url("edit", language="es", key=key),
        {
            **page.context["form"].initial,
            "text": translated_keeping_codes(paragraph.text["en"] + "x"),
        },
    )
    assert response.status_code == 302
    assert "Up to date" in client.get(url("edit", language="es", key=key)).content.decode()


def test_a_save_that_drops_a_placeholder_shows_why_and_saves_nothing(
    client, proposal_2020_21, paragraph, staff
):
    key = paragraph_key(paragraph)
    client.force_login(staff)
    initial = client.get(url("edit", language="es", key=key)).context["form"].initial
    response = client.post(url("edit", language="es", key=key), {**initial, "text": "Sin cifras"})
    assert response.status_code == 200
    assert "[[network.member_institutions]]" in response.content.decode()
    assert not TextTranslation.objects.exists()


def test_a_submitted_proposal_shows_its_translations_read_only(client, proposal_2020_21, staff):
    Biennium.objects.filter(pk=proposal_2020_21.pk).update(status=Biennium.Status.SUBMITTED)
    client.force_login(staff)
    page = client.get(url("edit", language="es", key="line:a.heading"))
    assert "read-only" in page.content.decode() and b"<textarea" not in page.content


def test_an_unknown_text_or_the_source_language_is_not_found(client, proposal_2020_21, staff):
    client.force_login(staff)
    assert client.get(url("edit", language="es", key="line:z.heading")).status_code == 404
    assert client.get(url("texts", language="en")).status_code == 404


def test_the_export_downloads_xliff(client, proposal_2020_21, staff):
    client.force_login(staff)
    response = client.get(url("export", language="fr"))
    assert response["Content-Disposition"] == 'attachment; filename="cinterfor-2020-21-fr.xlf"'
    assert etree.fromstring(response.content).find("x:file", NS).get("target-language") == "fr"


def test_the_import_page_previews_then_imports(client, proposal_2020_21, staff):
    root = etree.fromstring(export_file(biennium=proposal_2020_21, language="es"))
    unit = root.find(".//x:trans-unit[@id='line:a.heading']", NS)
    etree.SubElement(unit, f"{{{NS['x']}}}target").text = "Sincronización"
    content = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    client.force_login(staff)

    def upload(button):
        return client.post(
            url("import"), {"file": SimpleUploadedFile("es.xlf", content), button: ""}
        )

    preview = upload("preview")
    assert "nothing was saved" in preview.content.decode()
    assert not TextTranslation.objects.exists()
    done = upload("import")
    assert "es.xlf was imported" in done.content.decode()
    saved = TextTranslation.objects.get(key="line:a.heading", language="es")
    assert saved.history.get().history_change_reason == "Imported from es.xlf"
