"""Filters that show values; they never compute a figure."""

import datetime
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import format_html

from budget.calculations import whole_dollars, work_years_months
from cinterfor.narrative import narrative_text
from cinterfor.submissions import FIELD, key_for_page

register = template.Library()


@register.filter
def narrative(value: dict | None) -> str:
    """A narrative in the active language (English when it has no translation yet)."""
    return narrative_text(value)


@register.filter
def money(value: Decimal | None) -> str:
    """Whole dollars with the active language's grouping; a dash for none, as the document."""
    if value is None:
        return "–"
    if value == 0:
        return "-"
    return formats.number_format(whole_dollars(value), 0, use_l10n=True, force_grouping=True)


@register.filter
def money_cents(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


@register.filter
def work_months(months: int | None) -> str:
    """Work in months as Appendix II prints it: 2/00, or a dash for none."""
    if not months:
        return "–"
    years, rest = work_years_months(months)
    return f"{years}/{rest:02d}"


@register.inclusion_tag("includes/biennium_nav.html")
def biennium_tabs(biennium, active: str = ""):
    """What a biennium's page says above its content (its lock); its pages are in the sidebar,
    drawn from the one list of sections in cinterfor.navigation."""
    return {"biennium": biennium}


@register.simple_tag(takes_context=True)
def submission_key(context) -> str:
    """The hidden one-time key of a create form: sent twice, it creates once."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FIELD, key_for_page(context["request"])
    )


@register.simple_tag(takes_context=True)
def page_query(context, param: str, number: int) -> str:
    """This page's query string with one list's page number set: `?q=x&page=2`. A page with
    two lists pages each by a parameter of its own, as {% querystring %} cannot name it."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


@register.filter
def whole_minutes(value: datetime.timedelta | None) -> int:
    """A duration in whole minutes, rounded up (a lock-out of 90 s is "2 minutes")."""
    if value is None:
        return 0
    return -(-int(value.total_seconds()) // 60)
