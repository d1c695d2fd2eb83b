"""Spanish and French texts that narratives held themselves become translations."""

import importlib

from django.apps import apps

from programme.models import LineOfAction
from translations.models import TextTranslation
from translations.selectors import Status, text_status

fold = importlib.import_module("translations.migrations.0002_fold_narrative_translations").fold


def test_a_spanish_heading_in_the_narrative_becomes_an_up_to_date_translation(proposal_2020_21):
    line = LineOfAction.objects.get(biennium=proposal_2020_21, letter="a")
    line.heading = {**line.heading, "es": "Sincronización"}
    line.save()
    fold(apps, None)
    translation = TextTranslation.objects.get(key="line:a.heading", language="es")
    assert (translation.text, translation.by) == ("Sincronización", None)
    status = text_status(biennium=proposal_2020_21, language="es", key="line:a.heading")
    assert status.status == Status.UP_TO_DATE
    assert not TextTranslation.objects.filter(language="fr").exists()
