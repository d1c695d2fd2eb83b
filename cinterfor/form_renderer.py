"""The form renderer: Django's own, with the plain widgets written in Python.

Django renders each widget through two or three template includes (the widget, Django's
input.html, attrs.html) and each <option> of a select through two more: the budget figures'
ninety-seven fields, or a filter bar of six selects and eighty options, then cost more than
the rest of the page. This renderer writes Django's own input, textarea and select markup in
Python, character for character (tests/test_form_renderer.py compares them); any other
template (an app's widget, a select whose options have a template of their own) is rendered
by the templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape

WIDGETS = "django/forms/widgets/"
# Django's widget templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input", "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number",
        "password", "search", "tel", "text", "time", "url",
    )
)  # fmt: skip
TEXTAREA = f"{WIDGETS}textarea.html"
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"


def _text(value) -> str:
    """What `{{ value }}` writes: localized and escaped."""
    return str(conditional_escape(localize(value)))


def _string(value) -> str:
    """What `{{ value|stringformat:'s' }}` writes."""
    return str(conditional_escape(str(value)))


def _attributes(attrs: dict) -> str:
    """What django/forms/widgets/attrs.html writes."""
    written = []
    for name, value in attrs.items():
        if value is False:
            continue
        written.append(f" {_text(name)}")
        if value is not True:
            written.append(f'="{_string(value)}"')
    return "".join(written)


def input_markup(widget: dict) -> str:
    """What django/forms/widgets/input.html writes."""
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{_attributes(widget['attrs'])}>"
    )


def textarea_markup(widget: dict) -> str:
    """What django/forms/widgets/textarea.html writes."""
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attributes(widget["attrs"])}>\n{value}</textarea>'


def select_markup(widget: dict) -> str:
    """What django/forms/widgets/select.html writes."""
    parts = [f'<select name="{_text(widget["name"])}"{_attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{_string(option["value"])}"'
                f"{_attributes(option['attrs'])}>{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _plain_options(widget: dict) -> bool:
    return all(
        option["template_name"] == OPTION
        for _group, options, _index in widget["optgroups"]
        for option in options
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return input_markup(context["widget"])
        if template_name == TEXTAREA:
            return textarea_markup(context["widget"])
        if template_name == SELECT and _plain_options(context["widget"]):
            return select_markup(context["widget"])
        return super().render(template_name, context, request=request)
