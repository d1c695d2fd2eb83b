"""The menu and the breadcrumbs, rendered from the one list of sections (cinterfor.navigation)."""

from django import template

from cinterfor import navigation

register = template.Library()


def _biennium(context):
    """The biennium the page shows, if any (biennium pages put it in their context)."""
    biennium = context.get("biennium")
    return biennium if hasattr(biennium, "slug") else None


@register.inclusion_tag("includes/site_menu.html", takes_context=True)
def site_menu(context):
    """The sidebar: the biennium's pages, then the workspace's, as the user's roles open them."""
    biennium = _biennium(context)
    request = context["request"]
    return {
        "groups": navigation.menu(request, biennium),
        "biennium": biennium,
        "user": request.user,
    }


@register.simple_tag(takes_context=True)
def breadcrumb_links(context) -> list[navigation.Link]:
    """Bienniums › the biennium › the page's section; a page may add its own below them."""
    return navigation.breadcrumbs(
        context["request"],
        _biennium(context),
        line=context.get("line"),
        section=context.get("section"),
    )
