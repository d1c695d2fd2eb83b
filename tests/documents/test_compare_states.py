"""Compare: two states of a proposal side by side, live or kept at submission and export."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import BudgetPhase, IncomeEstimate, IncomeLine
from cinterfor.wording import DELETE, INSERT, Piece
from documents import services as exports
from documents.builder import build_document
from documents.models import DocumentSnapshot
from documents.states import activities_of, state_from_json, state_to_json
from programme import services
from programme.cycle import biennium_start
from programme.models import Activity, Biennium
from programme.selectors import numbered_paragraphs
from tests.factories import created_in_bulk

pytestmark = pytest.mark.django_db

ADDED = "Partners <b>&</b> more."


@pytest.fixture
def draft_2022_23(proposal_2020_21, manager, staff):
    """2022–23 from the submitted 2020–21: paragraph 1 gains a sentence with markup-like text,
    the proposed ILO contribution rises, and line (a) gains an activity."""
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    draft = biennium_start(source=proposal_2020_21, start_year=2022, by=manager)
    paragraph = numbered_paragraphs(biennium=draft)[0].paragraph
    services.paragraph_update(
        paragraph=paragraph,
        by=staff,
        seen_version=paragraph.version,
        text={**paragraph.text, "en": f"{paragraph.text['en']} {ADDED}"},
    )
    IncomeEstimate.objects.filter(
        budget__biennium=draft, budget__phase=BudgetPhase.PROPOSED, line=IncomeLine.ILO
    ).update(amount=Decimal("2600000.00"))
    services.activity_create(
        line=draft.lines.get(letter="a"),
        by=staff,
        title={"en": "A regional observatory of skills"},
        kind=Activity.Kind.RESEARCH,
    )
    return draft


def compare_page(client, user, years="2022-23", **params):
    client.force_login(user)
    return client.get(reverse("documents:compare", kwargs={"years": years}), params)


def test_the_page_shows_inserted_words_escaped_in_ins(client, draft_2022_23, staff):
    html = compare_page(client, staff).content.decode()
    assert (
        '[inserted: </span> Partners &lt;b&gt;&amp;&lt;/b&gt; more.<span class="visually-hidden">]'
        in html
    )
    assert "<b>&</b>" not in html


def test_the_page_shows_a_changed_figure_with_old_new_and_difference(
    client, draft_2022_23, finance
):
    response = compare_page(client, finance)
    figures = response.context["comparison"].figures
    ilo = [f for f in figures if f.row == "ILO contribution" and "Proposed" in f.column]
    assert [(f.old, f.new, f.difference) for f in ilo] == [
        ("2\u00a0462\u00a0895", "2\u00a0600\u00a0000", "+137\u00a0105")
    ]


def test_the_page_lists_activities_added_and_left_behind(
    client, draft_2022_23, proposal_2020_21, manager
):
    comparison = compare_page(client, manager).context["comparison"]
    assert [a.title for a in comparison.added_activities] == ["A regional observatory of skills"]
    left_behind = Activity.objects.filter(
        line_of_action__biennium=proposal_2020_21,
        status__in=[Activity.Status.COMPLETED, Activity.Status.CANCELLED],
    ).count()
    assert len(comparison.removed_activities) == left_behind


def test_submitting_keeps_the_state_submitted_and_a_later_draft_compares_with_it(
    client, proposal_2020_21, manager, second_manager
):
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    kept = DocumentSnapshot.objects.get(biennium=proposal_2020_21)
    assert kept.occasion == DocumentSnapshot.Occasion.SUBMISSION
    assert kept.transition.to_status == Biennium.Status.SUBMITTED
    services.biennium_reopen(biennium=proposal_2020_21, by=manager, reason="A correction")
    paragraph = numbered_paragraphs(biennium=proposal_2020_21)[1].paragraph
    services.paragraph_update(
        paragraph=paragraph,
        by=manager,
        seen_version=paragraph.version,
        text={**paragraph.text, "en": "A rewritten second paragraph."},
    )
    comparison = compare_page(
        client, manager, years="2020-21", old=f"kept:{kept.pk}", new="now:2020-21"
    ).context["comparison"]
    assert [c.where for c in comparison.texts] == ["Paragraph 2"]
    *_, deleted, inserted = comparison.texts[0].pieces
    assert (deleted.op, inserted) == (DELETE, Piece(INSERT, "A rewritten second paragraph."))
    assert comparison.figures == []


def test_an_export_keeps_the_state_it_was_made_from(
    proposal_2020_21, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job, _created = exports.export_request(biennium=proposal_2020_21, fmt="xlsx", by=manager)
    job.refresh_from_db()
    assert job.status == job.Status.DONE
    kept = DocumentSnapshot.objects.get(export_job=job)
    assert kept.occasion == DocumentSnapshot.Occasion.EXPORT
    restored = state_from_json(kept.state, "")
    assert restored.document == build_document(proposal_2020_21, "en")


def test_a_kept_state_reads_back_exactly(proposal_2020_21):
    document = build_document(proposal_2020_21, "en")
    activities = activities_of(proposal_2020_21, "en")
    restored = state_from_json(state_to_json(document=document, activities=activities), "x")
    assert restored.document == document
    assert restored.activities == activities


def test_the_page_takes_the_same_queries_however_many_activities_and_kept_states(
    client, draft_2022_23, manager, staff
):
    client.force_login(manager)
    url = reverse("documents:compare", kwargs={"years": "2022-23"})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    line = draft_2022_23.lines.get(letter="b")
    for number in range(5):
        services.activity_create(
            line=line, by=staff, title={"en": f"Activity {number}"}, kind=Activity.Kind.RESEARCH
        )
    services.biennium_submit(biennium=draft_2022_23, by=manager)
    services.biennium_reopen(biennium=draft_2022_23, by=manager, reason="More to do")
    assert queries() == before
    assert before <= 45  # two documents built and the activities of each, in a fixed number


def test_long_lists_of_activities_come_a_page_at_a_time_each(client, draft_2022_23, manager):
    line = draft_2022_23.lines.get(letter="b")
    created_in_bulk(
        Activity,
        (
            Activity(line_of_action=line, position=100 + n, title={"en": f"Workshop {n:03d}"})
            for n in range(120)
        ),
    )
    first = compare_page(client, manager)
    third = compare_page(client, manager, added=3)

    # 121 added, line (a)'s first: 50 a page, so 49 workshops on the first and 21 on the third.
    assert first.text.count("Workshop ") == 49
    assert "121 added" in first.text
    assert third.text.count("Workshop ") == 21
    assert "added=2" in third.text and "Page 3 of 3" in third.text
