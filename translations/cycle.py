"""Translations carried into the next biennium when it is started (settings.PROGRAMME_CARRY).

A translation keeps its key, text and the source it was saved against, so a text carried
unchanged stays up to date, and one the start changed (the title names the new biennium, the
session's date moves on) shows outdated with what changed.
"""

from collections import Counter

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from programme.models import Biennium

from .models import TextTranslation
from .sources import source_texts


def carry_preview(*, source: Biennium) -> list[str]:
    counts = Counter(
        TextTranslation.objects.filter(biennium=source).values_list("language", flat=True)
    )
    if not counts:
        return []
    names = dict(settings.LANGUAGES)
    return [
        _("Translations: %(count)s texts in %(language)s.")
        % {"count": count, "language": names[code]}
        for code, count in sorted(counts.items())
    ]


def carry(*, source: Biennium, target: Biennium, by) -> None:
    """Copy the translations of `source` to the texts `target` has (after the other carries)."""
    keys = set(source_texts(biennium=target))
    reason = str(_("Started from %(source)s") % {"source": source.label})
    bulk_create_with_history(
        [
            TextTranslation(
                biennium=target,
                key=t.key,
                language=t.language,
                text=t.text,
                source_digest=t.source_digest,
                source_text_at_save=t.source_text_at_save,
                by_id=t.by_id,  # the id: no query per translation for its author
                at=t.at,
                working=t.working,  # an unreviewed working translation stays one
            )
            for t in TextTranslation.objects.filter(biennium=source, key__in=keys)
        ],
        TextTranslation,
        default_user=by,
        default_change_reason=reason,
    )
