"""The admin for the register of countries, member institutions and their agreements."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cinterfor.admin_base import VersionedAdmin, VersionedInline

from .models import ContributionAgreement, Country, MemberInstitution
from .services import EDITORS


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "institution_count"]
    search_fields = ["code", "name"]
    ordering = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Country]:
        return super().get_queryset(request).annotate(institution_count=Count("institutions"))

    @admin.display(description=_("member institutions"), ordering="institution_count")
    def institution_count(self, obj: Country) -> int:
        return obj.institution_count


class ContributionAgreementInline(VersionedInline, admin.TabularInline):
    model = ContributionAgreement
    writer_roles = EDITORS
    fields = ["signed_on", "starts_on", "ends_on", "annual_amount", "currency"]
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[ContributionAgreement]:
        # Each row is titled with __str__, which reads the institution.
        return super().get_queryset(request).select_related("institution")


@admin.register(MemberInstitution)
class MemberInstitutionAdmin(VersionedAdmin):
    writer_roles = EDITORS
    show_full_result_count = False  # a large table: no second COUNT of every row
    list_display = [
        "acronym",
        "name",
        "country",
        "kind",
        "member_since",
        "active",
        "agreement_count",
    ]
    list_filter = ["country", "kind", "active"]
    search_fields = ["acronym", "name", "country__name", "=country__code"]
    ordering = ["acronym", "country__name"]
    autocomplete_fields = ["country"]
    inlines = [ContributionAgreementInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[MemberInstitution]:
        return (
            super()
            .get_queryset(request)
            .select_related("country")
            .annotate(agreement_count=Count("agreements"))
        )

    @admin.display(description=_("agreements"), ordering="agreement_count")
    def agreement_count(self, obj: MemberInstitution) -> int:
        return obj.agreement_count


@admin.register(ContributionAgreement)
class ContributionAgreementAdmin(VersionedAdmin):
    writer_roles = EDITORS
    show_full_result_count = False  # a large table: no second COUNT of every row
    list_display = [
        "__str__",
        "institution",
        "country",
        "signed_on",
        "starts_on",
        "ends_on",
        "annual_amount",
        "currency",
    ]
    list_filter = ["institution__country", "currency"]
    search_fields = ["institution__acronym", "institution__name", "institution__country__name"]
    ordering = ["-signed_on", "institution__acronym"]
    date_hierarchy = "signed_on"
    autocomplete_fields = ["institution"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ContributionAgreement]:
        # __str__ reads the institution; the list also shows its country.
        return super().get_queryset(request).select_related("institution__country")

    @admin.display(description=_("country"), ordering="institution__country__name")
    def country(self, obj: ContributionAgreement) -> Country:
        return obj.institution.country
