"""Every model that holds money or narrative keeps a history of its changes."""

import re

import pytest
from django.apps import apps
from django.db import models
from simple_history.models import registered_models

from cinterfor.narrative import NarrativeField

APPS = ("members", "programme", "budget")


def _holds_money_or_narrative(model) -> bool:
    return any(
        isinstance(field, models.DecimalField | NarrativeField)
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
    )


MODELS = [
    model
    for name in APPS
    for model in apps.get_app_config(name).get_models()
    if not model.__name__.startswith("Historical") and _holds_money_or_narrative(model)
]


def test_the_check_sees_the_models_it_must():
    names = {m.__name__ for m in MODELS}
    assert {
        "Paragraph",
        "Activity",
        "IncomeEstimate",
        "Contribution",
        "ContributionAgreement",
    } <= names


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_model_with_money_or_narrative_has_history(model):
    assert model in registered_models.values() or hasattr(model, "history"), (
        f"{model.__name__} holds money or narrative but records no history"
    )
    assert model._meta.get_field("version"), f"{model.__name__} has no version for safe edits"


@pytest.mark.django_db
def test_an_admin_save_raises_the_version(admin_client, proposal_2020_21):
    line = proposal_2020_21.lines.get(letter="a")
    response = admin_client.post(
        f"/admin/programme/lineofaction/{line.pk}/change/",
        {
            "biennium": proposal_2020_21.pk,
            "letter": "a",
            "heading_en": "New heading",
            "heading_es": "",
            **_empty_inlines(admin_client, line.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    line.refresh_from_db()
    assert line.heading == {"en": "New heading"}
    assert line.version == 2
    assert line.history.count() == 2


def _empty_inlines(client, pk):
    """Management-form data for the admin's inlines that leaves their rows untouched."""
    html = client.get(f"/admin/programme/lineofaction/{pk}/change/").content.decode()
    data = {}
    for name, value in re.findall(
        r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)" value="(\d+)"', html
    ):
        data[name] = value
    for prefix in {n.rsplit("-", 1)[0] for n in data}:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data
