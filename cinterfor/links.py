"""Addresses reversed once and reused: a list's rows and the menu's sections.

reverse() walks the URL patterns each time it is called; a page of 25 rows with four links
each, and a menu of some twenty sections, called it over a hundred times a request.
"""

from collections.abc import Callable
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

# Digits, so that any converter of the row's value (<int:pk>, <str:...>) takes it.
PLACEHOLDER = "987654321"


def url_of_each(view_name: str, *, varying: str, **fixed) -> Callable[[object], str]:
    """The URL of `view_name` as a function of one whole-number argument, `varying` (a pk);
    the other arguments fixed.

    `url_of_each("programme:activity", varying="pk", years="2020-21")(7)` is
    `reverse("programme:activity", kwargs={"years": "2020-21", "pk": 7})`.
    """
    url = reverse(view_name, kwargs={**fixed, varying: PLACEHOLDER})
    if url.count(PLACEHOLDER) != 1:  # a fixed argument holds the placeholder's digits
        return lambda value: reverse(view_name, kwargs={**fixed, varying: value})
    head, _placeholder, tail = url.partition(PLACEHOLDER)
    return lambda value: f"{head}{int(value)}{tail}"


def cached_reverse(view_name: str, **kwargs: str) -> str:
    """reverse() with string arguments, remembered per URL configuration and script prefix."""
    return _reverse(view_name, tuple(sorted(kwargs.items())), get_urlconf(), get_script_prefix())


@lru_cache(maxsize=2048)
def _reverse(view_name: str, kwargs: tuple, _urlconf, _prefix: str) -> str:
    return reverse(view_name, kwargs=dict(kwargs))
