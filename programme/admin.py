"""The admin for bienniums, the proposal's narrative, lines of action and activities.

Status changes of a biennium (submit, approve) are services, so the admin shows the status
and who moved it but does not let anyone edit them.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cinterfor.admin_base import VersionedAdmin, VersionedInline
from cinterfor.admin_forms import VersionedAdminForm
from cinterfor.narrative import language_codes, narrative_text
from cinterfor.roles import MANAGERS

from . import services
from .models import Activity, Biennium, Footnote, LineOfAction, Paragraph, Section
from .numbering import keep_paragraph_numbers
from .services import lock_for_edit


def narrative_search(*names: str) -> list[str]:
    """Search each language's text of these narrative fields (title__en, title__es, …).

    A key lookup searches the text itself. icontains on the whole JSON searches its encoding:
    the keys too (every row matches "en"), and on SQLite "formación" is stored escaped as
    "formaci\\u00f3n", so a search with an accent finds nothing.
    """
    return [f"{name}__{code}" for name in names for code in language_codes()]


def excerpt(narrative: dict | None, words: int = 12) -> str:
    return Truncator(narrative_text(narrative)).words(words)


def biennium_of(record) -> Biennium | None:
    """The proposal a record belongs to; None while it names none (an incomplete add form)."""
    if isinstance(record, Biennium):
        return record
    if isinstance(record, Section | LineOfAction):
        return record.biennium if record.biennium_id else None
    if isinstance(record, Paragraph):
        parent = record.section if record.section_id else None
        if parent is None and record.line_of_action_id:
            parent = record.line_of_action
        return biennium_of(parent) if parent else None
    if isinstance(record, Footnote):
        return biennium_of(record.paragraph) if record.paragraph_id else None
    if isinstance(record, Activity):
        return biennium_of(record.line_of_action) if record.line_of_action_id else None
    raise TypeError(f"{type(record).__name__} belongs to no proposal")


class ProposalRecords:
    """A proposal's records: a write locks its biennium, and a submitted one is read-only."""

    writer_roles = services.EDITORS

    def owner_of(self, obj) -> Biennium | None:
        return biennium_of(obj)

    def lock_owner(self, owner: Biennium) -> None:
        lock_for_edit(owner)
        if self.model in (Section, LineOfAction, Paragraph):  # a write that may renumber
            keep_paragraph_numbers(biennium=owner)

    def owner_is_read_only(self, owner: Biennium) -> bool:
        return owner.is_locked


class ProposalAdmin(ProposalRecords, VersionedAdmin):
    pass


class ProposalInline(ProposalRecords, VersionedInline):
    pass


class BienniumFilter(admin.SimpleListFilter):
    """Filter by the biennium a row belongs to through one of several paths.

    A paragraph is in a section or under a line of action, so its biennium is one of two.
    """

    title = _("biennium")
    parameter_name = "biennium"
    paths: tuple[str, ...] = ()

    def lookups(self, request, model_admin):
        return [(str(b.pk), b.label) for b in Biennium.objects.only("start_year", "end_year")]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        condition = Q()
        for path in self.paths:
            condition |= Q(**{f"{path}__pk": self.value()})
        return queryset.filter(condition)


class ParagraphBienniumFilter(BienniumFilter):
    paths = ("section__biennium", "line_of_action__biennium")


class FootnoteBienniumFilter(BienniumFilter):
    paths = ("paragraph__section__biennium", "paragraph__line_of_action__biennium")


@admin.register(Biennium)
class BienniumAdmin(ProposalAdmin):
    writer_roles = (MANAGERS,)  # the title block is the managers' (programme.title_block)
    list_display = [
        "label",
        "status",
        "document_symbol",
        "reported_member_institutions",
        "reported_member_countries",
        "reported_agreements_signed",
        "section_count",
        "line_count",
    ]
    list_filter = ["status"]
    search_fields = ["start_year__exact", "document_symbol", *narrative_search("title")]
    ordering = ["-start_year"]
    readonly_fields = ["status", "submitted_by", "submitted_at", "approved_by", "approved_at"]
    fieldsets = [
        (None, {"fields": ["start_year", "end_year", "status"]}),
        (
            _("Document"),
            {"fields": ["document_symbol", "governing_body_session", "segment", "title"]},
        ),
        (
            _("Figures the proposal reports"),
            {
                "fields": [
                    "reported_member_institutions",
                    "reported_member_countries",
                    "reported_agreements_signed",
                ]
            },
        ),
        (
            _("Submission and approval"),
            {"fields": ["submitted_by", "submitted_at", "approved_by", "approved_at"]},
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Biennium]:
        return (
            super()
            .get_queryset(request)
            .select_related("submitted_by", "approved_by")
            .annotate(
                section_count=Count("sections", distinct=True),
                line_count=Count("lines", distinct=True),
            )
        )

    @admin.display(description=_("biennium"), ordering="start_year")
    def label(self, obj: Biennium) -> str:
        return obj.label

    @admin.display(description=_("sections"), ordering="section_count")
    def section_count(self, obj: Biennium) -> int:
        return obj.section_count

    @admin.display(description=_("lines of action"), ordering="line_count")
    def line_count(self, obj: Biennium) -> int:
        return obj.line_count


class SectionParagraphInline(ProposalInline, admin.StackedInline):
    model = Paragraph
    fk_name = "section"
    fields = ["position", "text"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Paragraph]:
        # Each paragraph is titled with __str__, which names its section and biennium.
        return super().get_queryset(request).select_related("section__biennium")


@admin.register(Section)
class SectionAdmin(ProposalAdmin):
    list_display = ["title_text", "biennium", "position", "kind", "paragraph_count"]
    list_filter = ["biennium", "kind"]
    search_fields = [*narrative_search("title", "subtitle"), "biennium__start_year__exact"]
    ordering = ["-biennium__start_year", "position"]
    inlines = [SectionParagraphInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Section]:
        # __str__ names the biennium, here and in the autocomplete of paragraphs.
        return (
            super()
            .get_queryset(request)
            .select_related("biennium")
            .annotate(paragraph_count=Count("paragraphs"))
        )

    @admin.display(description=_("title"))
    def title_text(self, obj: Section) -> str:
        return narrative_text(obj.title)

    @admin.display(description=_("paragraphs"), ordering="paragraph_count")
    def paragraph_count(self, obj: Section) -> int:
        return obj.paragraph_count


class LineParagraphInline(ProposalInline, admin.StackedInline):
    model = Paragraph
    fk_name = "line_of_action"
    fields = ["position", "text"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Paragraph]:
        return super().get_queryset(request).select_related("line_of_action__biennium")


class ActivityInline(ProposalInline, admin.TabularInline):
    model = Activity
    fields = ["position", "title", "kind", "status"]
    extra = 0
    show_change_link = True


@admin.register(LineOfAction)
class LineOfActionAdmin(ProposalAdmin):
    list_display = ["letter", "biennium", "heading_text", "paragraph_count", "activity_count"]
    list_display_links = ["letter", "heading_text"]
    list_filter = ["biennium"]
    search_fields = ["=letter", *narrative_search("heading"), "biennium__start_year__exact"]
    ordering = ["-biennium__start_year", "letter"]
    inlines = [LineParagraphInline, ActivityInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[LineOfAction]:
        return (
            super()
            .get_queryset(request)
            .select_related("biennium")
            .annotate(
                paragraph_count=Count("paragraphs", distinct=True),
                activity_count=Count("activities", distinct=True),
            )
        )

    @admin.display(description=_("heading"))
    def heading_text(self, obj: LineOfAction) -> str:
        return narrative_text(obj.heading)

    @admin.display(description=_("paragraphs"), ordering="paragraph_count")
    def paragraph_count(self, obj: LineOfAction) -> int:
        return obj.paragraph_count

    @admin.display(description=_("activities"), ordering="activity_count")
    def activity_count(self, obj: LineOfAction) -> int:
        return obj.activity_count


# A footnote comes and goes with its marker in the paragraph's text, which only the services
# (footnote_create, footnote_delete) keep together; the admin edits footnote texts only.
class FootnoteInline(ProposalInline, admin.TabularInline):
    model = Footnote
    fields = ["key", "text"]
    readonly_fields = ["key"]
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ParagraphAdminForm(VersionedAdminForm):
    """The paragraph's text under the rules the application's editor applies: placeholders
    kept as they are, footnote markers naming the paragraph's own footnotes."""

    def clean_text(self) -> dict:
        text = self.cleaned_data["text"]
        if self.instance.pk is not None:
            problems = services.paragraph_text_problems(
                old=self.instance.text,
                new=text or {},
                footnote_keys=self.instance.footnotes.values_list("key", flat=True),
            )
            if problems:
                raise ValidationError(problems)
        return text


@admin.register(Paragraph)
class ParagraphAdmin(ProposalAdmin):
    form = ParagraphAdminForm
    list_display = ["__str__", "position", "text_excerpt", "footnote_count"]
    list_filter = [ParagraphBienniumFilter, "section__kind", "line_of_action__letter"]
    search_fields = narrative_search("text")
    ordering = ["section", "line_of_action", "position"]
    fields = ["section", "line_of_action", "position", "text"]
    autocomplete_fields = ["section", "line_of_action"]
    inlines = [FootnoteInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Paragraph]:
        # __str__ names the section or line and its biennium.
        return (
            super()
            .get_queryset(request)
            .select_related("section__biennium", "line_of_action__biennium")
            .annotate(footnote_count=Count("footnotes"))
        )

    @admin.display(description=_("text"))
    def text_excerpt(self, obj: Paragraph) -> str:
        return excerpt(obj.text)

    @admin.display(description=_("footnotes"), ordering="footnote_count")
    def footnote_count(self, obj: Paragraph) -> int:
        return obj.footnote_count


@admin.register(Footnote)
class FootnoteAdmin(ProposalAdmin):
    """Adding and deleting go through the services, which put or take the paragraph's marker."""

    list_display = ["key", "paragraph", "text_excerpt"]
    list_filter = [FootnoteBienniumFilter]
    search_fields = ["key", *narrative_search("text")]
    ordering = ["paragraph", "id"]
    autocomplete_fields = ["paragraph"]  # picked by search: a select would list every paragraph

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        # The marker in the paragraph names the key, so a footnote keeps its paragraph and key.
        return ["paragraph", "key"] if obj is not None else []

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # each delete must take its marker along
        return actions

    def save_model(self, request, obj: Footnote, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.footnote_create(
            paragraph=obj.paragraph, by=request.user, key=obj.key, text=obj.text
        )
        obj.pk, obj.version = created.pk, created.version

    def delete_model(self, request, obj: Footnote) -> None:
        services.footnote_delete(footnote=obj, by=request.user, seen_version=obj.version)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Footnote]:
        return (
            super()
            .get_queryset(request)
            .select_related("paragraph__section__biennium", "paragraph__line_of_action__biennium")
        )

    @admin.display(description=_("text"))
    def text_excerpt(self, obj: Footnote) -> str:
        return excerpt(obj.text)


@admin.register(Activity)
class ActivityAdmin(ProposalAdmin):
    show_full_result_count = False  # a large table: no second COUNT of every row
    list_display = [
        "title_text",
        "biennium",
        "line_letter",
        "position",
        "kind",
        "status",
        "country_count",
        "partner_count",
    ]
    list_filter = [
        "line_of_action__biennium",
        "line_of_action__letter",
        "kind",
        "status",
        "countries",
    ]
    search_fields = [
        *narrative_search("title", "description"),
        "other_partners",
        "countries__name",
        "partner_institutions__acronym",
    ]
    ordering = ["-line_of_action__biennium__start_year", "line_of_action__letter", "position"]
    autocomplete_fields = [
        "line_of_action",
        "source_paragraph",
        "countries",
        "partner_institutions",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("line_of_action", "position"),
                    "source_paragraph",
                    "title",
                    "description",
                    ("kind", "status"),
                    ("starts_on", "ends_on"),
                ]
            },
        ),
        (_("Partners"), {"fields": ["countries", "partner_institutions", "other_partners"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Activity]:
        return (
            super()
            .get_queryset(request)
            .select_related("line_of_action__biennium")
            .annotate(
                country_count=Count("countries", distinct=True),
                partner_count=Count("partner_institutions", distinct=True),
            )
        )

    @admin.display(description=_("title"))
    def title_text(self, obj: Activity) -> str:
        return narrative_text(obj.title)

    @admin.display(description=_("biennium"), ordering="line_of_action__biennium__start_year")
    def biennium(self, obj: Activity) -> Biennium:
        return obj.line_of_action.biennium

    @admin.display(description=_("line"), ordering="line_of_action__letter")
    def line_letter(self, obj: Activity) -> str:
        return f"({obj.line_of_action.letter})"

    @admin.display(description=_("countries"), ordering="country_count")
    def country_count(self, obj: Activity) -> int:
        return obj.country_count

    @admin.display(description=_("partner institutions"), ordering="partner_count")
    def partner_count(self, obj: Activity) -> int:
        return obj.partner_count
