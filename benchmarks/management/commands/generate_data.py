"""Grow a freshly migrated database around the shipped proposal, N× the real network."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchmarks.generator import NotFresh, generate


class Command(BaseCommand):
    help = (
        "On a freshly migrated database, load the 2020–21 proposal and grow the data around it: "
        "N× the network's institutions, agreements, contributions and activities, and 20 past "
        "bienniums with their history. The same --seed gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="N: how many networks (1+).")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random choices.")
        parser.add_argument(
            "--past-scale",
            type=int,
            default=1,
            help="M: the 20 past bienniums' size, in networks (default 1, the real size).",
        )

    def handle(self, *args, scale: int, seed: int, past_scale: int, **options):
        if scale < 1 or past_scale < 1:
            raise CommandError("--scale and --past-scale must be 1 or more.")
        started = time.perf_counter()
        try:
            counts = generate(
                seed_file=settings.SEED_PROPOSAL_FILE, scale=scale, seed=seed, past_scale=past_scale
            )
        except NotFresh as error:
            raise CommandError(f"Nothing generated: {error}") from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated scale {scale} (seed {seed}) in {seconds:.1f} s: "
                f"{counts.institutions} institutions, {counts.agreements} agreements, "
                f"{counts.bienniums} bienniums; 2020–21 has {counts.activities_2020_21} "
                f"activities and {counts.contributions_2020_21} contributions "
                f"({counts.activities} and {counts.contributions} in all)."
            )
        )
