"""An institution has a contact, to whom statements and reminders are sent."""

import pytest
from django.core.exceptions import ValidationError

from members import services
from members.models import MemberInstitution

pytestmark = pytest.mark.django_db


def test_finance_sets_an_institutions_contact_and_history_says_who(
    client, proposal_2020_21, finance
):
    institution = MemberInstitution.objects.get(acronym="INA")
    client.force_login(finance)
    url = f"/bienniums/2020-21/budget/statements/contact/{institution.pk}/"

    response = client.post(
        url,
        {
            "contact_name": "Ana Pérez",
            "contact_email": "ana@example.org",
            "version": institution.version,
        },
    )

    assert response.status_code == 302
    institution.refresh_from_db()
    assert (institution.contact_name, institution.contact_email) == (
        "Ana Pérez",
        "ana@example.org",
    )
    assert institution.history.first().history_user == finance


def test_a_contact_email_must_be_an_address(proposal_2020_21, finance):
    institution = MemberInstitution.objects.get(acronym="INA")
    with pytest.raises(ValidationError, match="valid email"):
        services.institution_update(
            institution=institution,
            by=finance,
            seen_version=institution.version,
            contact_email="not an address",
        )
