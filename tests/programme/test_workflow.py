"""A proposal moves draft → submitted → approved, four eyes apart, and back with a reason."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from programme import services
from programme.models import Biennium


def test_submit_then_approve_by_another_manager(proposal_2020_21, manager, second_manager):
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    approved = services.biennium_approve(biennium=proposal_2020_21, by=second_manager)
    assert approved.status == Biennium.Status.APPROVED
    assert (approved.submitted_by, approved.approved_by) == (manager, second_manager)
    assert [t.to_status for t in approved.transitions.order_by("at", "id")] == [
        "submitted",
        "approved",
    ]


def test_the_submitter_cannot_approve(proposal_2020_21, manager):
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    with pytest.raises(PermissionDenied):
        services.biennium_approve(biennium=proposal_2020_21, by=manager)
    assert Biennium.objects.get(pk=proposal_2020_21.pk).status == Biennium.Status.SUBMITTED


def test_the_database_refuses_one_person_submitting_and_approving(proposal_2020_21, manager):
    with pytest.raises(IntegrityError), transaction.atomic():
        Biennium.objects.filter(pk=proposal_2020_21.pk).update(
            status="approved", submitted_by=manager, approved_by=manager
        )


def test_only_managers_move_a_proposal(proposal_2020_21, staff, finance):
    for user in (staff, finance):
        with pytest.raises(PermissionDenied):
            services.biennium_submit(biennium=proposal_2020_21, by=user)


def test_a_draft_cannot_be_approved(proposal_2020_21, manager):
    with pytest.raises(services.InvalidTransition):
        services.biennium_approve(biennium=proposal_2020_21, by=manager)


def test_reopening_needs_a_reason_and_records_it(proposal_2020_21, manager):
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    with pytest.raises(services.InvalidTransition):
        services.biennium_reopen(biennium=proposal_2020_21, by=manager, reason="  ")
    reopened = services.biennium_reopen(biennium=proposal_2020_21, by=manager, reason="Typo in (c)")
    assert reopened.status == "draft" and reopened.submitted_by is None
    assert reopened.transitions.filter(to_status="draft").get().reason == "Typo in (c)"


def test_a_submitted_proposal_is_read_only(proposal_2020_21, manager):
    services.ensure_editable(proposal_2020_21)
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    with pytest.raises(services.BienniumLocked, match="read-only"):
        services.ensure_editable(proposal_2020_21)


def test_status_page_moves_and_says_so(client, proposal_2020_21, manager, second_manager):
    client.force_login(manager)
    form = client.get("/bienniums/2020-21/status/submit/").context["form"]
    reasons = {name: "As in the source text." for name in form.fields}
    response = client.post("/bienniums/2020-21/status/submit/", reasons, follow=True)
    assert "is submitted; it is now read-only" in response.content.decode()
    response = client.post("/bienniums/2020-21/status/approve/", follow=True)
    assert "other than its submitter" in response.content.decode()
    client.force_login(second_manager)
    response = client.post("/bienniums/2020-21/status/approve/", follow=True)
    assert "is approved" in response.content.decode()


def test_staff_cannot_post_a_transition(client, proposal_2020_21, staff):
    client.force_login(staff)
    assert client.post("/bienniums/2020-21/status/submit/").status_code == 403
    assert Biennium.objects.get(pk=proposal_2020_21.pk).status == "draft"


def test_reopen_without_reason_shows_the_form_error(client, proposal_2020_21, manager):
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    client.force_login(manager)
    response = client.post("/bienniums/2020-21/status/reopen/", {"reason": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert Biennium.objects.get(pk=proposal_2020_21.pk).status == "submitted"


def test_unknown_biennium_is_404(client, manager):
    client.force_login(manager)
    assert client.get("/bienniums/1999-00/status/").status_code == 404


def test_anonymous_is_sent_to_login(client, proposal_2020_21):
    response = client.get("/bienniums/2020-21/status/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_the_submitter_is_not_offered_the_approval(
    client, proposal_2020_21, manager, second_manager
):
    services.biennium_submit(biennium=proposal_2020_21, by=manager)
    client.force_login(manager)
    page = client.get("/bienniums/2020-21/status/").content.decode()
    assert "Approve the proposal" not in page
    assert "approval needs another manager" in page
    client.force_login(second_manager)
    assert "Approve the proposal" in client.get("/bienniums/2020-21/status/").content.decode()
