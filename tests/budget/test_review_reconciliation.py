"""Every role sees every finding of the reconciliation, in words, or that there is none."""

import pytest
from django.urls import reverse

from budget.models import Subprogramme


def _url(biennium) -> str:
    return reverse("review:reconciliation", kwargs={"years": biennium.slug})


@pytest.mark.parametrize("role", ["manager", "finance", "staff"])
def test_the_page_lists_the_paragraph_26_finding(client, proposal_2020_21, role, request):
    client.force_login(request.getfixturevalue(role))
    page = client.get(_url(proposal_2020_21)).content.decode()
    assert "1 inconsistency to resolve." in page
    assert "Paragraph 26" in page
    assert (
        "The English text states 26 per cent for the share of member institutions with a signed "
        "agreement; the data give 25.4 per cent." in page
    )
    assert "network.agreements_share_percent" not in page  # no internal keys


def test_every_finding_is_listed_tables_first(client, proposal_2020_21, manager):
    Subprogramme.objects.filter(budget__biennium=proposal_2020_21, position=1).update(
        non_staff_cost=110_001
    )
    client.force_login(manager)
    page = client.get(_url(proposal_2020_21)).content.decode()
    assert "2 inconsistencies to resolve." in page
    assert page.index("Appendix II") < page.index("Paragraph 26")
    assert "subprogrammes total 3,733,201, but Appendix I line D says 3,733,200" in page


def test_a_consistent_proposal_shows_success(client, proposal_2020_21, manager):
    # 17 of 65 is 26.2 per cent, which paragraph 26's "26" states at its precision.
    proposal_2020_21.reported_member_institutions = 65
    proposal_2020_21.save()
    client.force_login(manager)
    page = client.get(_url(proposal_2020_21)).content.decode()
    assert 'id="no-findings"' in page
    assert "Paragraph 26" not in page


def test_a_role_less_user_is_refused(client, proposal_2020_21, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody"))
    assert client.get(_url(proposal_2020_21)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, proposal_2020_21):
    response = client.get(_url(proposal_2020_21))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_unknown_biennium_is_not_found(client, db, manager):
    client.force_login(manager)
    response = client.get(reverse("review:reconciliation", kwargs={"years": "1990-91"}))
    assert response.status_code == 404


def test_a_finding_writes_the_datas_figure_as_the_readers_language_does(
    client, proposal_2020_21, manager
):
    client.force_login(manager)
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    page = client.get(_url(proposal_2020_21)).content.decode()
    assert "25,4" in page and "25.4" not in page
