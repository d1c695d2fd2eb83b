"""A figure's name in the users' words, for templates that list placeholders."""

from django import template

from ..editor_figures import figure_label as label_of

register = template.Library()


@register.filter
def figure_label(key: str) -> str:
    """`{{ chip.key|figure_label }}`: "ILO contribution (proposed)" rather than the key."""
    return label_of(key)
