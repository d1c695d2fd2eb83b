"""A translation is missing, up to date, or outdated when its source moved on; saving clears it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cinterfor.concurrency import ConcurrentEdit
from programme import services as programme_services
from programme.models import Biennium
from translations import services
from translations.selectors import Status, completeness, text_status, text_statuses, texts_in
from translations.services import SourceChanged
from translations.sources import source_texts

from .helpers import key_and_digest, paragraph_saying, translated_keeping_codes

NETWORK = "cooperation and knowledge management network"


@pytest.fixture
def paragraph(proposal_2020_21):
    return paragraph_saying(proposal_2020_21, NETWORK)


def save_spanish(biennium, paragraph, by, text=None, seen_version=0):
    key, source_digest = key_and_digest(biennium, paragraph)
    return services.translation_save(
        biennium=biennium,
        key=key,
        language="es",
        text=text or translated_keeping_codes(paragraph.text["en"]),
        by=by,
        seen_version=seen_version,
        seen_source_digest=source_digest,
    )


def status(biennium, paragraph, language="es"):
    key, _digest = key_and_digest(biennium, paragraph)
    return text_status(biennium=biennium, language=language, key=key).status


def test_the_shipped_proposal_is_drafted_in_english(proposal_2020_21):
    assert proposal_2020_21.source_language == "en"


def test_a_text_never_translated_is_missing_and_falls_back_to_the_source(
    proposal_2020_21, paragraph
):
    key, _digest = key_and_digest(proposal_2020_21, paragraph)
    assert status(proposal_2020_21, paragraph) == Status.MISSING
    shown = texts_in(biennium=proposal_2020_21, language="es")[key]
    assert (shown.text, shown.language, shown.is_fallback) == (paragraph.text["en"], "en", True)


def test_a_saved_translation_is_up_to_date_and_shown_in_its_language(
    proposal_2020_21, paragraph, staff
):
    translation = save_spanish(proposal_2020_21, paragraph, staff)
    assert status(proposal_2020_21, paragraph) == Status.UP_TO_DATE
    shown = texts_in(biennium=proposal_2020_21, language="es")[translation.key]
    assert (shown.text, shown.language, shown.status) == (translation.text, "es", "up_to_date")
    assert translation.history.get().history_user == staff


def test_changing_the_english_paragraph_marks_spanish_and_french_outdated_until_saved_again(
    proposal_2020_21, paragraph, staff
):
    save_spanish(proposal_2020_21, paragraph, staff)
    key, source_digest = key_and_digest(proposal_2020_21, paragraph)
    services.translation_save(
        biennium=proposal_2020_21,
        key=key,
        language="fr",
        text=translated_keeping_codes(paragraph.text["en"], "Texte traduit"),
        by=staff,
        seen_version=0,
        seen_source_digest=source_digest,
    )
    new_english = paragraph.text["en"].replace("actively and effectively", "decisively")
    programme_services.paragraph_update(
        paragraph=paragraph, by=staff, seen_version=paragraph.version, text={"en": new_english}
    )
    assert status(proposal_2020_21, paragraph, "es") == Status.OUTDATED
    assert status(proposal_2020_21, paragraph, "fr") == Status.OUTDATED

    outdated = text_status(biennium=proposal_2020_21, language="es", key=key)
    changes = [(p.op, p.text.strip()) for p in outdated.source_changes if p.op != "equal"]
    assert changes == [("delete", "actively and effectively"), ("insert", "decisively")]

    save_spanish(proposal_2020_21, paragraph, staff, seen_version=1)
    assert status(proposal_2020_21, paragraph, "es") == Status.UP_TO_DATE
    assert status(proposal_2020_21, paragraph, "fr") == Status.OUTDATED


def test_a_translation_that_drops_a_placeholder_is_refused_naming_it(
    proposal_2020_21, paragraph, staff
):
    with pytest.raises(ValidationError) as refused:
        save_spanish(proposal_2020_21, paragraph, staff, text="Una red de instituciones.")
    assert "[[network.member_institutions]]" in str(refused.value)
    assert status(proposal_2020_21, paragraph) == Status.MISSING


def test_a_translation_that_adds_a_footnote_marker_is_refused(proposal_2020_21, paragraph, staff):
    text = translated_keeping_codes(paragraph.text["en"]) + "[^panama]"
    with pytest.raises(ValidationError, match=r"\[\^panama\]"):
        save_spanish(proposal_2020_21, paragraph, staff, text=text)


def test_of_two_editors_who_read_the_same_version_the_second_is_told(
    proposal_2020_21, paragraph, staff, manager
):
    save_spanish(proposal_2020_21, paragraph, staff)
    with pytest.raises(ConcurrentEdit):
        save_spanish(proposal_2020_21, paragraph, manager, seen_version=0)


def test_a_source_changed_while_translating_is_not_saved(proposal_2020_21, paragraph, staff):
    key, old_digest = key_and_digest(proposal_2020_21, paragraph)
    programme_services.paragraph_update(
        paragraph=paragraph,
        by=staff,
        seen_version=paragraph.version,
        text={"en": paragraph.text["en"] + " More."},
    )
    with pytest.raises(SourceChanged):
        services.translation_save(
            biennium=proposal_2020_21,
            key=key,
            language="es",
            text=translated_keeping_codes(paragraph.text["en"]),
            by=staff,
            seen_version=0,
            seen_source_digest=old_digest,
        )


def test_finance_may_not_translate(proposal_2020_21, paragraph, finance):
    with pytest.raises(PermissionDenied):
        save_spanish(proposal_2020_21, paragraph, finance)


def test_a_submitted_proposal_is_not_translated_until_reopened(proposal_2020_21, paragraph, staff):
    Biennium.objects.filter(pk=proposal_2020_21.pk).update(status=Biennium.Status.SUBMITTED)
    with pytest.raises(programme_services.BienniumLocked):
        save_spanish(proposal_2020_21, paragraph, staff)


def test_the_source_language_is_not_a_translation(proposal_2020_21, paragraph, staff):
    key, source_digest = key_and_digest(proposal_2020_21, paragraph)
    with pytest.raises(ValidationError):
        services.translation_save(
            biennium=proposal_2020_21,
            key=key,
            language="en",
            text="x",
            by=staff,
            seen_version=0,
            seen_source_digest=source_digest,
        )


def test_completeness_counts_each_state(proposal_2020_21, paragraph, staff):
    before = completeness(text_statuses(biennium=proposal_2020_21, language="es"), "all")
    save_spanish(proposal_2020_21, paragraph, staff)
    after = completeness(text_statuses(biennium=proposal_2020_21, language="es"), "all")
    assert before.total == after.total > 100
    assert (before.up_to_date, after.up_to_date) == (0, 1)
    assert after.missing == before.missing - 1


def test_texts_in_reads_a_fixed_number_of_queries(proposal_2020_21, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        texts = texts_in(biennium=proposal_2020_21, language="fr")
    kinds = {key.split(":")[0].split(".")[0] for key in texts}
    assert kinds >= {"biennium", "section", "line", "paragraph", "footnote", "activity"}


def test_one_text_is_found_as_the_whole_list_finds_it_for_every_kind_of_text(proposal_2020_21):
    everything = source_texts(biennium=proposal_2020_21)
    kinds = {source.kind for source in everything.values()}
    assert {"paragraph", "footnote", "activity", "line", "section", "subprogramme"} <= kinds

    for key, source in everything.items():
        assert text_status(biennium=proposal_2020_21, language="es", key=key).source == source
    assert text_status(biennium=proposal_2020_21, language="es", key="activity:a.999.title") is None
    assert text_status(biennium=proposal_2020_21, language="es", key="activity:a.x.title") is None


def test_an_activitys_text_is_read_alone_not_with_every_activity(proposal_2020_21):
    key = next(k for k in source_texts(biennium=proposal_2020_21) if k.startswith("activity:"))
    with CaptureQueriesContext(connection) as queries:
        text_status(biennium=proposal_2020_21, language="es", key=key)
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "programme_activity"' in q["sql"]]
    assert len(reads) == 1 and '"programme_activity"."position" =' in reads[0]
