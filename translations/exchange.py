"""A translator's file, read or written: XLIFF 1.2 for tools, or JSON for a script or a person.

JSON, as `export_xliff --format json` writes it and `import_xliff` reads it::

    {"biennium": "2020-21", "source_language": "en", "language": "es",
     "working_translation": false,
     "texts": [{"key": "paragraph:introduction.1", "source": "…", "source_digest": "<sha256>",
                "translation_version": 0, "translation": "…"}]}

Only "key" and "translation" are required in a unit read back; a unit without "source_digest"
is taken as translated from the source as it stands now (for a first, whole translation).
A file with "working_translation": true is an unofficial working translation: its texts are
marked so, and a document printed from them says so on its first page.
"""

import json
from dataclasses import dataclass

from programme.models import Biennium

from .selectors import text_statuses
from .services import ImportedUnit, ImportResult, translations_import
from .sources import digest, source_texts
from .xliff import UnreadableFile, export_xliff, read_xliff

FORMATS = ("xliff", "json")


def export_file(*, biennium: Biennium, language: str, file_format: str = "xliff") -> bytes:
    """Every text of the proposal with its translation into `language`, as one file."""
    statuses = text_statuses(biennium=biennium, language=language)
    if file_format == "xliff":
        return export_xliff(biennium=biennium, language=language, statuses=statuses)
    texts = [
        {
            "key": s.key,
            "source": s.source.text,
            "source_digest": digest(s.source.text),
            "translation_version": s.translation.version if s.translation else 0,
            "translation": s.translation.text if s.translation else "",
        }
        for s in statuses
    ]
    document = {
        "biennium": biennium.slug,
        "source_language": biennium.source_language,
        "language": language,
        "texts": texts,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


@dataclass(frozen=True)
class ReadUnits:
    language: str
    units: list[ImportedUnit]
    problems: list[str]


def read_file(content: bytes, *, biennium: Biennium) -> ReadUnits:
    """The units of a file in either format; raises UnreadableFile when it cannot be read."""
    if content.lstrip()[:1] != b"{":
        read = read_xliff(content, biennium=biennium)
        return ReadUnits(read.language, read.units, read.problems)
    try:
        document = json.loads(content)
        if document.get("biennium") != biennium.slug:
            raise UnreadableFile(
                f"the file is for {document.get('biennium')!r}, not {biennium.slug}"
            )
        current = None
        working = document.get("working_translation", False) is True
        units, problems = [], []
        for number, unit in enumerate(document["texts"], start=1):
            if not isinstance(unit.get("key"), str) or not isinstance(unit.get("translation"), str):
                problems.append(f"texts[{number}]: a unit needs a key and a translation (text)")
                continue
            if "source_digest" not in unit and current is None:
                current = source_texts(biennium=biennium)
            source = current.get(unit["key"]) if "source_digest" not in unit else None
            units.append(
                ImportedUnit(
                    key=unit["key"],
                    text=unit["translation"],
                    source_digest=unit.get("source_digest")
                    or (digest(source.text) if source else ""),
                    exported_version=unit.get("translation_version"),
                    working=working,
                )
            )
        return ReadUnits(document["language"], units, problems)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        if isinstance(error, UnreadableFile):
            raise
        raise UnreadableFile(f"not a translations JSON file ({error})") from error


def import_file(
    *, biennium: Biennium, content: bytes, file_name: str, by, dry_run: bool = False
) -> tuple[str, ImportResult | None, list[str]]:
    """Read a file and import it (all or nothing): its language, the result, unreadable units.

    Unreadable units stop the import before anything is checked against the proposal.
    """
    read = read_file(content, biennium=biennium)
    if read.problems:
        return read.language, None, read.problems
    result = translations_import(
        biennium=biennium,
        language=read.language,
        units=read.units,
        by=by,
        file_name=file_name,
        dry_run=dry_run,
    )
    return read.language, result, []
