"""Every model's admin pages open, search, filter, and do not query once per row."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import Budget, Contribution, IncomeEstimate, Subprogramme
from members.models import ContributionAgreement, Country, MemberInstitution
from programme.models import Activity, Biennium, Footnote, LineOfAction, Paragraph, Section


@pytest.fixture
def rows(db) -> SimpleNamespace:
    """One row of every model, linked as a real proposal links them."""
    costa_rica = Country.objects.create(code="CR", name="Costa Rica")
    ina = MemberInstitution.objects.create(
        name="Instituto Nacional de Aprendizaje",
        acronym="INA",
        country=costa_rica,
        kind=MemberInstitution.Kind.LEARNING_SERVICE,
        member_since=1965,
    )
    agreement = ContributionAgreement.objects.create(
        institution=ina,
        signed_on=datetime.date(2019, 3, 1),
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2021, 12, 31),
        annual_amount=Decimal("10000"),
    )
    biennium = Biennium.objects.create(
        start_year=2020, end_year=2021, document_symbol="GB.337/PFA/3"
    )
    section = Section.objects.create(
        biennium=biennium,
        kind=Section.Kind.INTRODUCTION,
        position=1,
        title={"en": "Introduction", "es": "Introducción"},
    )
    line = LineOfAction.objects.create(biennium=biennium, letter="a", heading={"en": "Heading"})
    paragraph = Paragraph.objects.create(
        line_of_action=line,
        position=1,
        text={"en": "Vocational training[^source].", "es": "Formación profesional[^source]."},
    )
    footnote = Footnote.objects.create(
        paragraph=paragraph, key="source", text={"en": "Regional survey."}
    )
    activity = Activity.objects.create(
        line_of_action=line,
        position=1,
        title={"en": "Study of apprenticeships", "es": "Estudio del aprendizaje"},
        kind=Activity.Kind.RESEARCH,
    )
    activity.countries.add(costa_rica)
    activity.partner_institutions.add(ina)
    budget = Budget.objects.create(
        biennium=biennium,
        phase="proposed",
        funds_brought_forward=Decimal("1"),
        total_expenditure=Decimal("2"),
    )
    income = IncomeEstimate.objects.create(budget=budget, line="ilo", amount=Decimal("100"))
    subprogramme = Subprogramme.objects.create(
        budget=budget,
        position=1,
        name={"en": "Knowledge management"},
        professional_months=24,
        staff_cost=Decimal("5000"),
        non_staff_cost=Decimal("700"),
    )
    contribution = Contribution.objects.create(
        biennium=biennium,
        payer=Contribution.Payer.HOST_COUNTRY,
        payer_name="Uruguay",
        stage=Contribution.Stage.RECEIVED,
        date=datetime.date(2020, 6, 30),
        amount=Decimal("3000"),
        amount_usd=Decimal("3000"),
        income_line="host_country",
    )
    return SimpleNamespace(**locals())


# (row in the fixture, a search term that finds it, a filter that keeps it)
PAGES = {
    "costa_rica": ("Costa", "code=CR"),
    "ina": ("INA", "country__code__exact=CR&kind__exact=learning_service&active__exact=1"),
    "agreement": ("aprendizaje", "institution__country__code__exact=CR&currency=USD"),
    "biennium": ("2020", "status__exact=draft"),
    "section": ("introducción", "kind__exact=introduction&biennium__id__exact={biennium}"),
    "line": ("heading", "biennium__id__exact={biennium}"),
    "paragraph": ("formación", "biennium={biennium}&line_of_action__letter=a"),
    "footnote": ("survey", "biennium={biennium}"),
    "activity": (
        "estudio",
        "line_of_action__biennium__id__exact={biennium}&line_of_action__letter=a"
        "&kind__exact=research&status__exact=planned&countries__code__exact=CR",
    ),
    "budget": ("2020", "phase__exact=proposed&biennium__id__exact={biennium}"),
    "income": ("GB.337", "line__exact=ilo&budget__phase__exact=proposed"),
    "subprogramme": ("knowledge", "budget__biennium__id__exact={biennium}"),
    "contribution": (
        "uruguay",
        "payer__exact=host_country&stage__exact=received&income_line__exact=host_country",
    ),
}


def admin_url(obj, page: str, *args) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{page}", args=args)


@pytest.mark.parametrize("name", PAGES)
def test_changelist_add_and_change_pages_open(admin_client, rows, name):
    obj = getattr(rows, name)

    for url in (
        admin_url(obj, "changelist"),
        admin_url(obj, "add"),
        admin_url(obj, "change", obj.pk),
    ):
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize("name", PAGES)
def test_search_finds_the_row(admin_client, rows, name):
    obj = getattr(rows, name)
    term, _filters = PAGES[name]

    response = admin_client.get(admin_url(obj, "changelist"), {"q": term})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [obj]


@pytest.mark.parametrize("name", PAGES)
def test_filters_keep_the_row(admin_client, rows, name):
    obj = getattr(rows, name)
    _term, filters = PAGES[name]
    query = filters.format(biennium=rows.biennium.pk)

    # An unknown filter redirects to ?e=1, so 200 also says the filter is one the admin offers.
    response = admin_client.get(f"{admin_url(obj, 'changelist')}?{query}")

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [obj]


def test_search_that_matches_nothing_lists_nothing(admin_client, rows):
    response = admin_client.get(admin_url(rows.activity, "changelist"), {"q": "zzz-no-match"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def add_activities(line: LineOfAction, count: int, country: Country, partner) -> None:
    start = line.activities.count() + 1
    for position in range(start, start + count):
        activity = Activity.objects.create(
            line_of_action=line,
            position=position,
            title={"en": f"Activity {position}"},
            kind=Activity.Kind.KNOWLEDGE_SHARING,
        )
        activity.countries.add(country)
        activity.partner_institutions.add(partner)


def count_changelist_queries(client, url: str, expected_rows: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == expected_rows
    return len(queries)


def test_activity_changelist_queries_do_not_grow_with_rows(admin_client, rows):
    url = admin_url(rows.activity, "changelist")
    add_activities(rows.line, 2, rows.costa_rica, rows.ina)
    with_three = count_changelist_queries(admin_client, url, 3)

    add_activities(rows.line, 27, rows.costa_rica, rows.ina)
    with_thirty = count_changelist_queries(admin_client, url, 30)

    assert with_thirty <= with_three


def add_agreements(rows: SimpleNamespace) -> None:
    for year in range(2010, 2015):
        ContributionAgreement.objects.create(
            institution=rows.ina,
            signed_on=datetime.date(year, 1, 1),
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
            annual_amount=Decimal("1000"),
        )


def add_section_paragraphs(rows: SimpleNamespace) -> None:
    for position in range(1, 6):
        Paragraph.objects.create(section=rows.section, position=position, text={"en": "Text."})


def add_line_paragraphs_and_activities(rows: SimpleNamespace) -> None:
    for position in range(2, 7):
        Paragraph.objects.create(line_of_action=rows.line, position=position, text={"en": "Text."})
        Activity.objects.create(
            line_of_action=rows.line,
            position=position,
            title={"en": f"Activity {position}"},
            kind=Activity.Kind.RESEARCH,
        )


def add_income_and_subprogrammes(rows: SimpleNamespace) -> None:
    for position, line in enumerate(["host_country", "other_countries", "publications"], start=2):
        IncomeEstimate.objects.create(budget=rows.budget, line=line, amount=Decimal("1"))
        Subprogramme.objects.create(
            budget=rows.budget,
            position=position,
            name={"en": f"Subprogramme {position}"},
            staff_cost=Decimal("1"),
            non_staff_cost=Decimal("1"),
        )


INLINE_ROWS = {
    "ina": add_agreements,
    "section": add_section_paragraphs,
    "line": add_line_paragraphs_and_activities,
    "budget": add_income_and_subprogrammes,
}


def inline_form_count(response) -> int:
    return sum(len(inline.formset.forms) for inline in response.context["inline_admin_formsets"])


@pytest.mark.parametrize("name", INLINE_ROWS)
def test_change_page_queries_do_not_grow_with_inline_rows(admin_client, rows, name):
    obj = getattr(rows, name)
    url = admin_url(obj, "change", obj.pk)
    with CaptureQueriesContext(connection) as few_queries:
        few = admin_client.get(url)

    INLINE_ROWS[name](rows)
    with CaptureQueriesContext(connection) as many_queries:
        many = admin_client.get(url)

    assert inline_form_count(many) > inline_form_count(few)
    assert len(many_queries) <= len(few_queries)


def test_activity_changelist_counts_countries_and_partners(admin_client, rows):
    guatemala = Country.objects.create(code="GT", name="Guatemala")
    rows.activity.countries.add(guatemala)

    response = admin_client.get(admin_url(rows.activity, "changelist"))

    [activity] = response.context["cl"].result_list
    assert (activity.country_count, activity.partner_count) == (2, 1)


def test_budget_shows_total_income_read_only(admin_client, rows):
    IncomeEstimate.objects.create(budget=rows.budget, line="publications", amount=Decimal("250.50"))

    change_page = admin_client.get(admin_url(rows.budget, "change", rows.budget.pk))
    changelist = admin_client.get(admin_url(rows.budget, "changelist"))

    assert change_page.context["adminform"].form.instance.total_income == Decimal("350.50")
    assert "350.50" in change_page.text
    assert 'name="total_income"' not in change_page.text
    assert [b.total_income for b in changelist.context["cl"].result_list] == [Decimal("350.50")]


def test_budget_without_income_shows_zero_total_income(admin_client, rows):
    rows.income.delete()

    response = admin_client.get(admin_url(rows.budget, "changelist"))

    assert [b.total_income for b in response.context["cl"].result_list] == [Decimal("0")]


def test_biennium_status_and_approval_cannot_be_edited(admin_client, rows):
    response = admin_client.get(admin_url(rows.biennium, "change", rows.biennium.pk))

    form_fields = response.context["adminform"].form.fields
    for name in ("status", "submitted_by", "submitted_at", "approved_by", "approved_at"):
        assert name not in form_fields
    assert "Draft" in response.text


def paragraph_form_data(paragraph: Paragraph, *, english: str, spanish: str) -> dict:
    return {
        "section": "",
        "line_of_action": paragraph.line_of_action_id,
        "position": paragraph.position,
        "text_en": english,
        "text_es": spanish,
        "seen_version": paragraph.version,
        "footnotes-TOTAL_FORMS": "0",
        "footnotes-INITIAL_FORMS": "0",
        "footnotes-MIN_NUM_FORMS": "0",
        "footnotes-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def paragraph_without_footnotes(rows) -> Paragraph:
    rows.footnote.delete()
    return rows.paragraph


def test_paragraph_form_has_one_textarea_in_the_source_language(
    admin_client, paragraph_without_footnotes
):
    # The other languages are translations, kept on the translations pages.
    url = admin_url(paragraph_without_footnotes, "change", paragraph_without_footnotes.pk)

    html = admin_client.get(url).text

    assert '<textarea name="text_en"' in html
    assert '<textarea name="text_es"' not in html


@pytest.mark.parametrize(
    ("spanish", "message"),
    [("Texto en español.", "This field is required."), ("", "This field is required.")],
)
def test_paragraph_without_english_text_is_refused(
    admin_client, paragraph_without_footnotes, spanish, message
):
    paragraph = paragraph_without_footnotes
    before = Paragraph.objects.get(pk=paragraph.pk).text

    response = admin_client.post(
        admin_url(paragraph, "change", paragraph.pk),
        paragraph_form_data(paragraph, english="", spanish=spanish),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["text"] == [message]
    assert message in response.text
    assert Paragraph.objects.get(pk=paragraph.pk).text == before


def test_paragraph_saves_its_source_language_only(admin_client, paragraph_without_footnotes):
    paragraph = paragraph_without_footnotes

    response = admin_client.post(
        admin_url(paragraph, "change", paragraph.pk),
        paragraph_form_data(paragraph, english="  New text. ", spanish="Texto nuevo."),
    )

    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.text == {"en": "New text."}  # a posted Spanish box is no field


def test_a_paragraph_of_a_spanish_proposal_is_edited_in_spanish(
    admin_client, paragraph_without_footnotes
):
    paragraph = paragraph_without_footnotes
    biennium = paragraph.line_of_action.biennium
    type(biennium).objects.filter(pk=biennium.pk).update(source_language="es")

    html = admin_client.get(admin_url(paragraph, "change", paragraph.pk)).text
    assert '<textarea name="text_es"' in html and '<textarea name="text_en"' not in html
    response = admin_client.post(
        admin_url(paragraph, "change", paragraph.pk),
        paragraph_form_data(paragraph, english="Ignored.", spanish="Texto nuevo."),
    )

    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.text == {"es": "Texto nuevo."}


def test_the_inline_paragraphs_of_a_spanish_proposal_are_edited_in_spanish(
    admin_client, paragraph_without_footnotes
):
    line = paragraph_without_footnotes.line_of_action
    type(line.biennium).objects.filter(pk=line.biennium_id).update(source_language="es")

    html = admin_client.get(admin_url(line, "change", line.pk)).text

    assert '-0-text_es"' in html and '-0-text_en"' not in html
    assert '-__prefix__-text_es"' in html  # the row an editor adds
