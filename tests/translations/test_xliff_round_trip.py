"""Translators' round trip: export XLIFF, translate, import with every code and source checked."""

import json

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from programme import services as programme_services
from translations.exchange import export_file, import_file
from translations.models import TextTranslation
from translations.sources import paragraph_key

from .helpers import paragraph_saying

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
NETWORK = "cooperation and knowledge management network"


@pytest.fixture
def paragraph(proposal_2020_21):
    return paragraph_saying(proposal_2020_21, NETWORK)


def exported(biennium, language="es") -> etree._Element:
    return etree.fromstring(export_file(biennium=biennium, language=language))


def unit_of(root, key):
    return root.find(f".//x:trans-unit[@id='{key}']", NS)


def translate(unit, words: str, keep_codes: bool = True) -> None:
    """Give a unit a target: `words`, then the source's inline codes (or not)."""
    target = etree.SubElement(unit, f"{{{NS['x']}}}target")
    target.text = words
    if keep_codes:
        for code in unit.find("x:source", NS).findall("x:x", NS):
            copy = etree.SubElement(target, code.tag, id=code.get("id"))
            copy.tail = " "


def import_root(biennium, root, by, name="es.xlf", dry_run=False):
    return import_file(
        biennium=biennium,
        content=etree.tostring(root, xml_declaration=True, encoding="UTF-8"),
        file_name=name,
        by=by,
        dry_run=dry_run,
    )


def test_the_export_is_xliff_1_2_with_placeholders_as_protected_codes(proposal_2020_21, paragraph):
    root = exported(proposal_2020_21)
    assert root.get("version") == "1.2"
    assert root.find("x:file", NS).get("target-language") == "es"
    source = unit_of(root, paragraph_key(paragraph)).find("x:source", NS)
    codes = [x.get("equiv-text") for x in source.findall("x:x", NS)]
    assert codes == ["[[network.member_institutions]]", "[[network.countries]]"]
    assert "[[" not in "".join(source.itertext())  # not editable text
    note = unit_of(root, paragraph_key(paragraph)).find("x:note", NS).text
    assert note.startswith("source-digest=")


def test_changed_targets_are_stored_on_import_and_history_names_the_file(
    proposal_2020_21, paragraph, staff
):
    root = exported(proposal_2020_21)
    translate(unit_of(root, paragraph_key(paragraph)), "Una red de ")
    language, result, problems = import_root(proposal_2020_21, root, staff)
    assert (language, problems, result.saved, result.count("applied")) == ("es", [], True, 1)
    stored = TextTranslation.objects.get(key=paragraph_key(paragraph), language="es")
    assert stored.text == "Una red de [[network.member_institutions]] [[network.countries]]"
    record = stored.history.get()
    assert (record.history_user, record.history_change_reason) == (staff, "Imported from es.xlf")


def test_a_file_with_a_placeholder_removed_is_refused_naming_the_unit(
    proposal_2020_21, paragraph, staff
):
    root = exported(proposal_2020_21)
    translate(unit_of(root, "line:a.heading"), "Sincronización")
    translate(unit_of(root, paragraph_key(paragraph)), "Una red sin cifras", keep_codes=False)
    _language, result, _problems = import_root(proposal_2020_21, root, staff)
    refused = [o for o in result.outcomes if o.outcome == "refused"]
    assert [o.key for o in refused] == [paragraph_key(paragraph)]
    assert "[[network.member_institutions]]" in refused[0].message
    assert not result.saved
    assert not TextTranslation.objects.exists()  # the good unit was not saved either


def test_a_unit_whose_source_changed_since_the_export_is_reported_not_applied(
    proposal_2020_21, paragraph, staff
):
    root = exported(proposal_2020_21)
    translate(unit_of(root, paragraph_key(paragraph)), "Una red de ")
    translate(unit_of(root, "line:a.heading"), "Sincronización")
    programme_services.paragraph_update(
        paragraph=paragraph,
        by=staff,
        seen_version=paragraph.version,
        text={"en": paragraph.text["en"] + " It changed."},
    )
    _language, result, _problems = import_root(proposal_2020_21, root, staff)
    outcomes = {o.key: o.outcome for o in result.outcomes if o.outcome != "empty"}
    assert outcomes == {paragraph_key(paragraph): "source_changed", "line:a.heading": "applied"}
    assert list(TextTranslation.objects.values_list("key", flat=True)) == ["line:a.heading"]


def test_unknown_unit_ids_are_reported_and_nothing_is_saved(proposal_2020_21, staff):
    root = exported(proposal_2020_21)
    translate(unit_of(root, "line:a.heading"), "Sincronización")
    unit_of(root, "line:b.heading").set("id", "line:z.heading")
    translate(unit_of(root, "line:z.heading"), "Zeta")
    _language, result, _problems = import_root(proposal_2020_21, root, staff)
    assert [o.key for o in result.outcomes if o.outcome == "unknown"] == ["line:z.heading"]
    assert not TextTranslation.objects.exists()


def test_a_preview_reports_and_saves_nothing(proposal_2020_21, staff):
    root = exported(proposal_2020_21)
    translate(unit_of(root, "line:a.heading"), "Sincronización")
    _language, result, _problems = import_root(proposal_2020_21, root, staff, dry_run=True)
    assert result.count("applied") == 1 and not result.saved
    assert not TextTranslation.objects.exists()


def test_a_translation_saved_after_the_export_is_a_conflict_not_overwritten(
    proposal_2020_21, staff, manager
):
    first = exported(proposal_2020_21)
    translate(unit_of(first, "line:a.heading"), "Primera")
    import_root(proposal_2020_21, first, staff)
    stale = exported(proposal_2020_21)
    again = exported(proposal_2020_21)
    unit_of(again, "line:a.heading").find("x:target", NS).text = "Segunda"
    import_root(proposal_2020_21, again, manager)
    unit_of(stale, "line:a.heading").find("x:target", NS).text = "Tercera"
    # `stale` was exported after the first import, before the second: its version is old.
    _language, result, _problems = import_root(proposal_2020_21, stale, staff)
    assert {o.key: o.outcome for o in result.outcomes}["line:a.heading"] == "conflict"
    assert TextTranslation.objects.get(key="line:a.heading").text == "Segunda"


def test_commands_export_and_import_a_file(proposal_2020_21, paragraph, staff, tmp_path):
    out = tmp_path / "es.xlf"
    call_command("export_xliff", "2020-21", "--language", "es", "--out", str(out))
    root = etree.parse(str(out)).getroot()
    translate(unit_of(root, paragraph_key(paragraph)), "Una red de ")
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    call_command("import_xliff", "2020-21", str(out), "--by", staff.username)
    assert TextTranslation.objects.filter(key=paragraph_key(paragraph), language="es").exists()


def test_the_import_command_refuses_a_broken_file_and_changes_nothing(
    proposal_2020_21, paragraph, staff, tmp_path
):
    out = tmp_path / "es.xlf"
    root = exported(proposal_2020_21)
    translate(unit_of(root, paragraph_key(paragraph)), "Sin cifras", keep_codes=False)
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    with pytest.raises(CommandError, match="refused"):
        call_command("import_xliff", "2020-21", str(out), "--by", staff.username)
    assert not TextTranslation.objects.exists()


def test_a_json_file_of_key_and_translation_loads_a_first_translation(
    proposal_2020_21, staff, tmp_path
):
    document = {
        "biennium": "2020-21",
        "language": "es",
        "texts": [{"key": "line:a.heading", "translation": "Sincronización con las políticas"}],
    }
    path = tmp_path / "es.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command("import_xliff", "2020-21", str(path), "--by", staff.username)
    assert TextTranslation.objects.get(key="line:a.heading", language="es").text.startswith(
        "Sincronización"
    )
