"""Uploads kept a row's reference in the contribution's note ("Ref. X", then the note), since
the contribution had no reference field; move it to the field that now holds it."""

from django.db import migrations

PREFIX = "Ref. "


def references_out_of_notes(apps, schema_editor):
    Contribution = apps.get_model("budget", "Contribution")
    UploadedRow = apps.get_model("tables", "UploadedRow")
    uploaded = UploadedRow.objects.filter(kind="contributions").values("object_id")
    moved = []
    for contribution in Contribution.objects.filter(
        pk__in=uploaded, reference="", note__startswith=PREFIX
    ):
        first, _newline, rest = contribution.note.partition("\n")
        contribution.reference = first[len(PREFIX) :].strip()[:100]
        contribution.note = rest
        moved.append(contribution)
    Contribution.objects.bulk_update(moved, ["reference", "note"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("tables", "0001_initial"),
        ("budget", "0004_contribution_reference"),
    ]

    operations = [
        migrations.RunPython(references_out_of_notes, migrations.RunPython.noop),
    ]
