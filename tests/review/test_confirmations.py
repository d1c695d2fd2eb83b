"""Submit, approve and return to draft are confirmed on a page; the submitter is not offered the
approval."""

from programme import services as programme_services
from programme.models import Biennium
from tests.review.helpers import APPROVE, STATUS, SUBMIT

REOPEN = "/bienniums/2020-21/status/reopen/"


def test_the_status_page_offers_confirmation_pages_not_buttons_that_act(
    client, proposal_2020_21, manager
):
    client.force_login(manager)
    html = client.get(STATUS).content.decode()
    assert f'href="{SUBMIT}"' in html
    assert 'method="post"' not in html.split("<main", 1)[-1].split("Status changes")[0]


def test_the_submitters_status_page_has_no_approve_button(
    client, proposal_2020_21, manager, second_manager
):
    programme_services.biennium_submit(biennium=proposal_2020_21, by=manager)
    client.force_login(manager)
    for page in (STATUS, APPROVE):
        html = client.get(page).content.decode()
        assert "Approve the proposal" not in html.split("</h1>", 1)[1]
        assert f'href="{APPROVE}"' not in html
        assert "approval needs another manager" in html
    client.force_login(second_manager)
    assert f'href="{APPROVE}"' in client.get(STATUS).content.decode()
    assert 'type="submit">Approve the proposal' in client.get(APPROVE).content.decode()


def test_return_to_draft_is_confirmed_with_a_reason(client, proposal_2020_21, manager):
    programme_services.biennium_submit(biennium=proposal_2020_21, by=manager)
    client.force_login(manager)
    assert f'href="{REOPEN}"' in client.get(STATUS).content.decode()
    assert client.get(REOPEN).status_code == 200
    assert Biennium.objects.get(pk=proposal_2020_21.pk).status == "submitted"
    response = client.post(REOPEN, {"reason": "Typo"}, follow=True)
    assert "back in draft" in response.content.decode()
    assert Biennium.objects.get(pk=proposal_2020_21.pk).status == "draft"


def test_staff_and_finance_get_no_confirmation_page(client, proposal_2020_21, staff, finance):
    for user in (staff, finance):
        client.force_login(user)
        for page in (SUBMIT, APPROVE, REOPEN):
            assert client.get(page).status_code == 403
