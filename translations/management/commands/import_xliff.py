from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from programme.models import Biennium
from programme.selectors import biennium_by_slug
from translations.exchange import import_file, read_file
from translations.models import TextTranslation
from translations.services import APPLIED, OUTCOME_LABELS, UNCHANGED
from translations.xliff import UnreadableFile


class Command(BaseCommand):
    help = (
        "Read a translator's file (XLIFF 1.2 or JSON, as export_xliff writes them) back into a "
        "proposal, all or nothing: import_xliff 2020-21 FILE --by USERNAME [--dry-run] "
        "[--if-untranslated]."
    )

    def add_arguments(self, parser):
        parser.add_argument("years", help="The proposal, e.g. 2020-21.")
        parser.add_argument("file")
        parser.add_argument("--by", required=True, metavar="USERNAME")
        parser.add_argument("--dry-run", action="store_true", help="Report; save nothing.")
        parser.add_argument(
            "--if-untranslated",
            action="store_true",
            help="Do nothing when the proposal has any translation in the file's language "
            "already (make run loads the shipped Spanish text once, and never over an edit).",
        )

    def handle(
        self, *args, years: str, file: str, by: str, dry_run: bool, if_untranslated: bool, **options
    ):
        try:
            biennium = biennium_by_slug(years)
        except Biennium.DoesNotExist as error:
            raise CommandError(str(error) or f"No {years} biennium.") from error
        try:
            user = get_user_model().objects.get(username=by)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"--by: no user {by!r}.") from error
        path = Path(file)
        if if_untranslated:
            try:
                language = read_file(path.read_bytes(), biennium=biennium).language
            except (OSError, UnreadableFile) as error:
                raise CommandError(f"{file}: {error}. Nothing was changed.") from error
            if TextTranslation.objects.filter(biennium=biennium, language=language).exists():
                self.stdout.write(f"{biennium.label} has {language} translations already: skipped.")
                return
        try:
            language, result, problems = import_file(
                biennium=biennium,
                content=path.read_bytes(),
                file_name=path.name,
                by=user,
                dry_run=dry_run,
            )
        except (OSError, UnreadableFile) as error:
            raise CommandError(f"{file}: {error}. Nothing was changed.") from error
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(
                f"{' '.join(getattr(error, 'messages', [str(error)]))} Nothing was changed."
            ) from error
        if problems:
            raise CommandError("\n".join([*problems, "Nothing was changed."]))
        for outcome in result.outcomes:
            if outcome.outcome not in (APPLIED, UNCHANGED):
                self.stdout.write(f"{outcome.key}: {outcome.outcome}. {outcome.message}")
        counts = ", ".join(
            f"{result.count(name)} {name}" for name in OUTCOME_LABELS if result.count(name)
        )
        if result.has_errors:
            raise CommandError(f"{counts}. The file was refused: nothing was changed.")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb} {language} for {biennium.label}: {counts}."))
