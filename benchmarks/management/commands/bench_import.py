"""Used by bench_pages: time `import_proposal` on one file, Django's start-up left out."""

import json
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from benchmarks.generator import import_file
from cinterfor.roles import ALL_ROLES

IMPORTER = "bench-importer"


class Command(BaseCommand):
    help = "For the page bench only: import a proposal file and print the seconds it took (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        user, _created = get_user_model().objects.get_or_create(username=IMPORTER)
        user.groups.set([Group.objects.get_or_create(name=role)[0] for role in ALL_ROLES])
        started = time.perf_counter()
        import_file(Path(file), username=IMPORTER)
        seconds = time.perf_counter() - started
        self.stdout.write(json.dumps({"seconds": seconds}))
