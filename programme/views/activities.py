"""Activities: the biennium's list, one activity's page, and adding, editing, deleting, moving."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cinterfor.concurrency import ConcurrentEdit
from cinterfor.roles import ALL_ROLES, role_required
from cinterfor.submissions import ALREADY_SENT, create_once, once_only

from .. import selectors, services
from ..forms import ActivityFilterForm, ActivityForm, ActivityListFilterForm, VersionedForm
from ..models import Activity
from ..selectors import get_biennium_or_404
from .common import may_edit, paginate, refuse, refuse_if_locked, save_from_form
from .lines import line_activities_context


@role_required(*ALL_ROLES)
def activity_list(request: HttpRequest, years: str) -> HttpResponse:
    """Every activity of the biennium: searched, filtered by line, status, kind and country."""
    biennium = get_biennium_or_404(years)
    filter_form = ActivityListFilterForm(request.GET, biennium=biennium)
    activities = selectors.activities_in_biennium(
        biennium=biennium, order=filter_form.order, **filter_form.filters()
    )
    context = {
        "biennium": biennium,
        "filter_form": filter_form,
        # Counted and read only when the page's kept part is drawn again (data_version).
        "page_obj": SimpleLazyObject(lambda: paginate(activities, request.GET.get("page"))),
        "can_edit": may_edit(request.user, biennium),
    }
    return render(request, "programme/activities.html", context)


@role_required(*ALL_ROLES)
def activity_page(request: HttpRequest, years: str, pk: int) -> HttpResponse:
    biennium = get_biennium_or_404(years)
    activity = selectors.activity_in_biennium(biennium=biennium, pk=pk)
    numbers = selectors.document_numbers(biennium=biennium)
    context = {
        "biennium": biennium,
        "line": activity.line_of_action,
        "activity": activity,
        "paragraph_number": numbers.paragraphs.get(activity.source_paragraph_id),
        "can_edit": may_edit(request.user, biennium),
        "history": selectors.activity_history(
            activity=activity, paragraph_numbers=numbers.paragraphs
        ),
    }
    return render(request, "programme/activity.html", context)


@role_required(*services.EDITORS)
@once_only
def activity_create(request: HttpRequest, years: str, letter: str) -> HttpResponse:
    biennium = get_biennium_or_404(years)
    line = selectors.line_in_biennium(biennium=biennium, letter=letter)
    back = {"to": "programme:line", "years": years, "letter": letter}
    if refused := refuse_if_locked(request, biennium, **back):
        return refused
    numbers = selectors.document_numbers(biennium=biennium).paragraphs
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, line=line, paragraph_numbers=numbers)
    if data is not None and form.is_valid():
        outcome = save_from_form(
            request,
            form,
            lambda: create_once(
                request,
                create=lambda: services.activity_create(
                    line=line, by=request.user, **form.changes()
                ),
                url_of=lambda activity: reverse(
                    "programme:activity", kwargs={"years": years, "pk": activity.pk}
                ),
            ),
            back=back,
        )
        if outcome.response:
            return outcome.response
        if outcome.done:
            created = outcome.result
            if created.repeated:
                messages.info(request, ALREADY_SENT)
            else:
                messages.success(
                    request,
                    _("The activity “%(title)s” is added to line of action (%(letter)s).")
                    % {"title": created.result, "letter": line.letter},
                )
            return redirect(created.url)
    context = {"biennium": biennium, "line": line, "form": form, "activity": None}
    return render(request, "programme/activity_form.html", context)


@role_required(*services.EDITORS)
def activity_edit(request: HttpRequest, years: str, pk: int) -> HttpResponse:
    biennium = get_biennium_or_404(years)
    activity = selectors.activity_in_biennium(biennium=biennium, pk=pk)
    back = {"to": "programme:activity", "years": years, "pk": pk}
    if refused := refuse_if_locked(request, biennium, **back):
        return refused
    numbers = selectors.document_numbers(biennium=biennium).paragraphs
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(
        data, instance=activity, line=activity.line_of_action, paragraph_numbers=numbers
    )
    if data is not None and form.is_valid():
        outcome = save_from_form(
            request,
            form,
            lambda: services.activity_update(
                activity=activity,
                by=request.user,
                seen_version=form.cleaned_data["version"],
                **form.changes(),
            ),
            back=back,
        )
        if outcome.response:
            return outcome.response
        if outcome.done:
            messages.success(request, _("The activity “%(title)s” is saved.") % {"title": activity})
            return redirect(**back)
    # A failed save may have changed the form's instance; the page heading shows the stored one.
    stored = activity if data is None else selectors.activity_in_biennium(biennium=biennium, pk=pk)
    context = {
        "biennium": biennium,
        "line": stored.line_of_action,
        "form": form,
        "activity": stored,
    }
    return render(request, "programme/activity_form.html", context)


@role_required(*services.EDITORS)
def activity_delete(request: HttpRequest, years: str, pk: int) -> HttpResponse:
    biennium = get_biennium_or_404(years)
    activity = selectors.activity_in_biennium(biennium=biennium, pk=pk)
    back = {"to": "programme:activity", "years": years, "pk": pk}
    if refused := refuse_if_locked(request, biennium, **back):
        return refused
    data = request.POST if request.method == "POST" else None
    form = VersionedForm(data, initial={"version": activity.version})
    if data is not None and form.is_valid():
        try:
            services.activity_delete(
                activity=activity, by=request.user, seen_version=form.cleaned_data["version"]
            )
        except services.BienniumLocked as error:
            return refuse(request, error, **back)
        except ConcurrentEdit as error:
            return refuse(request, error, **back)
        messages.success(request, _("The activity “%(title)s” is deleted.") % {"title": activity})
        return redirect("programme:line", years=years, letter=activity.line_of_action.letter)
    context = {"biennium": biennium, "line": activity.line_of_action, "activity": activity}
    context["form"] = form
    return render(request, "programme/activity_confirm_delete.html", context)


@require_POST
@role_required(*services.EDITORS)
def activity_move(request: HttpRequest, years: str, pk: int, direction: str) -> HttpResponse:
    """One step up or down in its line of action; htmx gets the list back, others a redirect."""
    if direction not in ("up", "down"):
        raise Http404("An activity moves up or down.")
    biennium = get_biennium_or_404(years)
    activity = selectors.activity_in_biennium(biennium=biennium, pk=pk)
    line = activity.line_of_action
    try:
        services.activity_move(activity=activity, by=request.user, direction=direction)
    except (services.BienniumLocked, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            (_("“%(title)s” moved up.") if direction == "up" else _("“%(title)s” moved down."))
            % {"title": activity},
        )
    page_number = request.POST.get("page")
    if request.htmx:
        context = line_activities_context(
            request,
            biennium=biennium,
            line=line,
            numbers=selectors.document_numbers(biennium=biennium),
            filter_form=ActivityFilterForm({}),
            page_number=page_number,
        )
        return render(request, "programme/includes/line_activities.html", context)
    url = reverse("programme:line", kwargs={"years": years, "letter": line.letter})
    if page_number and page_number.isdigit():
        url += f"?page={page_number}"
    return redirect(f"{url}#activities")


@role_required(*ALL_ROLES)
def deleted_activities(request: HttpRequest, years: str) -> HttpResponse:
    """The biennium's deleted activities, newest deletion first, each with "restore"."""
    biennium = get_biennium_or_404(years)
    context = {
        "biennium": biennium,
        "page_obj": paginate(
            selectors.deleted_activities(biennium=biennium), request.GET.get("page")
        ),
        "can_edit": may_edit(request.user, biennium),
    }
    return render(request, "programme/deleted_activities.html", context)


@require_POST
@role_required(*services.EDITORS)
def activity_restore(request: HttpRequest, years: str, pk: int, history_id: int) -> HttpResponse:
    """Restore an activity to one of its versions, or bring a deleted activity back."""
    biennium = get_biennium_or_404(years)
    if not Activity.history.filter(
        history_id=history_id, id=pk, line_of_action__biennium_id=biennium.pk
    ).exists():
        raise Http404(_("This biennium has no such version of an activity."))
    is_live = Activity.objects.filter(pk=pk).exists()
    back = (
        {"to": "programme:activity", "years": years, "pk": pk}
        if is_live
        else {"to": "programme:deleted_activities", "years": years}
    )
    form = VersionedForm(request.POST)
    try:
        services.activity_restore(
            biennium=biennium,
            by=request.user,
            history_id=history_id,
            seen_version=form.cleaned_data["version"] if form.is_valid() else None,
        )
    except (services.BienniumLocked, ConcurrentEdit) as error:
        return refuse(request, error, **back)
    except ValidationError as error:
        return refuse(request, " ".join(error.messages), **back)
    messages.success(request, _("The activity is restored as a new version."))
    return redirect("programme:activity", years=years, pk=pk)
