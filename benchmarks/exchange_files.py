"""Proposal files for timing the importer: the shipped file with many more activities or
contributions, in the exchange format (docs/exchange-format.md)."""

import copy
import datetime
import json
import random
from decimal import Decimal
from pathlib import Path

from . import network

CENT = Decimal("0.01")


def with_activities(proposal: dict, total: int, *, seed: int = 1) -> dict:
    """The proposal with activities added round the lines until there are `total` of them."""
    rng = random.Random(f"{seed}/file-activities")  # noqa: S311 - made-up data, not secrets
    grown = copy.deepcopy(proposal)
    lines = grown["lines_of_action"]
    codes = [c["code"] for c in grown["countries"]]
    institutions = [f"{i['country']}/{i['acronym']}" for i in grown["institutions"]]
    have = sum(len(line["activities"]) for line in lines)
    for n in range(total - have):
        line = lines[n % len(lines)]
        topic = rng.choice(network.ACTIVITY_TOPICS)
        starts = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(600))
        line["activities"].append(
            {
                "title": {"en": f"{rng.choice(network.ACTIVITY_VERBS)} {topic} ({n + 1})"},
                "description": {"en": f"Work with the network's institutions on {topic}."},
                "kind": rng.choice(KINDS),
                "status": rng.choice(("planned", "ongoing")),
                "starts_on": starts.isoformat(),
                "ends_on": (starts + datetime.timedelta(days=rng.randrange(30, 120))).isoformat(),
                "countries": sorted(set(rng.sample(codes, rng.randrange(0, 3)))),
                "partner_institutions": sorted(set(rng.sample(institutions, rng.randrange(0, 3)))),
                "other_partners": "",
                "paragraph": rng.randrange(len(line["paragraphs"])) + 1
                if line["paragraphs"]
                else None,
            }
        )
    return grown


KINDS = (
    "research",
    "technical_assistance",
    "capacity_building",
    "knowledge_sharing",
    "publication",
    "information_system",
    "partnership",
)


def with_contributions(proposal: dict, total: int, *, seed: int = 1) -> dict:
    """The proposal with `total` contributions of its member institutions, in their currencies."""
    rng = random.Random(f"{seed}/file-contributions")  # noqa: S311 - made-up data, not secrets
    grown = copy.deepcopy(proposal)
    institutions = grown["institutions"]
    for _n in range(total - len(grown["contributions"])):
        institution = rng.choice(institutions)
        country = network.COUNTRY[institution["country"]]
        usd = Decimal(rng.randrange(1_000_00, 40_000_00)) / 100
        grown["contributions"].append(
            {
                "payer": "member_institution",
                "institution": f"{institution['country']}/{institution['acronym']}",
                "stage": rng.choice(("pledged", "committed", "received")),
                "date": (datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(730))).isoformat(),
                "amount": str((usd * country.per_usd).quantize(CENT)),
                "currency": country.currency,
                "amount_usd": str(usd),
                "income_line": "other_countries",
            }
        )  # fmt: skip
    return grown


def write(proposal: dict, path: Path) -> Path:
    path.write_text(json.dumps(proposal, ensure_ascii=False), encoding="utf-8")
    return path
