"""How the Sync view words what the sync façade hands it: times, field names, values of any kind."""

from __future__ import annotations

from ...model import ActionStatus, AmendmentState
from ...stances import Stance
from ...sync.changes import COLUMNS
from ...validation import stored_time

# Columns that only tie rows together: never worth a reader's attention.
_PLUMBING = ("id",)


def when(iso: str | None) -> str:
    """An ISO time (UTC, as the core records it) in the reader's local time: '24 Nov 2026, 09:48'."""
    if not iso:
        return ""
    try:
        moment = stored_time(iso)
    except ValueError:
        return iso
    return moment.astimezone().strftime("%d %b %Y, %H:%M")


def field_label(field: str) -> str:
    return "whole entry" if field == "*" else field.replace("_", " ")


def show_value(value, field: str = "", *, deleted: str = "(removed)") -> str:
    """A value as a person reads it: stances by their label, rows as 'field: value' lines, None as `deleted`."""
    if value is None:
        return deleted
    if isinstance(value, dict):
        lines = [f"{field_label(k)}: {show_value(v, k, deleted='—')}" for k, v in value.items()
                 if k not in _PLUMBING and not k.endswith("_id")]
        return "\n".join(lines)
    if field.endswith("_at") and isinstance(value, str):
        return when(value)
    if field == "stance" and value in {s.value for s in Stance}:
        return Stance(value).label
    if value == "":
        return "(empty)"
    return str(value)


def one_line(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# Fields whose values are codes from a short list: a person picks a label, the core receives the code.
CHOICES: dict[str, list[tuple[str, str]]] = {
    "stance": [(s.value, s.label) for s in Stance],
    "status": [(s.value, s.label) for s in ActionStatus],
    "state": [(s.value, s.value.capitalize()) for s in AmendmentState],
}


def choices(field: str) -> list[tuple[str, str]] | None:
    """(code, label) pairs a person picks a value of `field` from, or None when it is typed."""
    return CHOICES.get(field)


def writable(field: str) -> bool:
    """Can a person write a value of their own? Not a whole row, nor an id (which only keep or take can name)."""
    return field != "*" and field != "id" and not field.endswith("_id")


def group_conflicts(conflicts: list) -> list[list]:
    """Conflicts a person decides together: every field of one row sent in one snapshot (a position's stance
    and comment are one position), in the order the first of each came; a whole-row conflict stands alone."""
    groups: dict[tuple, list] = {}
    for c in conflicts:
        key = (c.id,) if c.field == "*" else (c.kind, c.table, c.row_id, c.snapshot_id, c.delegation)
        groups.setdefault(key, []).append(c)
    # Fields in the order of the table's columns: a position's stance, then its comment.
    order = {t: {f: n for n, f in enumerate(columns)} for t, columns in COLUMNS.items()}
    return [sorted(g, key=lambda c: order.get(c.table, {}).get(c.field, 0)) for g in groups.values()]


def group_value(group: list, side: str, *, deleted: str = "(removed)") -> str:
    """One side ('old', 'current', 'incoming') of a group as a person reads it: one field as its value,
    several as 'field: value' lines."""
    if len(group) == 1:
        return show_value(getattr(group[0], side), group[0].field, deleted=deleted)
    return "\n".join(f"{field_label(c.field).capitalize()}: {show_value(getattr(c, side), c.field, deleted=deleted)}"
                     for c in group)
