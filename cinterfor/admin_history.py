"""simple_history's history page in a fixed number of queries, however long the history.

Its own diff reads each entry's many-to-many rows with queries of their own (four per entry
for an activity's countries and partners); here each relation is read once for the page.
"""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_reverse_field_name


def _related_by_record(records: list, field_name: str) -> dict[int, list]:
    """For each history entry, the objects its many-to-many field held, in one query."""
    through = getattr(records[0], field_name).model
    target = get_m2m_reverse_field_name(records[0].instance_type._meta.get_field(field_name))
    held = defaultdict(list)
    rows = (
        through.objects.filter(history__in=[r.history_id for r in records])
        .select_related(target)
        .order_by(f"{target}_id")
    )
    for row in rows:
        held[row.history_id].append(getattr(row, target))
    return held


def _shown(objects: list) -> str:
    return ", ".join(str(obj) for obj in objects) or str(_("none"))


class HistoryListAdmin(SimpleHistoryAdmin):
    object_history_list_template = "admin/versioned_history_list.html"

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        if not records:
            return
        m2m = [field.name for field in records[0]._history_m2m_fields]
        held = {name: _related_by_record(records, name) for name in m2m}
        for newer, older in zip(records, records[1:], strict=False):
            delta = newer.diff_against(
                older, excluded_fields=m2m, foreign_keys_are_objs=foreign_keys_are_objs
            )
            helper = self.get_historical_record_context_helper(request, newer)
            changes = helper.context_for_delta_changes(delta)
            for name in m2m:
                before, after = held[name][older.history_id], held[name][newer.history_id]
                if before != after:
                    label = self.model._meta.get_field(name).verbose_name
                    changes.append({"field": label, "old": _shown(before), "new": _shown(after)})
            newer.history_delta_changes = changes
