"""Every inconsistency in a proposal between its tables, its bienniums and its text."""

import re
from collections import Counter
from dataclasses import dataclass, replace

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from programme.markup import FigureRef, Text, footnote_keys, tokens
from programme.models import Biennium
from programme.selectors import DocumentNumbers, document_numbers

from .appendices import AppendixOne, AppendixTwo, Budgets, Column, appendices, budgets_by_year
from .figure_labels import figure_label
from .figures import Figure, Kind, figures_for
from .network import NetworkCounts, network_counts

# Money written as digits after a currency sign escapes the data; it should be a placeholder.
LITERAL_MONEY = re.compile(r"US\$\s?\d+(?:[,\s]\d{3})*(?:\.\d+)?")
# A biennium written out ("2020–21", "2020-21") names one biennium for good; carried into the
# next proposal it names the wrong one. A placeholder ([[biennium.label]]) follows the data.
LITERAL_BIENNIUM = re.compile(r"(?<!\d)(\d{4})\s?[–-]\s?(\d{2})(?!\d)")


@dataclass(frozen=True)
class Finding:
    """One inconsistency: where it is and what disagrees with what.

    `key` names it the same way in every language and from one reading to the next, so a
    reason recorded at submission stays with its finding; `link` is the page it is about.
    """

    where: str
    message: str
    key: str = ""
    link: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _money(value) -> str:
    return Figure("", "money", value).render("en")


def _appendices_link(biennium: Biennium) -> str:
    return reverse("review:appendices", kwargs={"years": biennium.slug})


def _paragraph_link(biennium: Biennium, entry) -> str:
    if entry.number:
        return reverse(
            "programme:paragraph_number", kwargs={"years": biennium.slug, "number": entry.number}
        )
    return reverse("programme:paragraph", kwargs={"years": biennium.slug, "pk": entry.paragraph.pk})


def _paragraph_where(entry) -> str:
    if entry.number:
        return _("Paragraph %(n)s") % {"n": entry.number}
    return str(entry.section.get_kind_display())


def _appendix_findings(biennium: Biennium, one: AppendixOne, two: AppendixTwo) -> list[Finding]:
    findings: list[Finding] = []
    link = _appendices_link(biennium)
    proposed = one.column(Column.PROPOSED)
    anticipated = one.column(Column.PREVIOUS_ANTICIPATED)
    if proposed is None:
        findings.append(
            Finding(
                _("Appendix I"),
                _("the proposed budget has no figures."),
                "appendix-1:no-proposed-budget",
                link,
            )
        )
        return findings
    if two.rows and two.total != proposed.expenditure:
        findings.append(
            Finding(
                _("Appendix II"),
                _("the subprogrammes total %(two)s, but Appendix I line D says %(d)s.")
                % {"two": _money(two.total), "d": _money(proposed.expenditure)},
                "appendix-2:total-differs-from-d",
                link,
            )
        )
    if not two.rows:
        findings.append(
            Finding(
                _("Appendix II"),
                _("the proposal has no subprogrammes."),
                "appendix-2:no-subprogrammes",
                link,
            )
        )
    if anticipated and anticipated.carried_forward != proposed.brought_forward:
        findings.append(
            Finding(
                _("Appendix I"),
                _(
                    "funds to be carried forward in %(prev)s (anticipated) are %(e)s, but the "
                    "%(this)s proposal brings forward %(a)s."
                )
                % {
                    "prev": anticipated.biennium_label,
                    "e": _money(anticipated.carried_forward),
                    "this": biennium.label,
                    "a": _money(proposed.brought_forward),
                },
                "appendix-1:brought-forward-differs-from-anticipated-e",
                link,
            )
        )
    return findings


def _next_biennium_findings(biennium: Biennium, budgets: Budgets) -> list[Finding]:
    # Only the years and label of the next biennium are read; its budgets are in `budgets`.
    following = Biennium(start_year=biennium.start_year + 2, end_year=biennium.end_year + 2)
    this_one = appendices(following, budgets=budgets)[0]
    anticipated = this_one.column(Column.PREVIOUS_ANTICIPATED)
    proposed = this_one.column(Column.PROPOSED)
    if anticipated and proposed and anticipated.carried_forward != proposed.brought_forward:
        return [
            Finding(
                _("Appendix I"),
                _("the %(next)s proposal brings forward %(a)s, not the %(e)s anticipated here.")
                % {
                    "next": following.label,
                    "a": _money(proposed.brought_forward),
                    "e": _money(anticipated.carried_forward),
                },
                "appendix-1:next-brings-forward-another-e",
                _appendices_link(biennium),
            )
        ]
    return []


def _text_findings(biennium: Biennium, one: AppendixOne, entries) -> list[Finding]:
    figures = figures_for(biennium, one)
    language_names = dict(settings.LANGUAGES)
    findings: list[Finding] = []
    for entry in entries:
        where, link = _paragraph_where(entry), _paragraph_link(biennium, entry)
        place = f"paragraph:{entry.paragraph.pk}"
        for code, text in sorted(entry.paragraph.text.items()):
            language = language_names.get(code, code)
            for ref in (t for t in tokens(text) if isinstance(t, FigureRef)):
                figure = figures.get(ref.key)
                if figure is None:
                    findings.append(
                        Finding(
                            where,
                            _("the %(lang)s text binds a figure the data do not have (%(name)s).")
                            % {"lang": language, "name": ref.key},
                            f"{place}:{code}:unknown-figure:{ref.key}",
                            link,
                        )
                    )
                elif ref.stated is not None and not figure.agrees_with(ref.stated):
                    unit = _(" per cent") if figure.kind == Kind.PERCENT else ""
                    findings.append(
                        Finding(
                            where,
                            _(
                                "the %(lang)s text states %(stated)s%(unit)s for %(what)s; "
                                "the data give %(value)s%(unit)s."
                            )
                            % {
                                "lang": language,
                                "stated": ref.stated,
                                "unit": unit,
                                "what": figure_label(ref.key),
                                "value": figure.render(),  # as the reader's language writes it
                            },
                            f"{place}:{code}:stated-figure:{ref.key}",
                            link,
                        )
                    )
            for match in LITERAL_MONEY.finditer(text):
                findings.append(
                    Finding(
                        where,
                        _("the %(lang)s text writes %(money)s as digits, not bound to the data.")
                        % {"lang": language, "money": match.group().strip()},
                        f"{place}:{code}:typed-money:{match.group().strip()}",
                        link,
                    )
                )
            keys = {f.key for f in entry.paragraph.footnotes.all()}
            for key in sorted(set(footnote_keys(text)) - keys):
                findings.append(
                    Finding(
                        where,
                        _("footnote marker [^%(key)s] has no footnote.") % {"key": key},
                        f"{place}:{code}:footnote-missing:{key}",
                        link,
                    )
                )
    return findings


def biennium_labels_in(text: str) -> list[str]:
    """The biennium labels typed into a text (outside placeholders): "2020–21", never "2018–21"."""
    labels = []
    for token in tokens(text):
        if not isinstance(token, Text):
            continue
        for match in LITERAL_BIENNIUM.finditer(token.text):
            if (int(match[1]) + 1) % 100 == int(match[2]):
                labels.append(match.group())
    return labels


@dataclass(frozen=True)
class _Place:
    """A text of the narrative that may name a biennium: where it stands, and its page."""

    where: str
    key: str
    link: str
    value: dict


def _texts_of(biennium: Biennium, outline: DocumentNumbers) -> list[_Place]:
    """The proposal's narrative that may name a biennium, with where it stands.

    Activities are left out: they grow with the data, and a completed one rightly names the
    biennium it ran in.
    """
    years = {"years": biennium.slug}
    sections_link = reverse("programme:sections", kwargs=years)
    texts = [
        _Place(_("Title block"), "title", sections_link, biennium.title or {}),
        _Place(_("Title block"), "segment", sections_link, biennium.segment or {}),
    ]
    for section in outline.sections:
        kind = str(section.get_kind_display())
        link = reverse("programme:section_edit", kwargs={**years, "pk": section.pk})
        texts += [
            _Place(kind, f"section:{section.pk}:title", link, section.title),
            _Place(kind, f"section:{section.pk}:subtitle", link, section.subtitle or {}),
        ]
    for line in outline.lines:
        texts.append(
            _Place(
                _("Line of action (%(letter)s)") % {"letter": line.letter},
                f"line:{line.letter}",
                reverse("programme:line", kwargs={**years, "letter": line.letter}),
                line.heading,
            )
        )
    for entry in outline.entries:
        where, link = _paragraph_where(entry), _paragraph_link(biennium, entry)
        texts.append(_Place(where, f"paragraph:{entry.paragraph.pk}", link, entry.paragraph.text))
        texts += [
            _Place(where, f"footnote:{footnote.pk}", link, footnote.text)
            for footnote in entry.paragraph.footnotes.all()
        ]
    return texts


def _label_findings(biennium: Biennium, outline: DocumentNumbers) -> list[Finding]:
    language_names = dict(settings.LANGUAGES)
    findings = []
    for place in _texts_of(biennium, outline):
        for code, text in sorted(place.value.items()):
            for label in biennium_labels_in(text):
                findings.append(
                    Finding(
                        place.where,
                        _(
                            "the %(lang)s text names the biennium %(label)s in typed text; bind "
                            "it to the proposal's biennium so a carried text names the right one."
                        )
                        % {"lang": language_names.get(code, code), "label": label},
                        f"{place.key}:{code}:typed-biennium:{label}",
                        place.link,
                    )
                )
    return findings


def _network_findings(biennium: Biennium, counts: NetworkCounts) -> list[Finding]:
    """Each count of the network the proposal states that the register, marked complete, does
    not bear out (an incomplete register is expected to hold fewer)."""
    if not counts.register_complete:
        return []
    # The network page is readable by every role, so whoever reads the finding can open it.
    link = reverse("budget:network", kwargs={"years": biennium.slug})
    return [
        Finding(
            _("The network's counts"),
            _("the proposal states %(stated)s %(what)s; the register holds %(register)s.")
            % {"stated": row["stated"], "what": row["label"], "register": row["register"]},
            f"network:{row['key']}",
            f"{link}#count-{row['key']}",
        )
        for row in counts.rows()
        if row["differs"]
    ]


def _with_unique_keys(findings: list[Finding]) -> list[Finding]:
    """The same slip twice in one text (two typed amounts alike) gets keys #2, #3…"""
    seen: Counter[str] = Counter()
    unique = []
    for finding in findings:
        seen[finding.key] += 1
        count = seen[finding.key]
        unique.append(finding if count == 1 else replace(finding, key=f"{finding.key}#{count}"))
    return unique


def reconcile(
    biennium: Biennium,
    *,
    budgets: Budgets | None = None,
    network: NetworkCounts | None = None,
    outline: DocumentNumbers | None = None,
) -> list[Finding]:
    """All inconsistencies of a biennium's proposal, tables first, then the text.

    A page that has read them already passes `budgets` (from `budgets_by_year`: this
    biennium's, the previous and the next), `network` (`network_counts`) and `outline`
    (`document_numbers`).
    """
    years = [biennium.start_year - 2, biennium.start_year, biennium.start_year + 2]
    budgets = budgets if budgets is not None else budgets_by_year(start_years=years)
    one, two = appendices(biennium, budgets=budgets)
    outline = outline if outline is not None else document_numbers(biennium=biennium)
    return _with_unique_keys(
        _appendix_findings(biennium, one, two)
        + _next_biennium_findings(biennium, budgets)
        + _network_findings(biennium, network or network_counts(biennium))
        + _text_findings(biennium, one, list(outline.entries))
        + _label_findings(biennium, outline)
    )
