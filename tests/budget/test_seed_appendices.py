"""The shipped 2020–21 proposal reproduces every figure of GB.337/PFA/3, Appendices I and II."""

from decimal import Decimal

import pytest

from budget.appendices import Column, appendices

D = Decimal

# Appendix I as printed in the seed: row -> (2018–19 approved, 2018–19 anticipated, 2020–21 proposed)
APPENDIX_I = {
    "brought_forward": (817_837, 1_191_251, 1_189_434),
    "ilo": (2_437_303, 2_437_303, 2_462_895),
    "host_country": (100_000, 100_000, 100_000),
    "other_countries": (500_000, 440_000, 500_000),
    "other_contributions": (250_000, 540_000, 280_000),
    "publications": (20_000, 35_000, 30_000),
    "miscellaneous": (10_000, 15_000, 15_000),
    "total_income": (3_317_303, 3_567_303, 3_387_895),
    "funds_available": (4_135_140, 4_758_554, 4_577_329),
    "expenditure": (3_569_120, 3_569_120, 3_733_200),
    "carried_forward": (566_020, 1_189_434, 844_129),
}
COLUMNS = (Column.PREVIOUS_APPROVED, Column.PREVIOUS_ANTICIPATED, Column.PROPOSED)

# Appendix II: name, professional months, general service months, staff, non-staff, total
APPENDIX_II = [
    ("Programme implementation", 24, 48, 801_600, 110_000, 911_600),
    ("Knowledge management", 0, 144, 1_072_320, 100_000, 1_172_320),
    ("Printing services and other contributions", 0, 0, 0, 210_000, 210_000),
    ("Administration, finance and human resources", 0, 72, 515_760, 110_000, 625_760),
    ("Management", 24, 24, 713_520, 100_000, 813_520),
]


def _row(column, row):
    if row in (
        "brought_forward",
        "total_income",
        "funds_available",
        "expenditure",
        "carried_forward",
    ):
        return getattr(column, row)
    return column.income[row]


@pytest.mark.parametrize("row", APPENDIX_I)
@pytest.mark.parametrize("index", range(3))
def test_appendix_one_reproduces_the_seed(proposal_2020_21, row, index):
    one, _two = appendices(proposal_2020_21)
    column = one.column(COLUMNS[index])
    assert _row(column, row) == D(APPENDIX_I[row][index])


def test_appendix_one_columns_are_labelled_by_biennium(proposal_2020_21):
    one, _two = appendices(proposal_2020_21)
    assert one.column(Column.PREVIOUS_APPROVED).biennium_label == "2018–19"
    assert one.column(Column.PREVIOUS_ANTICIPATED).biennium_label == "2018–19"
    assert one.column(Column.PROPOSED).biennium_label == "2020–21"


def test_appendix_two_reproduces_every_row(proposal_2020_21):
    _one, two = appendices(proposal_2020_21)
    rows = [
        (
            r.name["en"],
            r.professional_months,
            r.general_service_months,
            r.staff_cost,
            r.non_staff_cost,
            r.total,
        )
        for r in two.rows
    ]
    assert rows == [(n, p, g, D(s), D(ns), D(t)) for n, p, g, s, ns, t in APPENDIX_II]


def test_appendix_two_totals_and_line_d(proposal_2020_21):
    one, two = appendices(proposal_2020_21)
    assert (two.professional_months, two.general_service_months) == (48, 288)  # 4/00 and 24/00
    assert two.staff_cost == D(3_103_200)
    assert two.non_staff_cost == D(630_000)
    assert two.total == D(3_733_200) == one.column(Column.PROPOSED).expenditure


def test_appendices_are_read_in_a_fixed_number_of_queries(
    proposal_2020_21, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        one, two = appendices(proposal_2020_21)
        assert two.total and one.column(Column.PROPOSED).carried_forward
