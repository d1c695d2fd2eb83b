"""The bench's arithmetic and its printout: percentiles, the aims, one table. No I/O here."""

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

# The aims of issue 9.
GROWTH_LIMIT = 1.2  # a page's p50 at the largest scale, against the smallest
BARE_LIMIT = 2.0  # a page's p50 against its model's bare list, at the largest scale
MAX_QUERIES = 15
MAX_HTML_BYTES = 300 * 1024
IMPORT_ACTIVITIES_SECONDS = 10.0
IMPORT_CONTRIBUTIONS_SECONDS = 5.0
EXPORTS_SECONDS = 0.5


@dataclass(frozen=True)
class PageRun:
    """One page (or one bare list) requested at one scale."""

    page: str
    role: str
    scale: int
    seconds: tuple[float, ...]
    queries: int | None  # at a visit that computed the page (on an empty cache)
    html_bytes: int
    status: int
    model: str = ""  # the bare list it is compared with
    kept_queries: int | None = None  # at its last timed visit, served from what is kept

    @property
    def p50(self) -> float:
        return percentile(self.seconds, 50)

    @property
    def p95(self) -> float:
        return percentile(self.seconds, 95)


@dataclass(frozen=True)
class Timed:
    """A timed job (an import, the exports) and the seconds it may take."""

    name: str
    seconds: float | None  # None: it failed
    limit: float


@dataclass(frozen=True)
class Aim:
    text: str
    misses: tuple[str, ...]

    @property
    def met(self) -> bool:
        return not self.misses

    def __str__(self) -> str:
        verdict = "met" if self.met else "MISSED: " + "; ".join(self.misses)
        return f"Aim: {self.text}: {verdict}"


def percentile(values: Sequence[float], q: float) -> float:
    """p50 is the median (the mean of the two middle values of an even count); any other q is
    the nearest rank: the smallest value with q % of them at or below it."""
    if not values:
        return math.nan
    if q == 50:
        return statistics.median(values)
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def _by(runs: Sequence[PageRun]) -> dict[tuple[str, int], PageRun]:
    return {(run.page, run.scale): run for run in runs}


def check_aims(
    pages: Sequence[PageRun], bare: Sequence[PageRun], timed: Sequence[Timed]
) -> list[Aim]:
    """Each aim with the pages or jobs that miss it (none: met)."""
    scales = sorted({run.scale for run in pages})
    low, high = scales[0], scales[-1]
    by_page, by_model = _by(pages), _by(bare)
    names = list(dict.fromkeys(run.page for run in pages))
    failed = [f"{r.page} at {r.scale}× answered {r.status}" for r in pages if r.status != 200]
    growth, yardstick, queries, constant, heavy = [], [], [], [], []
    for name in names:
        first, last = by_page.get((name, low)), by_page.get((name, high))
        if first is None or last is None:
            continue
        if last.p50 > GROWTH_LIMIT * first.p50:
            growth.append(f"{name} ({last.p50 / first.p50:.2f}×)")
        reference = by_model.get((f"bare {last.model}", high))
        if reference is None or last.p50 > BARE_LIMIT * reference.p50:
            ratio = f"{last.p50 / reference.p50:.2f}×" if reference else "no bare list"
            yardstick.append(f"{name} ({ratio})")
        counts = [by_page[(name, s)].queries for s in scales if (name, s) in by_page]
        if any(c is None or c > MAX_QUERIES for c in counts):
            queries.append(f"{name} ({max((c or 0) for c in counts)})")
        if len(set(counts)) > 1:
            constant.append(f"{name} ({' → '.join(str(c) for c in counts)})")
        if last.html_bytes > MAX_HTML_BYTES:
            heavy.append(f"{name} ({last.html_bytes / 1024:.0f} KB)")
    aims = [
        Aim("every page answers 200", tuple(failed)),
        Aim(f"p50 at {high}× at most {GROWTH_LIMIT}× its p50 at {low}×", tuple(growth)),
        Aim(f"p50 at {high}× at most {BARE_LIMIT}× the bare list's", tuple(yardstick)),
        Aim(f"at most {MAX_QUERIES} queries per page", tuple(queries)),
        Aim("queries per page the same at every scale", tuple(constant)),
        Aim(f"no page over {MAX_HTML_BYTES // 1024} KB at {high}×", tuple(heavy)),
    ]
    for job in timed:
        miss = () if job.seconds is not None and job.seconds <= job.limit else (
            f"{job.seconds:.2f} s" if job.seconds is not None else "failed",
        )  # fmt: skip
        aims.append(Aim(f"{job.name} in at most {job.limit:g} s", miss))
    return aims


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def format_table(pages: Sequence[PageRun], bare: Sequence[PageRun], timed: Sequence[Timed]) -> str:
    """One table: each page's p50/p95 (ms) at each scale, its bare list's p50 at the largest,
    its queries at each scale (computed, then kept) and its size at the largest; then the
    timed jobs."""
    scales = sorted({run.scale for run in pages} | {run.scale for run in bare})
    high = scales[-1]
    by_page, by_model = _by(pages), _by(bare)
    header = ["Role", "Page"]
    for scale in scales:
        header += [f"p50 {scale}×", f"p95 {scale}×"]
    header += [f"bare p50 {high}×", "queries", "kept", f"KB {high}×"]
    rows = []
    for name in dict.fromkeys(run.page for run in pages):
        known = [by_page[(name, s)] for s in scales if (name, s) in by_page]
        last = known[-1]
        row = [last.role, name]
        for scale in scales:
            run = by_page.get((name, scale))
            row += [_ms(run.p50), _ms(run.p95)] if run else ["", ""]
        reference = by_model.get((f"bare {last.model}", high))
        row += [
            f"{_ms(reference.p50)} ({last.model.split('.')[1]})" if reference else "",
            " / ".join("?" if r.queries is None else str(r.queries) for r in known),
            " / ".join("?" if r.kept_queries is None else str(r.kept_queries) for r in known),
            f"{last.html_bytes / 1024:.0f}",
        ]
        rows.append(row)
    for job in timed:
        seconds = "failed" if job.seconds is None else f"{job.seconds:.2f} s"
        rows.append(["", job.name, seconds] + [""] * (len(header) - 3))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return " | ".join(
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    separator = "-+-".join("-" * w for w in widths)
    body = [line(header), separator]
    body += [line(r) for r in rows[: len(rows) - len(timed)]]
    if timed:
        body.append(separator)
        body += [line(r) for r in rows[len(rows) - len(timed) :]]
    return "\n".join(body)
