"""The programme services check role, state, version and text before they write anything."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cinterfor.concurrency import ConcurrentEdit
from programme import services
from programme.models import Activity


def first_of(biennium, letter: str) -> Activity:
    return biennium.lines.get(letter=letter).activities.order_by("position").first()


def test_finance_may_not_write_to_the_programme(proposal_2020_21, finance):
    line = proposal_2020_21.lines.get(letter="a")
    activity = first_of(proposal_2020_21, "a")
    with pytest.raises(PermissionDenied):
        services.activity_create(line=line, by=finance, title={"en": "X"}, kind="research")
    with pytest.raises(PermissionDenied):
        services.activity_update(activity=activity, by=finance, seen_version=1, status="ongoing")
    with pytest.raises(PermissionDenied):
        services.activity_move(activity=activity, by=finance, direction="down")
    with pytest.raises(PermissionDenied):
        services.activity_delete(activity=activity, by=finance, seen_version=1)
    assert Activity.objects.get(pk=activity.pk).version == 1


def test_a_submitted_proposal_refuses_the_services(proposal_2020_21, staff, manager):
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    activity = first_of(proposal_2020_21, "a")
    with pytest.raises(services.BienniumLocked, match="read-only"):
        services.activity_update(activity=activity, by=staff, seen_version=1, status="ongoing")
    with pytest.raises(services.BienniumLocked):
        services.activity_create(
            line=activity.line_of_action, by=manager, title={"en": "X"}, kind="research"
        )
    assert Activity.objects.get(pk=activity.pk).status == "planned"


def test_two_updates_from_the_same_version_one_wins(proposal_2020_21, staff, manager):
    activity = first_of(proposal_2020_21, "a")
    mine = Activity.objects.get(pk=activity.pk)
    theirs = Activity.objects.get(pk=activity.pk)
    services.activity_update(activity=mine, by=staff, seen_version=1, status="ongoing")
    with pytest.raises(ConcurrentEdit):
        services.activity_update(
            activity=theirs, by=manager, seen_version=1, status="cancelled", countries=["UY"]
        )
    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.status, stored.version, list(stored.countries.all())) == ("ongoing", 2, [])


def test_an_update_names_only_fields_it_may_change(proposal_2020_21, staff):
    activity = first_of(proposal_2020_21, "a")
    with pytest.raises(TypeError, match="position"):
        services.activity_update(activity=activity, by=staff, seen_version=1, position=9)


def test_the_period_and_the_source_paragraph_are_checked(proposal_2020_21, staff):
    activity = first_of(proposal_2020_21, "a")
    with pytest.raises(ValidationError):
        services.activity_update(
            activity=activity,
            by=staff,
            seen_version=1,
            starts_on=datetime.date(2021, 5, 1),
            ends_on=datetime.date(2021, 4, 1),
        )
    elsewhere = proposal_2020_21.lines.get(letter="b").paragraphs.get()
    with pytest.raises(ValidationError, match="this activity's line of action"):
        services.activity_update(
            activity=Activity.objects.get(pk=activity.pk),
            by=staff,
            seen_version=1,
            source_paragraph=elsewhere,
        )
    assert Activity.objects.get(pk=activity.pk).version == 1


def test_the_last_activity_cannot_move_down(proposal_2020_21, staff):
    last = proposal_2020_21.lines.get(letter="c").activities.order_by("position").last()
    with pytest.raises(ValidationError, match="already the last"):
        services.activity_move(activity=last, by=staff, direction="down")


def test_moving_swaps_positions_around_gaps(proposal_2020_21, staff):
    line = proposal_2020_21.lines.get(letter="c")
    middle = line.activities.get(position=2)
    services.activity_delete(activity=middle, by=staff, seen_version=1)
    last = line.activities.get(position=3)
    services.activity_move(activity=last, by=staff, direction="up")
    assert list(line.activities.order_by("position").values_list("position", "pk")) == [
        (1, last.pk),
        (3, line.activities.exclude(pk=last.pk).get().pk),
    ]


def test_new_activities_go_after_the_last_one(proposal_2020_21, manager):
    line = proposal_2020_21.lines.get(letter="e")
    created = services.activity_create(
        line=line, by=manager, title={"en": "Follow-up"}, kind="partnership"
    )
    assert created.position == 4 and created.status == "planned" and created.description == {}


@pytest.mark.parametrize(
    ("old", "new", "problems"),
    [
        ({"en": "A [[a.b]] c"}, {"en": "A [[a.b]] changed c"}, 0),
        ({"en": "A [[a.b]] c [[a.b]]"}, {"en": "[[a.b]] twice [[a.b]]"}, 0),
        ({"en": "A [[a.b]] c [[a.b]]"}, {"en": "only once [[a.b]]"}, 1),
        ({"en": "A [[x|26]] c"}, {"en": "A [[x|27]] c"}, 2),  # a stated figure is kept too
        ({"en": "A [[a.b]]"}, {"en": "A [[a.b]]", "es": "Una [[a.b]]"}, 0),
        ({"en": "A [[a.b]]"}, {"en": "A [[a.b]]", "es": "Una"}, 1),
        ({"en": "A [[a.b]]"}, {"en": "A [[a.b]] [[Not A Key]]"}, 1),
        ({"en": "A[^n]"}, {"en": "[^n]A"}, 0),
        ({"en": "A[^n]"}, {"en": "A[^m]"}, 2),  # [^m] unknown, and [^n] dropped
        ({"en": "A[^n]"}, {"en": "A"}, 1),  # a footnote keeps its marker
    ],
)
def test_paragraph_text_problems(old, new, problems):
    found = services.paragraph_text_problems(old=old, new=new, footnote_keys=["n"])
    assert len(found) == problems, found
