"""A proposal file's narratives carry their translations: imported as up-to-date translations,
the rows keeping the source language only, and exported back where they were."""

import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from budget.exchange.exporter import dumps, export_proposal
from budget.models import Subprogramme
from programme.models import Biennium, Footnote, LineOfAction, Paragraph
from translations.models import TextTranslation
from translations.selectors import Status, text_status

pytestmark = pytest.mark.django_db


def spanish(english: str) -> str:
    # Keeps every placeholder and footnote marker, as a translation must.
    return f"ES: {english}"


def with_spanish(data: dict) -> dict:
    """The shipped file with Spanish beside six of its texts."""
    for narrative in (
        data["biennium"]["title"],
        data["sections"][0]["title"],
        data["sections"][0]["paragraphs"][0]["text"],
        data["sections"][0]["paragraphs"][0]["footnotes"][0]["text"],
        data["lines_of_action"][0]["heading"],
        data["lines_of_action"][0]["activities"][0]["title"],
        data["budgets"][2]["subprogrammes"][1]["name"],
    ):
        narrative["es"] = spanish(narrative["en"])
    return data


@pytest.fixture
def spanish_file(tmp_path):
    data = with_spanish(json.loads(settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8")))
    path = tmp_path / "proposal-es.json"
    path.write_text(dumps(data), encoding="utf-8")
    return path


def import_file(path):
    call_command("import_proposal", str(path), "--replace", "--by", "importer", verbosity=0)
    return Biennium.objects.get(start_year=2020)


KEYS = [
    "biennium.title",
    "section:introduction.title",
    "paragraph:introduction.1",
    "footnote:introduction.1.panama",
    "line:a.heading",
    "activity:a.1.title",
    "subprogramme:proposed.2.name",
]


def test_a_files_spanish_texts_are_imported_as_up_to_date_translations(
    proposal_2020_21, spanish_file
):
    biennium = import_file(spanish_file)
    translations = TextTranslation.objects.filter(biennium=biennium, language="es")
    assert sorted(t.key for t in translations) == sorted(KEYS)
    for key in KEYS:
        shown = text_status(biennium=biennium, language="es", key=key)
        assert shown.status == Status.UP_TO_DATE, key
        assert shown.translation.text == spanish(shown.source.text)
        record = shown.translation.history.get()
        assert record.history_user.username == "importer"
        assert record.history_change_reason == "Imported from proposal-es.json"


def test_the_rows_keep_the_source_language_only(proposal_2020_21, spanish_file):
    biennium = import_file(spanish_file)
    paragraph = Paragraph.objects.get(
        section__biennium=biennium, section__kind="introduction", position=1
    )
    assert set(paragraph.text) == {"en"}
    assert set(Footnote.objects.get(paragraph=paragraph).text) == {"en"}
    assert set(LineOfAction.objects.get(biennium=biennium, letter="a").heading) == {"en"}
    assert set(biennium.title) == {"en"}
    assert all(
        set(s.name) == {"en"} for s in Subprogramme.objects.filter(budget__biennium=biennium)
    )


def test_export_writes_the_translations_back_so_the_file_round_trips(
    proposal_2020_21, spanish_file
):
    biennium = import_file(spanish_file)
    assert dumps(export_proposal(biennium)) == spanish_file.read_text(encoding="utf-8")


def test_importing_the_same_file_again_leaves_the_translations_unchanged(
    proposal_2020_21, spanish_file, capsys
):
    import_file(spanish_file)
    call_command("import_proposal", str(spanish_file), "--replace", "--by", "importer")
    assert "translations: 0 created, 0 updated, 7 unchanged" in capsys.readouterr().out
    assert TextTranslation.history.filter(key="paragraph:introduction.1").count() == 1


def test_an_outdated_translation_is_not_exported_as_if_current(proposal_2020_21, spanish_file):
    biennium = import_file(spanish_file)
    Paragraph.objects.filter(
        section__biennium=biennium, section__kind="introduction", position=1
    ).update(text={"en": "A rewritten first paragraph.[^panama]"})
    exported = export_proposal(biennium)
    assert exported["sections"][0]["paragraphs"][0]["text"] == {
        "en": "A rewritten first paragraph.[^panama]"
    }
    assert "es" in exported["sections"][0]["title"]


def test_a_translation_that_drops_a_footnote_marker_stops_the_import(proposal_2020_21, tmp_path):
    data = json.loads(settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8"))
    data["sections"][0]["paragraphs"][0]["text"]["es"] = "En la Declaración de Panamá."
    path = tmp_path / "bad.json"
    path.write_text(dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match=r"paragraph:introduction\.1 \(es\)"):
        import_file(path)
    assert not TextTranslation.objects.exists()
    paragraph = Paragraph.objects.get(
        section__biennium=proposal_2020_21, section__kind="introduction", position=1
    )
    assert set(paragraph.text) == {"en"}


def test_a_file_drafted_in_spanish_needs_its_spanish_texts(tmp_path):
    from budget.exchange.errors import ProposalFileError
    from budget.exchange.importer import parse_proposal

    data = json.loads(settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8"))
    data["biennium"]["source_language"] = "es"
    with pytest.raises(ProposalFileError) as error:
        parse_proposal(dumps(data))
    assert any(
        p.path == "sections[0].title" and "Spanish text is required" in p.message
        for p in error.value.problems
    )


def every_narrative(node):
    if isinstance(node, dict):
        if "en" in node and all(isinstance(v, str) for v in node.values()):
            yield node
        else:
            for value in node.values():
                yield from every_narrative(value)
    elif isinstance(node, list):
        for value in node:
            yield from every_narrative(value)


def test_translations_are_saved_in_a_few_queries_however_many(proposal_2020_21, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    data = json.loads(settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8"))
    with CaptureQueriesContext(connection) as without:
        import_file(settings.SEED_PROPOSAL_FILE)
    narratives = [n for n in every_narrative(data) if n["en"].strip()]
    for narrative in narratives:
        narrative["es"] = spanish(narrative["en"])
    path = tmp_path / "all-es.json"
    path.write_text(dumps(data), encoding="utf-8")
    with CaptureQueriesContext(connection) as with_all:
        biennium = import_file(path)
    saved = TextTranslation.objects.filter(biennium=biennium, language="es").count()
    assert saved == len(narratives) > 150
    assert len(with_all) - len(without) <= 15, len(with_all) - len(without)
