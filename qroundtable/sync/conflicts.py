"""Conflicts a person decides: keep the current value, take the incoming one, or write a new one.

A resolution is an ordinary recorded edit: the field's new value and the
conflict's new state go into the change record together, as one undo step, and
reach the delegations with the next release like any other edit of the master.
"""

from __future__ import annotations

import sqlite3

from ..errors import InvalidInput, NotPermitted
from ..model import OpChanges
from ..storage import Store, conflict_rows, merge_rows, now_iso, queries
from ..section import one_by_ref
from ..stances import Stance, parse_stance
from ..working_copy import WorkingCopy
from .changes import COLUMNS, ROW
from .model import ConflictView
from .rules import RULES

_WHAT = {"positions": "position", "position_history": "position history entry", "amendments": "amendment",
         "action_items": "action item", "members": "member"}


def list_conflicts(copy: WorkingCopy, *, include_closed: bool = False) -> list[ConflictView]:
    rows = conflict_rows.conflicts(copy.store, include_closed=include_closed)
    names = Names(copy.store)
    return [_view(copy.store, r, names) for r in rows]


def get(copy: WorkingCopy, ref: str) -> ConflictView:
    ref = (ref or "").strip()
    rows = conflict_rows.conflicts_by_ref(copy.store, ref) if len(ref) >= 4 else []
    return _view(copy.store, one_by_ref(rows, ref, "conflict"), Names(copy.store))


def resolve(copy: WorkingCopy, ref: str, *, keep: bool = False, take: bool = False,
            value: str | None = None) -> OpChanges:
    """Decide conflict `ref`: exactly one of keep, take, or a new `value` (text, as typed)."""
    if sum((keep, take, value is not None)) != 1:
        raise InvalidInput("choose one way to resolve: keep the current value, take the incoming one, or give a value")
    c = get(copy, ref)
    if c.state != "open":
        raise InvalidInput(f"that conflict is already {c.state}")
    if c.kind == "merge":
        copy.require_secretariat("resolve conflicts from delegations' snapshots")
    elif not copy.info.is_secretariat and c.delegation != copy.info.copy_owner:
        raise NotPermitted("this conflict belongs to another copy")
    how = "keep" if keep else "take" if take else "value"
    chosen = c.current if keep else c.incoming if take else _typed(c, value)
    label = f"Resolve conflict on {c.what}" + ("" if c.field == ROW else f" ({c.field.replace('_', ' ')})")
    store = copy.store
    try:
        with copy.mutation(label) as m:
            if not keep:
                _write(store, c, chosen)
            store.update("conflicts", c.id, {"state": "resolved", "resolution": how,
                                             "resolved_value": conflict_rows.encode(chosen), "resolved_by": copy.actor,
                                             "resolved_at": now_iso()})
    except sqlite3.IntegrityError:
        raise InvalidInput("that value refers to something no longer in the roundtable; keep the current "
                           "value or give another") from None
    return m.changes


def _typed(c: ConflictView, text: str):
    if c.field == ROW:
        raise InvalidInput("a conflict over a whole row is resolved by keeping or taking it, not by a typed value")
    kind = COLUMNS[c.table][c.field]
    if kind is int:
        try:
            return int(text)
        except (TypeError, ValueError):
            raise InvalidInput(f"{c.field.replace('_', ' ')} must be a whole number") from None
    if c.field == "stance":  # the code, its label as the app shows it, or its number
        try:
            text = parse_stance(text).value
        except InvalidInput:
            names = ", ".join(f"{s.value} ({s.label})" for s in Stance)
            raise InvalidInput(f"{text!r} is not a valid stance; choose one of {names}") from None
    rule = RULES.get(c.table)
    check = rule.checks.get(c.field) if rule else None
    if check:
        reason = check(text, c.delegation)
        if reason:
            raise InvalidInput(reason)
    return text


def _write(store: Store, c: ConflictView, value) -> None:
    current = store.get(c.table, c.row_id)
    if c.field != ROW:
        if current is None:
            gone = merge_rows.deleted_rows(store, c.table, [c.row_id]).get(c.row_id)
            if gone is None:
                raise InvalidInput(f"that {c.what} no longer exists; only keeping the current state can close this "
                                   "conflict")
            store.insert(c.table, {**gone, c.field: value})
        else:
            store.update(c.table, c.row_id, {c.field: value}, current=current)
    elif value is None:  # the sender deleted the row
        if current is not None:
            store.delete(c.table, c.row_id)
    elif current is not None:  # take the sender's version of the row, under the id this copy knows
        owner = RULES[c.table].owner if c.table in RULES else None
        if owner and value.get(owner) != current.get(owner):
            raise NotPermitted(f"that would give {c.what} to another delegation; keep the current row instead")
        store.update(c.table, c.row_id, {k: v for k, v in value.items() if k != "id"}, current=current)
    else:
        store.insert(c.table, value)


# -- describing rows in words ------------------------------------------------------------------------


class Names:
    """Delegation codes and principle numbers by id: what `describe` names a row with."""

    def __init__(self, store: Store):
        self.codes = queries.delegation_codes(store)
        self.numbers = queries.principle_numbers(store)


def _view(store: Store, r: dict, names: Names) -> ConflictView:
    now = store.get(r["table_name"], r["row_id"]) if r["table_name"] in COLUMNS else None
    if r["field"] == ROW:
        current = now
    else:
        current = now.get(r["field"]) if now else None
    # Name the row from what is there now, or else from the values the conflict kept.
    row = now or next((v for v in (r["incoming"], r["current"], r["old"]) if isinstance(v, dict)), None)
    return ConflictView(
        id=r["id"], kind=r["kind"], table=r["table_name"], row_id=r["row_id"], field=r["field"],
        what=describe(r["table_name"], row, names), old=r["old"], current=current, incoming=r["incoming"],
        reason=r["reason"] or "", delegation=r["delegation"], sequence=r["sequence"], snapshot_id=r["snapshot_id"],
        created_at=r["created_at"], state=r["state"], resolution=r["resolution"],
        resolved_value=r["resolved_value"], resolved_by=r["resolved_by"], resolved_at=r["resolved_at"])


def describe(table: str, row: dict | None, names: Names) -> str:
    """A row as a person names it: "JP position on principle 4", "action item “Brief the minister”"."""
    what = _WHAT.get(table, table.replace("_", " ").rstrip("s"))
    if not row:
        return what
    code = names.codes.get(row.get("delegation_id") or row.get("owner_id"), "")
    number = names.numbers.get(row.get("principle_id"))
    if table in ("positions", "position_history", "amendments") and number is not None:
        return f"{code} {what} on principle {number}" if table != "amendments" else \
            f"{code} amendment to principle {number}"
    if table == "action_items":
        return f"{what} “{row.get('title', '')}” ({code})"
    if table == "members":
        return f"{what} {row.get('name', '')} of {code}"
    return what
