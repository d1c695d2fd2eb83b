"""The interface in English and Spanish: a complete catalogue, and pages that use it."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


def test_every_interface_language_but_english_has_a_catalogue():
    assert TRANSLATED == ["es", "fr"]
    for code in TRANSLATED:
        assert (LOCALE / code / "LC_MESSAGES" / "django.po").exists(), code


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_catalogue_is_complete(code):
    po = polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalogue_matches_its_source(code):
    po = polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / code / "LC_MESSAGES" / "django.mo"))
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in po.translated_entries()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo if e.msgid}
    assert compiled == source, (
        f"Run: msgfmt -o locale/{code}/LC_MESSAGES/django.mo locale/{code}/LC_MESSAGES/django.po"
    )


@pytest.mark.django_db
def test_a_page_renders_in_spanish_with_spanish_numbers(client, proposal_2020_21, manager):
    client.force_login(manager)
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    html = client.get("/bienniums/2020-21/review/appendices/").content.decode()
    assert '<html lang="es">' in html
    assert "Contribución de la OIT" in html
    assert "Ingresos y gastos previstos" in html
    assert "3\u00a0387\u00a0895" in html  # Spanish groups thousands with a (no-break) space
    assert "Total income" not in html


@pytest.mark.django_db
def test_a_page_renders_in_french_with_french_numbers(client, proposal_2020_21, manager):
    client.force_login(manager)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    html = client.get("/bienniums/2020-21/review/appendices/").content.decode()
    assert '<html lang="fr">' in html
    assert "Contribution de l’OIT" in html
    assert "Recettes et dépenses prévues" in html
    assert "3\u00a0387\u00a0895" in html  # French groups thousands with a no-break space
    assert "Total income" not in html


@pytest.mark.django_db
def test_the_language_switch_goes_back_to_english(client, proposal_2020_21, manager):
    client.force_login(manager)
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/bienniums/2020-21/review/appendices/").content.decode()
    assert "ILO contribution" in html and "3,387,895" in html
