"""Helpers that make the review's tests read as sentences."""

from review.forms import FindingReasonsForm

SUBMIT = "/bienniums/2020-21/status/submit/"
APPROVE = "/bienniums/2020-21/status/approve/"
STATUS = "/bienniums/2020-21/status/"


def reasons_for_every_finding(client, reason: str = "As in the source text.") -> dict[str, str]:
    """The submit page's form with the same reason typed for each open finding."""
    form: FindingReasonsForm = client.get(SUBMIT).context["form"]
    return {name: reason for name in form.fields}
