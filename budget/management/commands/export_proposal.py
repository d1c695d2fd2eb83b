from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from budget.exchange.exporter import dumps, export_proposal
from programme.models import Biennium
from programme.selectors import biennium_by_slug


class Command(BaseCommand):
    help = "Export one biennial proposal (named like 2020-21) in the exchange format."

    def add_arguments(self, parser):
        parser.add_argument("biennium", help="The biennium's years, e.g. 2020-21.")
        parser.add_argument("--out", type=Path, help="Write to this file instead of stdout.")

    def handle(self, *args, biennium: str, out: Path | None, **options):
        try:
            found = biennium_by_slug(biennium)
        except Biennium.DoesNotExist as error:
            raise CommandError(f"No biennium {biennium}.") from error
        text = dumps(export_proposal(found))
        if out is None:
            self.stdout.write(text, ending="")
            return
        partial = out.with_name(out.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(out)  # whole file or none
        self.stderr.write(f"Wrote {out}.")
