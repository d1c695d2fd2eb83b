"""The programme lists: counts by status, search, filters, sorting, pagination, fixed queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Country, MemberInstitution
from programme.models import Activity

YEARS = "2020-21"
SEED_ACTIVITIES = 46


@pytest.fixture(autouse=True)
def _figures_from_budget(settings):
    settings.PROGRAMME_FIGURE_SOURCE = "budget.figures.figures_for"


def url(name: str, **kwargs) -> str:
    return reverse(f"programme:{name}", kwargs={"years": YEARS, **kwargs})


def page_text(response) -> str:
    return response.content.decode()


def add_activities(biennium, letter: str, count: int) -> None:
    """Many activities with countries, partners and a source paragraph, as a busy line has."""
    line = biennium.lines.get(letter=letter)
    paragraph = line.paragraphs.first()
    start = line.activities.count()
    countries = list(Country.objects.all()[:3])
    institutions = list(MemberInstitution.objects.all()[:2])
    for offset in range(1, count + 1):
        activity = Activity.objects.create(
            line_of_action=line,
            position=start + offset,
            title={"en": f"Extra activity {offset:03d}"},
            kind=Activity.Kind.RESEARCH,
            status=Activity.Status.ONGOING,
            source_paragraph=paragraph,
        )
        activity.countries.set(countries)
        activity.partner_institutions.set(institutions)


def queries_for(client, address: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context)


# The overview of the lines of action


def test_lines_page_shows_the_nine_lines_with_counts_and_paragraph_numbers(
    client, proposal_2020_21, staff
):
    client.force_login(staff)
    response = client.get(url("lines"))
    lines = response.context["lines"]
    assert [s.line.letter for s in lines] == list("abcdefghi")
    e = lines[4]
    assert e.activity_count == 3
    assert {c.status: c.count for c in e.by_status}["ongoing"] == 3
    assert sum(s.activity_count for s in lines) == SEED_ACTIVITIES
    # Line (a)'s paragraph follows the Programme section's paragraphs in the numbering.
    assert lines[0].paragraph_numbers == [13]
    assert lines[5].paragraph_numbers == [18, 19]  # (f) has two paragraphs
    text = page_text(response)
    assert url("line", letter="i") in text and "Under way" in text


def test_a_line_page_filters_its_activities_by_status_kind_and_text(
    client, proposal_2020_21, staff
):
    client.force_login(staff)
    text = page_text(client.get(url("line", letter="b"), {"status": "planned"}))
    assert "Capacity-building programme for management-level" in text
    assert "Programme to strengthen the capacities of trade union" not in text
    assert "move/up" not in text  # no reordering within a narrowed list

    text = page_text(client.get(url("line", letter="b"), {"kind": "research"}))
    assert "Research on the tripartite and bipartite" in text
    assert "Updating the social dialogue forum" not in text

    text = page_text(client.get(url("line", letter="b"), {"q": "social dialogue forum"}))
    assert "Updating the social dialogue forum" in text
    assert "Research on the tripartite" not in text


# All activities


def test_search_finds_text_in_titles_descriptions_and_partners(client, proposal_2020_21, staff):
    client.force_login(staff)
    page = client.get(url("activities"), {"q": "APPRENTICESHIP"}).context["page_obj"]
    assert sorted(a.line_of_action.letter for a in page) == ["b", "e", "e", "e"]
    only_described = [a for a in page if a.line_of_action.letter == "b"][0]
    assert "apprenticeship" not in only_described.title["en"].lower()
    assert "apprenticeship" in only_described.description["en"].lower()
    page = client.get(url("activities"), {"q": "ACTRAV"}).context["page_obj"]  # other partners
    assert len(page) >= 1
    assert all("ACTRAV" in a.other_partners and "ACTRAV" not in a.title["en"] for a in page)


def test_a_spanish_title_is_found_too(client, proposal_2020_21, staff):
    activity = Activity.objects.get(title__en__startswith="Quality apprenticeship")
    activity.title = {**activity.title, "es": "Iniciativas de aprendizaje de calidad"}
    activity.save()
    client.force_login(staff)
    page = client.get(url("activities"), {"q": "aprendizaje de calidad"}).context["page_obj"]
    assert [a.pk for a in page] == [activity.pk]


def test_activities_filter_by_line_status_kind_and_country(client, proposal_2020_21, staff):
    client.force_login(staff)

    def found(**filters) -> list[Activity]:
        return list(client.get(url("activities"), filters).context["page_obj"])

    assert {a.line_of_action.letter for a in found(line="g")} == {"g"}
    assert len(found(line="g")) == 10
    assert {a.status for a in found(status="ongoing")} == {"ongoing"}
    assert {a.kind for a in found(kind="publication")} == {"publication"}
    jamaica = found(country="JM")
    assert len(jamaica) == 1 and jamaica[0].title["en"].startswith("Quality apprenticeship")
    assert len(found(line="f", status="planned", kind="information_system")) == 3
    # A value that names nothing is ignored rather than failing the page.
    assert len(found(status="nonsense")) == 25


def test_activities_sort_by_title_and_by_status(client, proposal_2020_21, staff):
    client.force_login(staff)
    by_title = client.get(url("activities"), {"sort": "title"}).context["page_obj"]
    titles = [a.title["en"] for a in by_title]
    assert titles == sorted(titles, key=str.lower)
    statuses = [
        a.status for a in client.get(url("activities"), {"sort": "status"}).context["page_obj"]
    ]
    assert statuses[0] == "planned" and statuses == sorted(
        statuses, key=["planned", "ongoing", "completed", "cancelled"].index
    )


def test_activities_are_paginated_and_keep_the_filters(client, proposal_2020_21, staff):
    client.force_login(staff)
    first = client.get(url("activities"))
    assert len(first.context["page_obj"]) == 25
    assert first.context["page_obj"].paginator.count == SEED_ACTIVITIES
    second = client.get(url("activities"), {"page": 2})
    assert len(second.context["page_obj"]) == SEED_ACTIVITIES - 25
    assert not {a.pk for a in first.context["page_obj"]} & {
        a.pk for a in second.context["page_obj"]
    }
    assert client.get(url("activities"), {"page": 99}).context["page_obj"].number == 2
    text = page_text(client.get(url("activities"), {"status": "planned"}))
    assert "?status=planned&amp;page=2" in text


# A fixed number of queries, however many activities


@pytest.mark.parametrize(
    "address",
    [
        url("lines"),
        url("line", letter="f"),
        url("activities"),
        url("activities") + "?kind=research&sort=title",
        url("sections"),
    ],
)
def test_list_pages_take_a_fixed_number_of_queries(
    client, proposal_2020_21, staff, address, django_assert_max_num_queries
):
    client.force_login(staff)
    client.get(address)  # warm the caches a first request fills (content types, roles)
    few = queries_for(client, address)
    add_activities(proposal_2020_21, "f", 40)
    with django_assert_max_num_queries(few):
        assert client.get(address).status_code == 200
    assert queries_for(client, address) == few


def test_an_activity_page_takes_a_fixed_number_of_queries(
    client, proposal_2020_21, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    activity = Activity.objects.get(title__en__startswith="Occupation classification systems")
    address = url("activity", pk=activity.pk)
    client.get(address)
    few = queries_for(client, address)
    for status in ("ongoing", "completed", "cancelled"):
        activity.status = status
        activity.save()
    with django_assert_max_num_queries(few):
        client.get(address)
