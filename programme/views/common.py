"""What the programme pages share: who may edit, pagination, service errors on forms."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render

from cinterfor.concurrency import ConcurrentEdit
from cinterfor.forms import add_service_errors
from cinterfor.roles import has_role
from cinterfor.submissions import ALREADY_SENT, Once

from .. import services
from ..models import Biennium

PER_PAGE = 25


def may_edit(user, biennium: Biennium) -> bool:
    """Whether to offer edit buttons; the services check again on every write."""
    return has_role(user, *services.EDITORS) and not biennium.is_locked


def paginate(items: QuerySet, number: str | int | None, per_page: int = PER_PAGE) -> Page:
    """One page of a list; a missing or wrong page number gives the first or last page."""
    return Paginator(items, per_page).get_page(number)


def refuse(request: HttpRequest, error: Exception, to: str, **kwargs) -> HttpResponseRedirect:
    """Say why a change was refused (a read-only proposal, a role) and go back to the page."""
    messages.error(request, str(error))
    return redirect(to, **kwargs)


def refuse_if_locked(request: HttpRequest, biennium: Biennium, to: str, **kwargs):
    """On an edit page of a submitted or approved proposal: the reason, and back to the page."""
    try:
        # As this request read it: the page only decides what to offer, the write checks again.
        services.refuse_unless_draft(biennium, biennium.status)
    except services.BienniumLocked as error:
        return refuse(request, error, to, **kwargs)
    return None


@dataclass
class Outcome:
    """What became of a save: done (with the service's result), or a page to go to instead."""

    done: bool = False
    result: object = None
    response: HttpResponse | None = None


def save_from_form(
    request: HttpRequest, form: forms.BaseForm, save: Callable, *, back: dict
) -> Outcome:
    """Run a service for a valid form and turn its refusals into what the user sees.

    A read-only proposal sends the user back with the reason; a concurrent edit or a rule the
    service enforces leaves the form on the page with the message, nothing saved.
    """
    try:
        result = save()
    except services.BienniumLocked as error:
        return Outcome(response=refuse(request, error, **back))
    except ConcurrentEdit as error:
        messages.error(request, str(error))
    except ValidationError as error:
        add_service_errors(form, error)
    else:
        return Outcome(done=True, result=result)
    return Outcome()


def edit_page(
    request: HttpRequest,
    *,
    biennium: Biennium,
    back: dict,
    make_form: Callable,
    save: Callable,
    success: Callable[[object], str],
    template: str,
    context: Callable[[bool], dict],
) -> HttpResponse:
    """The steps of every edit page of the narrative, from the read-only check to the answer.

    `make_form(data)` builds the form, `save(form)` calls the service, `success(result)` says
    what was done, and `context(posted)` gives the page's other data: after a refused POST it
    should read the record again, so the page shows what is stored, not what was refused.
    """
    if refused := refuse_if_locked(request, biennium, **back):
        return refused
    data = request.POST if request.method == "POST" else None
    form = make_form(data)
    if data is not None and form.is_valid():
        outcome = save_from_form(request, form, lambda: save(form), back=back)
        if outcome.response:
            return outcome.response
        if outcome.done:
            result = outcome.result
            if isinstance(result, Once) and result.repeated:
                messages.info(request, ALREADY_SENT)
            else:
                messages.success(
                    request, success(result.result if isinstance(result, Once) else result)
                )
            return redirect(**back)
    return render(request, template, {**context(data is not None), "form": form})
