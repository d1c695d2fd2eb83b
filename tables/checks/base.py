"""What every upload check shares: a row's status, its cells by field, a refusal naming its
cell, the register's institutions by the names a cell may give, and a save row by row."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cinterfor.concurrency import ConcurrentEdit
from members.models import MemberInstitution

from .. import reading
from ..reading import CellError, cell_name, fold


class RowStatus(models.TextChoices):
    NEW = "new", gettext_lazy("New")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    CHANGED = "changed", gettext_lazy("Changed")
    REFUSED = "refused", gettext_lazy("Refused")


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # lazy
    required: bool = True
    width: int = 16


@dataclass
class Checked:
    """One row of the file as the check found it."""

    row: int
    status: str
    cell: str = ""
    reason: str = ""
    summary: str = ""
    key: str = ""
    values: dict = field(default_factory=dict)
    stored: object | None = None  # the stored row it matches (unchanged or changed)
    changes: dict = field(default_factory=dict)

    def report(self) -> dict:
        return {
            "row": self.row,
            "status": self.status,
            "cell": self.cell,
            "reason": self.reason,
            "summary": self.summary,
        }


class Cells:
    """The cells of one row by field name; a parse error names its cell."""

    def __init__(self, values: list, columns: dict[str, int], row: int):
        self.values, self.columns, self.row = values, columns, row

    def name_of(self, name: str) -> str:
        return cell_name(self.columns.get(name, 0), self.row)

    def get(self, name: str, parse: Callable, **options):
        index = self.columns.get(name)
        value = self.values[index] if index is not None and index < len(self.values) else None
        try:
            return parse(value, **options)
        except CellError as error:
            raise RowError(self.name_of(name), str(error)) from error


class RowError(Exception):
    def __init__(self, cell: str, reason: str):
        super().__init__(reason)
        self.cell, self.reason = cell, reason


def institution_names() -> dict[str, MemberInstitution | None]:
    """What a cell may say for an institution: "INA (CR)", or its acronym where unique."""
    names: dict[str, MemberInstitution | None] = {}
    by_acronym: dict[str, list[MemberInstitution]] = {}
    for institution in MemberInstitution.objects.all():
        names[fold(str(institution))] = institution
        by_acronym.setdefault(fold(institution.acronym), []).append(institution)
    for acronym, found in by_acronym.items():
        names.setdefault(acronym, found[0] if len(found) == 1 else None)
    return names


def institution_cell(value, *, names):
    if reading.is_blank(value):
        raise CellError(_("This cell is required."))
    found = names.get(fold(value), False)
    if found is None:
        raise CellError(_("Several institutions have this acronym; choose “ACRONYM (CC)”."))
    if found is False:
        raise CellError(_("“%(value)s” is not an institution of the register.") % {"value": value})
    return found


def currency_cell(value):
    written = reading.text(value, max_length=3) or "USD"
    written = written.upper()
    if len(written) != 3 or not written.isalpha():
        raise CellError(_("A currency is three capital letters (ISO 4217), e.g. USD, CLP."))
    return written


def changed_values(stored, values: dict, names) -> dict:
    """The values of `names` that differ from the stored row's: what a save would change."""
    return {n: values[n] for n in names if getattr(stored, n) != values[n]}


def model_errors(row, fields: list[Field], cells: Cells, *, constraints: bool) -> None:
    """The model's own validation, each error named by the cell of its field (of `fields`).

    Without the constraints, foreign keys are not validated either: they come from the
    lookups the check read once, and validating one is a query per row.
    """
    names = {spec.name for spec in fields}
    relations = [] if constraints else [f.name for f in row._meta.concrete_fields if f.is_relation]
    try:
        row.full_clean(exclude=relations, validate_unique=False, validate_constraints=constraints)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            cell = cells.name_of(name) if name in names else cells.name_of("")
            raise RowError(cell, " ".join(messages)) from error


class RowNotSaved(Exception):
    """A service refused one row of a save made row by row; `index` is its position."""

    def __init__(self, index: int, error: Exception):
        super().__init__(str(error))
        self.index, self.error = index, error


def save_one_by_one(check, rows: list[Checked], *, by, reason: str) -> list[int]:
    """Save rows through the app's own services, one at a time (the register's few rows), and
    say in each saved row's history which file it came from (one UPDATE)."""
    started = timezone.now()
    ids = []
    for index, row in enumerate(rows):
        try:
            if row.status == RowStatus.NEW:
                ids.append(check.create(row.values, by=by).pk)
            else:
                ids.append(check.update(row.stored, row.changes, by=by).pk)
        except (ValidationError, ConcurrentEdit, PermissionDenied) as error:
            raise RowNotSaved(index, error) from error
    check.model.history.filter(id__in=ids, history_user=by, history_date__gte=started).update(
        history_change_reason=reason
    )
    return ids
