"""An editor restores a paragraph, footnote or activity to an earlier version, or brings a
deleted activity back: always a new version, checked like any save, recorded in history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cinterfor.concurrency import ConcurrentEdit
from programme import services
from programme.models import Activity, Footnote, Paragraph

YEARS = "2020-21"


@pytest.fixture(autouse=True)
def _figures_from_budget(settings):
    settings.PROGRAMME_FIGURE_SOURCE = "budget.figures.figures_for"


def url(name: str, **kwargs) -> str:
    return reverse(f"programme:{name}", kwargs={"years": YEARS, **kwargs})


@pytest.fixture
def paragraph(proposal_2020_21) -> Paragraph:
    return Paragraph.objects.filter(section__biennium=proposal_2020_21).order_by("pk").first()


def edited(paragraph: Paragraph, by, words: str) -> Paragraph:
    return services.paragraph_update(
        paragraph=paragraph,
        by=by,
        seen_version=paragraph.version,
        text={**paragraph.text, "en": paragraph.text["en"] + words},
    )


def test_restoring_a_paragraph_writes_a_new_version_and_a_history_row(paragraph, staff):
    original = dict(paragraph.text)
    first = paragraph.history.latest()
    edited(paragraph, staff, " An added closing sentence.")
    versions_before = paragraph.history.count()

    restored = services.paragraph_restore(
        paragraph=paragraph, by=staff, seen_version=paragraph.version, history_id=first.history_id
    )

    restored.refresh_from_db()
    assert restored.text == original
    assert restored.version == 3  # 1 imported, 2 edited, 3 restored: a new version, no rewind
    assert paragraph.history.count() == versions_before + 1
    row = paragraph.history.latest()
    assert row.history_user == staff
    assert row.history_change_reason.startswith("restored from version of ")
    assert row.history_change_reason.endswith(" by importer")


def test_a_stale_restore_is_refused_and_changes_nothing(paragraph, staff, manager):
    first = paragraph.history.latest()
    opened_at = paragraph.version
    edited(Paragraph.objects.get(pk=paragraph.pk), manager, " Saved by someone else.")
    with pytest.raises(ConcurrentEdit):
        services.paragraph_restore(
            paragraph=Paragraph.objects.get(pk=paragraph.pk),
            by=staff,
            seen_version=opened_at,
            history_id=first.history_id,
        )
    assert Paragraph.objects.get(pk=paragraph.pk).text["en"].endswith("Saved by someone else.")


def test_a_restore_is_refused_on_a_submitted_proposal(paragraph, staff, manager):
    first = paragraph.history.latest()
    edited(paragraph, staff, " More.")
    services.biennium_submit(biennium=paragraph.section.biennium, by=manager)
    with pytest.raises(services.BienniumLocked):
        services.paragraph_restore(
            paragraph=paragraph,
            by=staff,
            seen_version=paragraph.version,
            history_id=first.history_id,
        )


def test_a_version_of_another_paragraph_is_refused(paragraph, staff, proposal_2020_21):
    other = Paragraph.objects.filter(section__biennium=proposal_2020_21).exclude(pk=paragraph.pk)[0]
    with pytest.raises(ValidationError):
        services.paragraph_restore(
            paragraph=paragraph,
            by=staff,
            seen_version=paragraph.version,
            history_id=other.history.latest().history_id,
        )


def test_staff_restore_a_paragraph_from_its_page(client, paragraph, staff):
    client.force_login(staff)
    first = paragraph.history.latest()
    edited(paragraph, staff, " An added closing sentence.")
    page = client.get(url("paragraph", pk=paragraph.pk), follow=True).content.decode()
    restore = url("paragraph_restore", pk=paragraph.pk, history_id=first.history_id)
    assert f'action="{restore}"' in page and "Restore this version" in page

    response = client.post(restore, {"version": paragraph.version}, follow=True)

    assert "restored as a new version" in response.content.decode()
    assert "Restored from version of" in response.content.decode()
    assert "An added closing sentence." not in Paragraph.objects.get(pk=paragraph.pk).text["en"]


def test_a_stale_restore_page_says_so(client, paragraph, staff):
    client.force_login(staff)
    first = paragraph.history.latest()
    stale = paragraph.version
    edited(paragraph, staff, " Newer.")
    response = client.post(
        url("paragraph_restore", pk=paragraph.pk, history_id=first.history_id),
        {"version": stale},
        follow=True,
    )
    assert "Someone else saved this record" in response.content.decode()
    assert Paragraph.objects.get(pk=paragraph.pk).text["en"].endswith("Newer.")


def test_finance_may_not_restore(client, paragraph, finance):
    client.force_login(finance)
    first = paragraph.history.latest()
    response = client.post(
        url("paragraph_restore", pk=paragraph.pk, history_id=first.history_id),
        {"version": paragraph.version},
    )
    assert response.status_code == 403


def test_restoring_a_footnote_writes_a_new_version(proposal_2020_21, staff):
    footnote = Footnote.objects.filter(paragraph__section__biennium=proposal_2020_21).first()
    original = dict(footnote.text)
    first = footnote.history.latest()
    services.footnote_update(
        footnote=footnote, by=staff, seen_version=footnote.version, text={"en": "Changed."}
    )
    services.footnote_restore(
        footnote=footnote, by=staff, seen_version=footnote.version, history_id=first.history_id
    )
    footnote.refresh_from_db()
    assert footnote.text == original and footnote.version == 3
    assert footnote.history.latest().history_change_reason.startswith("restored from version")


def activity_of(biennium) -> Activity:
    return Activity.objects.filter(line_of_action__biennium=biennium).order_by("pk").first()


def test_restoring_an_activity_brings_back_fields_and_countries(proposal_2020_21, staff):
    activity = activity_of(proposal_2020_21)
    first = activity.history.latest()
    countries = sorted(c.pk for c in activity.countries.all())
    services.activity_update(
        activity=activity,
        by=staff,
        seen_version=activity.version,
        status=Activity.Status.CANCELLED,
        countries=[],
    )
    services.activity_restore(
        biennium=proposal_2020_21,
        by=staff,
        history_id=first.history_id,
        seen_version=activity.version,
    )
    activity = Activity.objects.get(pk=activity.pk)
    assert activity.status == first.status
    assert sorted(c.pk for c in activity.countries.all()) == countries
    assert activity.version == 3
    assert activity.history.latest().history_change_reason.startswith("restored from")


def test_a_deleted_activity_is_listed_and_brought_back_once(client, proposal_2020_21, staff):
    activity = activity_of(proposal_2020_21)
    pk, title, line = activity.pk, activity.title, activity.line_of_action
    countries = sorted(c.pk for c in activity.countries.all())
    services.activity_delete(activity=activity, by=staff, seen_version=activity.version)
    client.force_login(staff)

    page = client.get(url("deleted_activities")).content.decode()
    deletion = Activity.history.get(id=pk, history_type="-")
    restore = url("activity_restore", pk=pk, history_id=deletion.history_id)
    assert title["en"] in page and f'action="{restore}"' in page

    response = client.post(restore, follow=True)
    assert "restored as a new version" in response.content.decode()
    back = Activity.objects.get(pk=pk)
    assert back.title == title and back.line_of_action == line
    assert list(line.activities.order_by("position"))[-1] == back  # at the end of its line
    assert sorted(c.pk for c in back.countries.all()) == countries
    assert title["en"] not in client.get(url("deleted_activities")).content.decode()

    again = client.post(restore, follow=True)  # a second click, or a second editor
    assert "not deleted" in again.content.decode()
    assert Activity.objects.filter(pk=pk).count() == 1


def test_the_deleted_list_reads_a_fixed_number_of_queries(
    client, proposal_2020_21, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    activities = list(Activity.objects.filter(line_of_action__biennium=proposal_2020_21)[:2])
    services.activity_delete(activity=activities[0], by=staff, seen_version=activities[0].version)
    with django_assert_max_num_queries(12) as one:
        client.get(url("deleted_activities"))
    for activity in Activity.objects.filter(line_of_action__biennium=proposal_2020_21)[:10]:
        services.activity_delete(activity=activity, by=staff, seen_version=activity.version)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url("deleted_activities"))


def test_a_footnote_added_since_keeps_its_marker_when_an_older_text_is_restored(paragraph, staff):
    first = paragraph.history.latest()
    services.footnote_create(paragraph=paragraph, by=staff, key="later", text={"en": "Later."})
    paragraph.refresh_from_db()
    assert paragraph.text["en"].endswith("[^later]")

    services.paragraph_restore(
        paragraph=paragraph, by=staff, seen_version=paragraph.version, history_id=first.history_id
    )

    paragraph.refresh_from_db()
    assert paragraph.text["en"] == first.text["en"].rstrip() + "[^later]"
