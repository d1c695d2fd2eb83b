"""Optimistic locking: a save is refused when someone else saved the row first."""

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class ConcurrentEdit(Exception):
    """Someone else saved this row after it was read; the caller's change was not saved."""

    message = _(
        "Someone else saved this record while you were editing it. Your changes were not "
        "saved; reload the page to see their version, then make your change again."
    )

    def __str__(self) -> str:
        return str(self.message)


def save_if_unchanged(instance: models.Model, *, seen_version: int, fields: list[str]) -> None:
    """Save `fields` only if the row still has the version the editor saw.

    The version is checked and raised in one UPDATE, so of two concurrent saves exactly one
    wins; the winner then saves through the ORM so that history records the change.
    """
    model = type(instance)
    with transaction.atomic():
        claimed = model.objects.filter(pk=instance.pk, version=seen_version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise ConcurrentEdit()
        instance.version = seen_version + 1
        instance.save(update_fields=[*fields, "version"])
