"""`make bench`: every role's main pages at 1× and 100× on PostgreSQL behind gunicorn, beside
bare list views, plus the importer and the exports; one table and a verdict per aim."""

import contextlib
import json
import re
import secrets
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchmarks import exchange_files, report
from benchmarks.runner import (
    NAME_PREFIX,
    BenchError,
    Client,
    Gunicorn,
    Probe,
    Project,
    Server,
    bench_environment,
    measure_in_rounds,
)

TEMPLATE = NAME_PREFIX + "template"


class Command(BaseCommand):
    help = (
        "Measure the pages of each role (p50/p95, queries, size) at each --scales on PostgreSQL "
        "behind gunicorn, the importer on generated files and the exports; print one table and "
        "whether each aim is met. Creates and drops its own databases (cinterfor_bench_*) on "
        "the server at BENCH_DATABASE_URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scales", type=int, nargs="+", default=[1, 100])
        parser.add_argument("--repeat", type=int, default=20, help="Requests per page.")
        parser.add_argument(
            "--page-seconds", type=float, default=20, help="Stop repeating a slow page after this."
        )
        parser.add_argument("--import-rows", type=int, default=10_000)
        parser.add_argument("--skip-imports", action="store_true")
        parser.add_argument("--skip-exports", action="store_true")
        parser.add_argument("--keep", action="store_true", help="Keep the bench databases.")

    def handle(self, *args, **options):
        import environ

        server = Server(environ.Env().str("BENCH_DATABASE_URL", default=Server.url))
        scales = sorted(set(options["scales"]))
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="cinterfor-bench-") as scratch:
            folder = Path(scratch)
            password = secrets.token_urlsafe(24)
            project = Project(
                Path(settings.BASE_DIR),
                bench_environment(folder / "static", secrets.token_urlsafe(50), password),
            )
            created = [TEMPLATE]
            try:
                self.step(f"Migrating the template database on {server.url.rsplit('/', 1)[0]}")
                project.manage(server.create(TEMPLATE), "migrate", "--noinput")
                project.manage(server.database_url(TEMPLATE), "collectstatic", "--noinput")
                prepared = []
                for scale in scales:
                    name = f"{NAME_PREFIX}{scale}x"
                    created.append(name)
                    prepared.append(self.prepare_scale(project, server, name, scale))
                pages, bare = self.bench_pages(project, prepared, options, password, folder)
                timed = []
                if not options["skip_imports"]:
                    created.append(NAME_PREFIX + "import")
                    timed += self.bench_imports(project, server, folder, options["import_rows"])
                if not options["skip_exports"]:
                    timed.append(self.bench_exports(project, server, f"{NAME_PREFIX}{scales[0]}x"))
            except BenchError as error:
                raise CommandError(str(error)) from error
            finally:
                if not options["keep"]:
                    for name in created:
                        server.drop(name)
        self.stdout.write("")
        self.stdout.write(
            f"Pages in ms (p50, p95 of {options['repeat']} requests after 2 to warm up, every page "
            f"and scale in interleaved rounds), PostgreSQL, gunicorn with 2 workers each, DEBUG "
            f"off; queries at each scale: at a visit that computes the page (on an empty "
            f"cache), and kept (its last timed visit)."
        )
        self.stdout.write(report.format_table(pages, bare, timed))
        self.stdout.write("")
        for aim in report.check_aims(pages, bare, timed):
            self.stdout.write(str(aim))
        self.stdout.write(f"The bench took {time.monotonic() - started:.0f} s.")

    def step(self, text: str) -> None:
        self.stderr.write(f"[bench] {text}")

    def prepare_scale(self, project, server, name, scale) -> tuple[int, str, dict]:
        self.step(f"{scale}×: generating the data")
        url = server.create(name, template=TEMPLATE)
        project.manage(url, "generate_data", "--scale", str(scale), "--seed", "1")
        return scale, url, json.loads(project.manage(url, "bench_prepare"))

    def bench_pages(self, project, prepared, options, password, folder):
        """Every scale served at once (a gunicorn each), its pages and bare lists requested in
        interleaved rounds (runner.measure_in_rounds)."""
        self.step(
            f"requesting {len(prepared[0][2]['pages'])} pages and their bare lists at "
            + " and ".join(f"{scale}×" for scale, _url, _targets in prepared)
        )
        with contextlib.ExitStack() as stack:
            pages, bares = [], []
            for scale, url, targets in prepared:
                site = stack.enter_context(
                    Gunicorn(project, url, folder / f"gunicorn-{scale}x.log")
                )
                clients = {}
                for page in targets["pages"]:
                    if page["username"] not in clients:
                        clients[page["username"]] = Client(site.port)
                        clients[page["username"]].log_in(page["username"], password)
                    pages.append(
                        Probe(
                            clients[page["username"]], page=page["name"], role=page["role"],
                            url=page["url"], scale=scale, model=page["model"],
                        )
                    )  # fmt: skip
                reader = next(iter(clients.values()))
                bares += [
                    Probe(reader, page=f"bare {model}", role="", url=path, scale=scale, model=model)
                    for model, path in targets["bare"].items()
                ]
            runs = measure_in_rounds(
                pages + bares, repeat=options["repeat"], budget_seconds=options["page_seconds"]
            )
        return runs[: len(pages)], runs[len(pages) :]

    def bench_imports(self, project, server, folder, rows):
        seed = json.loads(Path(settings.SEED_PROPOSAL_FILE).read_text(encoding="utf-8"))
        jobs = (
            (f"import {rows:,} activities", exchange_files.with_activities(seed, rows),
             report.IMPORT_ACTIVITIES_SECONDS),
            (f"import {rows:,} contributions", exchange_files.with_contributions(seed, rows),
             report.IMPORT_CONTRIBUTIONS_SECONDS),
        )  # fmt: skip
        timed = []
        for title, proposal, limit in jobs:
            self.step(title)
            path = exchange_files.write(proposal, folder / "proposal.json")
            url = server.create(NAME_PREFIX + "import", template=TEMPLATE)
            try:
                seconds = json.loads(project.manage(url, "bench_import", str(path)))["seconds"]
            except BenchError as error:
                self.stderr.write(str(error))
                seconds = None
            timed.append(report.Timed(title, seconds, limit))
        return timed

    def bench_exports(self, project, server, name):
        self.step("exports of 2020–21 (DOCX, PDF, XLSX)")
        title = "exports: DOCX + PDF + XLSX of 2020–21"
        try:
            output = project.manage(
                server.database_url(name),
                "bench_exports", "2020-21", "--repeat", "5", "--without-libreoffice",
            )  # fmt: skip
        except BenchError as error:
            self.stderr.write(str(error))
            return report.Timed(title, None, report.EXPORTS_SECONDS)
        total = re.search(r"^All three\s*\|\s*([\d.]+)", output, flags=re.MULTILINE)
        seconds = float(total.group(1)) if total else None
        return report.Timed(title, seconds, report.EXPORTS_SECONDS)
