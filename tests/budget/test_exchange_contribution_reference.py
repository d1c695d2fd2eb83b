"""A contribution's reference travels in the exchange format and is part of its natural key."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from budget.exchange.exporter import export_proposal
from budget.models import Contribution
from members.models import MemberInstitution

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    return json.loads(settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8"))


def replace(data, tmp_path) -> None:
    path = tmp_path / "proposal.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("import_proposal", str(path), "--replace", "--by", "importer", verbosity=0)


def from_sena(reference: str, note: str = "") -> dict:
    return {
        "payer": "member_institution",
        "institution": "CO/SENA",
        "payer_name": "",
        "stage": "received",
        "date": "2020-02-01",
        "amount": "100.00",
        "currency": "USD",
        "amount_usd": "100.00",
        "income_line": "other_countries",
        "reference": reference,
        "note": note,
    }


def test_the_reference_is_exported_and_imported(proposal_2020_21, seed, tmp_path):
    seed["contributions"] = [from_sena("B-1"), from_sena("B-2")]
    replace(seed, tmp_path)
    assert sorted(Contribution.objects.values_list("reference", flat=True)) == ["B-1", "B-2"]
    exported = export_proposal(proposal_2020_21)["contributions"]
    assert [c["reference"] for c in exported] == ["B-1", "B-2"]


def test_a_payment_changed_in_the_application_is_not_imported_again(
    proposal_2020_21, seed, tmp_path
):
    seed["contributions"] = [from_sena("B-1")]
    replace(seed, tmp_path)
    Contribution.objects.update(note="Confirmed by the bank")
    replace(seed, tmp_path)
    stored = Contribution.objects.get()
    assert (stored.reference, stored.note) == ("B-1", "Confirmed by the bank")
    assert stored.institution == MemberInstitution.objects.get(acronym="SENA")
    assert (stored.date, stored.amount) == (date(2020, 2, 1), Decimal("100.00"))


def test_a_file_holding_one_referenced_payment_twice_is_refused(proposal_2020_21, seed, tmp_path):
    seed["contributions"] = [from_sena("B-1"), from_sena("B-1", note="again")]
    with pytest.raises(CommandError, match=r"contributions\[1\]\.reference"):
        replace(seed, tmp_path)
    assert not Contribution.objects.exists()
