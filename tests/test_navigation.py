"""The menu: one list of sections, each page in one place, shown by role; identity and icons."""

import re

import pytest
from django.urls import reverse

from cinterfor import navigation
from tests.browser.site_pages import PAGES

pytestmark = pytest.mark.django_db


def menu_links(html: str, label: str) -> list[str]:
    """The link texts of the navigation landmark named `label`."""
    match = re.search(rf'<nav[^>]*aria-label="{re.escape(label)}"[^>]*>(.*?)</nav>', html, re.S)
    assert match, f"no navigation named {label}"
    return [" ".join(text.split()) for text in re.findall(r"<a [^>]*>(.*?)</a>", match.group(1))]


def test_every_page_belongs_to_exactly_one_section():
    for name in PAGES:
        holders = [s.url_name for s in navigation.SECTIONS if s.holds_page(name)]
        assert len(holders) == 1, (name, holders)


def test_every_section_opens_a_page_of_the_site():
    for section in navigation.SECTIONS:
        kwargs = {"years": "2020-21"} if section.per_biennium else {}
        assert reverse(section.url_name, kwargs=kwargs)


def test_a_role_sees_only_the_sections_it_may_open(client, proposal_2020_21, staff, finance):
    client.force_login(staff)
    staff_menu = menu_links(client.get("/bienniums/2020-21/").content.decode(), "Pages of 2020–21")
    assert "Programme" in staff_menu
    assert "Contributions" not in staff_menu
    assert "Reconciliation" in staff_menu  # staff own the paragraphs it flags

    client.force_login(finance)
    finance_menu = menu_links(
        client.get("/bienniums/2020-21/").content.decode(), "Pages of 2020–21"
    )
    assert {"Budget figures", "Contributions", "Received against forecast"} <= set(finance_menu)
    assert "Exports" not in finance_menu


def test_no_page_is_linked_twice_in_the_menu(client, proposal_2020_21, manager):
    client.force_login(manager)
    html = client.get("/bienniums/2020-21/budget/contributions/").content.decode()
    links = menu_links(html, "Pages of 2020–21") + menu_links(html, "Workspace")
    assert len(links) == len(set(links))
    # The finance sub-tabs that repeated the menu are gone.
    assert html.count(">Member institutions</a>") == 1
    assert html.count(">Received against forecast</a>") == 1


def test_the_page_in_view_is_marked_current_in_the_menu(client, proposal_2020_21, manager):
    client.force_login(manager)
    html = client.get("/bienniums/2020-21/programme/activities/").content.decode()
    assert re.search(r'class="nav-link active" aria-current="page" href="[^"]*/activities/"', html)


def test_a_kept_menu_is_each_readers_pages_language_and_role(
    client, proposal_2020_21, staff, finance, manager, figures_kept, monkeypatch
):
    drawn = []
    menu = navigation.menu
    monkeypatch.setattr(navigation, "menu", lambda *a: drawn.append(a) or menu(*a))
    pages = "Pages of 2020–21"
    activities, contributions = "/bienniums/2020-21/programme/activities/", "/bienniums/2020-21/"

    client.force_login(staff)
    first = client.get(activities).content.decode()
    assert menu_links(client.get(activities).content.decode(), pages) == menu_links(first, pages)
    assert len(drawn) == 1  # drawn once, then kept
    assert "Contributions" not in menu_links(first, pages)

    client.force_login(finance)  # another role: its own menu
    assert "Contributions" in menu_links(client.get(activities).content.decode(), pages)
    client.force_login(manager)
    assert "Exports" in menu_links(client.get(activities).content.decode(), pages)
    on_dashboard = client.get(contributions).content.decode()  # another page: its own current
    assert re.search(
        r'class="nav-link active" aria-current="page" href="/bienniums/2020-21/"', on_dashboard
    )
    client.cookies["django_language"] = "es"  # another language: its own labels
    assert "Todas las actividades" in menu_links(
        client.get(activities).content.decode(), "Páginas de 2020–21"
    )
    assert len(drawn) == 5


def test_the_biennium_and_its_status_are_in_the_top_bar(client, proposal_2020_21, staff):
    client.force_login(staff)
    html = client.get("/bienniums/2020-21/programme/lines/a/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert "2020–21" in header
    assert proposal_2020_21.get_status_display() in header


def test_a_line_page_has_breadcrumbs_to_its_biennium_and_section(client, proposal_2020_21, staff):
    client.force_login(staff)
    html = client.get("/bienniums/2020-21/programme/lines/a/").content.decode()
    trail = html[html.index('aria-label="Breadcrumb"') :]
    trail = trail[: trail.index("</nav>")]
    assert [" ".join(t.split()) for t in re.findall(r">([^<>]+)</(?:a|li)>", trail)][:3] == [
        "Bienniums",
        "2020–21",
        "Programme",
    ]
    assert 'aria-current="page"' in trail


def test_the_favicon_is_linked_and_favicon_ico_redirects_to_it(client, proposal_2020_21, staff):
    client.force_login(staff)
    html = client.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*img/favicon[^"]*\.svg"', html)
    client.logout()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert re.search(r"img/favicon[^/]*\.svg$", response.url)


def test_an_institution_whose_acronym_is_its_name_is_named_once(client, proposal_2020_21, staff):
    from members.models import MemberInstitution

    institution = MemberInstitution.objects.get(acronym="INA")
    MemberInstitution.objects.filter(pk=institution.pk).update(
        name="ChileValora", acronym="ChileValora"
    )
    client.force_login(staff)
    html = client.get(
        reverse("members:institution", kwargs={"pk": institution.pk})
    ).content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert heading.count("ChileValora") == 1


def test_dashboard_cards_link_to_what_they_sum_up(client, proposal_2020_21, staff, finance):
    client.force_login(finance)
    html = client.get("/bienniums/2020-21/").content.decode()
    assert 'href="/bienniums/2020-21/review/appendices/#appendix-i">See Appendix I</a>' in html
    assert 'href="/bienniums/2020-21/programme/activities/">See the activities</a>' in html
    assert 'href="/members/">See the member institutions</a>' in html
    assert "/review/reconciliation/" in html
    # Staff own the paragraphs the reconciliation flags, so their card links to it too.
    client.force_login(staff)
    html = client.get("/bienniums/2020-21/").content.decode()
    assert "/review/reconciliation/" in html
    assert "See the activities" in html


def test_a_biennium_known_only_from_comparative_columns_is_shown_as_such(
    client, proposal_2020_21, manager
):
    from programme.models import Biennium

    assert Biennium.objects.filter(start_year=2018).exists()
    client.force_login(manager)
    html = client.get("/bienniums/2018-19/").content.decode()
    assert "2018–19: comparative figures" in html
    assert "/bienniums/2020-21/review/appendices/#appendix-i" in html
    assert "Reconciliation findings" not in html
    assert 'id="key-figures"' not in html
    home = client.get("/").content.decode()
    assert "Comparative figures only" in home


def test_a_paragraph_is_addressed_by_its_document_number(client, proposal_2020_21, staff):
    from programme.selectors import document_numbers

    numbers = document_numbers(biennium=proposal_2020_21)
    pk = next(pk for pk, number in numbers.paragraphs.items() if number == 15)
    client.force_login(staff)
    response = client.get("/bienniums/2020-21/programme/paragraphs/15/")
    assert response.status_code == 200
    assert response.context["paragraph"].pk == pk
    assert pk != 15  # the address is the number, not the database id
    assert client.get("/bienniums/2020-21/programme/paragraphs/999/").status_code == 404
    # The line page and the activity table link to paragraphs by their number.
    html = client.get("/bienniums/2020-21/programme/lines/a/").content.decode()
    assert 'href="/bienniums/2020-21/programme/paragraphs/13/"' in html
