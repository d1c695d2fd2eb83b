"""The importer reads strictly: what JSON or Python would quietly accept is refused by its path."""

import json

import pytest
from django.conf import settings

from budget.exchange import reading
from budget.exchange.errors import ProposalFileError
from budget.exchange.reading import parse_proposal, read_proposal


@pytest.fixture
def seed():
    return json.loads(settings.SEED_PROPOSAL_FILE.read_text(encoding="utf-8"))


def _problems(text: str) -> str:
    with pytest.raises(ProposalFileError) as refused:
        parse_proposal(text)
    return str(refused.value)


def _refused(data: dict) -> str:
    return _problems(json.dumps(data, ensure_ascii=False))


def test_a_repeated_key_is_refused_with_its_path(seed):
    text = json.dumps(seed, ensure_ascii=False)
    text = text.replace('"document_symbol": ', '"document_symbol": "GB.1", "document_symbol": ', 1)
    assert "biennium.document_symbol: the key is repeated" in _problems(text)


def test_a_nul_character_is_refused_with_its_path(seed):
    seed["sections"][0]["title"]["en"] = "Intro\x00duction"
    assert "sections[0].title.en: holds a control character (U+0000)" in _refused(seed)


def test_a_control_character_in_a_key_is_refused(seed):
    seed["biennium"]["network"]["count\x07"] = 1
    assert "biennium.network: a key holds a control character (U+0007)" in _refused(seed)


def test_new_lines_and_tabs_are_allowed_in_narrative_text(seed):
    seed["sections"][0]["paragraphs"][0]["text"]["en"] += "\n- a bullet\twith a tab"
    parse_proposal(json.dumps(seed))


def test_a_lone_surrogate_is_refused(seed):
    text = json.dumps(seed).replace('"Introduction"', '"Intro\\ud800"', 1)
    assert "holds a lone surrogate (U+D800)" in _problems(text)


def test_nesting_too_deep_is_refused_without_a_recursion_error():
    assert "nested deeper than 64 levels" in _problems("[" * 100_000 + "]" * 100_000)
    assert "nested deeper than 64 levels" in _problems('{"a": ' * 70 + "1" + "}" * 70)


def test_a_file_too_big_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text(" " * 1001)
    with pytest.raises(ProposalFileError, match="larger than 1000 bytes"):
        read_proposal(path)
    with pytest.raises(ProposalFileError, match="larger than 1000 bytes"):
        parse_proposal(" " * 1001)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(constant):
    assert "not JSON" in _problems('{"version": ' + constant + "}")


def test_a_boolean_is_not_a_number(seed):
    seed["budgets"][2]["subprogrammes"][0]["professional_months"] = True
    assert "budgets[2].subprogrammes[0].professional_months" in _refused(seed)


def test_a_number_is_not_a_boolean(seed):
    seed["institutions"][0]["active"] = 1
    assert "institutions[0].active" in _refused(seed)


def test_the_version_must_be_the_integer_one(seed):
    seed["version"] = True
    assert "version" in _refused(seed)


@pytest.mark.parametrize("value", [0, 20200101, "2020-1-1", "20200101", "2020-01-01T00:00"])
def test_dates_are_iso_strings_only(seed, value):
    seed["lines_of_action"][0]["activities"][0]["starts_on"] = value
    assert "lines_of_action[0].activities[0].starts_on" in _refused(seed)


@pytest.mark.parametrize("amount", ["5000\n", "٥٠٠٠", "５０００", " 5000", "5_000", "+5000"])
def test_amounts_are_ascii_digits_only(seed, amount):
    seed["budgets"][2]["income"]["ilo"] = amount
    assert "budgets[2].income.ilo" in _refused(seed)


def test_years_are_ascii_digits_only(seed):
    seed["biennium"]["years"] = "٢٠٢٠-21"
    assert "biennium.years" in _refused(seed)


@pytest.mark.parametrize(
    "path, value",
    [
        (("biennium", "network", "member_institutions"), -1),
        (("biennium", "network", "member_institutions"), 40_000),
        (("institutions", 0, "member_since"), 70_000),
        (("budgets", 2, "subprogrammes", 0, "general_service_months"), 2**31),
        (("lines_of_action", 0, "activities", 0, "paragraph"), 40_000),
    ],
)
def test_integers_are_checked_against_their_columns(seed, path, value):
    target = seed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    dotted = ".".join(str(p) for p in path)
    for index in (0, 2):
        dotted = dotted.replace(f".{index}.", f"[{index}].")
    assert dotted in _refused(seed)


@pytest.mark.parametrize(
    "acronym",
    [
        "IN\u202eA",  # right-to-left override
        "IN\u2066A",  # isolate
        "IN\u200bA",  # zero-width space
        "INA\ufeff",  # byte order mark
        "\u0406NA",  # Cyrillic І looks like Latin I
        "ΙΝΑ",  # Greek capitals that look like INA
        "IN\u200eA",  # left-to-right mark
    ],
)
def test_an_acronym_with_invisible_or_lookalike_characters_is_refused(seed, acronym):
    seed["institutions"][4]["acronym"] = acronym
    assert "institutions[4].acronym" in _refused(seed)


def test_an_institution_reference_follows_the_same_rule(seed):
    seed["agreements"] = [
        {
            "institution": "CR/IN\u200bA",
            "signed_on": "2019-01-01",
            "starts_on": "2019-01-01",
            "ends_on": "2020-12-31",
            "annual_amount": "1000.00",
            "currency": "USD",
        }
    ]
    assert "agreements[0].institution" in _refused(seed)


def test_acronyms_may_hold_ascii_punctuation(seed):
    seed["institutions"].append(
        {
            "acronym": "ANEP-CETP (UTU) & Co.",
            "country": "UY",
            "name": "A test institution",
            "kind": "other",
            "member_since": None,
            "active": True,
        }
    )
    parse_proposal(json.dumps(seed))


def test_identifiers_are_normalised_to_nfc(seed):
    # "A" + COMBINING RING composes to Å, which is outside the ASCII rule: refused, not hidden.
    seed["institutions"][4]["acronym"] = "INA\u030a"
    assert "institutions[4].acronym" in _refused(seed)
