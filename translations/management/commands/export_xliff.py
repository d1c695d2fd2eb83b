from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from programme.models import Biennium
from programme.selectors import biennium_by_slug
from translations.exchange import FORMATS, export_file
from translations.sources import translation_languages


class Command(BaseCommand):
    help = (
        "Write a language's texts of a proposal for translators: "
        "export_xliff 2020-21 --language es --out FILE [--format xliff|json]."
    )

    def add_arguments(self, parser):
        parser.add_argument("years", help="The proposal, e.g. 2020-21.")
        languages = [code for code, _name in settings.LANGUAGES]
        parser.add_argument("--language", required=True, choices=languages)
        parser.add_argument("--out", required=True, metavar="FILE")
        parser.add_argument("--format", dest="file_format", choices=FORMATS, default="xliff")

    def handle(self, *args, years: str, language: str, out: str, file_format: str, **options):
        try:
            biennium = biennium_by_slug(years)
        except Biennium.DoesNotExist as error:
            raise CommandError(str(error) or f"No {years} biennium.") from error
        if language not in dict(translation_languages(biennium)):
            raise CommandError(
                f"The {biennium.label} proposal is drafted in {language}: nothing to translate."
            )
        content = export_file(biennium=biennium, language=language, file_format=file_format)
        with open(out, "wb") as file:
            file.write(content)
        self.stdout.write(f"Wrote the {biennium.label} texts for {language} to {out}.")
