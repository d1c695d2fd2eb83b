"""The shipped file is in canonical form, and exporting an import gives it back."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command

from budget.exchange.exporter import dumps, export_proposal
from programme.models import Activity, Biennium, Paragraph


def test_export_of_the_imported_proposal_is_the_file_itself(proposal_2020_21):
    shipped = settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8")
    assert dumps(export_proposal(proposal_2020_21)) == shipped


def test_export_command_writes_the_same_content(proposal_2020_21, tmp_path):
    out = tmp_path / "proposal.json"
    call_command("export_proposal", "2020-21", "--out", str(out))
    assert json.loads(out.read_text()) == json.loads(settings.SEED_PROPOSAL_FILE.read_text())
    assert not list(tmp_path.glob("*.partial"))


def test_reimport_with_replace_gives_the_same_export(proposal_2020_21, tmp_path):
    before = export_proposal(proposal_2020_21)
    call_command(
        "import_proposal", str(settings.SEED_PROPOSAL_FILE), "--replace", "--by", "importer"
    )
    after = export_proposal(Biennium.objects.get(start_year=2020))
    assert before == after


def test_if_absent_leaves_a_loaded_proposal_alone(proposal_2020_21, capsys):
    Paragraph.objects.filter(line_of_action__biennium=proposal_2020_21).update(
        text={"en": "Edited."}
    )
    call_command(
        "import_proposal", str(settings.SEED_PROPOSAL_FILE), "--if-absent", "--by", "importer"
    )
    assert "already loaded" in capsys.readouterr().out
    assert Paragraph.objects.filter(text={"en": "Edited."}).count() == 10


@pytest.mark.django_db
def test_the_seed_holds_its_31_paragraphs_nine_lines_and_named_activities(proposal_2020_21):
    from programme.selectors import numbered_paragraphs

    numbered = [e for e in numbered_paragraphs(biennium=proposal_2020_21) if e.number]
    assert [e.number for e in numbered] == list(range(1, 32))
    assert numbered[12].line_of_action.letter == "a"  # paragraph 13 opens line (a)
    assert numbered[21].line_of_action.letter == "i"  # paragraph 22 closes line (i)
    assert list(proposal_2020_21.lines.values_list("letter", flat=True)) == list("abcdefghi")
    titles = " | ".join(
        str(a) for a in Activity.objects.filter(line_of_action__biennium=proposal_2020_21)
    )
    for named in ("INA", "SENAC", "SENAR", "INADEH", "ChileValora", "INEFOP", "INFOP"):
        assert (
            named in titles or Activity.objects.filter(partner_institutions__acronym=named).exists()
        )
    apprenticeship = Activity.objects.filter(countries__code="JM").get()
    assert set(apprenticeship.countries.values_list("code", flat=True)) == {
        "MX",
        "CR",
        "DO",
        "JM",
        "BR",
        "PY",
        "UY",
    }


@pytest.mark.django_db
def test_export_writes_only_the_part_of_the_register_the_proposal_names(proposal_2020_21):
    from datetime import date
    from decimal import Decimal

    from members.models import ContributionAgreement, Country, MemberInstitution

    elsewhere = Country.objects.create(code="AR", name="Argentina")
    unnamed = MemberInstitution.objects.create(
        acronym="INET", country=elsewhere, name="Unnamed", kind="other"
    )
    ContributionAgreement.objects.create(
        institution=unnamed,
        signed_on=date(2010, 1, 1),
        starts_on=date(2010, 1, 1),
        ends_on=date(2012, 12, 31),
        annual_amount=Decimal("1.00"),
    )
    exported = export_proposal(proposal_2020_21)
    assert "AR" not in [c["code"] for c in exported["countries"]]
    assert "INET" not in [i["acronym"] for i in exported["institutions"]]
    assert exported["agreements"] == []
    shipped = settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8")
    assert dumps(exported) == shipped


@pytest.mark.django_db
def test_an_agreement_in_force_during_the_biennium_is_exported_with_its_institution(
    proposal_2020_21,
):
    from datetime import date
    from decimal import Decimal

    from members.models import ContributionAgreement, Country, MemberInstitution

    signer = MemberInstitution.objects.create(
        acronym="INET", country=Country.objects.create(code="AR", name="Argentina"), kind="other"
    )
    ContributionAgreement.objects.create(
        institution=signer,
        signed_on=date(2019, 6, 1),
        starts_on=date(2019, 7, 1),
        ends_on=date(2020, 6, 30),
        annual_amount=Decimal("1000.00"),
    )
    exported = export_proposal(proposal_2020_21)
    assert [a["institution"] for a in exported["agreements"]] == ["AR/INET"]
    assert "AR" in [c["code"] for c in exported["countries"]]


@pytest.mark.django_db
def test_the_documents_date_and_purpose_travel_with_the_file(proposal_2020_21, manager):
    import datetime

    from budget.exchange.exporter import export_proposal
    from budget.exchange.reading import parse_proposal

    assert proposal_2020_21.purpose == "decision"  # as the shipped file states it
    proposal_2020_21.document_date = datetime.date(2019, 9, 27)
    proposal_2020_21.save()
    data = export_proposal(proposal_2020_21)
    assert data["biennium"]["document_date"] == "2019-09-27"
    assert data["biennium"]["purpose"] == "decision"
    header = parse_proposal(json.dumps(data)).biennium
    assert (header.document_date, header.purpose) == (datetime.date(2019, 9, 27), "decision")
