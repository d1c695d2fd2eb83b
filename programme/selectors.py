"""Reads of a proposal's narrative that more than one place needs."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from .models import Biennium, LineOfAction, Paragraph, Section


@dataclass(frozen=True)
class NumberedParagraph:
    """A paragraph with the number the document gives it (None in the appendices)."""

    number: int | None
    paragraph: Paragraph
    section: Section
    line_of_action: LineOfAction | None


def biennium_by_slug(slug: str) -> Biennium:
    """The biennium a command or URL names as 2020-21; raises Biennium.DoesNotExist."""
    start, _sep, end = slug.partition("-")
    if not (start.isdigit() and end.isdigit() and len(start) == 4 and len(end) == 2):
        raise Biennium.DoesNotExist(f"{slug!r} does not name a biennium; write it as 2020-21.")
    return Biennium.objects.get(start_year=int(start), end_year=int(start) + 1)


def get_biennium_or_404(slug: str) -> Biennium:
    """The biennium a URL names (2020-21), or a 404."""
    try:
        return biennium_by_slug(slug)
    except Biennium.DoesNotExist as error:
        raise Http404(str(error)) from error


def sections_with_paragraphs(*, biennium: Biennium) -> QuerySet[Section]:
    paragraphs = Paragraph.objects.order_by("position").prefetch_related("footnotes")
    return biennium.sections.order_by("position").prefetch_related(
        Prefetch("paragraphs", queryset=paragraphs)
    )


def lines_with_paragraphs(*, biennium: Biennium) -> QuerySet[LineOfAction]:
    paragraphs = Paragraph.objects.order_by("position").prefetch_related("footnotes")
    return biennium.lines.order_by("letter").prefetch_related(
        Prefetch("paragraphs", queryset=paragraphs)
    )


def numbered_paragraphs(*, biennium: Biennium) -> list[NumberedParagraph]:
    """Every paragraph in document order, numbered continuously from 1 outside the appendices.

    The lines of action (a)–(i) follow the paragraphs of the Programme section.
    """
    lines = list(lines_with_paragraphs(biennium=biennium))
    result: list[NumberedParagraph] = []
    number = 0
    for section in sections_with_paragraphs(biennium=biennium):
        entries = [(p, None) for p in section.paragraphs.all()]
        if section.kind == Section.Kind.PROGRAMME:
            entries += [(p, line) for line in lines for p in line.paragraphs.all()]
        for paragraph, line in entries:
            if section.is_appendix:
                result.append(NumberedParagraph(None, paragraph, section, line))
            else:
                number += 1
                result.append(NumberedParagraph(number, paragraph, section, line))
    return result


def bienniums_overview() -> QuerySet[Biennium]:
    """Every biennium, newest first, with how many lines of action and activities it has."""
    return Biennium.objects.order_by("-start_year").annotate(
        line_count=Count("lines", distinct=True),
        activity_count=Count("lines__activities", distinct=True),
    )
