"""Keep a proposal's state when it is submitted, whichever path submits it.

A receiver, not a call in programme.services: programme may not import documents (see
ARCHITECTURE.md), and every submission records a BienniumTransition in its transaction, so
the state kept here is the one submitted, or nothing if the submission rolls back.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from programme.models import Biennium, BienniumTransition


@receiver(post_save, sender=BienniumTransition, dispatch_uid="documents.keep_submitted_state")
def keep_submitted_state(sender, instance: BienniumTransition, created: bool, raw=False, **kwargs):
    if raw or not created or instance.to_status != Biennium.Status.SUBMITTED:
        return
    from .services import keep_submitted_state as keep  # services imports the renderers

    keep(transition=instance)
