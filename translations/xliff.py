"""A language's texts as XLIFF 1.2 for translators' tools, and back.

Each text is a <trans-unit> whose id is the text's key (``paragraph:line-a.2``). Placeholders
and footnote markers are protected inline codes, ``<x id="1" ctype="x-cinterfor-placeholder"
equiv-text="[[network.countries]]"/>``: tools show them as tags a translator moves but cannot
edit. A <note from="cinterfor"> carries the digest of the source text exported and the version
of the translation then (``source-digest=…; translation-version=…``), so an import can tell a
source that changed since, or a translation someone saved since.
"""

import re
from dataclasses import dataclass

from lxml import etree
from translate.storage import xliff
from translate.storage.placeables import StringElem
from translate.storage.placeables.xliff import X

from programme.markup import TOKEN
from programme.models import Biennium

from .selectors import TextStatus
from .services import ImportedUnit
from .sources import digest

XLIFF_1_2 = "urn:oasis:names:tc:xliff:document:1.2"
NOTE_FROM = "cinterfor"
NOTE = re.compile(r"source-digest=([0-9a-f]{64}); translation-version=(\d+)")
PLACEHOLDER_CTYPE = "x-cinterfor-placeholder"
FOOTNOTE_CTYPE = "x-cinterfor-footnote"


class XliffUnit(xliff.xliffunit):
    namespace = XLIFF_1_2


class XliffFile(xliff.xlifffile):
    """translate-toolkit's XLIFF, written as version 1.2."""

    UnitClass = XliffUnit
    XMLskeleton = f"""<?xml version="1.0" ?>
<xliff version='1.2' xmlns='{XLIFF_1_2}'>
<file original='NoName' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""
    namespace = XLIFF_1_2


class UnreadableFile(ValueError):
    """The file is not an XLIFF file of this proposal and language; the message says why."""


def _codes(text: str) -> list[str]:
    return [match.group() for match in TOKEN.finditer(text)]


def _code_ids(source: str) -> list[tuple[str, str]]:
    """Each placeholder and footnote marker of the source with its <x/> id, in order."""
    return [(code, str(number)) for number, code in enumerate(_codes(source), start=1)]


def _rich(text: str, code_ids: list[tuple[str, str]]) -> list[StringElem]:
    """`text` with each placeholder and footnote marker as the <x/> the source gave it.

    A translation may reorder the codes: each takes the id of the same code in the source. A
    code the source lacks (an outdated translation) stays as text, for the import to refuse.
    """
    unused = list(code_ids)
    parts: list = []
    position = 0
    for match in TOKEN.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()])
        found = next((pair for pair in unused if pair[0] == match.group()), None)
        if found is None:
            parts.append(match.group())
        else:
            unused.remove(found)
            parts.append(X(id=found[1]))
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    return [StringElem(parts)]


def _describe_codes(element, codes: dict[str, str]) -> None:
    """Give each <x/> of a <source> or <target> the code it stands for (equiv-text)."""
    # translate-toolkit writes the <x/> of rich text without the file's namespace.
    for x in element.iter("x", f"{{{XLIFF_1_2}}}x"):
        x.tag = f"{{{XLIFF_1_2}}}x"
        code = codes[x.get("id")]
        x.set("ctype", FOOTNOTE_CTYPE if code.startswith("[^") else PLACEHOLDER_CTYPE)
        x.set("equiv-text", code)


def export_xliff(*, biennium: Biennium, language: str, statuses: list[TextStatus]) -> bytes:
    """The texts of `statuses` as one XLIFF 1.2 file, with their translations where they exist."""
    store = XliffFile(sourcelanguage=biennium.source_language, targetlanguage=language)
    store.setsourcelanguage(biennium.source_language)
    store.settargetlanguage(language)
    for status in statuses:
        source = status.source.text
        unit = store.addsourceunit(
            source, filename=f"cinterfor-{biennium.slug}", createifmissing=True
        )
        unit.setid(status.key)
        code_ids = _code_ids(source)
        unit.rich_source = _rich(source, code_ids)
        translation = status.translation
        if translation is not None:
            unit.rich_target = _rich(translation.text, code_ids)
            unit.markapproved(status.status == "up_to_date")
        version = translation.version if translation else 0
        unit.addnote(
            f"source-digest={digest(source)}; translation-version={version}", origin=NOTE_FROM
        )
        codes = {number: code for code, number in code_ids}
        for part in ("source", "target"):
            node = unit.xmlelement.find(f"{{{XLIFF_1_2}}}{part}")
            if node is not None:
                _describe_codes(node, codes)
    return bytes(store)


@dataclass(frozen=True)
class ReadFile:
    language: str
    units: list[ImportedUnit]
    problems: list[str]  # units that cannot be read at all, by id


def read_xliff(content: bytes, *, biennium: Biennium) -> ReadFile:
    """The units of a translator's file; raises UnreadableFile when it is not one of ours."""
    try:
        store = xliff.xlifffile.parsestring(content)
    except (etree.XMLSyntaxError, ValueError, AttributeError) as error:
        raise UnreadableFile(f"not an XLIFF 1.2 file ({error})") from error
    files = store.document.getroot().findall(f"{{{store.namespace}}}file")
    originals = {f.get("original") for f in files}
    if originals != {f"cinterfor-{biennium.slug}"}:
        raise UnreadableFile(
            f"this file was exported from {', '.join(sorted(o or '?' for o in originals))}, "
            f"not from the {biennium.slug} proposal"
        )
    languages = {f.get("target-language") for f in files}
    if len(languages) != 1 or None in languages:
        raise UnreadableFile("the file names no single target language")
    units, problems = [], []
    for unit in store.getunits():
        key = unit.xmlelement.get("id") or ""
        notes = NOTE.search(unit.getnotes(NOTE_FROM) or "")
        if notes is None:
            problems.append(f"{key}: its note from cinterfor (the source's digest) is missing")
            continue
        try:
            text = _plain_target(unit, store.namespace)
        except ValueError as error:
            problems.append(f"{key}: {error}")
            continue
        units.append(
            ImportedUnit(
                key=key,
                text=text,
                source_digest=notes[1],
                exported_version=int(notes[2]),
            )
        )
    return ReadFile(language=languages.pop(), units=units, problems=problems)


def _plain_target(unit, namespace: str) -> str:
    """The target as the application stores it: each <x/> back to the code its source gave it
    (the source's own <x/>, by id, not what a tool may have done to the target's attributes)."""
    source = unit.xmlelement.find(f"{{{namespace}}}source")
    target = unit.xmlelement.find(f"{{{namespace}}}target")
    if target is None:
        return ""
    codes = {x.get("id"): x.get("equiv-text") for x in source.iter(f"{{{namespace}}}x")}
    pieces = [target.text or ""]
    for child in target:
        if child.tag != f"{{{namespace}}}x":
            raise ValueError(f"the translation holds a <{etree.QName(child).localname}> element")
        if child.get("id") not in codes:
            raise ValueError(
                f'the translation holds an inline code id="{child.get("id")}" '
                "that its source does not have"
            )
        pieces.append(codes[child.get("id")] or "")
        pieces.append(child.tail or "")
    return "".join(pieces)
