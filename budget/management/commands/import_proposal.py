from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from budget.exchange.errors import ProposalFileError
from budget.exchange.importer import import_proposal, read_proposal


class Command(BaseCommand):
    help = (
        "Import one biennial proposal from a file in the exchange format (docs/exchange-format.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            help="Required: the user the history records as the author of the import.",
        )
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--replace",
            action="store_true",
            help="Update a draft biennium in place, by natural keys.",
        )
        group.add_argument(
            "--if-absent", action="store_true", help="Do nothing if the biennium exists."
        )
        parser.add_argument(
            "--discard",
            action="store_true",
            help="With --replace: delete the biennium's records that the file no longer has.",
        )

    def handle(self, *args, file: Path, by, replace, if_absent, discard, **options):
        user = self._user(by)
        try:
            result = import_proposal(
                read_proposal(file),
                by=user,
                replace=replace,
                if_absent=if_absent,
                discard=discard,
                file_name=file.name,
            )
        except PermissionDenied as error:
            raise CommandError(
                f"{file} was not imported: {user} is not a manager, and only a manager imports"
                " a proposal (or an administrator)."
            ) from error
        except ProposalFileError as error:
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"{file} was not imported; nothing changed.\n{lines}") from error
        if result.skipped:
            self.stdout.write(f"{result.biennium.label} is already loaded; left as it is.")
            return
        verb = "Imported" if result.created else "Updated in place"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} the {result.biennium.label} proposal, as {user}.")
        )
        for line in result.tally.lines():
            self.stdout.write(f"  {line}")

    def _user(self, username: str | None):
        if not username:
            raise CommandError(
                "--by USERNAME is required: the history records who made every import."
            )
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"--by: no user {username!r}.") from error
