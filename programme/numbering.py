"""Paragraph numbers over time: the numbers kept before a renumbering, and what a number
address means after one.

The rule (issue 13). `/paragraphs/<n>/` is the paragraph the document numbers n now. Every
write that may renumber (a paragraph added, deleted or moved; a section moved) first keeps the
numbers printed until then (`keep_paragraph_numbers`). Then, for an address of number n:
- n belongs to a paragraph now: that paragraph is shown; if other paragraphs held n before, the
  page says so, until when, and where each of them stands now (or that it was deleted);
- n belongs to no paragraph now: the address forwards (a temporary redirect, as the number may
  be given again) to the number now held by the paragraph that held n last, and says so;
- n was never printed, or only by paragraphs since deleted: 404.
The id addresses (`/paragraphs/id/<pk>/`) carry the paragraph's identity and forward
permanently to its number address, wherever it stands.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from .models import Biennium, Paragraph, ParagraphNumber
from .selectors import DocumentNumbers, numbered_paragraphs


def keep_paragraph_numbers(*, biennium: Biennium) -> None:
    """Keep the numbers the document prints now; call it inside a write that may renumber,
    after locking the biennium and before changing any paragraph or section."""
    now = timezone.now()
    ParagraphNumber.objects.bulk_create(
        [
            ParagraphNumber(
                biennium=biennium, number=entry.number, paragraph=entry.paragraph, last_seen=now
            )
            for entry in numbered_paragraphs(biennium=biennium)
            if entry.number is not None
        ],
        update_conflicts=True,
        unique_fields=["paragraph", "number"],
        update_fields=["last_seen"],
    )


@dataclass(frozen=True)
class FormerHolder:
    """A paragraph that held a number before: where it stands now, and until when it held it."""

    paragraph_id: int | None  # None: deleted since
    number_now: int | None  # None: deleted, or now in an appendix, which is not numbered
    until: datetime


@dataclass(frozen=True)
class NumberAddress:
    """What `/paragraphs/<number>/` shows now, and which paragraphs held the number before."""

    number: int
    paragraph: Paragraph | None
    formerly: tuple[FormerHolder, ...]

    @property
    def forward_to(self) -> int | None:
        """The number to go to when no paragraph holds this one now: the last holder's."""
        if self.paragraph is not None:
            return None
        return next((h.number_now for h in self.formerly if h.number_now is not None), None)


def number_address(*, biennium: Biennium, numbers: DocumentNumbers, number: int) -> NumberAddress:
    """The paragraph numbered `number` now and the former holders of the number (one query)."""
    paragraph = numbers.paragraph_numbered(number)
    kept = ParagraphNumber.objects.filter(biennium=biennium, number=number).order_by("-last_seen")
    formerly: list[FormerHolder] = []
    deleted_shown = False
    for row in kept:
        if paragraph is not None and row.paragraph_id == paragraph.pk:
            continue
        if row.paragraph_id is None:
            if deleted_shown:  # one line says a deleted paragraph held it; the latest date
                continue
            deleted_shown = True
        formerly.append(
            FormerHolder(row.paragraph_id, numbers.paragraphs.get(row.paragraph_id), row.last_seen)
        )
    return NumberAddress(number, paragraph, tuple(formerly))
