"""Random damage to the shipped file: the importer refuses it by path, or imports it; never crashes."""

import copy
import json

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from budget.exchange.errors import ProposalFileError
from budget.exchange.exporter import export_proposal
from budget.exchange.importer import import_proposal
from budget.exchange.reading import parse_proposal
from budget.models import Budget, Contribution, IncomeEstimate, Subprogramme
from members.models import ContributionAgreement, Country, MemberInstitution
from programme.models import Activity, Biennium, Footnote, LineOfAction, Paragraph, Section

SHIPPED = json.loads(settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8"))
MODELS = [
    Biennium,
    Country,
    MemberInstitution,
    ContributionAgreement,
    Section,
    Paragraph,
    Footnote,
    LineOfAction,
    Activity,
    Budget,
    IncomeEstimate,
    Subprogramme,
    Contribution,
]


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict | list):
        for key, child in value.items() if isinstance(value, dict) else enumerate(value):
            yield from _paths(child, (*prefix, key))


PATHS = list(_paths(SHIPPED))[1:]

WEIRD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        ["\x00", "IN\u202eA", "٥٠٠٠", "5000\n", "2020-02-30", "CR/INA", "", " ", "9" * 5000]
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)

MUTATION = st.tuples(
    st.sampled_from(["delete", "replace", "insert key", "repeat key", "truncate"]),
    st.sampled_from(PATHS),
    WEIRD,
    st.integers(min_value=0),
)


def _apply(data: dict, mutations) -> str:
    repeat = None
    cut = None
    for kind, path, value, number in mutations:
        *parents, last = path
        target = data
        try:
            for key in parents:
                target = target[key]
            if kind == "delete":
                del target[last]
            elif kind == "replace":
                target[last] = value
            elif kind == "insert key" and isinstance(target[last], dict):
                target[last][str(value)[:10]] = value
            elif kind == "repeat key" and isinstance(last, str):
                repeat = last
            elif kind == "truncate":
                cut = number
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the place
    text = json.dumps(data, ensure_ascii=False, default=str)
    if repeat is not None:
        text = text.replace(f'"{repeat}": ', f'"{repeat}": null, "{repeat}": ', 1)
    if cut is not None:
        text = text[: cut % (len(text) + 1)]
    return text


def _state():
    counts = [model.objects.count() for model in MODELS]
    return counts, export_proposal(Biennium.objects.get(start_year=2020))


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutations=st.lists(MUTATION, min_size=1, max_size=3))
def test_a_damaged_file_is_refused_cleanly_or_imported(proposal_2020_21, mutations):
    by = get_user_model().objects.get(username="importer")
    text = _apply(copy.deepcopy(SHIPPED), mutations)
    with transaction.atomic():
        before = _state()
        try:
            import_proposal(parse_proposal(text), replace=True, by=by)
        except ProposalFileError as error:
            assert error.problems
            assert _state() == before
        transaction.set_rollback(True)
