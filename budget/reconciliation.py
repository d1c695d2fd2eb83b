"""Every inconsistency in a proposal between its tables, its bienniums and its text."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from programme.markup import FigureRef, Text, footnote_keys, tokens
from programme.models import Biennium
from programme.selectors import DocumentNumbers, document_numbers

from .appendices import AppendixOne, AppendixTwo, Budgets, Column, appendices, budgets_by_year
from .figures import Figure, Kind, describe, figures_for
from .network import NetworkCounts, network_counts

# Money written as digits after a currency sign escapes the data; it should be a placeholder.
LITERAL_MONEY = re.compile(r"US\$\s?\d+(?:[,\s]\d{3})*(?:\.\d+)?")
# A biennium written out ("2020–21", "2020-21") names one biennium for good; carried into the
# next proposal it names the wrong one. A placeholder ([[biennium.label]]) follows the data.
LITERAL_BIENNIUM = re.compile(r"(?<!\d)(\d{4})\s?[–-]\s?(\d{2})(?!\d)")


@dataclass(frozen=True)
class Finding:
    """One inconsistency: where it is and what disagrees with what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _money(value) -> str:
    return Figure("", "money", value).render("en")


def _appendix_findings(biennium: Biennium, one: AppendixOne, two: AppendixTwo) -> list[Finding]:
    findings: list[Finding] = []
    proposed = one.column(Column.PROPOSED)
    anticipated = one.column(Column.PREVIOUS_ANTICIPATED)
    if proposed is None:
        findings.append(Finding(_("Appendix I"), _("the proposed budget has no figures.")))
        return findings
    if two.rows and two.total != proposed.expenditure:
        findings.append(
            Finding(
                _("Appendix II"),
                _("the subprogrammes total %(two)s, but Appendix I line D says %(d)s.")
                % {"two": _money(two.total), "d": _money(proposed.expenditure)},
            )
        )
    if not two.rows:
        findings.append(Finding(_("Appendix II"), _("the proposal has no subprogrammes.")))
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
            )
        ]
    return []


def _text_findings(biennium: Biennium, one: AppendixOne, entries) -> list[Finding]:
    figures = figures_for(biennium, one)
    language_names = dict(settings.LANGUAGES)
    findings: list[Finding] = []
    for entry in entries:
        where = (
            _("Paragraph %(n)s") % {"n": entry.number}
            if entry.number
            else str(entry.section.get_kind_display())
        )
        for code, text in sorted(entry.paragraph.text.items()):
            language = language_names.get(code, code)
            for ref in (t for t in tokens(text) if isinstance(t, FigureRef)):
                figure = figures.get(ref.key)
                if figure is None:
                    findings.append(
                        Finding(where, _("unknown figure [[%(key)s]].") % {"key": ref.key})
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
                                "what": describe(ref.key),
                                "value": figure.render("en"),
                            },
                        )
                    )
            for match in LITERAL_MONEY.finditer(text):
                findings.append(
                    Finding(
                        where,
                        _("the %(lang)s text writes %(money)s as digits, not bound to the data.")
                        % {"lang": language, "money": match.group().strip()},
                    )
                )
            keys = {f.key for f in entry.paragraph.footnotes.all()}
            for key in sorted(set(footnote_keys(text)) - keys):
                findings.append(
                    Finding(where, _("footnote marker [^%(key)s] has no footnote.") % {"key": key})
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


def _texts_of(biennium: Biennium, outline: DocumentNumbers) -> list[tuple[str, dict]]:
    """The proposal's narrative that may name a biennium, with where it stands.

    Activities are left out: they grow with the data, and a completed one rightly names the
    biennium it ran in.
    """
    texts: list[tuple[str, dict]] = [
        (_("Title block"), biennium.title or {}),
        (_("Title block"), biennium.segment or {}),
    ]
    for section in outline.sections:
        kind = str(section.get_kind_display())
        texts += [(kind, section.title), (kind, section.subtitle or {})]
    for line in outline.lines:
        texts.append((_("Line of action (%(letter)s)") % {"letter": line.letter}, line.heading))
    for entry in outline.entries:
        where = (
            _("Paragraph %(n)s") % {"n": entry.number}
            if entry.number
            else str(entry.section.get_kind_display())
        )
        texts.append((where, entry.paragraph.text))
        texts += [(where, footnote.text) for footnote in entry.paragraph.footnotes.all()]
    return texts


def _label_findings(biennium: Biennium, outline: DocumentNumbers) -> list[Finding]:
    language_names = dict(settings.LANGUAGES)
    findings = []
    for where, value in _texts_of(biennium, outline):
        for code, text in sorted(value.items()):
            for label in biennium_labels_in(text):
                findings.append(
                    Finding(
                        where,
                        _(
                            "the %(lang)s text names the biennium %(label)s in typed text; bind "
                            "it to the proposal's biennium so a carried text names the right one."
                        )
                        % {"lang": language_names.get(code, code), "label": label},
                    )
                )
    return findings


def _network_findings(counts: NetworkCounts) -> list[Finding]:
    """Each count of the network the proposal states that the register, marked complete, does
    not bear out (an incomplete register is expected to hold fewer)."""
    if not counts.register_complete:
        return []
    return [
        Finding(
            _("The network's counts"),
            _("the proposal states %(stated)s %(what)s; the register holds %(register)s.")
            % {"stated": row["stated"], "what": row["label"], "register": row["register"]},
        )
        for row in counts.rows()
        if row["differs"]
    ]


def reconcile(
    biennium: Biennium, *, budgets: Budgets | None = None, network: NetworkCounts | None = None
) -> list[Finding]:
    """All inconsistencies of a biennium's proposal, tables first, then the text.

    A page that has read them already passes `budgets` (from `budgets_by_year`: this
    biennium's, the previous and the next) and `network` (`network_counts`).
    """
    years = [biennium.start_year - 2, biennium.start_year, biennium.start_year + 2]
    budgets = budgets if budgets is not None else budgets_by_year(start_years=years)
    one, two = appendices(biennium, budgets=budgets)
    outline = document_numbers(biennium=biennium)
    return (
        _appendix_findings(biennium, one, two)
        + _next_biennium_findings(biennium, budgets)
        + _network_findings(network or network_counts(biennium))
        + _text_findings(biennium, one, list(outline.entries))
        + _label_findings(biennium, outline)
    )
