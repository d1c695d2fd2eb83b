"""Every import names who made it, and its history says so; an imported proposal is a draft."""

import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from benchmarks import exchange_files
from budget.models import Budget, Contribution, IncomeEstimate
from members.models import MemberInstitution
from programme.models import Activity, Biennium, Paragraph, Section
from tests.factories import finance_user, manager_user, staff_user

SEED = str(settings.SEED_PROPOSAL_FILE)


@pytest.mark.django_db
def test_an_import_without_by_is_refused_and_names_the_option():
    with pytest.raises(CommandError, match="--by"):
        call_command("import_proposal", SEED, verbosity=0)
    assert not Biennium.objects.exists()


@pytest.mark.django_db
def test_an_import_by_an_unknown_user_is_refused():
    with pytest.raises(CommandError, match=r"--by: no user 'nobody'"):
        call_command("import_proposal", SEED, "--by", "nobody", verbosity=0)
    assert not Biennium.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("make_user", [staff_user, finance_user], ids=["staff", "finance"])
def test_only_a_manager_imports_a_proposal(make_user):
    user = make_user(username="paula")
    with pytest.raises(CommandError, match="paula is not a manager"):
        call_command("import_proposal", SEED, "--by", "paula", verbosity=0)
    assert not Biennium.objects.exists()
    assert not MemberInstitution.objects.exists()
    user.is_superuser = True  # an administrator may, as `make run` does
    user.save()
    call_command("import_proposal", SEED, "--by", "paula", verbosity=0)
    assert Biennium.objects.filter(start_year=2020).exists()


@pytest.mark.django_db
def test_every_history_row_of_an_import_carries_its_user():
    user = manager_user(username="paula")
    call_command("import_proposal", SEED, "--by", "paula", verbosity=0)
    for model in (Biennium, Section, Paragraph, Activity, Budget, IncomeEstimate):
        rows = model.history.all()
        assert rows.exists(), model
        assert set(rows.values_list("history_user", flat=True)) == {user.pk}, model
    assert set(MemberInstitution.history.values_list("history_user", flat=True)) == {user.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("model", [MemberInstitution, Contribution, Activity])
def test_each_imported_row_has_a_creation_record_with_its_values(model, tmp_path):
    """On PostgreSQL the database copies them from the rows (budget.exchange.rows)."""
    user = manager_user(username="paula")
    seed = json.loads(settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8"))
    path = exchange_files.write(exchange_files.with_contributions(seed, 40), tmp_path / "p.json")
    call_command("import_proposal", str(path), "--by", "paula", verbosity=0)
    fields = [f.attname for f in model._meta.concrete_fields]
    rows = {row[0]: row for row in model.objects.values_list(*fields)}
    records = model.history.values_list(*fields, "history_type", "history_user")
    assert rows and len(records) == len(rows)
    for *values, kind, by in records:
        assert (tuple(values), kind, by) == (rows[values[0]], "+", user.pk)


@pytest.mark.django_db
def test_the_shipped_proposal_is_imported_by_importer(proposal_2020_21):
    assert proposal_2020_21.history.get().history_user.username == "importer"


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_a_file_that_says_submitted_or_approved_is_refused(status, tmp_path):
    manager_user(username="paula")
    data = json.loads(settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8"))
    data["biennium"]["status"] = status
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_proposal", str(path), "--by", "paula", verbosity=0)
    assert f"biennium.status: {status!r} cannot be imported" in str(refused.value)
    assert "two managers" in str(refused.value)
    assert not Biennium.objects.filter(start_year=2020).exists()


@pytest.mark.django_db
def test_an_imported_biennium_is_a_draft_with_no_submitter():
    manager_user(username="paula")
    call_command("import_proposal", SEED, "--by", "paula", verbosity=0)
    biennium = Biennium.objects.get(start_year=2020)
    assert biennium.status == Biennium.Status.DRAFT
    assert biennium.submitted_by is None and biennium.approved_by is None
    assert not biennium.transitions.exists()


@pytest.mark.django_db
def test_the_previous_biennium_known_only_by_its_columns_says_who_recorded_it():
    """2018–19 exists only as Appendix I's comparative columns: a closed record, not a proposal
    approved here, and its one transition says who recorded it and from what."""
    paula = manager_user(username="paula")
    call_command("import_proposal", SEED, "--by", "paula", verbosity=0)
    previous = Biennium.objects.get(start_year=2018)
    assert previous.status == Biennium.Status.APPROVED
    assert previous.submitted_by is None and previous.approved_by is None
    recorded = previous.transitions.get()
    assert recorded.by == paula and recorded.to_status == Biennium.Status.APPROVED
    assert "comparative columns of the 2020–21 proposal" in recorded.reason
    assert "not submitted or approved in this application" in recorded.reason
