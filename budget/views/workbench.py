"""Finance's workbench: rates of exchange, what each institution owes, statements, reminders,
the network's counts. Finance and managers only, but for reading the network's counts, which
reconciliation findings link to for every role; each view parses, calls a service or a
selector, renders.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cinterfor.concurrency import ConcurrentEdit
from cinterfor.roles import ALL_ROLES, FINANCE, MANAGERS, has_role, role_required
from cinterfor.submissions import ALREADY_SENT, create_once, once_only
from members import services as member_services
from members.models import MemberInstitution
from programme.selectors import get_biennium_or_404

from .. import selectors, services, statements, tasks
from ..finance_forms import (
    ContactForm,
    RateFilterForm,
    RateForm,
    RegisterCompleteForm,
    ReminderSettingsForm,
    StatementForm,
    today,
)
from ..models import ExchangeRate, IncomeLine, RateRecompute, ReminderLog, Statement
from ..network import network_counts
from ..owed import Filters, owed_in_biennium

EDITORS = (FINANCE, MANAGERS)
PER_PAGE = 25


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@role_required(*EDITORS)
def rates(request, years: str):
    """The monthly rates of exchange, newest first, a page at a time; entered here."""
    biennium = get_biennium_or_404(years)
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate = services.rate_enter(by=request.user, **form.cleaned_data)
        except (ValidationError, ConcurrentEdit) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The rate of %(currency)s for %(month)s is %(rate)s per US$.")
                % {
                    "currency": rate.currency,
                    "month": f"{rate.month:%Y-%m}",
                    "rate": rate.units_per_usd,
                },
            )
            return redirect("budget:rates", years=biennium.slug)
    filters = RateFilterForm(request.GET or None)
    listed = ExchangeRate.objects.select_related("entered_by").order_by("-month", "currency")
    if filters.is_valid() and filters.cleaned_data["currency"]:
        listed = listed.filter(currency=filters.cleaned_data["currency"].upper())
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    # The values each shown rate had before (its history), in one query.
    earlier: dict[int, list] = {}
    for record in ExchangeRate.history.filter(id__in=[r.pk for r in page]).order_by(
        "-history_date"
    ):
        earlier.setdefault(record.id, []).append(record)
    for rate in page:
        rate.earlier = [
            r for r in earlier.get(rate.pk, [])[1:] if r.units_per_usd != rate.units_per_usd
        ]
    context = {
        "biennium": biennium,
        "form": form,
        "filters": filters,
        "page": page,
        "changes": selectors.rate_changes_count(biennium=biennium),
    }
    return render(request, "budget/finance/rates.html", context)


@role_required(*EDITORS)
def rate_recompute(request, years: str):
    """What a recomputation at today's rates would change (GET), and doing it (POST)."""
    biennium = get_biennium_or_404(years)
    if request.method == "POST":
        try:
            done = services.contributions_recompute(biennium=biennium, by=request.user)
        except (ValidationError, ConcurrentEdit) as refusal:
            messages.error(request, " ".join(getattr(refusal, "messages", [str(refusal)])))
        else:
            messages.success(
                request,
                _("%(count)s US$ values recomputed; the change is recorded.")
                % {"count": done.changed},
            )
        return redirect("budget:rate_recompute", years=biennium.slug)
    context = {
        "biennium": biennium,
        "changes": services.rate_changes(biennium=biennium),
        "done": RateRecompute.objects.filter(biennium=biennium).select_related("by")[:10],
    }
    return render(request, "budget/finance/rate_recompute.html", context)


@role_required(*EDITORS)
@once_only
def statements_page(request, years: str):
    """What each institution owes in the biennium, aged; statements made and to make."""
    biennium = get_biennium_or_404(years)
    form = StatementForm(request.POST or None, initial={"as_of": today()})
    if request.method == "POST" and form.is_valid():
        as_of = form.cleaned_data["as_of"]
        owing = owed_in_biennium(
            biennium, as_of=as_of, filters=Filters(in_arrears=form.cleaned_data["only_owing"])
        )
        chosen = [row.institution for row in owing.rows()]
        once = create_once(
            request,
            create=lambda: statements.statements_request(
                by=request.user, institutions=chosen, as_of=as_of
            ),
            url_of=lambda made: reverse("budget:statements", args=[biennium.slug]),
        )
        if once.repeated:
            messages.info(request, ALREADY_SENT)
        else:
            for statement in once.result:
                tasks.make_statement.delay(statement.pk)
            messages.success(
                request, _("%(count)s statements requested.") % {"count": len(once.result)}
            )
        return redirect(once.url)
    # A page of rows and the sums, each asked of the database; never every institution.
    owing = owed_in_biennium(biennium, sort="institution")
    summary = owing.summary()  # also counts the rows for the paginator
    rows_page = Paginator(owing, PER_PAGE).get_page(request.GET.get("page"))
    made = Statement.objects.select_related("institution", "requested_by")
    context = {
        "biennium": biennium,
        "form": form,
        "as_of": owing.as_of,
        "totals": summary.totals,
        "rows_page": rows_page,
        "rows": selectors.with_dues(rows_page.object_list, biennium=biennium),
        "by_country": summary.by_country,
        "by_line": [(label, summary.by_income_line[line]) for line, label in IncomeLine.choices],
        "page": Paginator(made, PER_PAGE).get_page(request.GET.get("made")),
    }
    return render(request, "budget/finance/statements.html", context)


@role_required(*EDITORS)
def statement_download(request, years: str, pk: int, kind: str):
    get_biennium_or_404(years)
    statement = get_object_or_404(Statement, pk=pk, status=Statement.Status.DONE)
    if kind not in ("pdf", "xlsx"):
        raise Http404
    file = getattr(statement, kind)
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


@role_required(*EDITORS)
def institution_contact(request, years: str, pk: int):
    """Whom statements and reminders are sent to."""
    biennium = get_biennium_or_404(years)
    institution = get_object_or_404(MemberInstitution, pk=pk)
    form = ContactForm(
        request.POST or None,
        initial={
            "contact_name": institution.contact_name,
            "contact_email": institution.contact_email,
            "version": institution.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            member_services.institution_update(
                institution=institution,
                by=request.user,
                seen_version=values.pop("version"),
                **values,
            )
        except (ValidationError, ConcurrentEdit) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The contact is saved."))
            return redirect("budget:statements", years=biennium.slug)
    context = {"biennium": biennium, "institution": institution, "form": form}
    return render(request, "budget/finance/contact.html", context)


@role_required(*EDITORS)
def reminders(request, years: str):
    """When reminders go out, and every reminder sent with its text."""
    biennium = get_biennium_or_404(years)
    setting = statements.reminder_settings()
    form = ReminderSettingsForm(
        request.POST or None,
        initial={"enabled": setting.enabled, "day_of_month": setting.day_of_month},
    )
    if request.method == "POST" and form.is_valid():
        try:
            statements.reminder_settings_update(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The reminders' schedule is saved."))
            return redirect("budget:reminders", years=biennium.slug)
    sent = ReminderLog.objects.select_related("institution")
    context = {
        "biennium": biennium,
        "form": form,
        "setting": setting,
        "page": Paginator(sent, PER_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "budget/finance/reminders.html", context)


@role_required(*ALL_ROLES)
def network(request, years: str):
    """The network's counts from the register and as stated, for every role to read (the
    reconciliation's findings about them link here); finance and managers say which to use."""
    biennium = get_biennium_or_404(years)
    may_edit = has_role(request.user, *EDITORS)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = None
    if may_edit:
        form = RegisterCompleteForm(
            request.POST or None, initial={"complete": biennium.register_complete}
        )
    if form is not None and request.method == "POST" and form.is_valid():
        services.register_mark_complete(
            biennium=biennium, by=request.user, complete=form.cleaned_data["complete"]
        )
        messages.success(request, _("Saved."))
        return redirect("budget:network", years=biennium.slug)
    context = {"biennium": biennium, "form": form, "counts": network_counts(biennium)}
    return render(request, "budget/finance/network.html", context)
