"""Every page of the site a browser test visits, by role: a new page must join this list.

`PAGES` names each GET page; `test_every_page_is_listed` (tests/browser/test_accessibility.py)
fails when the site gains a named GET URL that is neither here nor in `NOT_PAGES`.
Who may open each page comes from the permission matrix, the one table of the answers.
"""

from django.urls import reverse

from tests.test_permission_matrix import MATRIX, OK, _kwargs

# Named GET URLs that are not pages a person reads: files, JSON for pickers, htmx fragments.
NOT_PAGES = {
    # A paragraph's id addresses forward to its number address (programme:paragraph_number).
    "programme:paragraph",
    "programme:paragraph_edit",
    "documents:job_download",  # the generated file
    "documents:job_progress",  # a fragment the job page polls
    "members:institution_lookup",  # JSON for the institution picker
    "members:country_lookup",  # JSON for the country picker
    "budget:statement_download",  # a statement's PDF
    "tables:institutions",  # the lists as spreadsheets (CSV, XLSX)
    "tables:agreements",
    "tables:activities",
    "tables:contributions",
    "tables:forecast",
    "tables:figures_history",
    "tables:contribution_template",  # the blank spreadsheets to fill in
    "tables:register_template",
    "translations:export",  # a language's texts as an XLIFF file
}

PAGES = [
    "home",
    "dashboard",
    "programme:lines",
    "programme:line",
    "programme:line_edit",
    "programme:activities",
    "programme:activity",
    "programme:activity_create",
    "programme:activity_edit",
    "programme:activity_delete",
    "programme:sections",
    "programme:section_edit",
    "programme:paragraph_number",
    "programme:paragraph_number_edit",
    "programme:footnote",
    "programme:footnote_edit",
    "programme:footnote_create",
    "programme:deleted_activities",
    "workflow:status",
    "workflow:start_next",
    "workflow:title_block",
    "transition:submit",
    "transition:approve",
    "transition:reopen",
    "notes:list",
    "notes:create",
    "notes:note",
    "budget:figures",
    "budget:contributions",
    "budget:contribution_create",
    "budget:contribution_edit",
    "budget:contribution_delete",
    "budget:forecast",
    "budget:statements",
    "budget:institution_contact",
    "budget:reminders",
    "budget:rates",
    "budget:rate_recompute",
    "budget:network",
    "tables:contribution_upload",
    "tables:contribution_batch",
    "review:appendices",
    "review:reconciliation",
    "whatif:panel",
    "whatif:scenarios",
    "documents:compare",
    "documents:exports",
    "documents:export_list",
    "documents:job",
    "members:institutions",
    "members:institution",
    "members:institution_create",
    "members:institution_edit",
    "members:agreement_create",
    "members:agreement_edit",
    "members:agreement_delete",
    "tables:register_upload",
    "tables:register_batch",
    "translations:overview",
    "translations:texts",
    "translations:edit",
    "translations:import",
]

ROLES = ("staff", "finance", "manager")

# Each role's main page, photographed at laptop and phone size.
MAIN_PAGE = {"staff": "programme:line", "finance": "budget:contributions", "manager": "dashboard"}


def get_names() -> set[str]:
    """Every named GET URL of the site (admin, logging in and out excluded, as in the matrix)."""
    return {name for name, (method, _expected) in MATRIX.items() if method == "get"}


def pages_for(role: str, objects: dict) -> list[tuple[str, str]]:
    """(name, url) of every page the role may open, with the objects the URLs name."""
    return [
        (name, reverse(name, kwargs=_kwargs(name, objects)))
        for name in PAGES
        if MATRIX[name][1].get(role) == OK
    ]


def url_of(name: str, objects: dict) -> str:
    return reverse(name, kwargs=_kwargs(name, objects))
