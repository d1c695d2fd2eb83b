"""One-time submission keys: a create form sent twice makes one row.

Every create form carries a key made when the page was drawn (`{% submission_key %}`). The
first POST with that key records it in the same transaction as the row it creates; a second
one, whether it arrives after the first (a replay) or at the same moment (a double click,
which waits on the key's unique index until the first commits), is sent to the first one's
result and creates nothing.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Generic, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .models import FormSubmission

FIELD = "submission_key"
ALREADY_SENT = _(
    "This form had been sent already, so nothing new was created; here is what it saved."
)
T = TypeVar("T")


@dataclass(frozen=True)
class Once(Generic[T]):
    """What a create form's POST came to: the new row, or the earlier POST's result."""

    result: T | None  # None when the form had been sent already
    url: str  # where the result is shown
    repeated: bool


def once_only(view: Callable) -> Callable:
    """For a create view: a POST whose key was sent before goes to that POST's result.

    Checked before the form is validated, so a replay is not refused as a duplicate.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = posted_key(request) if request.method == "POST" else None
        if key is not None:
            earlier = FormSubmission.objects.filter(pk=key, user=request.user).first()
            if earlier is not None:
                messages.info(request, ALREADY_SENT)
                return redirect(earlier.result_url)
        return view(request, *args, **kwargs)

    return wrapped


def key_for_page(request: HttpRequest) -> str:
    """The key a create form carries: the one it was sent with (redrawn with errors), or a new one."""
    return str(posted_key(request) or uuid.uuid4())


def posted_key(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def create_once(
    request: HttpRequest, *, create: Callable[[], T], url_of: Callable[[T], str]
) -> Once[T]:
    """Run `create` unless this form's key was sent before; a form without a key just creates."""
    key = posted_key(request)
    if key is None:
        result = create()
        return Once(result, url_of(result), repeated=False)
    with transaction.atomic():  # a refused create takes its key back with it
        try:
            with transaction.atomic():
                FormSubmission.objects.create(key=key, user=request.user, result_url="")
        except IntegrityError:
            return _earlier(key, request)
        result = create()
        url = url_of(result)
        FormSubmission.objects.filter(pk=key).update(result_url=url)
    return Once(result, url, repeated=False)


def _earlier(key: uuid.UUID, request: HttpRequest) -> Once:
    earlier = FormSubmission.objects.filter(pk=key, user=request.user).first()
    if earlier is None:
        raise ValidationError(_("This form cannot be sent again. Reload the page and start over."))
    return Once(None, earlier.result_url, repeated=True)
