"""Programme staff add, edit, delete and reorder activities through the pages, safely."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cinterfor.concurrency import ConcurrentEdit
from cinterfor.narrative import narrative_text
from members.models import Country, MemberInstitution
from programme import services
from programme.models import Activity

YEARS = "2020-21"


@pytest.fixture(autouse=True)
def _figures_from_budget(settings):
    settings.PROGRAMME_FIGURE_SOURCE = "budget.figures.figures_for"


def url(name: str, **kwargs) -> str:
    return reverse(f"programme:{name}", kwargs={"years": YEARS, **kwargs})


def activity_of(biennium, letter: str, position: int = 1) -> Activity:
    return Activity.objects.get(
        line_of_action__biennium=biennium, line_of_action__letter=letter, position=position
    )


def form_data(activity: Activity, **changes) -> dict:
    """What the edit form posts for an activity as it is, with some changes."""
    data = {
        "title_en": narrative_text(activity.title, "en"),
        "title_es": activity.title.get("es", ""),
        "description_en": narrative_text(activity.description, "en"),
        "description_es": activity.description.get("es", ""),
        "kind": activity.kind,
        "status": activity.status,
        "starts_on": activity.starts_on.isoformat() if activity.starts_on else "",
        "ends_on": activity.ends_on.isoformat() if activity.ends_on else "",
        "countries": [c.pk for c in activity.countries.all()],
        "partner_institutions": [i.pk for i in activity.partner_institutions.all()],
        "other_partners": activity.other_partners,
        "source_paragraph": activity.source_paragraph_id or "",
        "version": activity.version,
    }
    data.update(changes)
    return data


def new_activity_data(**changes) -> dict:
    data = {
        "title_en": "Regional forum on green skills",
        "title_es": "Foro regional sobre competencias verdes",
        "description_en": "A forum with member institutions.",
        "kind": Activity.Kind.KNOWLEDGE_SHARING,
        "status": Activity.Status.PLANNED,
        "starts_on": "2020-03-01",
        "ends_on": "2020-11-30",
        "countries": ["UY", "PY"],
        "other_partners": "IDB",
    }
    data.update(changes)
    return data


def page_text(response) -> str:
    return response.content.decode()


# Creating


def test_staff_adds_an_activity_at_the_end_of_its_line(client, proposal_2020_21, staff):
    client.force_login(staff)
    line = proposal_2020_21.lines.get(letter="c")
    paragraph = line.paragraphs.get()
    response = client.post(
        url("activity_create", letter="c"),
        new_activity_data(source_paragraph=paragraph.pk),
        follow=True,
    )
    created = line.activities.get(title__en="Regional forum on green skills")
    assert created.position == 4  # after the three of the seed
    assert created.title == {"en": "Regional forum on green skills"}  # the source language only
    assert sorted(c.pk for c in created.countries.all()) == ["PY", "UY"]
    assert created.source_paragraph == paragraph
    text = page_text(response)
    assert "is added to line of action (c)" in text
    assert "Regional forum on green skills" in text
    assert created.history.get(history_type="+").history_user == staff
    assert {record.history_user for record in created.history.all()} == {staff}


def test_the_new_activity_form_offers_only_the_lines_paragraphs(client, proposal_2020_21, staff):
    client.force_login(staff)
    other = proposal_2020_21.lines.get(letter="a").paragraphs.get()
    response = client.post(
        url("activity_create", letter="c"), new_activity_data(source_paragraph=other.pk)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    assert not Activity.objects.filter(title__en="Regional forum on green skills").exists()


def test_a_missing_title_is_an_error_beside_the_field_and_saves_nothing(
    client, proposal_2020_21, staff
):
    client.force_login(staff)
    before = Activity.objects.count()
    response = client.post(
        url("activity_create", letter="c"), new_activity_data(title_en="", title_es="")
    )
    assert response.status_code == 200
    text = page_text(response)
    title_block = text[text.index('id="div_id_title"') : text.index('id="div_id_description"')]
    assert "The English text is required" in title_block or "This field is required" in title_block
    assert Activity.objects.count() == before


def test_an_activity_cannot_end_before_it_starts(client, proposal_2020_21, staff):
    client.force_login(staff)
    activity = activity_of(proposal_2020_21, "c")
    response = client.post(
        url("activity_edit", pk=activity.pk),
        form_data(activity, starts_on="2021-06-01", ends_on="2021-01-31"),
    )
    assert response.status_code == 200
    text = page_text(response)
    ends_block = text[text.index('id="div_id_ends_on"') : text.index('id="div_id_countries"')]
    assert "cannot end before it starts" in ends_block
    activity.refresh_from_db()
    assert (activity.starts_on, activity.ends_on, activity.version) == (None, None, 1)


# Editing and history


def test_staff_edits_an_activity_and_its_history_shows_old_and_new_values(
    client, proposal_2020_21, staff
):
    client.force_login(staff)
    activity = activity_of(proposal_2020_21, "c")
    response = client.post(
        url("activity_edit", pk=activity.pk),
        form_data(
            activity,
            status=Activity.Status.COMPLETED,
            title_en="Support for reform of qualifications systems",
            countries=["CO"],
        ),
        follow=True,
    )
    assert "is saved" in page_text(response)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.COMPLETED
    assert activity.version == 2
    assert [c.pk for c in activity.countries.all()] == ["CO"]

    text = page_text(client.get(url("activity", pk=activity.pk)))
    history = text[text.index('id="history-heading"') :]
    assert staff.get_full_name() in history
    assert "Planned" in history and "Completed" in history
    # The title whole, its changed words marked: the old ones deleted, the new ones inserted.
    assert "Support for reform " in history
    assert "[deleted: </span>in Colombia’s National Qualifications System" in history
    assert "[inserted: </span>of qualifications systems<span" in history
    # The countries are named, old and new, not listed as database rows; the one kept unmarked.
    assert "Colombia<del>" in history
    assert "[deleted: </span>, Costa Rica, Honduras<span" in history
    assert "&#x27;country&#x27;" not in history and "'country'" not in history
    assert activity.history.filter(history_user=staff).count() == 1  # one edit, one entry


def test_posting_fields_the_form_does_not_offer_changes_nothing(client, proposal_2020_21, staff):
    client.force_login(staff)
    activity = activity_of(proposal_2020_21, "c")
    other_line = proposal_2020_21.lines.get(letter="a")
    client.post(
        url("activity_edit", pk=activity.pk),
        form_data(activity, position=99, line_of_action=other_line.pk, version_extra=5),
    )
    activity.refresh_from_db()
    assert activity.position == 1
    assert activity.line_of_action.letter == "c"


def test_a_concurrent_second_save_is_refused_and_the_first_kept(client, proposal_2020_21, staff):
    client.force_login(staff)
    activity = activity_of(proposal_2020_21, "c")
    # Two people opened the edit form at version 1.
    first = form_data(activity, status=Activity.Status.ONGOING)
    second = form_data(activity, status=Activity.Status.CANCELLED, other_partners="CAF")
    assert client.post(url("activity_edit", pk=activity.pk), first).status_code == 302
    response = client.post(url("activity_edit", pk=activity.pk), second)
    assert response.status_code == 200
    assert str(ConcurrentEdit.message) in page_text(response)
    activity.refresh_from_db()
    assert (activity.status, activity.other_partners, activity.version) == ("ongoing", "", 2)


def test_a_manager_may_edit_too(client, proposal_2020_21, manager):
    client.force_login(manager)
    activity = activity_of(proposal_2020_21, "c")
    client.post(url("activity_edit", pk=activity.pk), form_data(activity, status="ongoing"))
    activity.refresh_from_db()
    assert activity.status == "ongoing"


# Deleting


def test_staff_deletes_an_activity_after_confirming(client, proposal_2020_21, staff):
    client.force_login(staff)
    activity = activity_of(proposal_2020_21, "c", 2)
    assert "Delete the activity" in page_text(client.get(url("activity_delete", pk=activity.pk)))
    response = client.post(
        url("activity_delete", pk=activity.pk), {"version": activity.version}, follow=True
    )
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert response.redirect_chain[-1][0] == url("line", letter="c")
    assert "is deleted" in page_text(response)
    deleted = Activity.history.filter(id=activity.pk, history_type="-").get()
    assert deleted.history_user == staff


def test_deleting_what_someone_else_just_changed_is_refused(client, proposal_2020_21, staff):
    client.force_login(staff)
    activity = activity_of(proposal_2020_21, "c", 2)
    client.post(url("activity_edit", pk=activity.pk), form_data(activity, status="ongoing"))
    response = client.post(url("activity_delete", pk=activity.pk), {"version": 1}, follow=True)
    assert str(ConcurrentEdit.message) in page_text(response)
    assert Activity.objects.filter(pk=activity.pk).exists()


# Reordering


def titles_in_order(line) -> list[str]:
    return [narrative_text(a.title, "en")[:20] for a in line.activities.order_by("position")]


def test_staff_moves_an_activity_up_and_down(client, proposal_2020_21, staff):
    client.force_login(staff)
    line = proposal_2020_21.lines.get(letter="c")
    before = titles_in_order(line)
    third = activity_of(proposal_2020_21, "c", 3)
    response = client.post(url("activity_move", pk=third.pk, direction="up"), follow=True)
    assert "moved up" in page_text(response)
    assert titles_in_order(line) == [before[0], before[2], before[1]]
    client.post(url("activity_move", pk=third.pk, direction="down"))
    assert titles_in_order(line) == before
    moves = third.history.filter(history_type="~").order_by("history_date")
    assert [m.position for m in moves] == [2, 3]
    assert {m.history_user for m in moves} == {staff}


def test_the_first_activity_cannot_move_up(client, proposal_2020_21, staff):
    client.force_login(staff)
    line = proposal_2020_21.lines.get(letter="c")
    before = titles_in_order(line)
    first = activity_of(proposal_2020_21, "c", 1)
    response = client.post(url("activity_move", pk=first.pk, direction="up"), follow=True)
    assert "already the first" in page_text(response)
    assert titles_in_order(line) == before


def test_an_htmx_move_returns_the_list_with_the_message(client, proposal_2020_21, staff):
    client.force_login(staff)
    second = activity_of(proposal_2020_21, "c", 2)
    response = client.post(
        url("activity_move", pk=second.pk, direction="up"), {"page": "1"}, HTTP_HX_REQUEST="true"
    )
    text = page_text(response)
    assert response.status_code == 200
    assert text.lstrip().startswith('<div id="line-activities">')
    assert 'hx-swap-oob="true"' in text and "moved up" in text
    assert "<html" not in text
    assert text.index("Comparative information") < text.index("Support for reform")


def test_moving_needs_a_post(client, proposal_2020_21, staff):
    client.force_login(staff)
    first = activity_of(proposal_2020_21, "c", 1)
    assert client.get(url("activity_move", pk=first.pk, direction="down")).status_code == 405


# A submitted proposal is read-only


def test_a_submitted_proposal_refuses_every_change_and_says_why(
    client, proposal_2020_21, staff, manager
):
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    client.force_login(staff)
    activity = activity_of(proposal_2020_21, "c")
    count = Activity.objects.count()

    response = client.post(
        url("activity_edit", pk=activity.pk), form_data(activity, status="ongoing"), follow=True
    )
    assert "read-only" in page_text(response)
    client.post(url("activity_create", letter="c"), new_activity_data())
    client.post(url("activity_delete", pk=activity.pk), {"version": 1})
    response = client.post(url("activity_move", pk=activity.pk, direction="down"), follow=True)
    assert "read-only" in page_text(response)

    activity.refresh_from_db()
    assert (activity.status, activity.version, activity.position) == ("planned", 1, 1)
    assert Activity.objects.count() == count


def test_a_submitted_proposal_hides_the_edit_buttons(client, proposal_2020_21, staff, manager):
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    client.force_login(staff)
    activity = activity_of(proposal_2020_21, "c")
    text = page_text(client.get(url("line", letter="c")))
    assert "is submitted, so it is read-only" in text
    assert url("activity_create", letter="c") not in text
    assert "move/up" not in text and "move/down" not in text
    text = page_text(client.get(url("activity", pk=activity.pk)))
    assert url("activity_edit", pk=activity.pk) not in text
    response = client.get(url("activity_edit", pk=activity.pk))
    assert response.status_code == 302 and response.url == url("activity", pk=activity.pk)


# Roles


def test_finance_may_read_but_gets_403_on_every_edit_page(client, proposal_2020_21, finance):
    client.force_login(finance)
    activity = activity_of(proposal_2020_21, "c")
    assert client.get(url("line", letter="c")).status_code == 200
    text = page_text(client.get(url("activity", pk=activity.pk)))
    assert url("activity_edit", pk=activity.pk) not in text
    for page in (
        url("activity_create", letter="c"),
        url("activity_edit", pk=activity.pk),
        url("activity_delete", pk=activity.pk),
    ):
        assert client.get(page).status_code == 403
    assert client.post(url("activity_edit", pk=activity.pk), form_data(activity)).status_code == 403
    assert client.post(url("activity_move", pk=activity.pk, direction="down")).status_code == 403
    activity.refresh_from_db()
    assert activity.version == 1 and activity.position == 1


def test_an_activity_of_another_biennium_is_not_found(client, proposal_2020_21, staff):
    from programme.models import Biennium, LineOfAction

    other = Biennium.objects.create(start_year=2022, end_year=2023)
    line = LineOfAction.objects.create(biennium=other, letter="a", heading={"en": "Other"})
    foreign = Activity.objects.create(
        line_of_action=line, position=1, title={"en": "Elsewhere"}, kind="research"
    )
    client.force_login(staff)
    assert client.get(url("activity", pk=foreign.pk)).status_code == 404
    assert client.get(url("activity_edit", pk=foreign.pk)).status_code == 404


# The pickers of countries and partners hold the chosen rows only, whatever the register


def measured(client, address: str) -> tuple[int, int]:
    """The page's size in bytes and its number of queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(response.content), len(queries)


def test_the_activity_forms_do_not_grow_with_the_register(client, proposal_2020_21, staff):
    client.force_login(staff)
    activity = activity_of(proposal_2020_21, "a")
    partner = MemberInstitution.objects.order_by("pk").first()
    activity.partner_institutions.add(partner)
    activity.countries.add(partner.country)
    addresses = [url("activity_create", letter="a"), url("activity_edit", pk=activity.pk)]
    client.get(addresses[0])
    small = [measured(client, address) for address in addresses]
    MemberInstitution.objects.bulk_create(
        MemberInstitution(
            name=f"Bulk institute {n}",
            acronym=f"BULK{n:04d}",
            country=partner.country,
            kind="other",
        )
        for n in range(500)
    )
    large = [measured(client, address) for address in addresses]
    assert large == small
    page = client.get(addresses[1]).content.decode()
    assert 'data-lookup="/members/institutions/lookup/"' in page
    assert 'data-lookup="/members/countries/lookup/"' in page
    chosen = page.split('name="partner_institutions"', 1)[1].split("</select>", 1)[0]
    assert chosen.count("<option") == activity.partner_institutions.count()


def test_a_partner_from_anywhere_in_the_register_may_be_chosen(client, proposal_2020_21, staff):
    client.force_login(staff)
    activity = activity_of(proposal_2020_21, "a")
    partner = MemberInstitution.objects.order_by("-pk").first()
    last_country = Country.objects.order_by("-name").first()
    client.post(
        url("activity_edit", pk=activity.pk),
        form_data(activity, partner_institutions=[partner.pk], countries=[last_country.pk]),
    )
    activity.refresh_from_db()
    assert list(activity.partner_institutions.all()) == [partner]
    assert list(activity.countries.all()) == [last_country]
    response = client.post(
        url("activity_edit", pk=activity.pk), form_data(activity, countries=["ZZ"])
    )
    assert "Select a valid choice" in response.content.decode()
