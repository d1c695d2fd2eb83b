from django.core.management.base import BaseCommand, CommandError

from budget.reconciliation import reconcile
from programme.models import Biennium
from programme.selectors import biennium_by_slug


class Command(BaseCommand):
    help = "List every inconsistency of a biennium's proposal; exit status 1 when there is any."

    def add_arguments(self, parser):
        parser.add_argument("biennium", help="The biennium's years, e.g. 2020-21.")

    def handle(self, *args, biennium: str, **options):
        try:
            found = biennium_by_slug(biennium)
        except Biennium.DoesNotExist as error:
            raise CommandError(f"No biennium {biennium}.") from error
        findings = reconcile(found)
        for finding in findings:
            self.stdout.write(str(finding))
        if findings:
            raise CommandError(
                f"{len(findings)} inconsistenc{'y' if len(findings) == 1 else 'ies'} "
                f"in {found.label}.",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(f"{found.label} is consistent."))
