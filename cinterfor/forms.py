"""What every app's forms share: a service's refusals shown on the form that asked for it."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .concurrency import ConcurrentEdit
from .submissions import ALREADY_SENT, Once


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError beside the fields it names; the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


@dataclass(frozen=True)
class Saved:
    done: bool
    result: object = None


def save_with_form(
    request: HttpRequest, form: forms.BaseForm, write: Callable, success: str
) -> Saved:
    """Run a service for a valid form; its refusals come back as the form's errors.

    A rule the service enforces (ValidationError) goes beside its field; a concurrent edit
    above the form. Nothing is saved in either case, and the page says so.
    """
    try:
        result = write()
    except ValidationError as error:
        add_service_errors(form, error)
    except ConcurrentEdit as error:
        form.add_error(None, str(error))
    else:
        if isinstance(result, Once) and result.repeated:
            messages.info(request, ALREADY_SENT)
        else:
            messages.success(request, success)
        return Saved(True, result)
    messages.error(request, _("Nothing was saved; see the messages below."))
    return Saved(False)
