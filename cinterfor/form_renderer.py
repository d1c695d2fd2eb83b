"""The form renderer: Django's own, with a select's options written in Python.

Django renders each <option> of a select through two template includes (the option and its
attributes): a filter bar of six selects and eighty options then costs more than the page's
rows. This renderer writes a plain select (options of Django's own option template) in Python,
the very markup Django's templates write; every other widget goes through the templates as
before, and so does a select whose options use a template of their own.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _text(value) -> str:
    """What `{{ value }}` writes: localized and escaped."""
    return str(conditional_escape(localize(value)))


def _attributes(attrs: dict) -> str:
    """What django/forms/widgets/attrs.html writes."""
    written = []
    for name, value in attrs.items():
        if value is False:
            continue
        written.append(f" {_text(name)}")
        if value is not True:
            written.append(f'="{conditional_escape(str(value))}"')
    return "".join(written)


def select_markup(widget: dict) -> str:
    """What django/forms/widgets/select.html writes (before the renderer strips it)."""
    parts = [f'<select name="{_text(widget["name"])}"{_attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attributes(option['attrs'])}>{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _plain(widget: dict) -> bool:
    return all(
        option["template_name"] == OPTION
        for _g, options, _i in widget["optgroups"]
        for option in options
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT and _plain(context["widget"]):
            return select_markup(context["widget"]).strip()
        return super().render(template_name, context, request=request)
