"""Writes to a proposal that matter: state checks first, one transaction, history recorded."""

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

from cinterfor.concurrency import ConcurrentEdit, save_if_unchanged
from cinterfor.narrative import SOURCE_LANGUAGE
from cinterfor.roles import MANAGERS, PROGRAMME_STAFF, require_role
from members.models import Country, MemberInstitution

from .markup import ANY_PLACEHOLDER, PLACEHOLDER
from .models import (
    Activity,
    Biennium,
    BienniumTransition,
    Footnote,
    LineOfAction,
    Paragraph,
    Section,
)


class BienniumLocked(PermissionDenied):
    """The proposal is submitted or approved, so nothing in it may change."""


class InvalidTransition(Exception):
    """The proposal is not in a state from which this move is allowed."""


def refuse_unless_draft(biennium: Biennium, status: str) -> None:
    """Raise BienniumLocked unless `status` is draft, saying how to correct the proposal."""
    if status != Biennium.Status.DRAFT:
        raise BienniumLocked(
            _(
                "The %(label)s proposal is %(status)s and read-only. A manager can return it "
                "to draft, with a reason, to correct it."
            )
            % {"label": biennium.label, "status": Biennium.Status(status).label.lower()}
        )


def ensure_editable(biennium: Biennium) -> None:
    """Refuse a submitted or approved proposal, for pages deciding what to offer.

    It takes no lock, so a write must not rely on it: writes call `lock_for_edit`.
    """
    status = Biennium.objects.values_list("status", flat=True).get(pk=biennium.pk)
    refuse_unless_draft(biennium, status)


def lock_for_edit(biennium: Biennium) -> Biennium:
    """Lock the proposal's row until the transaction ends; refuse unless it is a draft.

    Every write to a proposal calls this first, inside its transaction. A submit locks the same
    row, so it waits for an edit under way, and an edit that waited for a submit finds the
    proposal submitted: no edit can land in a submitted proposal.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_edit() must run inside transaction.atomic().")
    # NO KEY UPDATE: it conflicts with a submit's FOR UPDATE but not with the key-share locks
    # that inserting rows which refer to the biennium take.
    locked = Biennium.objects.select_for_update(no_key=True).get(pk=biennium.pk)
    refuse_unless_draft(locked, locked.status)
    return locked


def _move(
    *, biennium: Biennium, by, to: str, allowed_from: tuple[str, ...], reason: str = ""
) -> Biennium:
    require_role(by, MANAGERS)
    with transaction.atomic():
        locked = Biennium.objects.select_for_update().get(pk=biennium.pk)
        if locked.status not in allowed_from:
            raise InvalidTransition(
                _("A %(status)s proposal cannot be moved to %(to)s.")
                % {
                    "status": locked.get_status_display().lower(),
                    "to": Biennium.Status(to).label.lower(),
                }
            )
        BienniumTransition.objects.create(
            biennium=locked, from_status=locked.status, to_status=to, by=by, reason=reason
        )
        now = timezone.now()
        if to == Biennium.Status.SUBMITTED:
            locked.submitted_by, locked.submitted_at = by, now
        elif to == Biennium.Status.APPROVED:
            if locked.submitted_by_id == by.pk:
                raise PermissionDenied(
                    _("The proposal must be approved by someone other than its submitter.")
                )
            locked.approved_by, locked.approved_at = by, now
        else:
            locked.submitted_by = locked.submitted_at = None
            locked.approved_by = locked.approved_at = None
        locked.status = to
        locked.version += 1
        locked.save()
    return locked


def biennium_submit(*, biennium: Biennium, by) -> Biennium:
    """Draft → submitted: the proposal is frozen for review.

    The bare move: the site submits through `review.services.proposal_submit`, which first
    requires a reason for each open reconciliation finding and records them with this move.
    """
    return _move(biennium=biennium, by=by, to=Biennium.Status.SUBMITTED, allowed_from=("draft",))


def biennium_approve(*, biennium: Biennium, by) -> Biennium:
    """Submitted → approved, by a manager other than the submitter (four eyes).

    The bare move: the site approves through `review.services.proposal_approve`, which first
    refuses while a review note is open.
    """
    return _move(biennium=biennium, by=by, to=Biennium.Status.APPROVED, allowed_from=("submitted",))


def biennium_reopen(*, biennium: Biennium, by, reason: str) -> Biennium:
    """Submitted or approved → draft, for a correction; the reason is recorded."""
    if not reason.strip():
        raise InvalidTransition(_("Say why the proposal goes back to draft."))
    return _move(
        biennium=biennium,
        by=by,
        to=Biennium.Status.DRAFT,
        allowed_from=("submitted", "approved"),
        reason=reason.strip(),
    )


# Programme staff's writes: activities, paragraphs and footnotes (the workspace, issue 3).

EDITORS = (PROGRAMME_STAFF, MANAGERS)
ACTIVITY_FIELDS = (
    "title",
    "description",
    "kind",
    "status",
    "starts_on",
    "ends_on",
    "other_partners",
    "source_paragraph",
)
ACTIVITY_RELATIONS = ("countries", "partner_institutions")

# Any [^...] token, malformed ones included, so that none slips in unnoticed (markup.ANY_PLACEHOLDER
# is the same for [[...]]).
ANY_FOOTNOTE_MARKER = re.compile(r"\[\^([^\[\]]*)\]")


def ensure_may_edit(*, biennium: Biennium, by: AbstractBaseUser) -> None:
    """Programme staff and managers may change a draft proposal; finance and others may not.

    Call it inside the write's transaction: it locks the biennium (`lock_for_edit`).
    """
    require_role(by, *EDITORS)
    lock_for_edit(biennium)


def paragraph_biennium(paragraph: Paragraph) -> Biennium:
    """The biennium of a paragraph, whether it sits in a section or under a line of action."""
    return (paragraph.section or paragraph.line_of_action).biennium


def _check_source_paragraph(activity: Activity) -> None:
    paragraph = activity.source_paragraph
    if paragraph is not None and paragraph.line_of_action_id != activity.line_of_action_id:
        raise ValidationError(
            {"source_paragraph": _("Choose a paragraph of this activity's line of action.")}
        )


def _set_relations(activity: Activity, relations: dict[str, Iterable]) -> None:
    """Set countries and partners without history rows of their own: the save that follows
    records them in the same row as the other fields, so one edit is one entry."""
    activity.skip_history_when_saving = True
    try:
        for name, values in relations.items():
            getattr(activity, name).set(values)
    finally:
        del activity.skip_history_when_saving


def activity_create(
    *,
    line: LineOfAction,
    by: AbstractBaseUser,
    title: dict,
    kind: str,
    description: dict | None = None,
    status: str = Activity.Status.PLANNED,
    starts_on: date | None = None,
    ends_on: date | None = None,
    countries: Iterable[Country] = (),
    partner_institutions: Iterable[MemberInstitution] = (),
    other_partners: str = "",
    source_paragraph: Paragraph | None = None,
) -> Activity:
    """Add an activity at the end of its line of action."""
    with transaction.atomic():
        ensure_may_edit(biennium=line.biennium, by=by)
        # Locking the line serialises additions and moves, so positions never collide.
        line = LineOfAction.objects.select_for_update().get(pk=line.pk)
        last = line.activities.aggregate(last=Max("position"))["last"] or 0
        activity = Activity(
            line_of_action=line,
            position=last + 1,
            title=title,
            description=description or {},
            kind=kind,
            status=status,
            starts_on=starts_on,
            ends_on=ends_on,
            other_partners=other_partners,
            source_paragraph=source_paragraph,
        )
        _check_source_paragraph(activity)
        activity.full_clean()
        activity._history_user = by
        activity.save()
        activity.countries.set(countries)
        activity.partner_institutions.set(partner_institutions)
    return activity


def activity_update(
    *, activity: Activity, by: AbstractBaseUser, seen_version: int, **changes
) -> Activity:
    """Change the named fields of an activity (`ACTIVITY_FIELDS`, `ACTIVITY_RELATIONS`).

    Raises ConcurrentEdit, and saves nothing, when someone else saved it after `seen_version`.
    """
    unknown = set(changes) - set(ACTIVITY_FIELDS) - set(ACTIVITY_RELATIONS)
    if unknown:
        raise TypeError(f"activity_update() cannot change {', '.join(sorted(unknown))}")
    with transaction.atomic():
        ensure_may_edit(biennium=activity.line_of_action.biennium, by=by)
        fields = [name for name in ACTIVITY_FIELDS if name in changes]
        for name in fields:
            setattr(activity, name, changes[name])
        if "description" in changes and changes["description"] is None:
            activity.description = {}
        _check_source_paragraph(activity)
        activity.full_clean()
        _set_relations(activity, {n: changes[n] for n in ACTIVITY_RELATIONS if n in changes})
        activity._history_user = by
        save_if_unchanged(activity, seen_version=seen_version, fields=fields)
    return activity


def activity_delete(*, activity: Activity, by: AbstractBaseUser, seen_version: int) -> None:
    """Delete an activity, unless someone else saved it after `seen_version` (ConcurrentEdit)."""
    with transaction.atomic():
        ensure_may_edit(biennium=activity.line_of_action.biennium, by=by)
        claimed = Activity.objects.filter(pk=activity.pk, version=seen_version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise ConcurrentEdit()
        activity._history_user = by
        activity.delete()


def activity_move(*, activity: Activity, by: AbstractBaseUser, direction: str) -> Activity:
    """Swap an activity with its neighbour above ("up") or below ("down") in its line of action."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    with transaction.atomic():
        ensure_may_edit(biennium=activity.line_of_action.biennium, by=by)
        line = LineOfAction.objects.select_for_update().get(pk=activity.line_of_action_id)
        current = line.activities.get(pk=activity.pk)  # where it is now, not where the page saw it
        others = line.activities.exclude(pk=current.pk)
        if direction == "up":
            neighbour = others.filter(position__lt=current.position).order_by("-position").first()
        else:
            neighbour = others.filter(position__gt=current.position).order_by("position").first()
        if neighbour is None:
            raise ValidationError(
                _("This activity is already the first of its line of action.")
                if direction == "up"
                else _("This activity is already the last of its line of action.")
            )
        # Positions are unique within a line, so the moving row steps aside first.
        spare = line.activities.aggregate(last=Max("position"))["last"] + 1
        line.activities.filter(pk=current.pk).update(position=spare)
        current.position, neighbour.position = neighbour.position, current.position
        for moved in (neighbour, current):
            moved._history_user = by
            moved.save(update_fields=["position"])
    return current


@dataclass(frozen=True)
class PlaceholderEdit:
    """Placeholders changed on purpose, through the editor's figure controls (issue 8).

    `replaced` maps a placeholder to its corrected form (same figure, e.g. a stated value set
    to what the data give), `removed` are taken out, `added` were inserted from the picker.
    """

    replaced: Mapping[str, str] = field(default_factory=dict)
    removed: frozenset[str] = frozenset()
    added: frozenset[str] = frozenset()

    def problems(self) -> list[str]:
        """New placeholders that are not well formed, or a correction naming another figure."""
        problems = [
            _("%(token)s is not a figure placeholder.") % {"token": token}
            for token in sorted({*self.replaced.values(), *self.added})
            if not PLACEHOLDER.fullmatch(token)
        ]
        for old, new in sorted(self.replaced.items()):
            old_ref, new_ref = PLACEHOLDER.fullmatch(old), PLACEHOLDER.fullmatch(new)
            if old_ref and new_ref and old_ref.group(1) != new_ref.group(1):
                problems.append(
                    _("A correction keeps its figure: %(old)s cannot become %(new)s.")
                    % {"old": old, "new": new}
                )
        return problems

    def expected(self, before: Counter) -> Counter:
        """The placeholders a text that had `before` should have after this edit."""
        expected: Counter = Counter()
        for token, count in before.items():
            if token not in self.removed:
                expected[self.replaced.get(token, token)] += count
        return expected


def paragraph_text_problems(
    *,
    old: dict,
    new: dict,
    footnote_keys: Iterable[str],
    placeholder_edit: PlaceholderEdit | None = None,
) -> list[str]:
    """Why an edited paragraph text may not be saved (an empty list when it may).

    Each language keeps exactly the placeholders it had (a new translation those of the English
    text), except those changed on purpose through `placeholder_edit`: figures are bound to the
    data and change there, never as free text. Footnote markers may only name the paragraph's
    own footnotes.
    """
    edit = placeholder_edit or PlaceholderEdit()
    names = dict(settings.LANGUAGES)
    known = set(footnote_keys)
    problems: list[str] = [str(problem) for problem in edit.problems()]
    for code, text in new.items():
        if not text:
            continue
        values = {"language": names.get(code, code)}
        before = edit.expected(
            Counter(ANY_PLACEHOLDER.findall(old.get(code) or old.get(SOURCE_LANGUAGE, "")))
        )
        after = Counter(ANY_PLACEHOLDER.findall(text))
        for token in edit.added:
            before[token] = max(before[token], after[token])
        if missing := sorted((before - after).elements()):
            problems.append(
                _(
                    "The %(language)s text must keep the placeholder(s) %(tokens)s. Figures come "
                    "from the data: they cannot be removed or edited as text."
                )
                % {**values, "tokens": ", ".join(missing)}
            )
        if added := sorted((after - before).elements()):
            problems.append(
                _(
                    "The %(language)s text may not add or change placeholders (%(tokens)s); only "
                    "the placeholders the paragraph already has can be used."
                )
                % {**values, "tokens": ", ".join(added)}
            )
        old_markers = set(ANY_FOOTNOTE_MARKER.findall(old.get(code) or "")) & known
        if dropped := sorted(old_markers - set(ANY_FOOTNOTE_MARKER.findall(text))):
            problems.append(
                _(
                    "The %(language)s text must keep its footnote marker(s) %(markers)s; move "
                    "a marker by cutting and pasting it, or delete the footnote to remove it."
                )
                % {**values, "markers": ", ".join(f"[^{key}]" for key in dropped)}
            )
        if unknown := sorted(set(ANY_FOOTNOTE_MARKER.findall(text)) - known):
            problems.append(
                _(
                    "The %(language)s text marks footnotes this paragraph does not have: %(markers)s."
                )
                % {**values, "markers": ", ".join(f"[^{key}]" for key in unknown)}
            )
    return problems


def paragraph_update(
    *,
    paragraph: Paragraph,
    by: AbstractBaseUser,
    seen_version: int,
    text: dict,
    placeholder_edit: PlaceholderEdit | None = None,
) -> Paragraph:
    """Change a paragraph's text, keeping its placeholders and footnote markers valid.

    Placeholders change only as `placeholder_edit` says (the editor's figure controls).
    """
    with transaction.atomic():
        ensure_may_edit(biennium=paragraph_biennium(paragraph), by=by)
        keys = paragraph.footnotes.values_list("key", flat=True)
        problems = paragraph_text_problems(
            old=paragraph.text, new=text, footnote_keys=keys, placeholder_edit=placeholder_edit
        )
        if problems:
            raise ValidationError({"text": problems})
        paragraph.text = text
        paragraph.full_clean()
        paragraph._history_user = by
        save_if_unchanged(paragraph, seen_version=seen_version, fields=["text"])
    return paragraph


def footnote_update(
    *, footnote: Footnote, by: AbstractBaseUser, seen_version: int, text: dict
) -> Footnote:
    """Change a footnote's text; its key, which the paragraph's marker names, stays."""
    with transaction.atomic():
        ensure_may_edit(biennium=paragraph_biennium(footnote.paragraph), by=by)
        footnote.text = text
        footnote.full_clean()
        footnote._history_user = by
        save_if_unchanged(footnote, seen_version=seen_version, fields=["text"])
    return footnote


def line_heading_update(
    *, line: LineOfAction, by: AbstractBaseUser, seen_version: int, text: dict
) -> LineOfAction:
    """Change the heading of a line of action; its letter stays."""
    with transaction.atomic():
        ensure_may_edit(biennium=line.biennium, by=by)
        line.heading = text
        line.full_clean()
        line._history_user = by
        save_if_unchanged(line, seen_version=seen_version, fields=["heading"])
    return line


def section_title_update(
    *, section: Section, by: AbstractBaseUser, seen_version: int, title: dict, subtitle: dict
) -> Section:
    """Change a section's title and subtitle; its kind and place in the document stay."""
    with transaction.atomic():
        ensure_may_edit(biennium=section.biennium, by=by)
        section.title, section.subtitle = title, subtitle
        section.full_clean()
        section._history_user = by
        save_if_unchanged(section, seen_version=seen_version, fields=["title", "subtitle"])
    return section


def footnote_create(
    *, paragraph: Paragraph, by: AbstractBaseUser, key: str, text: dict
) -> Footnote:
    """Add a footnote to a paragraph, its marker at the end of each text (move it by editing)."""
    with transaction.atomic():
        ensure_may_edit(biennium=paragraph_biennium(paragraph), by=by)
        locked = Paragraph.objects.select_for_update().get(pk=paragraph.pk)
        if locked.footnotes.filter(key=key).exists():
            raise ValidationError(
                {"key": _("This paragraph already has a footnote [^%(key)s].") % {"key": key}}
            )
        footnote = Footnote(paragraph=locked, key=key, text=text)
        footnote.full_clean()
        footnote._history_user = by
        footnote.save()
        marker = f"[^{key}]"
        locked.text = {code: f"{value.rstrip()}{marker}" for code, value in locked.text.items()}
        locked._history_user = by
        locked.version += 1
        locked.save(update_fields=["text", "version"])
    return footnote


def footnote_delete(*, footnote: Footnote, by: AbstractBaseUser, seen_version: int) -> None:
    """Delete a footnote and its marker from every text of its paragraph, together."""
    with transaction.atomic():
        ensure_may_edit(biennium=paragraph_biennium(footnote.paragraph), by=by)
        # No ordering: the default one joins the paragraph's nullable parents, which
        # PostgreSQL will not lock.
        locked = (
            Footnote.objects.select_for_update()
            .filter(pk=footnote.pk, version=seen_version)
            .order_by()
            .first()
        )
        if locked is None:
            raise ConcurrentEdit()
        paragraph = Paragraph.objects.select_for_update().get(pk=locked.paragraph_id)
        marker = f"[^{locked.key}]"
        paragraph.text = {code: value.replace(marker, "") for code, value in paragraph.text.items()}
        paragraph._history_user = by
        paragraph.version += 1
        paragraph.save(update_fields=["text", "version"])
        locked._history_user = by
        locked.delete()


# Restoring an earlier version (issue 8): a new version written like any save, never a rewind.


def _restored_reason(record) -> str:
    """The history note of a restore, e.g. "restored from version of 2026-11-30 05:20 by Ana"."""
    user = record.history_user
    who = (user.get_full_name() or user.get_username()) if user else "—"
    when = record.history_date.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    reason = _("restored from version of %(when)s by %(who)s") % {"when": when, "who": who}
    return str(reason)[:100]  # simple_history keeps a reason of 100 characters


def _version_of(instance, history_id: int):
    record = instance.history.filter(history_id=history_id).select_related("history_user").first()
    if record is None or record.history_type == "-":
        raise ValidationError(_("This record has no such version to restore."))
    return record


def paragraph_restore(
    *, paragraph: Paragraph, by: AbstractBaseUser, seen_version: int, history_id: int
) -> Paragraph:
    """Write an earlier version's text as the paragraph's new version.

    Its placeholders come back as they were (a deliberate choice); its footnote markers must
    name footnotes the paragraph still has, and a footnote added since gets its marker back.
    """
    with transaction.atomic():
        ensure_may_edit(biennium=paragraph_biennium(paragraph), by=by)
        record = _version_of(paragraph, history_id)
        in_order = list(paragraph.footnotes.order_by("id").values_list("key", flat=True))
        keys = set(in_order)
        gone = sorted(
            {key for text in record.text.values() for key in ANY_FOOTNOTE_MARKER.findall(text)}
            - keys
        )
        if gone:
            raise ValidationError(
                _(
                    "That version marks footnotes the paragraph no longer has (%(markers)s); "
                    "add them again first, or edit the text instead."
                )
                % {"markers": ", ".join(f"[^{key}]" for key in gone)}
            )
        paragraph.text = _with_markers_of(record.text, keys=in_order)
        paragraph.full_clean()
        paragraph._history_user = by
        paragraph._change_reason = _restored_reason(record)
        save_if_unchanged(paragraph, seen_version=seen_version, fields=["text"])
    return paragraph


def _with_markers_of(texts: dict, *, keys: list[str]) -> dict:
    """Texts keeping a marker for each footnote: one the version lacks goes at the end, as
    adding a footnote puts it, so no footnote is left without its marker."""
    restored = {}
    for code, text in texts.items():
        present = set(ANY_FOOTNOTE_MARKER.findall(text))
        missing = "".join(f"[^{key}]" for key in keys if key not in present)
        restored[code] = f"{text.rstrip()}{missing}" if text and missing else text
    return restored


def footnote_restore(
    *, footnote: Footnote, by: AbstractBaseUser, seen_version: int, history_id: int
) -> Footnote:
    """Write an earlier version's text as the footnote's new version; its key stays."""
    with transaction.atomic():
        ensure_may_edit(biennium=paragraph_biennium(footnote.paragraph), by=by)
        record = _version_of(footnote, history_id)
        footnote.text = record.text
        footnote.full_clean()
        footnote._history_user = by
        footnote._change_reason = _restored_reason(record)
        save_if_unchanged(footnote, seen_version=seen_version, fields=["text"])
    return footnote


def _recorded_relations(record) -> dict[str, list]:
    """The countries and partners a history record of an activity held, still registered."""
    relations = {}
    for m2m in record._history_m2m_fields:
        target = get_m2m_reverse_field_name(m2m)
        relations[m2m.name] = [
            getattr(row, f"{target}_id") for row in getattr(record, m2m.name).all()
        ]
    return {
        "countries": list(Country.objects.filter(pk__in=relations.get("countries", []))),
        "partner_institutions": list(
            MemberInstitution.objects.filter(pk__in=relations.get("partner_institutions", []))
        ),
    }


def _recorded_source_paragraph(record, line_id: int) -> Paragraph | None:
    """The planning paragraph a version named, if it is still a paragraph of the same line."""
    if record.source_paragraph_id is None:
        return None
    return Paragraph.objects.filter(
        pk=record.source_paragraph_id, line_of_action_id=line_id
    ).first()


def activity_restore(
    *,
    biennium: Biennium,
    by: AbstractBaseUser,
    history_id: int,
    seen_version: int | None = None,
) -> Activity:
    """Bring an activity back to an earlier version, or bring a deleted activity back.

    A live activity is saved like any edit (`seen_version` checked); a deleted one comes back
    with its id, so its history continues, at the end of its line of action.
    """
    with transaction.atomic():
        ensure_may_edit(biennium=biennium, by=by)
        record = (
            Activity.history.filter(history_id=history_id, line_of_action__biennium_id=biennium.pk)
            .select_related("history_user")
            .first()
        )
        if record is None:
            raise ValidationError(_("This biennium has no such version of an activity."))
        live = Activity.objects.filter(pk=record.id).first()
        if live is None and not LineOfAction.objects.filter(pk=record.line_of_action_id).exists():
            raise ValidationError(_("The line of action of that activity no longer exists."))
        fields = {n: getattr(record, n) for n in ACTIVITY_FIELDS if n != "source_paragraph"}
        fields["source_paragraph"] = _recorded_source_paragraph(record, record.line_of_action_id)
        relations = _recorded_relations(record)
        reason = _restored_reason(record)
        if live is not None:
            if record.history_type == "-":
                raise ValidationError(_("This activity is not deleted; it was restored already."))
            if seen_version is None:  # a page that did not know the activity was back
                raise ConcurrentEdit()
            for name, value in fields.items():
                setattr(live, name, value)
            live.full_clean()
            _set_relations(live, relations)
            live._history_user = by
            live._change_reason = reason
            save_if_unchanged(live, seen_version=seen_version, fields=list(fields))
            return live
        last_recorded = Activity.history.filter(id=record.id).order_by("-history_date").first()
        if last_recorded.history_type != "-":
            raise ValidationError(_("This activity is not deleted."))
        line = LineOfAction.objects.select_for_update().get(pk=record.line_of_action_id)
        last = line.activities.aggregate(last=Max("position"))["last"] or 0
        activity = Activity(
            pk=record.id,
            line_of_action=line,
            position=last + 1,
            version=last_recorded.version + 1,
            **fields,
        )
        activity.full_clean(validate_unique=False)
        activity._history_user = by
        activity._change_reason = reason
        activity.save(force_insert=True)
        for name, values in relations.items():
            getattr(activity, name).set(values)
    return activity
