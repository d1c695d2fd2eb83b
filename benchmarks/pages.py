"""The pages the bench measures: each role's main pages of one biennium, and their yardsticks.

Each page is compared with the bare list view of the model it mostly shows (benchmarks.views).
"""

from dataclasses import dataclass

from cinterfor.roles import FINANCE, MANAGERS, PROGRAMME_STAFF


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    url_name: str
    needs: tuple[str, ...]  # URL arguments: years, letter, activity, contribution
    model: str  # app_label.ModelName of its bare list


PAGES = (
    Page("Lines of action", PROGRAMME_STAFF, "programme:lines", ("years",), "programme.LineOfAction"),
    Page("A line of action", PROGRAMME_STAFF, "programme:line", ("years", "letter"), "programme.Activity"),
    Page("Activities", PROGRAMME_STAFF, "programme:activities", ("years",), "programme.Activity"),
    Page("New activity", PROGRAMME_STAFF, "programme:activity_create", ("years", "letter"), "programme.Activity"),
    Page("Edit an activity", PROGRAMME_STAFF, "programme:activity_edit", ("years", "activity"), "programme.Activity"),
    Page("Institutions", FINANCE, "members:institutions", (), "members.MemberInstitution"),
    Page("Contributions", FINANCE, "budget:contributions", ("years",), "budget.Contribution"),
    Page("New contribution", FINANCE, "budget:contribution_create", ("years",), "budget.Contribution"),
    Page("Edit a contribution", FINANCE, "budget:contribution_edit", ("years", "contribution"), "budget.Contribution"),
    Page("Figures", FINANCE, "budget:figures", ("years",), "budget.IncomeEstimate"),
    Page("Received against forecast", FINANCE, "budget:forecast", ("years",), "budget.Contribution"),
    Page("Appendices", MANAGERS, "review:appendices", ("years",), "budget.Budget"),
    Page("Reconciliation", MANAGERS, "review:reconciliation", ("years",), "programme.Paragraph"),
    Page("Dashboard", MANAGERS, "dashboard", ("years",), "budget.Contribution"),
    Page("Status", MANAGERS, "workflow:status", ("years",), "programme.BienniumTransition"),
    Page("Exports", MANAGERS, "documents:exports", ("years",), "documents.ExportJob"),
)  # fmt: skip

ROLES = (PROGRAMME_STAFF, FINANCE, MANAGERS)
# The bench's own users, one per role, created in each bench database (never elsewhere).
BENCH_USERS = {PROGRAMME_STAFF: "bench-staff", FINANCE: "bench-finance", MANAGERS: "bench-manager"}
