"""`import_proposal --replace` updates a draft biennium in place, by natural keys."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from budget.exchange.exporter import export_proposal
from budget.models import Budget, Contribution, IncomeEstimate, Subprogramme
from members.models import MemberInstitution
from programme.models import Activity, Footnote, LineOfAction, Paragraph, Section


@pytest.fixture
def seed():
    return json.loads(settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8"))


def _replace(data, tmp_path, *options):
    path = tmp_path / "proposal.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("import_proposal", str(path), "--replace", "--by", "importer", *options)


def _ids(model, **scope):
    return sorted(model.objects.filter(**scope).values_list("pk", flat=True))


@pytest.mark.django_db
def test_replacing_keeps_every_id_so_urls_stay(proposal_2020_21, seed, tmp_path):
    kinds = [Section, Paragraph, Footnote, LineOfAction, Activity, Budget, IncomeEstimate]
    before = {model: _ids(model) for model in kinds}
    seed["lines_of_action"][0]["activities"][0]["title"]["en"] = "Edited in the file."
    _replace(seed, tmp_path)
    assert {model: _ids(model) for model in kinds} == before
    assert Activity.objects.filter(title={"en": "Edited in the file."}).count() == 1


@pytest.mark.django_db
def test_a_changed_record_continues_its_history_with_a_change_by_the_importer(
    proposal_2020_21, seed, tmp_path
):
    paragraph = Paragraph.objects.filter(section__kind="introduction").get(position=1)
    text = seed["sections"][0]["paragraphs"][0]["text"]
    text["en"] += " A new end."
    _replace(seed, tmp_path)
    history = list(paragraph.history.order_by("history_date", "history_id"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert {h.history_user.username for h in history} == {"importer"}
    paragraph.refresh_from_db()
    assert paragraph.text == text
    assert paragraph.version == 2  # an editor who opened the old text is told it changed


@pytest.mark.django_db
def test_an_unchanged_record_gets_no_history(proposal_2020_21, seed, tmp_path):
    _replace(seed, tmp_path)
    assert not Paragraph.history.filter(history_type__in=["~", "-"]).exists()
    assert not Activity.history.filter(history_type__in=["~", "-"]).exists()


@pytest.mark.django_db
def test_contributions_entered_in_the_app_are_kept(proposal_2020_21, seed, tmp_path):
    entered = Contribution.objects.create(
        biennium=proposal_2020_21,
        payer="member_institution",
        institution=MemberInstitution.objects.get(acronym="INA"),
        stage="received",
        date=date(2020, 3, 1),
        amount=Decimal("5000.00"),
        amount_usd=Decimal("5000.00"),
        income_line="other_countries",
    )
    _replace(seed, tmp_path)
    assert list(Contribution.objects.all()) == [entered]


@pytest.mark.django_db
def test_contributions_in_the_file_are_added_once(proposal_2020_21, seed, tmp_path):
    seed["contributions"] = [
        {
            "payer": "ilo",
            "institution": None,
            "payer_name": "",
            "stage": "committed",
            "date": "2020-02-01",
            "amount": "100.00",
            "currency": "USD",
            "amount_usd": "100.00",
            "income_line": "ilo",
            "note": "",
        }
    ]
    _replace(seed, tmp_path)
    _replace(seed, tmp_path)
    assert Contribution.objects.count() == 1


@pytest.mark.django_db
def test_records_the_file_no_longer_has_are_listed_and_kept(proposal_2020_21, seed, tmp_path):
    before = export_proposal(proposal_2020_21)
    del seed["lines_of_action"][2]["activities"][2]
    del seed["sections"][0]["paragraphs"][-1]
    seed["budgets"][-1]["subprogrammes"].pop()
    with pytest.raises(CommandError) as refused:
        _replace(seed, tmp_path)
    message = str(refused.value)
    assert "--discard" in message
    assert "activity 3 of line (c)" in message
    assert "paragraph 8 of section introduction" in message
    assert "subprogramme 5 of 2020–21 Proposed budget" in message
    assert export_proposal(proposal_2020_21) == before


@pytest.mark.django_db
def test_discard_deletes_them_with_a_deletion_by_the_importer(proposal_2020_21, seed, tmp_path):
    line_c = LineOfAction.objects.get(letter="c")
    gone = Activity.objects.get(line_of_action=line_c, position=3)
    del seed["lines_of_action"][2]["activities"][2]
    _replace(seed, tmp_path, "--discard")
    assert not Activity.objects.filter(pk=gone.pk).exists()
    deleted = Activity.history.get(id=gone.pk, history_type="-")
    assert deleted.history_user.username == "importer"


@pytest.mark.django_db
def test_replacing_prints_what_changed_per_kind(proposal_2020_21, seed, tmp_path, capsys):
    seed["lines_of_action"][0]["activities"][0]["title"]["en"] = "Edited in the file."
    seed["lines_of_action"][0]["activities"].append(
        dict(seed["lines_of_action"][0]["activities"][0], title={"en": "A new one."})
    )
    _replace(seed, tmp_path)
    out = capsys.readouterr().out
    assert "activities: 1 created, 1 updated, 45 unchanged, 0 deleted" in out
    assert "paragraphs: 0 created, 0 updated, 32 unchanged, 0 deleted" in out


@pytest.mark.django_db
def test_a_reordered_section_keeps_its_id(proposal_2020_21, seed, tmp_path):
    sections = {s.kind: s.pk for s in Section.objects.all()}
    seed["sections"][0], seed["sections"][1] = seed["sections"][1], seed["sections"][0]
    _replace(seed, tmp_path)
    assert {s.kind: s.pk for s in Section.objects.all()} == sections
    assert Section.objects.get(kind="programme").position == 1


@pytest.mark.django_db
def test_history_of_a_replaced_activity_keeps_its_countries(proposal_2020_21, seed, tmp_path):
    activity = Activity.objects.filter(countries__code="JM").get()
    entry = _entry_of(seed, activity)
    entry["countries"] = ["BR", "JM"]
    _replace(seed, tmp_path)
    activity.refresh_from_db()
    assert sorted(activity.countries.values_list("code", flat=True)) == ["BR", "JM"]
    latest = activity.history.latest("history_date")
    assert latest.history_type == "~"
    assert sorted(r.country_id for r in latest.countries.all()) == ["BR", "JM"]


def _entry_of(seed, activity):
    letters = [line["letter"] for line in seed["lines_of_action"]]
    line = seed["lines_of_action"][letters.index(activity.line_of_action.letter)]
    return line["activities"][activity.position - 1]


@pytest.mark.django_db
def test_subprogrammes_are_kept_by_position(proposal_2020_21, seed, tmp_path):
    ids = _ids(Subprogramme)
    seed["budgets"][-1]["subprogrammes"][0]["staff_cost"] = "1.00"
    _replace(seed, tmp_path)
    assert _ids(Subprogramme) == ids
    first = Subprogramme.objects.get(budget__phase="proposed", position=1)
    assert first.staff_cost == Decimal("1.00")
    assert get_user_model().objects.filter(username="importer").exists()
