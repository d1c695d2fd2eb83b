"""Export one biennium's document from a script, with the same code the export jobs run."""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from documents.models import ExportJob
from documents.services import produce
from programme.models import Biennium
from programme.selectors import biennium_by_slug


def _biennium(slug: str) -> Biennium:
    try:
        return biennium_by_slug(slug)
    except Biennium.DoesNotExist as error:
        raise CommandError(f"No biennium {slug}: {error}") from error


class Command(BaseCommand):
    help = "Write the Governing Body document (docx, pdf) or the appendix workbook (xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("biennium", help="The biennium, written as 2020-21.")
        parser.add_argument("--format", required=True, choices=ExportJob.Format.values)
        parser.add_argument("--out", required=True, help="The file to write.")
        parser.add_argument(
            "--language", default="en", choices=[code for code, _name in settings.LANGUAGES]
        )
        parser.add_argument(
            "--compare-to",
            metavar="BIENNIUM",
            help="Word only: write the document with tracked changes against this biennium's.",
        )
        parser.add_argument(
            "--author", default="", help="Who the tracked changes are marked as made by."
        )

    def handle(self, *args, **options):
        biennium = _biennium(options["biennium"])
        compare_to = _biennium(options["compare_to"]) if options["compare_to"] else None
        try:
            export = produce(
                biennium=biennium,
                fmt=options["format"],
                language=options["language"],
                compare_to=compare_to,
                author=options["author"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        out = Path(options["out"])
        # Written whole beside the target, then renamed over it: a reader never sees half.
        handle, temporary = tempfile.mkstemp(dir=out.parent or ".", prefix=f".{out.name}.")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(export.data)
            os.replace(temporary, out)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stdout.write(f"Wrote {out} ({len(export.data)} bytes, {export.media_type}).")
