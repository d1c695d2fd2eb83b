"""Every role reads the reconciliation; each finding links to what it is about, in words."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programme.models import Paragraph

URL = "/bienniums/2020-21/review/reconciliation/"


def test_programme_staff_read_the_reconciliation_and_its_finding_links_to_paragraph_26(
    client, proposal_2020_21, staff
):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/bienniums/2020-21/programme/paragraphs/26/">Paragraph 26</a>' in html


def test_a_finding_names_the_figure_in_words_not_by_its_key(client, proposal_2020_21, finance):
    client.force_login(finance)
    html = client.get(URL).content.decode()
    assert "the share of member institutions with a signed agreement" in html
    assert "network.agreements_share_percent" not in html
    assert not re.search(r"\b(network|income|biennium)\.[a-z_]+", html)


def test_a_mistyped_appendix_figure_is_named_in_words(proposal_2020_21):
    from budget.reconciliation import reconcile

    paragraph = Paragraph.objects.filter(section__biennium=proposal_2020_21).first()
    paragraph.text = {**paragraph.text, "en": "Income is [[income.ilo.proposed|1]] US dollars."}
    paragraph.save()
    [finding] = [f for f in reconcile(proposal_2020_21) if f.key.endswith("income.ilo.proposed")]
    assert "ILO contribution (proposed)" in finding.message
    assert "income.ilo" not in finding.message


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_reconciliation_reads_as_many_queries_with_more_findings(
    client, proposal_2020_21, manager
):
    client.force_login(manager)
    before = _queries(client)
    for paragraph in Paragraph.objects.filter(section__biennium=proposal_2020_21)[:5]:
        paragraph.text = {**paragraph.text, "en": paragraph.text["en"] + " US$ 1,000 in 2020-21."}
        paragraph.save()
    assert _queries(client) == before


@pytest.mark.parametrize("user", ["staff", "finance", "manager"])
def test_every_role_is_offered_the_reconciliation_in_the_menu(
    client, proposal_2020_21, user, request
):
    client.force_login(request.getfixturevalue(user))
    assert URL in client.get("/bienniums/2020-21/").content.decode()
