"""The reconciliation lists every inconsistency, and hides none."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from budget.models import Budget, Subprogramme
from budget.reconciliation import reconcile
from programme.models import Paragraph


def _messages(biennium):
    return [str(f) for f in reconcile(biennium)]


def test_the_seed_states_26_per_cent_where_the_data_give_25_4(proposal_2020_21):
    assert _messages(proposal_2020_21) == [
        "Paragraph 26: the English text states 26 per cent for the share of member institutions "
        "with a signed agreement; the data give 25.4 per cent."
    ]


def test_appendix_two_total_must_equal_line_d(proposal_2020_21):
    Subprogramme.objects.filter(budget__biennium=proposal_2020_21, position=1).update(
        non_staff_cost=Decimal("110001")
    )
    assert any(
        "subprogrammes total 3,733,201, but Appendix I line D says 3,733,200" in m
        for m in _messages(proposal_2020_21)
    )


def test_funds_carried_forward_must_be_brought_forward(proposal_2020_21):
    Budget.objects.filter(biennium=proposal_2020_21, phase="proposed").update(
        funds_brought_forward=Decimal("1000000")
    )
    assert any(
        "(anticipated) are 1,189,434" in m and "brings forward 1,000,000" in m
        for m in _messages(proposal_2020_21)
    )


def test_money_typed_into_a_paragraph_is_reported(proposal_2020_21):
    paragraph = next(p for p in Paragraph.objects.all() if "printing press" in p.text["en"])
    paragraph.text = {
        "en": paragraph.text["en"].replace("[[income.publications.proposed]]", "30,000")
    }
    paragraph.save()
    assert any("writes US$30,000 as digits" in m for m in _messages(proposal_2020_21))


def test_reconcile_command_prints_a_line_each_and_exits_1(proposal_2020_21, capsys):
    with pytest.raises(CommandError) as raised:
        call_command("reconcile", "2020-21")
    assert raised.value.returncode == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith("Paragraph 26: the English text states 26 per cent")
