from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from programme.cycle import CannotStart, biennium_start
from programme.models import Biennium
from programme.selectors import biennium_by_slug, biennium_years


class Command(BaseCommand):
    help = (
        "Start the next biennium's proposal from a submitted or approved one (docs/cycle.md): "
        "start_biennium 2022-23 --from 2020-21 --by USERNAME."
    )

    def add_arguments(self, parser):
        parser.add_argument("years", help="The biennium to start, e.g. 2022-23.")
        parser.add_argument(
            "--from", dest="source", required=True, help="The proposal to start from, e.g. 2020-21."
        )
        parser.add_argument(
            "--by", required=True, metavar="USERNAME", help="The manager the history records."
        )

    def handle(self, *args, years: str, source: str, by: str, **options):
        try:
            start_year, _end = biennium_years(years)
            from_biennium = biennium_by_slug(source)
        except (ValueError, Biennium.DoesNotExist) as error:
            raise CommandError(str(error) or f"No {source} biennium.") from error
        try:
            user = get_user_model().objects.get(username=by)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"--by: no user {by!r}.") from error
        try:
            new = biennium_start(source=from_biennium, start_year=start_year, by=user)
        except (CannotStart, PermissionDenied) as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Started the {new.label} proposal from {from_biennium.label}, as {user}; "
                "it is a draft."
            )
        )
