"""The site's sections, defined once: the sidebar, the breadcrumbs and the tests read this list.

Each page of the site lives in exactly one section, so it sits in one place in the menu: a
section names its own page and the other pages that belong to it (an activity's page belongs to
"Programme", a contribution's form to "Contributions"). Links only: every view still checks the
user's role on the server.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import roles
from .links import cached_reverse
from .narrative import narrative_text

EVERYONE = ()
MONEY = (roles.FINANCE, roles.MANAGERS)


@dataclass(frozen=True)
class Section:
    """One entry of the menu: its page, its label, who sees it and the pages it holds."""

    url_name: str
    label: str
    group: str
    roles: tuple[str, ...] = EVERYONE
    # Other url names (or "namespace:" prefixes) whose pages belong to this section.
    holds: tuple[str, ...] = ()

    @property
    def per_biennium(self) -> bool:
        return self.group in BIENNIUM_GROUPS

    def holds_page(self, view_name: str) -> bool:
        if view_name == self.url_name:
            return True
        return any(
            view_name.startswith(held) if held.endswith(":") else view_name == held
            for held in self.holds
        )


# Groups of a biennium's pages, then the site's own, in the order the menu shows them.
PROPOSAL, BUDGET, WORKSPACE = "proposal", "budget", "workspace"
BIENNIUM_GROUPS = (PROPOSAL, BUDGET)
GROUP_LABELS = {
    PROPOSAL: _("Proposal"),
    BUDGET: _("Budget"),
    WORKSPACE: _("Workspace"),
}

SECTIONS: list[Section] = [
    Section("dashboard", _("Dashboard"), PROPOSAL),
    Section(
        "programme:lines",
        _("Programme"),
        PROPOSAL,
        holds=(
            "programme:line",
            "programme:line_edit",
            "programme:activity",
            "programme:activity_create",
            "programme:activity_edit",
            "programme:activity_delete",
        ),
    ),
    Section(
        "programme:activities",
        _("All activities"),
        PROPOSAL,
        holds=("programme:deleted_activities",),
    ),
    Section(
        "programme:sections",
        _("Sections"),
        PROPOSAL,
        holds=(
            "programme:section_edit",
            "programme:paragraph",
            "programme:paragraph_number",
            "programme:paragraph_number_edit",
            "programme:paragraph_edit",
            "programme:footnote",
            "programme:footnote_edit",
            "programme:footnote_create",
        ),
    ),
    Section("workflow:status", _("Status"), PROPOSAL, holds=("workflow:", "transition:")),
    Section("notes:list", _("Review notes"), PROPOSAL, holds=("notes:",)),
    Section("documents:exports", _("Exports"), PROPOSAL, roles=(roles.MANAGERS,)),
    Section("documents:compare", _("Compare versions"), PROPOSAL),
    Section(
        "translations:overview",
        _("Translations"),
        PROPOSAL,
        roles=(roles.PROGRAMME_STAFF, roles.MANAGERS),
        holds=("translations:",),
    ),
    Section("budget:figures", _("Budget figures"), BUDGET, roles=MONEY),
    Section(
        "budget:contributions",
        _("Contributions"),
        BUDGET,
        roles=MONEY,
        holds=(
            "budget:contribution_create",
            "budget:contribution_edit",
            "budget:contribution_delete",
        ),
    ),
    Section(
        "budget:forecast",
        _("Received against forecast"),
        BUDGET,
        roles=MONEY,
        holds=("tables:contribution_upload", "tables:contribution_batch"),
    ),
    Section(
        "budget:statements",
        _("What is owed"),
        BUDGET,
        roles=MONEY,
        holds=("budget:institution_contact", "budget:statement_download"),
    ),
    Section("budget:reminders", _("Reminders"), BUDGET, roles=MONEY),
    Section(
        "budget:rates",
        _("Rates of exchange"),
        BUDGET,
        roles=MONEY,
        holds=("budget:rate_recompute",),
    ),
    Section("budget:network", _("Network counts"), BUDGET, roles=MONEY),
    Section("review:appendices", _("Appendices"), BUDGET),
    Section("whatif:panel", _("What if"), BUDGET, roles=MONEY, holds=("whatif:",)),
    Section("review:reconciliation", _("Reconciliation"), BUDGET),
    Section("home", _("Bienniums"), WORKSPACE),
    Section(
        "members:institutions",
        _("Member institutions"),
        WORKSPACE,
        holds=("members:", "tables:register_upload", "tables:register_batch"),
    ),
    Section(
        "documents:export_list",
        _("All exports"),
        WORKSPACE,
        roles=(roles.MANAGERS,),
        holds=("documents:job",),
    ),
]


def section_of(view_name: str) -> Section | None:
    """The one section a page belongs to (None for pages outside the menu, like logging in)."""
    for section in SECTIONS:
        if section.holds_page(view_name):
            return section
    return None


def _may_see(user, section: Section) -> bool:
    return not section.roles or roles.has_role(user, *section.roles)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    links: list[Link]


def menu(request: HttpRequest, biennium=None) -> list[Group]:
    """The groups of links the user's roles open; a biennium's pages only with a biennium."""
    user = request.user
    if not roles.has_any_role(user):
        return []
    match = getattr(request, "resolver_match", None)
    here = section_of(match.view_name) if match else None
    groups = []
    for key in (*BIENNIUM_GROUPS, WORKSPACE):
        if key in BIENNIUM_GROUPS and biennium is None:
            continue
        links = []
        for section in SECTIONS:
            if section.group != key or not _may_see(user, section):
                continue
            kwargs = {"years": biennium.slug} if section.per_biennium else {}
            try:
                url = cached_reverse(section.url_name, **kwargs)
            except NoReverseMatch:  # an app that does not serve this page yet
                continue
            links.append(Link(section.label, url, section is here))
        if links:
            groups.append(Group(key, GROUP_LABELS[key], links))
    return groups


def breadcrumbs(request: HttpRequest, biennium=None, *, line=None, section=None) -> list[Link]:
    """Bienniums › the biennium › the page's section › its line or section of the proposal.

    Only a biennium's pages have a trail (the workspace's pages are one step from the menu);
    the crumb of the page the user is on is marked current.
    """
    if biennium is None:
        return []
    match = getattr(request, "resolver_match", None)
    here = match.view_name if match else ""
    years = {"years": biennium.slug}
    crumbs = [
        Link(_("Bienniums"), cached_reverse("home"), False),
        Link(biennium.label, cached_reverse("dashboard", **years), here == "dashboard"),
    ]
    page_section = section_of(here)
    if page_section is not None and page_section.url_name != "dashboard":
        try:
            url = cached_reverse(page_section.url_name, **years)
        except NoReverseMatch:
            url = ""
        crumbs.append(Link(page_section.label, url, here == page_section.url_name))
    if line is not None and here.startswith("programme:"):
        url = reverse("programme:line", kwargs={**years, "letter": line.letter})
        crumbs.append(
            Link(f"({line.letter}) {narrative_text(line.heading)}", url, here == "programme:line")
        )
    elif section is not None and here.startswith("programme:"):
        url = reverse("programme:sections", kwargs=years) + f"#section-{section.pk}"
        crumbs.append(Link(narrative_text(section.title), url, False))
    return crumbs


def may_open(user, url_name: str) -> bool:
    """Whether the user's roles open the section that holds a page (to offer a link or not)."""
    section = section_of(url_name)
    return roles.has_any_role(user) and (section is None or _may_see(user, section))
