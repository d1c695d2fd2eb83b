"""Fold the Spanish and French texts that narratives held themselves into TextTranslation.

Before this app, a narrative kept every language in its own JSON ({"en": …, "es": …}; the
figures grid's Spanish name of a subprogramme is one). Each such text becomes a translation of
the text in the biennium's source language, saved now by no one; with no record of which source
it was written against, it is taken as up to date with the source as it stands. The narratives
keep their copies (reversing this migration loses nothing).
"""

import hashlib

from django.db import migrations
from django.utils import timezone

from translations import sources


def fold(apps, schema_editor):
    Biennium = apps.get_model("programme", "Biennium")
    Section = apps.get_model("programme", "Section")
    LineOfAction = apps.get_model("programme", "LineOfAction")
    Paragraph = apps.get_model("programme", "Paragraph")
    Footnote = apps.get_model("programme", "Footnote")
    Activity = apps.get_model("programme", "Activity")
    Subprogramme = apps.get_model("budget", "Subprogramme")
    TextTranslation = apps.get_model("translations", "TextTranslation")
    now = timezone.now()
    for biennium in Biennium.objects.all():
        texts = []  # (key, narrative)
        for field in sources.TITLE_BLOCK_FIELDS:
            texts.append((f"biennium.{field}", getattr(biennium, field)))
        for section in Section.objects.filter(biennium=biennium):
            texts.append((sources.section_key(section, "title"), section.title))
            texts.append((sources.section_key(section, "subtitle"), section.subtitle))
        for line in LineOfAction.objects.filter(biennium=biennium):
            texts.append((sources.line_key(line), line.heading))
        paragraphs = Paragraph.objects.filter(
            section__biennium=biennium
        ) | Paragraph.objects.filter(line_of_action__biennium=biennium)
        for paragraph in paragraphs.select_related("section", "line_of_action"):
            texts.append((sources.paragraph_key(paragraph), paragraph.text))
            for footnote in Footnote.objects.filter(paragraph=paragraph):
                footnote.paragraph = paragraph
                texts.append((sources.footnote_key(footnote), footnote.text))
        for activity in Activity.objects.filter(
            line_of_action__biennium=biennium
        ).select_related("line_of_action"):
            texts.append((sources.activity_key(activity, "title"), activity.title))
            texts.append((sources.activity_key(activity, "description"), activity.description))
        for subprogramme in Subprogramme.objects.filter(
            budget__biennium=biennium
        ).select_related("budget"):
            texts.append((sources.subprogramme_key(subprogramme), subprogramme.name))
        rows = []
        for key, narrative in texts:
            narrative = narrative or {}
            source = (narrative.get(biennium.source_language) or "").strip()
            if not source:
                continue
            for language, text in narrative.items():
                if language == biennium.source_language or not (text or "").strip():
                    continue
                rows.append(
                    TextTranslation(
                        biennium=biennium,
                        key=key,
                        language=language,
                        text=text.strip(),
                        source_digest=hashlib.sha256(source.encode()).hexdigest(),
                        source_text_at_save=source,
                        at=now,
                    )
                )
        TextTranslation.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0001_initial"),
        ("programme", "0003_biennium_source_language"),
        ("budget", "0001_initial"),
    ]

    operations = [migrations.RunPython(fold, migrations.RunPython.noop)]
