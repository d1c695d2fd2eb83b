"""A proposal's narrative in the languages it is not drafted in, each kept against its source."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programme.models import Biennium


class TextTranslation(models.Model):
    """One text of a proposal (named by its key, e.g. ``paragraph:line-a.2``) in one language.

    The key names the text by its place in the proposal, not by a database id, so a translation
    follows its text into the next biennium and through a re-import. It keeps the source text as
    it was when the translation was saved: when the source has moved on since, the translation
    is outdated, and the difference shows what to review.
    """

    biennium = models.ForeignKey(
        Biennium,
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("biennium"),
    )
    key = models.CharField(_("text"), max_length=120)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    text = models.TextField(_("translation"))
    source_digest = models.CharField(_("digest of the source text"), max_length=64)
    source_text_at_save = models.TextField(_("source text when the translation was saved"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    # A translation loaded from a file that declares itself an unofficial working translation
    # (the shipped Spanish text of 2020–21); saving it in the application makes it a reviewed one.
    working = models.BooleanField(_("unofficial working translation"), default=False)

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["biennium", "key", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["biennium", "key", "language"], name="one_translation_per_text_language"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="translation_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.biennium} {self.key} [{self.language}]"
