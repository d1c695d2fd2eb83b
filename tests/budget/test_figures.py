"""Figures bound into paragraphs come from the same data as the tables."""

from decimal import Decimal

from budget.figures import Figure, figures_for
from budget.models import IncomeEstimate, IncomeLine
from programme.markup import fill


def test_paragraph_figures_of_the_seed(proposal_2020_21):
    figures = figures_for(proposal_2020_21)
    rendered = {key: figures[key].render("en") for key in figures}
    assert rendered["total_income.proposed"] == "3,387,895"  # paragraph 23
    assert rendered["income.ilo.proposed"] == "2,462,895"  # paragraph 24
    assert rendered["income.ilo.change"] == "25,592"  # paragraph 24
    assert rendered["income.host_country.proposed_per_year"] == "50,000"  # paragraph 25
    assert rendered["income.other_countries.proposed"] == "500,000"  # paragraph 26
    assert rendered["income.other_contributions.proposed"] == "280,000"  # paragraph 29
    assert rendered["network.member_institutions"] == "67"
    assert rendered["network.agreements_share_percent"] == "25.4"
    assert rendered["biennium.first_day"] == "1 January 2020"


def test_spanish_figures_use_spanish_conventions(proposal_2020_21):
    figures = figures_for(proposal_2020_21)
    assert figures["total_income.proposed"].render("es") == "3\u00a0387\u00a0895"
    assert figures["biennium.last_day"].render("es") == "31 de diciembre de 2021"


def test_a_changed_figure_changes_the_paragraph(proposal_2020_21):
    IncomeEstimate.objects.filter(
        budget__biennium=proposal_2020_21, budget__phase="proposed", line=IncomeLine.ILO
    ).update(amount=Decimal("2500000"))
    text = "The ILO contribution will amount to US$[[income.ilo.proposed]], up US$[[income.ilo.change]]."
    assert fill(text, figures_for(proposal_2020_21), "en") == (
        "The ILO contribution will amount to US$2,500,000, up US$62,697."
    )


def test_stated_figure_prints_as_written():
    figure = Figure("x", "percent", Decimal("25.37"))
    assert fill("[[x|26]] per cent", {"x": figure}) == "26 per cent"
    assert not figure.agrees_with("26")
    assert figure.agrees_with("25")
    assert figure.agrees_with("25.4")
