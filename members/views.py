"""The member register in the browser: every role reads it, finance and managers keep it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cinterfor.concurrency import ConcurrentEdit
from cinterfor.forms import save_with_form
from cinterfor.history import history_of
from cinterfor.roles import ALL_ROLES, FINANCE, MANAGERS, has_role, role_required
from cinterfor.submissions import create_once, once_only

from . import selectors, services
from .forms import AgreementForm, DeleteForm, InstitutionFilterForm, InstitutionForm
from .pickers import country_label, institution_label

EDITORS = (FINANCE, MANAGERS)
PER_PAGE = 25
LOOKUP_PAGE = 20

SORT_COLUMNS = [
    ("acronym", gettext_lazy("Acronym")),
    ("name", gettext_lazy("Name")),
    ("country", gettext_lazy("Country")),
    ("member_since", gettext_lazy("Member since")),
    ("agreements", gettext_lazy("Agreements")),
]


def _sort_headers(current: str) -> list[dict]:
    """Each sortable column: the sort its link asks for (a second click reverses it)."""
    headers = []
    for key, label in SORT_COLUMNS:
        active = current.lstrip("-") == key
        descending = active and current.startswith("-")
        headers.append(
            {
                "label": label,
                "sort": key if descending or not active else f"-{key}",
                "active": active,
                "descending": descending,
            }
        )
    return headers


@role_required(*ALL_ROLES)
def institution_list(request):
    """Search by name or acronym, filter by country and agreement, sort and page."""
    form = InstitutionFilterForm(request.GET or None)
    filters = form.filters()
    institutions = selectors.institutions_list(today=timezone.localdate(), **filters)
    context = {
        "form": form,
        # Counted and read only when the page's kept part is drawn again (data_version).
        "page": SimpleLazyObject(
            lambda: Paginator(institutions, PER_PAGE).get_page(request.GET.get("page"))
        ),
        "headers": _sort_headers(filters["sort"]),
        "can_edit": has_role(request.user, *EDITORS),
    }
    return render(request, "members/institution_list.html", context)


@role_required(*ALL_ROLES)
def institution_detail(request, pk: int):
    institution = selectors.institution_detail(pk=pk)
    can_edit = has_role(request.user, *EDITORS)
    context = {
        "institution": institution,
        "agreements": selectors.agreements_of(institution=institution, today=timezone.localdate()),
        # Money received is for finance and managers; programme staff see the agreements.
        "contributions": selectors.contributions_of(institution=institution) if can_edit else None,
        "can_edit": can_edit,
        "history": history_of(institution) if can_edit else None,
    }
    return render(request, "members/institution_detail.html", context)


@role_required(*EDITORS)
@once_only
def institution_create(request):
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = save_with_form(
            request,
            form,
            lambda: create_once(
                request,
                create=lambda: services.institution_create(by=request.user, **form.values()),
                url_of=lambda institution: reverse("members:institution", args=[institution.pk]),
            ),
            _("The institution is added to the register."),
        )
        if saved.done:
            return redirect(saved.result.url)
    return render(request, "members/institution_form.html", {"form": form, "institution": None})


@role_required(*EDITORS)
def institution_edit(request, pk: int):
    institution = selectors.institution_detail(pk=pk)
    form = InstitutionForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        saved = save_with_form(
            request,
            form,
            lambda: services.institution_update(
                institution=institution,
                by=request.user,
                seen_version=form.seen_version,
                **form.values(),
            ),
            _("The institution is saved."),
        )
        if saved.done:
            return redirect("members:institution", pk=institution.pk)
    context = {"form": form, "institution": institution}
    return render(request, "members/institution_form.html", context)


@role_required(*EDITORS)
@once_only
def agreement_create(request, pk: int):
    institution = selectors.institution_detail(pk=pk)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = save_with_form(
            request,
            form,
            lambda: create_once(
                request,
                create=lambda: services.agreement_create(
                    institution=institution, by=request.user, **form.values()
                ),
                url_of=lambda agreement: reverse("members:institution", args=[institution.pk]),
            ),
            _("The agreement is recorded."),
        )
        if saved.done:
            return redirect(saved.result.url)
    context = {"form": form, "institution": institution, "agreement": None}
    return render(request, "members/agreement_form.html", context)


@role_required(*EDITORS)
def agreement_edit(request, pk: int):
    agreement = selectors.agreement_detail(pk=pk)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        saved = save_with_form(
            request,
            form,
            lambda: services.agreement_update(
                agreement=agreement,
                by=request.user,
                seen_version=form.seen_version,
                **form.values(),
            ),
            _("The agreement is saved."),
        )
        if saved.done:
            return redirect("members:institution", pk=agreement.institution_id)
    context = {
        "form": form,
        "institution": agreement.institution,
        "agreement": agreement,
        "history": history_of(agreement),
    }
    return render(request, "members/agreement_form.html", context)


@role_required(*EDITORS)
def agreement_delete(request, pk: int):
    agreement = selectors.agreement_detail(pk=pk)
    form = DeleteForm(request.POST or None, initial={"version": agreement.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_delete(
                agreement=agreement, by=request.user, seen_version=form.cleaned_data["version"]
            )
        except ConcurrentEdit as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The agreement is deleted."))
        return redirect("members:institution", pk=agreement.institution_id)
    context = {"form": form, "agreement": agreement, "institution": agreement.institution}
    return render(request, "members/agreement_confirm_delete.html", context)


# The pickers' lookups (static/js/pickers.js): JSON, a page at a time, in one query.


def _lookup_page(request, rows: QuerySet, label) -> JsonResponse:
    """{"results": [{"id", "text"}], "more": bool} for ?page=; one row more tells if more."""
    page = request.GET.get("page", "1")
    number = int(page) if page.isdigit() and int(page) > 0 else 1
    start = (number - 1) * LOOKUP_PAGE
    found = list(rows[start : start + LOOKUP_PAGE + 1])
    results = [{"id": row.pk, "text": label(row)} for row in found[:LOOKUP_PAGE]]
    return JsonResponse({"results": results, "more": len(found) > LOOKUP_PAGE})


@role_required(*ALL_ROLES)
def institution_lookup(request):
    """The institutions a picker offers for what was typed (every role picks institutions)."""
    search = request.GET.get("q", "").strip()[:100]
    return _lookup_page(request, selectors.institution_choices(search=search), institution_label)


@role_required(*ALL_ROLES)
def country_lookup(request):
    search = request.GET.get("q", "").strip()[:100]
    return _lookup_page(request, selectors.country_choices(search=search), country_label)
