"""Path converters for the site's URLs."""

from programme.selectors import BIENNIUM_SLUG, biennium_years


class BienniumConverter:
    """A biennium in a URL (`bienniums/<biennium:years>/`): `2020-21`, or the URL answers 404.

    Two consecutive years in ASCII digits (programme.selectors.biennium_years); the value
    stays the string the views and `reverse()` already use.
    """

    regex = BIENNIUM_SLUG.pattern

    def to_python(self, value: str) -> str:
        biennium_years(value)
        return value

    def to_url(self, value: str) -> str:
        biennium_years(value)  # reverse() refuses what resolve() would refuse
        return value
