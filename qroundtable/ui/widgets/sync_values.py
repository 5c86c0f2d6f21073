"""How the Sync view words what the sync façade hands it: times, field names, values of any kind."""

from __future__ import annotations

from ...stances import Stance
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


def value_choices(field: str) -> list[tuple[str, str]] | None:
    """For a field with a fixed set of values, (label, stored value) pairs: a person picks a label, never
    types an internal code such as `object`. None for free text."""
    if field == "stance":
        return [(s.label, s.value) for s in Stance]
    return None


def one_line(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
