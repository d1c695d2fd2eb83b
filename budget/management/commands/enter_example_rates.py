"""Enter example rates of exchange for a demonstration; never real UN operational rates."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from budget import services

# Examples for the demo only, round numbers chosen to be recognisably invented.
EXAMPLES = {"UYU": Decimal("40"), "CLP": Decimal("900"), "COP": Decimal("4000")}


class Command(BaseCommand):
    help = (
        "Enter EXAMPLE monthly rates (UYU 40, CLP 900, COP 4000 per US$) for a year, as the "
        "demo finance user, so the workbench has something to convert. Development only."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--user", default="finance")

    def handle(self, *args, year: int, user: str, **options):
        if not settings.DEBUG:
            raise CommandError("Example rates are for development only; DEBUG is off.")
        by = get_user_model().objects.filter(username=user).first()
        if by is None:
            raise CommandError(f"No user {user!r}: run create_demo_users first.")
        for currency, units in EXAMPLES.items():
            for month in range(1, 13):
                services.rate_enter(
                    by=by,
                    currency=currency,
                    month=datetime.date(year, month, 1),
                    units_per_usd=units,
                )
        self.stdout.write(f"Entered example rates for {year}: {EXAMPLES} (not UN figures).")
