from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from budget.exchange.errors import ProposalFileError
from budget.exchange.importer import import_proposal, read_proposal


class Command(BaseCommand):
    help = (
        "Import one biennial proposal from a file in the exchange format (docs/exchange-format.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--replace", action="store_true", help="Replace the biennium if it exists as a draft."
        )
        group.add_argument(
            "--if-absent", action="store_true", help="Do nothing if the biennium exists."
        )

    def handle(self, *args, file: Path, replace: bool, if_absent: bool, **options):
        try:
            result = import_proposal(read_proposal(file), replace=replace, if_absent=if_absent)
        except ProposalFileError as error:
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"{file} was not imported; nothing changed.\n{lines}") from error
        if result.skipped:
            self.stdout.write(f"{result.biennium.label} is already loaded; left as it is.")
        else:
            verb = "Imported" if result.created else "Replaced"
            self.stdout.write(self.style.SUCCESS(f"{verb} the {result.biennium.label} proposal."))
