"""Time the exports of one biennium in each format and print them as a table (`make bench`).

"Export" is what a job runs (read the data, build the model, render); "renderer" is the
renderer alone on a model built once. For the PDF, LibreOffice converting our own DOCX is timed
beside it when `soffice` is installed, with a profile directory of its own.
"""

import shutil
import statistics
import subprocess  # noqa: S404 - runs soffice, found on PATH, with fixed arguments
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.builder import build_document
from documents.renderers import formats
from documents.services import produce
from programme.models import Biennium
from programme.selectors import biennium_by_slug

AIM_TOTAL_SECONDS = 0.5
AIM_PDF_SHARE_OF_LIBREOFFICE = 0.1


def _median_seconds(function, repeat: int) -> float:
    function()  # warm up: imports, the DOCX template, the Typst fonts
    times = []
    for _attempt in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _libreoffice_seconds(soffice: str, docx: bytes, repeat: int) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-soffice-") as directory:
        folder = Path(directory)
        source = folder / "document.docx"
        source.write_bytes(docx)
        profile = (folder / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]

        def convert():
            subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603
            if not (folder / "out" / "document.pdf").exists():
                raise CommandError("LibreOffice wrote no PDF.")

        return _median_seconds(convert, repeat)


class Command(BaseCommand):
    help = "Time exporting a biennium's document as DOCX, PDF and XLSX."

    def add_arguments(self, parser):
        parser.add_argument("biennium", nargs="?", default="2020-21")
        parser.add_argument("--repeat", type=int, default=10)
        parser.add_argument(
            "--without-libreoffice", action="store_true", help="Skip the LibreOffice column."
        )

    def handle(self, *args, **options):
        try:
            biennium = biennium_by_slug(options["biennium"])
        except Biennium.DoesNotExist as error:
            raise CommandError(
                f"No biennium {options['biennium']}: {error} (load it with import_proposal)"
            ) from error
        repeat = max(1, options["repeat"])
        soffice = None if options["without_libreoffice"] else shutil.which("soffice")
        document = build_document(biennium)
        rows = []
        results = {}
        for key, output in formats().items():
            export = _median_seconds(lambda key=key: produce(biennium=biennium, fmt=key), repeat)
            render = _median_seconds(lambda output=output: output.render(document), repeat)
            data = output.render(document)
            results[key] = (export, render, data)
        model = _median_seconds(lambda: build_document(biennium), repeat)
        libreoffice = (
            _libreoffice_seconds(soffice, results["docx"][2], min(repeat, 3)) if soffice else None
        )

        header = ["Format", "Export (s)", "Renderer alone (s)", "Size (KB)"]
        if libreoffice is not None:
            header.append("LibreOffice DOCX→PDF (s)")
        for key, (export, render, data) in results.items():
            row = [key.upper(), f"{export:.3f}", f"{render:.3f}", f"{len(data) / 1024:.0f}"]
            if libreoffice is not None:
                row.append(f"{libreoffice:.3f}" if key == "pdf" else "")
            rows.append(row)
        total = sum(export for export, _render, _data in results.values())
        rows.append(
            ["All three", f"{total:.3f}", f"{sum(r for _e, r, _d in results.values()):.3f}", ""]
            + ([""] if libreoffice is not None else [])
        )
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

        def line(cells):
            return " | ".join(
                str(c).ljust(w) if i == 0 else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )

        self.stdout.write(
            f"Exports of {biennium.label}, median of {repeat} runs "
            f"(building the model alone: {model:.3f} s)"
        )
        self.stdout.write(line(header))
        self.stdout.write("-+-".join("-" * w for w in widths))
        for row in rows:
            self.stdout.write(line(row))
        verdict = "met" if total < AIM_TOTAL_SECONDS else "MISSED"
        self.stdout.write(f"Aim: all three under {AIM_TOTAL_SECONDS} s: {verdict}.")
        if libreoffice is not None:
            share = results["pdf"][0] / libreoffice
            verdict = "met" if share <= AIM_PDF_SHARE_OF_LIBREOFFICE else "MISSED"
            self.stdout.write(
                f"Aim: PDF at most a tenth of LibreOffice's time: {share:.1%} of it, {verdict}."
            )
        else:
            self.stdout.write("LibreOffice (soffice) is not installed: its column is left out.")
