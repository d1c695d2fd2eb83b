"""The finance pages of a biennium: the appendices' figures, contributions, received vs forecast.

Finance and managers use them; every view checks the role on the server, reads through
budget.selectors, writes through budget.services and shows what budget.calculations derived.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cinterfor.concurrency import ConcurrentEdit
from cinterfor.forms import save_with_form
from cinterfor.history import history_of
from cinterfor.links import url_of_each
from cinterfor.roles import FINANCE, MANAGERS, role_required
from cinterfor.submissions import create_once, once_only
from members.forms import DeleteForm
from programme.models import Biennium
from programme.selectors import get_biennium_or_404
from programme.services import BienniumLocked

from .. import calculations as calc
from .. import selectors, services
from ..appendices import COLUMN_LABELS, Column, appendices
from ..finance_forms import RatedContributionForm
from ..forms import (
    AppendixOneForm,
    BalanceFilterForm,
    ContributionFilterForm,
    SubprogrammeFormSet,
    subprogramme_initial,
)

EDITORS = (FINANCE, MANAGERS)
PER_PAGE = 25


# Appendices I and II


def _column_headings(sheet) -> list[dict]:
    start = sheet.biennium.start_year - 2
    previous_label = Biennium(start_year=start, end_year=start + 1).label
    return [
        {
            "key": key,
            "biennium": column.owner.label if column.owner else previous_label,
            "label": COLUMN_LABELS[key],
            "editable": column.editable,
        }
        for key, column in sheet.columns.items()
    ]


def _save_figures(request, biennium, form, formset) -> bool:
    """Hand the valid tables to the service; its refusal becomes a message, nothing saved."""
    appendix_two = formset.edit(seen_version=form.proposed_seen_version) if formset else None
    try:
        services.appendices_save(
            biennium=biennium, by=request.user, columns=form.edits(), appendix_two=appendix_two
        )
    except (ConcurrentEdit, BienniumLocked) as error:
        messages.error(request, str(error))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        return True
    return False


@role_required(*EDITORS)
def figures(request, years: str):
    """Appendix I and II as editable tables, saved together in one transaction."""
    biennium = get_biennium_or_404(years)
    sheet = selectors.figures_sheet(biennium=biennium)
    data = request.POST if request.method == "POST" else None
    form = AppendixOneForm(data, sheet=sheet)
    formset = None
    if sheet.proposed.editable:
        language = biennium.source_language
        formset = SubprogrammeFormSet(
            data,
            initial=subprogramme_initial(sheet.subprogrammes, language=language),
            prefix="sub",
            form_kwargs={"language": language},
        )
    if data is not None:
        if form.is_valid() and (formset is None or formset.is_valid()):
            if _save_figures(request, biennium, form, formset):
                one, two = appendices(biennium)
                messages.success(request, _("The figures are saved and every total recomputed."))
                proposed = one.column(Column.PROPOSED)
                if proposed and two.rows and two.total != proposed.expenditure:
                    messages.warning(
                        request,
                        _(
                            "Appendix II totals %(two)s US$, but line D of the proposed budget "
                            "says %(d)s US$."
                        )
                        % {"two": two.total, "d": proposed.expenditure},
                    )
                return redirect("budget:figures", years=biennium.slug)
        else:
            messages.error(request, _("Nothing was saved: correct the figures marked below."))
    shown = SimpleLazyObject(lambda: appendices(biennium))

    def rows() -> list:
        # The saved row totals beside each saved row; the script recomputes them as one types.
        saved_totals = [row.total for row in shown[1].rows]
        return [
            (row_form, saved_totals[index] if index < len(saved_totals) else None)
            for index, row_form in enumerate(formset.forms if formset is not None else [])
        ]

    # What the tables show is read only when the page's kept parts are drawn again
    # (templates/budget/finance/figures.html, cinterfor.data_version).
    context = {
        "biennium": biennium,
        "sheet": sheet,
        "form": form,
        "table": SimpleLazyObject(lambda: form.table(shown[0])),
        "headings": SimpleLazyObject(lambda: _column_headings(sheet)),
        "formset": formset,
        "rows": SimpleLazyObject(rows),
        "one": SimpleLazyObject(lambda: shown[0]),
        "two": SimpleLazyObject(lambda: shown[1]),
        # The grid formats figures as the server prints them (static/js/budget-tables.js).
        "number_format": {
            "thousands": formats.get_format("THOUSAND_SEPARATOR"),
            "decimal": formats.get_format("DECIMAL_SEPARATOR"),
        },
        "history": SimpleLazyObject(
            lambda: selectors.figures_history(
                biennium=biennium, sheet=sheet, page_number=request.GET.get("page")
            )
        ),
    }
    return render(request, "budget/finance/figures.html", context)


# Contributions


@role_required(*EDITORS)
def contributions(request, years: str):
    """A biennium's contributions, filtered by stage, payer and income line, a page at a time."""
    biennium = get_biennium_or_404(years)
    form = ContributionFilterForm(request.GET or None)
    listed = selectors.contributions_for(biennium=biennium, **form.filters())

    def page():
        shown = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
        # Each row's links from one reverse() per kind of link, not three per row.
        institution_url = url_of_each("members:institution", varying="pk")
        edit_url, delete_url = (
            url_of_each(name, varying="pk", years=biennium.slug)
            for name in ("budget:contribution_edit", "budget:contribution_delete")
        )
        for contribution in shown:
            contribution.institution_url = (
                institution_url(contribution.institution_id) if contribution.institution_id else ""
            )
            contribution.edit_url = edit_url(contribution.pk)
            contribution.delete_url = delete_url(contribution.pk)
        return shown

    # Counted and read only when the page's kept part is drawn again (cinterfor.data_version).
    context = {"biennium": biennium, "form": form, "page": SimpleLazyObject(page)}
    return render(request, "budget/finance/contributions.html", context)


def _say_rate_used(request, contribution) -> None:
    if contribution is not None and contribution.rate_used is not None:
        messages.info(
            request,
            _("Converted to %(usd)s US$ at %(rate)s %(currency)s per US$, the rate of %(month)s.")
            % {
                "usd": contribution.amount_usd,
                "rate": format(contribution.rate_used.normalize(), "f"),
                "currency": contribution.currency,
                "month": f"{contribution.rate_month:%Y-%m}",
            },
        )


@role_required(*EDITORS)
@once_only
def contribution_create(request, years: str):
    biennium = get_biennium_or_404(years)
    form = RatedContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recorded = save_with_form(
            request,
            form,
            lambda: create_once(
                request,
                create=lambda: services.contribution_record(
                    biennium=biennium, by=request.user, **form.values()
                ),
                url_of=lambda contribution: reverse("budget:contributions", args=[biennium.slug]),
            ),
            _("The contribution is recorded."),
        )
        if recorded.done:
            _say_rate_used(request, recorded.result.result)
            return redirect(recorded.result.url)
    context = {"biennium": biennium, "form": form, "contribution": None}
    return render(request, "budget/finance/contribution_form.html", context)


@role_required(*EDITORS)
def contribution_edit(request, years: str, pk: int):
    biennium = get_biennium_or_404(years)
    contribution = selectors.contribution_in(biennium=biennium, pk=pk)
    form = RatedContributionForm(request.POST or None, instance=contribution)
    if request.method == "POST" and form.is_valid():
        saved = save_with_form(
            request,
            form,
            lambda: services.contribution_update(
                contribution=contribution,
                by=request.user,
                seen_version=form.seen_version,
                **form.values(),
            ),
            _("The contribution is saved."),
        )
        if saved.done:
            return redirect("budget:contributions", years=biennium.slug)
    context = {
        "biennium": biennium,
        "form": form,
        "contribution": contribution,
        # Read only when the page's kept part is drawn again (cinterfor.data_version).
        "history": SimpleLazyObject(lambda: history_of(contribution)),
    }
    return render(request, "budget/finance/contribution_form.html", context)


@role_required(*EDITORS)
def contribution_delete(request, years: str, pk: int):
    biennium = get_biennium_or_404(years)
    contribution = selectors.contribution_in(biennium=biennium, pk=pk)
    form = DeleteForm(request.POST or None, initial={"version": contribution.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_delete(
                contribution=contribution,
                by=request.user,
                seen_version=form.cleaned_data["version"],
            )
        except ConcurrentEdit as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The contribution is deleted."))
        return redirect("budget:contributions", years=biennium.slug)
    context = {"biennium": biennium, "form": form, "contribution": contribution}
    return render(request, "budget/finance/contribution_confirm_delete.html", context)


# Received against forecast


BALANCE_COLUMNS = [
    ("institution", gettext_lazy("Institution")),
    ("country", gettext_lazy("Country")),
    ("due", gettext_lazy("Due (US$)")),
    ("received", gettext_lazy("Paid (US$)")),
    ("arrears", gettext_lazy("Still owed (US$)")),
]


def _sort_headers(current: str) -> dict[str, dict]:
    """Each sortable column: the sort its link asks for (a second click reverses it)."""
    headers = {}
    for key, label in BALANCE_COLUMNS:
        active = current.lstrip("-") == key
        descending = active and current.startswith("-")
        headers[key] = {
            "label": label,
            "sort": key if descending or not active else f"-{key}",
            "active": active,
            "descending": descending,
        }
    return headers


@role_required(*EDITORS)
def forecast(request, years: str):
    """Per income line, the proposed figure against what was received; per institution, dues."""
    biennium = get_biennium_or_404(years)
    lines = selectors.forecast_against_received(biennium=biennium)
    has_forecast = any(line.forecast is not None for line in lines)
    total_forecast = calc.total(line.forecast or calc.ZERO for line in lines)
    total_received = calc.total(line.received for line in lines)
    form = BalanceFilterForm(request.GET or None)
    filters = form.filters()
    # Rows, filters, sort and totals are the one calculation of what is owed (budget.owed).
    owing = selectors.institutions_owing(biennium=biennium, **filters)
    owing.read_page(request.GET.get("page"), per_page=PER_PAGE)  # rows and totals, one query
    page = Paginator(owing, PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.with_dues(page.object_list, biennium=biennium)
    context = {
        "biennium": biennium,
        "lines": lines,
        "has_forecast": has_forecast,
        "total_forecast": total_forecast if has_forecast else None,
        "total_received": total_received,
        "total_difference": calc.received_difference(
            forecast=total_forecast, received=total_received
        )
        if has_forecast
        else None,
        "total_percent": calc.share_percent(total_received, total_forecast),
        "form": form,
        "page": page,
        "rows": rows,
        "totals": owing.totals(),
        "headers": _sort_headers(filters["sort"]),
    }
    return render(request, "budget/finance/forecast.html", context)
