"""Submitting lists the open findings and is refused until each has a reason, which the approver
sees and the history keeps."""

import pytest

from programme.models import Biennium
from review import services
from review.models import FindingReason
from tests.review.helpers import APPROVE, STATUS, SUBMIT, reasons_for_every_finding


def _status(biennium) -> str:
    return Biennium.objects.get(pk=biennium.pk).status


def test_submit_is_refused_while_a_finding_is_open(proposal_2020_21, manager):
    with pytest.raises(services.FindingsOpen, match="1 finding is open"):
        services.proposal_submit(biennium=proposal_2020_21, by=manager, reasons={})
    assert _status(proposal_2020_21) == "draft"
    assert not FindingReason.objects.exists()
    assert not proposal_2020_21.transitions.exists()


def test_a_blank_reason_is_no_reason(proposal_2020_21, manager):
    from budget.reconciliation import reconcile

    [finding] = reconcile(proposal_2020_21)
    with pytest.raises(services.FindingsOpen):
        services.proposal_submit(
            biennium=proposal_2020_21, by=manager, reasons={finding.key: "   "}
        )
    assert _status(proposal_2020_21) == "draft"


def test_the_submit_page_lists_the_open_finding_with_a_link_and_refuses_without_a_reason(
    client, proposal_2020_21, manager
):
    client.force_login(manager)
    page = client.get(SUBMIT).content.decode()
    assert '<a href="/bienniums/2020-21/programme/paragraphs/26/">Paragraph 26</a>' in page
    assert "Why it stands" in page
    response = client.post(SUBMIT, {})
    assert response.status_code == 200
    assert "1 finding is open" in response.content.decode()
    assert _status(proposal_2020_21) == "draft"


def test_submit_with_a_reason_is_recorded_and_shown_to_the_approver(
    client, proposal_2020_21, manager, second_manager
):
    client.force_login(manager)
    response = client.post(SUBMIT, reasons_for_every_finding(client), follow=True)
    assert "is submitted" in response.content.decode()
    assert _status(proposal_2020_21) == "submitted"
    [reason] = FindingReason.objects.all()
    submission = proposal_2020_21.transitions.get(to_status="submitted")
    assert (reason.transition, reason.by, reason.reason) == (
        submission,
        manager,
        "As in the source text.",
    )
    assert reason.where == "Paragraph 26" and "25.4 per cent" in reason.finding

    client.force_login(second_manager)
    for page in (STATUS, APPROVE):
        html = client.get(page).content.decode()
        assert "As in the source text." in html
        assert "the share of member institutions with a signed agreement" in html


def test_the_reasons_stay_in_history_after_a_return_to_draft_and_a_new_submission(
    client, proposal_2020_21, manager
):
    from programme.services import biennium_reopen

    client.force_login(manager)
    client.post(SUBMIT, reasons_for_every_finding(client, "First reason."))
    biennium_reopen(biennium=proposal_2020_21, by=manager, reason="One more look")
    assert "First reason." not in client.get(STATUS).content.decode()  # a draft shows none
    client.post(SUBMIT, reasons_for_every_finding(client, "Second reason."))
    assert list(FindingReason.objects.order_by("pk").values_list("reason", flat=True)) == [
        "First reason.",
        "Second reason.",
    ]
    html = client.get(STATUS).content.decode()
    assert "Second reason." in html and "First reason." not in html


def test_the_submit_page_is_a_confirmation_a_get_changes_nothing(client, proposal_2020_21, manager):
    client.force_login(manager)
    assert client.get(SUBMIT).status_code == 200
    assert _status(proposal_2020_21) == "draft"
