"""Check an uploaded table row by row: new, unchanged, changed or refused, with cell and reason.

One check per kind of upload says its columns, how a row is parsed, its natural key, how it
is compared with what is stored and which service saves it. `check_rows` reads a whole sheet in
a fixed number of queries (the lookups, then the stored rows of the file's keys).
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from .. import reading
from ..models import UploadBatch
from ..reading import SheetRows, cell_name, fold
from .base import (
    Cells,
    Checked,
    Field,
    RowError,
    RowNotSaved,
    RowStatus,
    institution_names,
    save_one_by_one,
)
from .contributions import ContributionCheck
from .register import AgreementCheck, InstitutionCheck

__all__ = [
    "CHECKS",
    "AgreementCheck",
    "Cells",
    "Checked",
    "ContributionCheck",
    "Field",
    "InstitutionCheck",
    "RowError",
    "RowNotSaved",
    "RowStatus",
    "cell_of",
    "check_for",
    "check_rows",
    "institution_names",
    "save_one_by_one",
]


CHECKS = {
    UploadBatch.Kind.CONTRIBUTIONS: ContributionCheck,
    UploadBatch.Kind.INSTITUTIONS: InstitutionCheck,
    UploadBatch.Kind.AGREEMENTS: AgreementCheck,
}


def check_for(batch: UploadBatch):
    return CHECKS[batch.kind](biennium=batch.biennium)


def cell_of(check, field_name: str, row: int) -> str:
    """The cell of a field in a row of the file `check_rows` read (column A for the row)."""
    return cell_name(getattr(check, "columns", {}).get(field_name, 0), row)


def _columns(check, headers: list[str]) -> tuple[dict[str, int], list[Checked]]:
    """Which column holds each field, found by its header in any language; missing ones refused."""
    folded = [fold(h) for h in headers]
    columns, missing = {}, []
    for spec in check.fields:
        names = reading.labels_in_every_language(spec.label) | {fold(spec.name)}
        index = next((i for i, h in enumerate(folded) if h in names), None)
        if index is not None:
            columns[spec.name] = index
        elif spec.required:
            missing.append(
                Checked(
                    row=1,
                    status=RowStatus.REFUSED,
                    cell=cell_name(len(headers), 1),
                    reason=_("The column “%(label)s” is missing.") % {"label": spec.label},
                )
            )
    return columns, missing


def check_rows(check, sheet: SheetRows, *, progress: Callable[[int, int], None] | None = None):
    """Every row of the sheet checked, in order; a missing column refuses the file."""
    columns, missing = _columns(check, sheet.headers)
    if missing:
        return missing
    check.columns = columns  # to name the cell of a refusal the save may still make
    results, first_of_key = [], {}
    total = len(sheet.rows)
    for done, (number, values) in enumerate(sheet.rows, start=1):
        cells = Cells(values, columns, number)
        try:
            parsed = check.parse(cells)
        except RowError as error:
            results.append(Checked(number, RowStatus.REFUSED, error.cell, error.reason))
        else:
            key = check.key(parsed)
            summary = check.summary(parsed)
            if key in first_of_key:
                reason = _("The same row as row %(row)d of this file.") % {"row": first_of_key[key]}
                results.append(
                    Checked(number, RowStatus.REFUSED, cell_name(0, number), reason, summary, key)
                )
            else:
                first_of_key[key] = number
                results.append(Checked(number, RowStatus.NEW, "", "", summary, key, parsed))
        if progress and done % 250 == 0:
            progress(done, total)
    stored = check.stored([r.key for r in results if r.status == RowStatus.NEW])
    labels = {spec.name: str(spec.label) for spec in check.fields}
    for result in results:
        if result.status != RowStatus.NEW or result.key not in stored:
            continue
        result.stored = stored[result.key]
        result.changes = check.changes(result.stored, result.values)
        result.status = RowStatus.CHANGED if result.changes else RowStatus.UNCHANGED
        if result.changes:  # the preview says what a confirmation would change
            changed = ", ".join(labels.get(name, name) for name in result.changes)
            result.summary += " · " + _("changes: %(fields)s") % {"fields": changed}
    return results
