"""What every app's forms share: a service's refusals shown on the form that asked for it, a
select of rows read in one plain query, and a list's bar of filters."""

from collections.abc import Callable
from dataclasses import dataclass

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .concurrency import ConcurrentEdit
from .narrative import SOURCE_LANGUAGE, NarrativeFormField, NarrativeWidget
from .submissions import ALREADY_SENT, Once


class ReadOnceChoices(forms.models.ModelChoiceIterator):
    """The rows of a select read in one plain query. Django reads them through a server-side
    cursor (DECLARE, FETCH, CLOSE on PostgreSQL: 2.9 ms for the 27 countries against 0.8 ms),
    which pays for a long list, not for a select a person picks from."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.queryset.all():
            yield self.choice(row)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ReadOnceChoices


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


class NarrativeTabsWidget(NarrativeWidget):
    """A narrative's languages as Bootstrap tabs, one labelled textarea in each tab's panel; a
    narrative in one language (as the forms now write only the source language) is one
    textarea labelled with its language, without tabs.

    The tabs work through Bootstrap's data attributes (no inline script); static/js/forms.js
    opens the tab that holds a field an error summary links to.
    """

    template_name = "widgets/narrative_tabs.html"

    def __init__(self, *, label: str = "", rows: int = 4, attrs=None, languages=None):
        super().__init__(rows=rows, attrs=attrs, languages=languages)
        self.label = label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["label"] = self.label
        return context


def narrative_tabs(form: forms.BaseForm, *, language: str = SOURCE_LANGUAGE) -> None:
    """Show every narrative field of the form in `language`, the biennium's source language
    (the only one a form writes), labelled with the language's name."""
    for field in form.fields.values():
        if isinstance(field, NarrativeFormField):
            field.use_language(language)
        widget = field.widget
        if isinstance(widget, NarrativeWidget) and not isinstance(widget, NarrativeTabsWidget):
            rows = next(iter(widget.widgets)).attrs.get("rows", 4)
            field.widget = NarrativeTabsWidget(
                label=str(field.label or ""),
                rows=rows,
                languages=[code for code, _name in widget.languages],
            )
            field.widget.is_required = field.required


class FilterBarForm(forms.Form):
    """A list's filters, read from the query string and laid out in one row with its button.

    `columns` gives each visible field its Bootstrap column class, in order; hidden fields
    (the sort order) come first.
    """

    columns: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hidden = [name for name, field in self.fields.items() if field.widget.is_hidden]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row g-2 align-items-end mb-3"
        self.helper.layout = Layout(
            *hidden,
            *(Column(name, css_class=css_class) for name, css_class in self.columns.items()),
            Column(
                StrictButton(_("Filter"), type="submit", css_class="btn-secondary mb-3"),
                css_class="col-md-2",
            ),
        )
