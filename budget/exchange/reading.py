"""Read a proposal file strictly: JSON that a lenient reader would take quietly is refused."""

import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError as SchemaError

from . import schema
from .errors import Problem, ProposalFileError, dotted
from .references import check_references

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64


class _Object(dict):
    """A JSON object that remembers the keys it was given more than once."""

    repeated: list[str]


def _object(pairs: list[tuple[str, object]]) -> _Object:
    result = _Object(pairs)
    seen: set[str] = set()
    result.repeated = [key for key, _value in pairs if key in seen or seen.add(key)]
    return result


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


# Controls (Cc) but a line break and a tab, and lone surrogates (Cs), found by one C-level scan.
BAD_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _bad_character(text: str) -> str | None:
    found = BAD_CHARACTER.search(text)
    if found is None:
        return None
    character = found.group()
    kind = "a lone surrogate" if unicodedata.category(character) == "Cs" else "a control character"
    return f"{kind} (U+{ord(character):04X})"


def _walk(data: object) -> list[Problem]:
    """Repeated keys, characters no text may hold, and nesting deeper than MAX_DEPTH."""
    problems: list[Problem] = []
    stack: list[tuple[object, tuple, int]] = [(data, (), 1)]
    while stack:  # a loop, not recursion: the depth is what is being checked
        value, location, depth = stack.pop()
        if isinstance(value, str):
            bad = _bad_character(value)
            if bad:
                problems.append(Problem(dotted(location), f"holds {bad}."))
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > MAX_DEPTH:
            problems.append(Problem(dotted(location), f"is nested deeper than {MAX_DEPTH} levels."))
            continue
        if isinstance(value, list):
            stack.extend((item, (*location, i), depth + 1) for i, item in enumerate(value))
            continue
        for key in getattr(value, "repeated", []):
            problems.append(Problem(dotted((*location, key)), "the key is repeated."))
        for key, item in value.items():
            bad = _bad_character(key)
            if bad:
                problems.append(Problem(dotted(location), f"a key holds {bad}."))
            else:
                stack.append((item, (*location, key), depth + 1))
    return sorted(problems, key=lambda p: p.path)


def read_proposal(path: Path) -> schema.Proposal:
    """Parse and validate a file; ProposalFileError names every field that is wrong."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ProposalFileError([Problem("", f"{path} is larger than {MAX_FILE_BYTES} bytes.")])
        raw = path.read_bytes()
    except OSError as error:
        raise ProposalFileError([Problem("", f"cannot read {path}: {error}")]) from error
    return parse_proposal(raw)


def _load(raw: str | bytes) -> object:
    if len(raw) > MAX_FILE_BYTES:
        raise ProposalFileError([Problem("", f"the file is larger than {MAX_FILE_BYTES} bytes.")])
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ProposalFileError([Problem("", f"not UTF-8: {error}")]) from error
    try:
        # Decimal for every JSON number with a fraction: money never passes through float.
        return json.loads(
            raw, parse_float=Decimal, parse_constant=_refuse_constant, object_pairs_hook=_object
        )
    except json.JSONDecodeError as error:
        problem = Problem(f"line {error.lineno}, column {error.colno}", f"not JSON: {error.msg}")
        raise ProposalFileError([problem]) from error
    except RecursionError as error:
        problem = Problem(
            "", f"not JSON this application reads: nested deeper than {MAX_DEPTH} levels."
        )
        raise ProposalFileError([problem]) from error
    except ValueError as error:  # NaN, Infinity, an integer of more than 4300 digits
        raise ProposalFileError([Problem("", f"not JSON: {error}")]) from error


def parse_proposal(raw: str | bytes) -> schema.Proposal:
    """Parse and validate a file's text, refusing it whole with every problem by its path."""
    data = _load(raw)
    problems = _walk(data)
    if problems:
        raise ProposalFileError(problems)
    try:
        proposal = schema.Proposal.model_validate(data)
    except SchemaError as error:
        problems = [Problem(dotted(e["loc"]), e["msg"]) for e in error.errors()]
        raise ProposalFileError(problems) from error
    problems = check_references(proposal)
    if problems:
        raise ProposalFileError(problems)
    return proposal
