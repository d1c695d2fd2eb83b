"""Reads of export jobs for the pages, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from programme.models import Biennium

from .models import DocumentSnapshot, ExportJob
from .states import ProposalState, read_state, state_from_json

# What the tables of exports and the notifications show of each job. Joining every column of
# the requester and of both bienniums made compiling the query most of its cost (2.2–2.4 ms
# against 0.8–1.4 ms for an empty page, 2.4–2.9 against 1.7–2.1 for 25 rows; two runs).
_ROW_FIELDS = ("requested_at", "format", "language", "status", "error")
_ROW_BIENNIUM = ("biennium__start_year", "biennium__end_year")


def export_jobs(*, biennium: Biennium | None = None) -> QuerySet[ExportJob]:
    """Past and running exports, newest first, with who asked and against what; across
    bienniums, for which too. Only what a table of them shows."""
    related = ["requested_by", "compare_to"]
    fields = [
        *_ROW_FIELDS,
        "requested_by__username",
        "requested_by__first_name",
        "requested_by__last_name",
        "compare_to__start_year",
        "compare_to__end_year",
    ]
    jobs = ExportJob.objects.order_by("-requested_at", "-id")
    if biennium is not None:
        jobs = jobs.filter(biennium=biennium)
    else:
        related.append("biennium")
        fields.extend(_ROW_BIENNIUM)
    return jobs.select_related(*related).only(*fields)


def unseen_outcomes(*, user) -> list[ExportJob]:
    """The user's finished exports they have not looked at yet: the app's notifications."""
    return list(
        ExportJob.objects.select_related("biennium")
        .only(*_ROW_FIELDS, *_ROW_BIENNIUM)
        .filter(
            requested_by=user,
            seen_at__isnull=True,
            status__in=[ExportJob.Status.DONE, ExportJob.Status.FAILED],
        )
        .order_by("-requested_at", "-id")[:10]
    )


def get_job_or_404(pk: int) -> ExportJob:
    try:
        return ExportJob.objects.select_related("requested_by", "biennium", "compare_to").get(pk=pk)
    except ExportJob.DoesNotExist as error:
        raise Http404("No such export.") from error


# The states Compare offers: each biennium as it stands, and the states kept of each.

LIVE, KEPT = "now", "kept"
KEPT_STATES_OFFERED = 50  # the newest; older exports' states stay kept, not offered


@dataclass(frozen=True)
class StateChoice:
    value: str  # "now:2020-21" or "kept:<pk>"
    label: str
    biennium: Biennium
    snapshot: DocumentSnapshot | None = None


def state_choices(*, biennium: Biennium) -> list[StateChoice]:
    """Every biennium as it stands, then the newest kept states, in two queries."""
    choices = [
        StateChoice(
            f"{LIVE}:{b.slug}",
            _("%(label)s as it stands (%(status)s)")
            % {"label": b.label, "status": b.get_status_display().lower()},
            b,
        )
        for b in Biennium.objects.order_by("-start_year")
    ]
    kept = (
        DocumentSnapshot.objects.select_related("biennium", "export_job")
        .defer("state")
        .order_by("-taken_at", "-id")[:KEPT_STATES_OFFERED]
    )
    for snapshot in kept:
        values = {
            "label": snapshot.biennium.label,
            "at": date_format(localtime(snapshot.taken_at), "DATETIME_FORMAT"),
        }
        if snapshot.occasion == DocumentSnapshot.Occasion.SUBMISSION:
            label = _("%(label)s at submission, %(at)s") % values
        else:
            values["job"] = snapshot.export_job_id
            values["language"] = snapshot.language
            label = _("%(label)s at export #%(job)s (%(language)s), %(at)s") % values
        choices.append(StateChoice(f"{KEPT}:{snapshot.pk}", label, snapshot.biennium, snapshot))
    return choices


def state_of(choice: StateChoice, *, language: str) -> ProposalState:
    """The state a choice names: built now, or read back from the kept JSON (one query)."""
    if choice.snapshot is None:
        return read_state(choice.biennium, language, choice.label)
    data = DocumentSnapshot.objects.values_list("state", flat=True).get(pk=choice.snapshot.pk)
    return state_from_json(data, choice.label)
