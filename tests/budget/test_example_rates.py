"""The demo's rates of exchange are entered on request and stated as examples."""

import pytest
from django.core.management import CommandError, call_command

from budget.models import ExchangeRate

pytestmark = pytest.mark.django_db


def test_the_shipped_data_holds_no_rate(proposal_2020_21):
    assert not ExchangeRate.objects.exists()


def test_example_rates_are_entered_only_in_development_and_say_so(finance, settings, capsys):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("enter_example_rates", "2025", user=finance.username)
    settings.DEBUG = True

    call_command("enter_example_rates", "2025", user=finance.username)

    assert ExchangeRate.objects.filter(month__year=2025).count() == 36
    assert "not UN figures" in capsys.readouterr().out
