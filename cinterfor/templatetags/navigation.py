"""The menu and the breadcrumbs, rendered from the one list of sections (cinterfor.navigation)."""

import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

from cinterfor import navigation
from cinterfor.roles import roles_of

register = template.Library()


def _biennium(context):
    """The biennium the page shows, if any (biennium pages put it in their context)."""
    biennium = context.get("biennium")
    return biennium if hasattr(biennium, "slug") else None


# The menu shows no data but the biennium's label, so it is kept per page, biennium, language
# and reader's roles rather than drawn again at every request (1.3 ms of a 16 ms page). The
# expiry bounds how long a deployment that changes the sections serves the former menu.
MENU_SECONDS = 300


@register.simple_tag(takes_context=True)
def site_menu(context) -> str:
    """The sidebar: the biennium's pages, then the workspace's, as the user's roles open them."""
    biennium = _biennium(context)
    request = context["request"]
    user = request.user
    match = getattr(request, "resolver_match", None)
    described = " ".join(
        (
            match.view_name if match else "",
            biennium.slug if biennium else "",
            get_language() or "",
            ",".join(sorted(roles_of(user))),
            f"superuser={user.is_superuser} staff={user.is_staff} active={user.is_active}",
        )
    )
    key = f"site-menu:{hashlib.blake2b(described.encode(), digest_size=16).hexdigest()}"
    menu = cache.get(key)
    if menu is None:
        groups = navigation.menu(request, biennium)
        menu = render_to_string(
            "includes/site_menu.html", {"groups": groups, "biennium": biennium, "user": user}
        )
        cache.set(key, menu, MENU_SECONDS)
    return menu


@register.simple_tag(takes_context=True)
def breadcrumb_links(context) -> list[navigation.Link]:
    """Bienniums › the biennium › the page's section; a page may add its own below them."""
    return navigation.breadcrumbs(
        context["request"],
        _biennium(context),
        line=context.get("line"),
        section=context.get("section"),
    )
