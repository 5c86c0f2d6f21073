"""The three-way merge of incoming changes into the rows a copy holds: pure, no files, no SQL.

For each field: current equal to the change's new value → nothing to do; current
equal to its old value → apply; anything else → a conflict (old, current,
incoming, sender), and the field keeps its current value until a person decides.
Incoming changes are merged one after another in the order given (the caller
sorts a batch by delegation, sequence and change number, so the same files in
any order give the same result). The outcome is the rows' final state as
minimal writes, one outcome per change, and the conflicts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from .changes import COLUMNS, ROW, Entry, full_row
from .rules import check, content_equal, is_stamp

FOREIGN: dict[str, dict[str, str]] = {}  # table → {column: parent table}, filled from the schema below


class Result(StrEnum):
    APPLIED = "applied"
    UNCHANGED = "unchanged"  # the copy already holds the incoming value
    CONFLICT = "conflict"
    REJECTED = "rejected"


@dataclass(slots=True)
class Incoming:
    """A change with who sent it: the delegation, its snapshot's sequence number and id."""

    delegation: str
    sequence: int
    snapshot: str
    entry: Entry

    @property
    def label(self) -> str:
        e = self.entry
        what = "row" if e.field == ROW else e.field
        return f"{self.delegation} snapshot {self.sequence}, change {e.n}: {e.table} {e.row_id} {what}"


@dataclass(slots=True)  # one per change: not frozen, as a frozen dataclass is slower to build
class Outcome:
    incoming: Incoming
    result: Result
    reason: str = ""


@dataclass(slots=True)
class Conflict:
    """A field (or whole row) the merge left for a person, with every value they need to decide."""

    table: str
    row_id: str
    field: str
    old: object
    current: object
    incoming: object
    reason: str
    source: Incoming


@dataclass(slots=True)
class RowWrite:
    """A final write: row inserted (field '*', old None), deleted ('*', new None) or one field changed."""

    table: str
    row_id: str
    field: str
    old: object
    new: object
    source: Incoming


@dataclass
class Ground:
    """What the merge knows of the copy: the rows touched, and the facts permissions and references need.

    `rows` must hold every (table, id) the incoming changes name (None when absent).
    """

    rows: dict[tuple[str, str], dict | None]
    delegation_ids: dict[str, str] = field(default_factory=dict)  # code → id
    deleted: dict[tuple[str, str], dict] = field(default_factory=dict)  # rows known to have been deleted
    existing: dict[str, set[str]] = field(default_factory=dict)  # parent table → ids present
    positions: dict[tuple[str, str], str] = field(default_factory=dict)  # (delegation, principle) → row id
    check_permissions: bool = True
    missing_is_deleted: bool = False  # a copy rebasing its own edits: a row gone from a release was deleted


@dataclass
class MergeResult:
    outcomes: list[Outcome]
    writes: list[RowWrite]
    conflicts: list[Conflict]

    def count(self, result: Result) -> int:
        return sum(1 for o in self.outcomes if o.result == result)


def merge(incoming: list[Incoming], ground: Ground) -> MergeResult:
    """Merge `incoming` in order into `ground`; `ground.rows` is left at the final state."""
    initial = dict(ground.rows)
    outcomes: list[Outcome] = []
    conflicts: list[Conflict] = []
    setter: dict[tuple[str, str, str], Incoming] = {}
    for group in _by_row(incoming):
        applied_content = False
        stamps = []
        for inc in group:
            e = inc.entry
            if e.field != ROW and is_stamp(e.table, e.field):
                stamps.append(inc)  # who-wrote-it-when: merged after its row's content, following it
                continue
            outcome, conflict = _merge_one(inc, ground)
            if conflict:
                conflicts.append(conflict)
            if outcome.result == Result.APPLIED:
                applied_content = True
                setter[(e.table, e.row_id, e.field)] = inc
            outcomes.append(outcome)
        for inc in stamps:
            outcome = _stamp(inc, ground, applied_content)
            if outcome.result == Result.APPLIED:
                setter[(inc.entry.table, inc.entry.row_id, inc.entry.field)] = inc
            outcomes.append(outcome)
    return MergeResult(outcomes, _writes(initial, ground.rows, setter), conflicts)


def _by_row(incoming: list[Incoming]) -> list[list[Incoming]]:
    groups: dict[tuple, list[Incoming]] = defaultdict(list)
    for inc in incoming:
        groups[(inc.delegation, inc.sequence, inc.entry.table, inc.entry.row_id)].append(inc)
    return list(groups.values())


def _stamp(inc: Incoming, ground: Ground, applied_content: bool) -> Outcome:
    e = inc.entry
    row = ground.rows.get((e.table, e.row_id))
    if ground.check_permissions:
        reason = check(e, row or ground.deleted.get((e.table, e.row_id)), inc.delegation,
                       ground.delegation_ids.get(inc.delegation, ""))
        if reason:
            return Outcome(inc, Result.REJECTED, reason)
    if row is None or not applied_content or row[e.field] == e.new:
        return Outcome(inc, Result.UNCHANGED, "" if applied_content else "its row kept the current values")
    ground.rows[(e.table, e.row_id)] = {**row, e.field: e.new}
    return Outcome(inc, Result.APPLIED)


def _merge_one(inc: Incoming, ground: Ground) -> tuple[Outcome, Conflict | None]:
    e = inc.entry
    key = (e.table, e.row_id)
    row = ground.rows.get(key)
    gone = row is None and (key in ground.deleted or ground.missing_is_deleted)
    if ground.check_permissions:
        reason = check(e, row if row is not None else ground.deleted.get(key), inc.delegation,
                       ground.delegation_ids.get(inc.delegation, ""))
        if reason:
            return Outcome(inc, Result.REJECTED, reason), None
    if e.is_insert:
        return _insert(inc, ground)
    if e.is_delete:
        old = full_row(e.table, e.old)
        if row is None:
            return Outcome(inc, Result.UNCHANGED, "already deleted"), None
        if content_equal(e.table, row, old):
            _set_row(ground, e.table, e.row_id, None)
            return Outcome(inc, Result.APPLIED), None
        return _conflict(inc, old, row, None, "deleted a row that was changed since")
    if row is None:
        if gone:
            return _conflict(inc, e.old, None, e.new, "changes a row that was deleted")
        return Outcome(inc, Result.REJECTED, "changes a row the master does not have"), None
    current = row[e.field]
    if current == e.new:
        return Outcome(inc, Result.UNCHANGED), None
    if current != e.old:
        return _conflict(inc, e.old, current, e.new, "changed on both sides")
    if e.field in FOREIGN.get(e.table, ()):
        missing = _missing_reference(ground, e.table, {e.field: e.new})
        if missing:
            return _refused(inc, ground, missing)
    ground.rows[key] = {**row, e.field: e.new}
    return Outcome(inc, Result.APPLIED), None


def _insert(inc: Incoming, ground: Ground) -> tuple[Outcome, Conflict | None]:
    e = inc.entry
    new = full_row(e.table, e.new)
    row = ground.rows.get((e.table, e.row_id))
    if row is not None:
        if content_equal(e.table, row, new):
            return Outcome(inc, Result.UNCHANGED), None
        return _conflict(inc, None, row, new, "a different row with this id exists")
    if e.table == "positions":
        other_id = ground.positions.get((new["delegation_id"], new["principle_id"]))
        other = ground.rows.get(("positions", other_id)) if other_id else None
        if other is not None:
            if content_equal(e.table, {**other, "id": None}, {**new, "id": None}):
                return Outcome(inc, Result.UNCHANGED), None
            conflict = Conflict("positions", other_id, ROW, None, other, new,
                                "the master recorded a position of this delegation on this principle too", inc)
            return Outcome(inc, Result.CONFLICT, conflict.reason), conflict
    missing = _missing_reference(ground, e.table, new)
    if missing:
        return _refused(inc, ground, missing)
    _set_row(ground, e.table, e.row_id, new)
    return Outcome(inc, Result.APPLIED), None


def _refused(inc: Incoming, ground: Ground, reason: str) -> tuple[Outcome, Conflict | None]:
    # A copy rebasing its own edit keeps it as a conflict a person can see; a snapshot's change is rejected.
    if ground.missing_is_deleted:
        e = inc.entry
        return _conflict(inc, e.old, ground.rows.get((e.table, e.row_id)), e.new, reason)
    return Outcome(inc, Result.REJECTED, reason), None


def _conflict(inc: Incoming, old, current, new, reason: str) -> tuple[Outcome, Conflict]:
    e = inc.entry
    conflict = Conflict(e.table, e.row_id, e.field, old, current, new, reason, inc)
    return Outcome(inc, Result.CONFLICT, reason), conflict


def _set_row(ground: Ground, table: str, row_id: str, row: dict | None) -> None:
    before = ground.rows.get((table, row_id))
    ground.rows[(table, row_id)] = row
    if table == "positions":
        if before is not None:
            ground.positions.pop((before["delegation_id"], before["principle_id"]), None)
        if row is not None:
            ground.positions[(row["delegation_id"], row["principle_id"])] = row_id


def _missing_reference(ground: Ground, table: str, values: dict) -> str:
    for column, parent in FOREIGN.get(table, {}).items():
        value = values.get(column)
        if value is not None and column in values and value not in ground.existing.get(parent, ()):
            return f"refers to a {parent.rstrip('s').replace('_', ' ')} that is not in the master"
    return ""


def references(table: str, values: dict) -> list[tuple[str, str]]:
    """(parent table, id) of every reference in `values`, to load `Ground.existing` in one go."""
    return [(parent, values[c]) for c, parent in FOREIGN.get(table, {}).items() if values.get(c) is not None]


def _writes(initial: dict, final: dict, setter: dict) -> list[RowWrite]:
    """The minimal writes from `initial` to `final` rows, each credited to the change that made it."""
    writes = []
    for key, after in final.items():
        before = initial.get(key)
        table, row_id = key
        if before == after:
            continue
        if before is None:
            source = setter.get((table, row_id, ROW)) or _any_setter(setter, table, row_id)
            writes.append(RowWrite(table, row_id, ROW, None, after, source))
        elif after is None:
            writes.append(RowWrite(table, row_id, ROW, before, None, setter.get((table, row_id, ROW))))
        else:
            for column in COLUMNS[table]:
                if before.get(column) != after.get(column):
                    source = setter.get((table, row_id, column)) or setter.get((table, row_id, ROW))
                    writes.append(RowWrite(table, row_id, column, before.get(column), after[column], source))
    return writes


def _any_setter(setter: dict, table: str, row_id: str) -> Incoming | None:
    return next((inc for (t, r, _), inc in setter.items() if t == table and r == row_id), None)


def _load_foreign_keys() -> None:
    from ..storage.schema import domain_foreign_keys

    FOREIGN.update({t: fks for t, fks in domain_foreign_keys().items() if fks})


_load_foreign_keys()
