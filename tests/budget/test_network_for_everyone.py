"""Every role reads the network's counts the reconciliation links to; only finance and managers
say whether the register is complete."""

import pytest

from budget.reconciliation import reconcile
from members.models import MemberInstitution

pytestmark = pytest.mark.django_db
NETWORK = "/bienniums/2020-21/budget/network/"
RECONCILIATION = "/bienniums/2020-21/review/reconciliation/"


@pytest.fixture
def complete_register(proposal_2020_21):
    proposal_2020_21.register_complete = True
    proposal_2020_21.save(update_fields=["register_complete"])
    return proposal_2020_21


def test_staff_open_the_network_finding_they_read_in_the_reconciliation(
    client, complete_register, staff
):
    client.force_login(staff)
    findings = [f for f in reconcile(complete_register) if f.key.startswith("network:")]
    assert findings
    report = client.get(RECONCILIATION).content.decode()
    for finding in findings:
        assert f'href="{finding.link}"' in report
        path, _hash, anchor = finding.link.partition("#")
        page = client.get(path)
        assert page.status_code == 200
        assert f'id="{anchor}"' in page.content.decode()
    register = MemberInstitution.objects.filter(active=True).count()
    page = client.get(NETWORK).content.decode()
    assert f"data-register>{register}<" in page
    assert 'name="complete"' not in page  # reading only


def test_staff_may_not_mark_the_register_complete(client, proposal_2020_21, staff):
    client.force_login(staff)
    assert client.post(NETWORK, {"complete": "on"}).status_code == 403
    proposal_2020_21.refresh_from_db()
    assert not proposal_2020_21.register_complete


def test_finance_still_marks_the_register_complete(client, proposal_2020_21, finance):
    client.force_login(finance)
    assert 'name="complete"' in client.get(NETWORK).content.decode()
    client.post(NETWORK, {"complete": "on"})
    proposal_2020_21.refresh_from_db()
    assert proposal_2020_21.register_complete
