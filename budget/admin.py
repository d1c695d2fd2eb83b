"""The admin for the appendices' inputs (budgets, income lines, subprogrammes) and contributions.

Only inputs are edited here. The one derived figure shown, total income, is read-only; the
rest (C, E, Appendix II totals) belong to budget.calculations and its pages.
"""

from decimal import Decimal

from django.contrib import admin
from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from cinterfor.admin_base import VersionedAdmin, VersionedInline
from cinterfor.narrative import language_codes, narrative_text
from programme.models import Biennium

from .models import Budget, BudgetPhase, Contribution, IncomeEstimate, Subprogramme
from .services import EDITORS, lock_budget_for_edit


def budget_of(record) -> Budget | None:
    if isinstance(record, Budget):
        return record if record.biennium_id else None
    return record.budget if record.budget_id else None


class BudgetRecords:
    """An appendix's records: a write locks the proposal of their budget (lock_budget_for_edit)
    and a submitted proposal's are read-only."""

    writer_roles = EDITORS

    def owner_of(self, obj) -> Budget | None:
        return budget_of(obj)

    def lock_owner(self, owner: Budget) -> None:
        lock_budget_for_edit(owner)

    def owner_is_read_only(self, owner: Budget) -> bool:
        # For the page only; the write re-checks under lock_budget_for_edit's rule, which this
        # follows: an anticipated column belongs to the next proposal while one exists.
        proposal = owner.biennium
        if owner.phase == BudgetPhase.ANTICIPATED:
            following = Biennium.objects.filter(start_year=proposal.start_year + 2).first()
            proposal = following or proposal
        return proposal.is_locked


class IncomeEstimateInline(BudgetRecords, VersionedInline, admin.TabularInline):
    model = IncomeEstimate
    fields = ["line", "amount"]
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[IncomeEstimate]:
        # Each row is titled with __str__, which names the budget and its biennium.
        return super().get_queryset(request).select_related("budget__biennium")


class SubprogrammeInline(BudgetRecords, VersionedInline, admin.TabularInline):
    model = Subprogramme
    fields = [
        "position",
        "name",
        "professional_months",
        "general_service_months",
        "staff_cost",
        "non_staff_cost",
    ]
    extra = 0


@admin.register(Budget)
class BudgetAdmin(BudgetRecords, VersionedAdmin):
    list_display = [
        "__str__",
        "biennium",
        "phase",
        "funds_brought_forward",
        "total_income",
        "total_expenditure",
    ]
    list_filter = ["biennium", "phase"]
    search_fields = ["biennium__start_year__exact", "biennium__document_symbol"]
    ordering = ["-biennium__start_year", "phase"]
    fields = ["biennium", "phase", "funds_brought_forward", "total_income", "total_expenditure"]
    readonly_fields = ["total_income"]
    inlines = [IncomeEstimateInline, SubprogrammeInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Budget]:
        # Only one multi-valued relation is joined, so the sum is not multiplied.
        return (
            super()
            .get_queryset(request)
            .select_related("biennium")
            .annotate(total_income=Coalesce(Sum("income__amount"), Decimal(0)))
        )

    @admin.display(description=_("B. Total income"), ordering="total_income")
    def total_income(self, obj: Budget) -> str | None:
        # An unsaved budget (the add page) has no annotation and no income yet.
        total = getattr(obj, "total_income", None)
        if total is None:
            return None
        # Cents always, as the stored amounts show: SQLite returns a sum without its scale.
        return number_format(total, decimal_pos=2)


@admin.register(IncomeEstimate)
class IncomeEstimateAdmin(BudgetRecords, VersionedAdmin):
    list_display = ["__str__", "budget", "line", "amount"]
    list_filter = ["budget__biennium", "budget__phase", "line"]
    search_fields = ["budget__biennium__start_year__exact", "budget__biennium__document_symbol"]
    ordering = ["-budget__biennium__start_year", "budget__phase", "line"]
    autocomplete_fields = ["budget"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[IncomeEstimate]:
        return super().get_queryset(request).select_related("budget__biennium")


@admin.register(Subprogramme)
class SubprogrammeAdmin(BudgetRecords, VersionedAdmin):
    list_display = [
        "name_text",
        "budget",
        "position",
        "professional_months",
        "general_service_months",
        "staff_cost",
        "non_staff_cost",
    ]
    list_filter = ["budget__biennium", "budget__phase"]
    search_fields = [f"name__{code}" for code in language_codes()]
    ordering = ["-budget__biennium__start_year", "budget__phase", "position"]
    autocomplete_fields = ["budget"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Subprogramme]:
        return super().get_queryset(request).select_related("budget__biennium")

    @admin.display(description=_("name"))
    def name_text(self, obj: Subprogramme) -> str:
        return narrative_text(obj.name)


@admin.register(Contribution)
class ContributionAdmin(VersionedAdmin):
    """Version-checked, but not frozen with the proposal: contributions keep being received
    and corrected after approval (budget.services.contribution_record)."""

    writer_roles = EDITORS

    show_full_result_count = False  # a large table: no second COUNT of every row

    list_display = [
        "date",
        "payer_label",
        "payer",
        "stage",
        "amount",
        "currency",
        "amount_usd",
        "income_line",
        "biennium",
    ]
    list_display_links = ["date", "payer_label"]
    list_filter = ["biennium", "payer", "stage", "income_line", "currency"]
    search_fields = [
        "payer_name",
        "institution__acronym",
        "institution__name",
        "reference",
        "note",
    ]
    ordering = ["-date", "id"]
    date_hierarchy = "date"
    autocomplete_fields = ["institution"]
    fieldsets = [
        (None, {"fields": ["biennium", "income_line", "stage", "date"]}),
        (_("Payer"), {"fields": ["payer", "institution", "payer_name"]}),
        (_("Amount"), {"fields": [("amount", "currency"), "amount_usd", "reference", "note"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Contribution]:
        return super().get_queryset(request).select_related("biennium", "institution")

    @admin.display(description=_("paid by"), ordering="institution__acronym")
    def payer_label(self, obj: Contribution) -> str:
        if obj.institution_id:
            return str(obj.institution)
        return obj.payer_name or obj.get_payer_display()
