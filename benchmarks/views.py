"""The bench's yardstick: 25 rows of one model, paginated, in the site's own layout.

What any list page of that model costs at least: the session, the user, a count and one page
of rows. Mounted only by benchmarks.urls (the bench settings), never by the site.
"""

from django.apps import apps
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

PER_PAGE = 25


def _plain_fields(model: type[models.Model]) -> list[str]:
    """The row's own columns (no joins), as a list page would show a few of them."""
    return [f.attname for f in model._meta.concrete_fields][:6]


def bare_list(request: HttpRequest, label: str) -> HttpResponse:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as error:
        raise Http404(label) from error
    fields = _plain_fields(model)
    rows = model._default_manager.order_by("-pk").values_list(*fields)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"label": label, "fields": fields, "page_obj": page}
    return render(request, "benchmarks/bare_list.html", context)
