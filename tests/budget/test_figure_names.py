"""Every figure carries its name in the users' words, from budget.figure_labels alone."""

from budget.figures import Figure, Kind, figure_keys


def test_every_figure_a_placeholder_may_bind_has_a_name_not_its_key():
    unnamed = [key for key in figure_keys() if Figure(key, Kind.MONEY, None).label == key]
    assert unnamed == []


def test_a_figure_is_named_by_its_row_and_column_or_its_own_name():
    assert Figure("income.ilo.proposed", Kind.MONEY, None).label == "ILO contribution (proposed)"
    assert Figure("network.countries", Kind.COUNT, 12).label == "Countries in the network"
    assert Figure("expenditure.previous_approved", Kind.MONEY, None).label == (
        "Expenditure (D) (previous biennium, approved)"
    )
