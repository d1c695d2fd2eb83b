"""Starting 2022–23 from 2020–21 (issue 8): one action carries the proposal into a new draft."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from budget.appendices import Column, appendices
from budget.models import Budget, BudgetPhase, IncomeEstimate, IncomeLine, Subprogramme
from programme import services
from programme.cycle import CannotStart, biennium_start, start_plan
from programme.models import (
    Activity,
    Biennium,
    BienniumTransition,
    Footnote,
    LineOfAction,
    Paragraph,
    Section,
)
from programme.selectors import numbered_paragraphs
from tests.factories import finance_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_2020_21(proposal_2020_21, manager):
    return services.biennium_submit(biennium=proposal_2020_21, by=manager)


def start_2022_23(source, by) -> Biennium:
    return biennium_start(source=source, start_year=2022, by=by)


def rows_of(biennium: Biennium) -> dict:
    """Every row of a biennium's proposal, field by field, by model and id."""
    querysets = {
        Biennium: Biennium.objects.filter(pk=biennium.pk),
        BienniumTransition: BienniumTransition.objects.filter(biennium=biennium),
        Section: Section.objects.filter(biennium=biennium),
        LineOfAction: LineOfAction.objects.filter(biennium=biennium),
        Paragraph: Paragraph.objects.filter(section__biennium=biennium)
        | Paragraph.objects.filter(line_of_action__biennium=biennium),
        Footnote: Footnote.objects.filter(paragraph__section__biennium=biennium)
        | Footnote.objects.filter(paragraph__line_of_action__biennium=biennium),
        Activity: Activity.objects.filter(line_of_action__biennium=biennium),
        Budget: Budget.objects.filter(biennium=biennium),
        IncomeEstimate: IncomeEstimate.objects.filter(budget__biennium=biennium),
        Subprogramme: Subprogramme.objects.filter(budget__biennium=biennium),
    }
    return {
        (model.__name__, row.pk): model_to_dict(row)
        for model, qs in querysets.items()
        for row in qs
    }


def test_the_new_narrative_equals_the_old_paragraph_for_paragraph(submitted_2020_21, manager):
    new = start_2022_23(submitted_2020_21, manager)
    old_entries = numbered_paragraphs(biennium=submitted_2020_21)
    new_entries = numbered_paragraphs(biennium=new)
    assert len(new_entries) == len(old_entries) == 32
    for old, carried in zip(old_entries, new_entries, strict=True):
        assert carried.number == old.number
        assert carried.paragraph.text == old.paragraph.text
        assert carried.section.kind == old.section.kind
        assert [(f.key, f.text) for f in carried.paragraph.footnotes.all()] == [
            (f.key, f.text) for f in old.paragraph.footnotes.all()
        ]
    assert list(new.lines.values_list("letter", "heading")) == list(
        submitted_2020_21.lines.values_list("letter", "heading")
    )


def test_the_new_biennium_is_a_draft_whose_history_begins_with_its_start(
    submitted_2020_21, manager
):
    new = start_2022_23(submitted_2020_21, manager)
    assert new.status == Biennium.Status.DRAFT and new.label == "2022–23"
    first = new.transitions.get()
    assert first.by == manager and first.reason == "Started from 2020–21" and first.at
    assert new.history.get().history_change_reason == "Started from 2020–21"


def test_the_title_block_moves_on_and_leaves_the_symbol_to_the_manager(submitted_2020_21, manager):
    new = start_2022_23(submitted_2020_21, manager)
    assert new.document_symbol == ""
    assert "2021" in new.governing_body_session["en"]
    assert "2020–21" not in new.title["en"]
    assert (new.reported_member_institutions, new.reported_agreements_signed) == (
        submitted_2020_21.reported_member_institutions,
        submitted_2020_21.reported_agreements_signed,
    )


def test_only_planned_and_ongoing_activities_are_carried(submitted_2020_21, manager):
    source_activities = Activity.objects.filter(line_of_action__biennium=submitted_2020_21)
    done = source_activities.order_by("pk")[0]
    Activity.objects.filter(pk=done.pk).update(status=Activity.Status.COMPLETED)
    plan = start_plan(source=submitted_2020_21, start_year=2022)
    assert [a.pk for a in plan.left_behind] == [done.pk]
    new = start_2022_23(submitted_2020_21, manager)
    carried = Activity.objects.filter(line_of_action__biennium=new)
    assert carried.count() == source_activities.count() - 1
    assert not carried.filter(title=done.title, line_of_action__letter=done.line_of_action.letter)


def test_carried_activities_keep_their_countries_and_partners_in_their_history(
    submitted_2020_21, manager
):
    new = start_2022_23(submitted_2020_21, manager)

    def described(biennium):
        return [
            (
                a.line_of_action.letter,
                a.position,
                sorted(c.code for c in a.countries.all()),
                sorted(i.pk for i in a.partner_institutions.all()),
            )
            for a in Activity.objects.filter(line_of_action__biennium=biennium).order_by(
                "line_of_action__letter", "position"
            )
        ]

    assert described(new) == described(submitted_2020_21)
    with_partners = [
        a
        for a in Activity.objects.filter(line_of_action__biennium=new)
        if a.countries.exists() or a.partner_institutions.exists()
    ]
    assert with_partners
    for activity in with_partners:
        record = activity.history.get()
        assert record.history_user == manager
        assert record.history_change_reason == "Started from 2020–21"
        assert sorted(r.country_id for r in record.countries.all()) == sorted(
            c.pk for c in activity.countries.all()
        )
        assert sorted(r.memberinstitution_id for r in record.partner_institutions.all()) == sorted(
            i.pk for i in activity.partner_institutions.all()
        )


def test_the_comparative_columns_are_the_previous_proposed_figures(submitted_2020_21, manager):
    new = start_2022_23(submitted_2020_21, manager)
    old_one, old_two = appendices(submitted_2020_21)
    one, two = appendices(new)
    approved = one.column(Column.PREVIOUS_APPROVED)
    proposed_before = old_one.column(Column.PROPOSED)
    assert approved.income == proposed_before.income
    assert approved.expenditure == proposed_before.expenditure
    assert approved.brought_forward == proposed_before.brought_forward
    assert one.column(Column.PREVIOUS_ANTICIPATED) is None  # finance fills it in
    assert [(r.name, r.staff_cost, r.non_staff_cost) for r in two.rows] == [
        (r.name, r.staff_cost, r.non_staff_cost) for r in old_two.rows
    ]


def test_funds_brought_forward_follow_the_anticipated_e_once_finance_enters_it(
    submitted_2020_21, manager
):
    from budget.services import ColumnEdit, FigureValues, appendices_save

    new = start_2022_23(submitted_2020_21, manager)
    income = dict.fromkeys(IncomeLine.values, Decimal("100000"))
    values = FigureValues(
        brought_forward=Decimal("500000"), expenditure=Decimal("450000"), income=income
    )
    appendices_save(
        biennium=new,
        by=finance_user(),
        columns={Column.PREVIOUS_ANTICIPATED: ColumnEdit(values=values, seen_version=None)},
    )
    one = appendices(new)[0]
    e = one.column(Column.PREVIOUS_ANTICIPATED).carried_forward
    assert e == Decimal("500000") + Decimal("600000") - Decimal("450000")
    assert one.column(Column.PROPOSED).brought_forward == e


def test_every_row_of_the_source_is_left_as_it_was(submitted_2020_21, manager):
    before = rows_of(submitted_2020_21)
    start_2022_23(submitted_2020_21, manager)
    after = rows_of(submitted_2020_21)
    assert {key: after[key] for key in before} == before
    # The only rows added are the approved column the appendices read (its proposed figures).
    added = sorted({model for model, _pk in set(after) - set(before)})
    assert added == ["Budget", "IncomeEstimate"]
    assert Budget.objects.get(biennium=submitted_2020_21, phase=BudgetPhase.APPROVED)


def test_starting_twice_is_refused_with_a_clear_message(submitted_2020_21, manager):
    start_2022_23(submitted_2020_21, manager)
    with pytest.raises(CannotStart, match="2022–23 proposal has already been started"):
        start_2022_23(submitted_2020_21, manager)
    assert Biennium.objects.filter(start_year=2022).count() == 1


def test_starting_from_a_draft_is_refused(proposal_2020_21, manager):
    with pytest.raises(CannotStart, match="still a draft"):
        start_2022_23(proposal_2020_21, manager)
    assert not Biennium.objects.filter(start_year=2022).exists()


def test_only_a_manager_starts_a_biennium(submitted_2020_21, staff):
    with pytest.raises(PermissionDenied):
        start_2022_23(submitted_2020_21, staff)


def test_the_command_runs_the_same_service(submitted_2020_21, manager):
    out = StringIO()
    call_command(
        "start_biennium", "2022-23", "--from", "2020-21", "--by", manager.username, stdout=out
    )
    assert "2022–23" in out.getvalue()
    assert Biennium.objects.get(start_year=2022).transitions.get().by == manager
    with pytest.raises(CommandError, match="already been started"):
        call_command("start_biennium", "2022-23", "--from", "2020-21", "--by", manager.username)


def test_the_page_previews_then_starts_on_confirmation(client, submitted_2020_21, manager):
    Activity.objects.filter(pk=Activity.objects.order_by("pk")[0].pk).update(
        status=Activity.Status.CANCELLED
    )
    client.force_login(manager)
    page = client.get("/bienniums/2020-21/status/start-next/")
    assert page.status_code == 200
    assert "2022–23" in page.text and "Cancelled" in page.text
    assert not Biennium.objects.filter(start_year=2022).exists()
    response = client.post("/bienniums/2020-21/status/start-next/", {"start_year": "2022"})
    assert response.status_code == 302
    assert Biennium.objects.get(start_year=2022).status == Biennium.Status.DRAFT
    again = client.post(
        "/bienniums/2020-21/status/start-next/", {"start_year": "2022"}, follow=True
    )
    assert "already been started" in again.text


def test_the_preview_reads_in_a_fixed_number_of_queries(
    submitted_2020_21, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        plan = start_plan(source=submitted_2020_21, start_year=2022)
    assert (plan.sections, plan.paragraphs, plan.footnotes) == (7, 32, 2)
    assert (plan.carried_count, plan.left_behind_count) == (46, 0) and plan.refusal == ""


def _left_behind(biennium, count: int) -> None:
    """`count` of the biennium's activities completed, in the order the preview lists them."""
    chosen = Activity.objects.filter(line_of_action__biennium=biennium).order_by(
        "line_of_action__letter", "position"
    )[:count]
    Activity.objects.filter(pk__in=list(chosen.values_list("pk", flat=True))).update(
        status=Activity.Status.COMPLETED
    )


def test_the_preview_page_lists_what_stays_behind_a_page_at_a_time(
    client, submitted_2020_21, manager
):
    _left_behind(submitted_2020_21, 30)
    client.force_login(manager)
    url = "/bienniums/2020-21/status/start-next/"

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert first.text.count("<td>Completed</td>") == 25
    assert second.text.count("<td>Completed</td>") == 5
    assert "16 planned or ongoing activities" in first.text
    assert "30 completed or cancelled activities" in first.text
    assert "Page 1 of 2" in first.text


def test_the_preview_page_takes_the_same_queries_for_more_activities_left_behind(
    client, submitted_2020_21, manager
):
    client.force_login(manager)
    url = "/bienniums/2020-21/status/start-next/"
    _left_behind(submitted_2020_21, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _left_behind(submitted_2020_21, 40)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_reconciliation_reports_an_a_that_disagrees_with_the_anticipated_e(
    submitted_2020_21, manager
):
    from budget.reconciliation import reconcile
    from budget.services import ColumnEdit, FigureValues, appendices_save

    new = start_2022_23(submitted_2020_21, manager)
    values = FigureValues(
        brought_forward=Decimal("500000"),
        expenditure=Decimal("450000"),
        income=dict.fromkeys(IncomeLine.values, Decimal("100000")),
    )
    appendices_save(
        biennium=new,
        by=finance_user(),
        columns={Column.PREVIOUS_ANTICIPATED: ColumnEdit(values=values, seen_version=None)},
    )
    assert not [f for f in reconcile(new) if "brings forward" in f.message]
    # A changed around the figures page (the admin, an import) no longer follows E.
    Budget.objects.filter(biennium=new, phase=BudgetPhase.PROPOSED).update(
        funds_brought_forward=Decimal("1")
    )
    assert [str(f) for f in reconcile(new) if "brings forward" in f.message] == [
        "Appendix I: funds to be carried forward in 2020–21 (anticipated) are 650,000, but the "
        "2022–23 proposal brings forward 1."
    ]
