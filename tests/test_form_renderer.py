"""The site's form renderer writes widgets exactly as Django's widget templates do, faster."""

import datetime
from decimal import Decimal

from django import forms
from django.forms.renderers import DjangoTemplates

from cinterfor.form_renderer import FormRenderer


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "Apples & <pears>"), (2, 2020)])
    grouped = forms.ChoiceField(
        choices=[("Fruit", [("f", "Fig")]), ("Veg", [("k", "Kale"), ("l", 'Leek "long"')])]
    )
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    flagged = forms.ChoiceField(
        choices=[("on", "On")],
        widget=forms.Select(
            attrs={"data-submit-on-change": True, "hidden": False, "aria-x": '"q"'}
        ),
    )
    name = forms.CharField(max_length=20, help_text="Short")
    amount = forms.DecimalField(max_digits=14, decimal_places=2, localize=True)
    count = forms.IntegerField(min_value=0)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
    starts_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    agreed = forms.BooleanField(required=False)
    email = forms.EmailField(required=False)
    upload = forms.FileField(required=False)


def _markup(renderer, data=None) -> list[str]:
    form = Sample(data, renderer=renderer)
    form.is_valid()  # errors change the attributes (aria-invalid)
    return [str(field) for field in form]


def test_widgets_are_written_as_djangos_templates_write_them():
    data = {
        "plain": "a", "grouped": "l", "several": ["x", "y"], "flagged": "on",
        "name": '<b>"Tom" & Jerry</b>', "amount": "1234567.5", "count": "-1",
        "notes": "\n  two\nlines & <more>", "version": "3", "starts_on": "2020-01-31",
        "agreed": "on", "email": "not an address",
    }  # fmt: skip
    initial = {"amount": Decimal("1234.50"), "starts_on": datetime.date(2021, 2, 3)}
    for bound in (None, data):
        assert _markup(FormRenderer(), bound) == _markup(DjangoTemplates(), bound)
    unbound = Sample(initial=initial, renderer=FormRenderer())
    assert [str(f) for f in unbound] == [
        str(f) for f in Sample(initial=initial, renderer=DjangoTemplates())
    ]


def test_a_select_reads_no_template_of_its_options(monkeypatch):
    renderer = FormRenderer()
    read = []
    original = renderer.get_template
    monkeypatch.setattr(renderer, "get_template", lambda name: read.append(name) or original(name))
    html = str(Sample({"plain": "a"}, renderer=renderer)["plain"])
    assert '<option value="a" selected>Apples &amp; &lt;pears&gt;</option>' in html
    assert read == []
