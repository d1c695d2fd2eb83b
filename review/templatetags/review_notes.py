"""Panels other apps' pages include: the open notes on a part, and what holds a proposal back."""

from django import template
from django.urls import reverse

from cinterfor.roles import MANAGERS, has_role

from .. import selectors

register = template.Library()


@register.inclusion_tag("review/includes/notes_panel.html", takes_context=True)
def notes_panel(context, biennium, paragraph=None, activity=None, appendix=False):
    """The open notes on a paragraph, an activity or the appendices, and (for managers) a link
    to leave one. One query."""
    notes = selectors.open_notes_on(
        biennium=biennium,
        paragraph_id=paragraph.pk if paragraph is not None else None,
        activity_id=activity.pk if activity is not None else None,
        appendix=appendix,
    )
    if paragraph is not None:
        query = f"?paragraph={paragraph.pk}"
    elif activity is not None:
        query = f"?activity={activity.pk}"
    else:
        query = "?appendix=1"
    new_note = reverse("notes:create", kwargs={"years": biennium.slug}) + query
    return {
        "notes": list(notes),
        "new_note_url": new_note if has_role(context["request"].user, MANAGERS) else "",
    }


@register.inclusion_tag("review/includes/status_review.html")
def status_review(biennium):
    """On the status page: why each finding stood at submission, and the open notes. Two
    queries, whatever their number."""
    return {
        "biennium": biennium,
        "reasons": list(selectors.reasons_of_last_submission(biennium=biennium)),
        "open_notes": list(selectors.open_notes(biennium=biennium)),
    }
