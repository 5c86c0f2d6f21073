"""The three-way merge of incoming changes into the rows a copy holds: pure, no files, no SQL.

For each field: current equal to the change's new value → nothing to do; current
equal to its old value → apply; anything else → a conflict (old, current,
incoming, sender), and the field keeps its current value until a person decides.
Incoming changes are merged one after another in the order given (the caller
sorts a batch by delegation, sequence and change number, so the same files in
any order give the same result). The outcome is the rows' final state as
minimal writes, one outcome per change, and the conflicts.

`Merger` does the same file by file, so that an import holds one file's changes
at a time: `add` merges one file's changes, `writes` hands over what changed
since the last call, and `forget` lets the rows go once they are written (the
next file reads them back from the database, as they now are).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from .changes import COLUMNS, ROW, Entry, full_row
from .rules import STAMPS, check, content_equal

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
    version_times: dict[str, str] = field(default_factory=dict)  # principle version id → created_at

    @property
    def delegation_codes(self) -> dict[str, str]:
        """id → code (for reasons that name a row's owner)."""
        codes = self.__dict__.get("_codes")
        if codes is None or len(codes) != len(self.delegation_ids):
            codes = self.__dict__["_codes"] = {v: k for k, v in self.delegation_ids.items()}
        return codes


@dataclass
class MergeResult:
    outcomes: list[Outcome]
    writes: list[RowWrite]
    conflicts: list[Conflict]

    def count(self, result: Result) -> int:
        return sum(1 for o in self.outcomes if o.result == result)


def merge(incoming: list[Incoming], ground: Ground) -> MergeResult:
    """Merge `incoming` in order into `ground`; `ground.rows` is left at the final state."""
    merger = Merger(ground)
    outcomes, conflicts = merger.add(incoming)
    return MergeResult(outcomes, merger.writes(), conflicts)


class Merger:
    """A merge fed one file at a time, whose writes may be taken (and its rows forgotten) as it goes."""

    def __init__(self, ground: Ground):
        self.ground = ground
        self.initial: dict[tuple[str, str], dict | None] = dict(ground.rows)  # the rows as loaded
        self.setter: dict[tuple[str, str, str], Incoming] = {}

    def load(self, rows: dict[tuple[str, str], dict | None]) -> None:
        """Rows read for the next changes; those already known keep their merged state."""
        for key, row in rows.items():
            if key not in self.ground.rows:
                self.ground.rows[key] = self.initial[key] = row

    def add(self, incoming: list[Incoming], refused: dict[int, str] | None = None) -> tuple[list[Outcome],
                                                                                             list[Conflict]]:
        """Merge `incoming` in order; `refused` (id(inc) → reason) are rejected without being looked at."""
        ground, setter = self.ground, self.setter
        outcomes: list[Outcome] = []
        conflicts: list[Conflict] = []
        codes = ground.delegation_codes  # id → code, for reasons that name a row's owner
        for group in _by_row(incoming):
            applied_content = False
            stamps = []
            for inc in group:
                e = inc.entry
                if refused and id(inc) in refused:
                    outcomes.append(Outcome(inc, Result.REJECTED, refused[id(inc)]))
                    continue
                if e.field != ROW and e.field in STAMPS.get(e.table, ()):
                    stamps.append(inc)  # who-wrote-it-when: merged after its row's content, following it
                    continue
                outcome, conflict = _merge_one(inc, ground, codes)
                if conflict:
                    conflicts.append(conflict)
                if outcome.result is Result.APPLIED:
                    applied_content = True
                    setter[(e.table, e.row_id, e.field)] = inc
                outcomes.append(outcome)
            for inc in stamps:
                outcome = _stamp(inc, ground, applied_content, codes)
                if outcome.result is Result.APPLIED:
                    setter[(inc.entry.table, inc.entry.row_id, inc.entry.field)] = inc
                outcomes.append(outcome)
        if ground.check_permissions:
            _history_follows_its_position(outcomes, ground, setter)
        return outcomes, conflicts

    def writes(self) -> list[RowWrite]:
        """The minimal writes from the rows as loaded to their merged state (since the last `forget`)."""
        return _writes(self.initial, self.ground.rows, self.setter)

    def forget(self) -> None:
        """The writes are made: let the rows go (what is read next comes from the database)."""
        self.ground.rows.clear()
        self.ground.positions.clear()
        self.initial.clear()
        self.setter.clear()


def _history_follows_its_position(outcomes: list[Outcome], ground: Ground, setter: dict) -> None:
    """A history entry goes in only with its position change: when every change the snapshot made to that
    position was rejected, its history entries are rejected too (and taken back out)."""
    history = [o for o in outcomes if o.incoming.entry.table == "position_history"
               and o.incoming.entry.is_insert and o.result != Result.REJECTED]
    if not history:
        return
    fates: dict[tuple[str, str], bool] = {}  # (delegation id, principle id) → some position change got through
    pairs: dict[str, tuple[str, str] | None] = {}
    for o in outcomes:
        e = o.incoming.entry
        if e.table == "positions":
            pair = pairs.get(e.row_id, False)
            if pair is False:
                pair = pairs[e.row_id] = position_pair(e, ground)
            if pair is not None:
                fates[pair] = fates.get(pair, False) or o.result != Result.REJECTED
    for o in history:
        e = o.incoming.entry
        pair = (e.new.get("delegation_id"), e.new.get("principle_id"))
        if fates.get(pair) is False:
            if o.result == Result.APPLIED:
                ground.rows[("position_history", e.row_id)] = None
                setter.pop(("position_history", e.row_id, ROW), None)
            o.result, o.reason = Result.REJECTED, "the position change it records was rejected"


def position_pair(e: Entry, ground: Ground) -> tuple[str, str] | None:
    """(delegation id, principle id) of the position a change of `positions` is about, if known."""
    if e.is_insert:
        row = e.new
    else:
        key = ("positions", e.row_id)
        row = ground.rows.get(key) or ground.deleted.get(key) or (e.old if e.is_delete else None)
    return (row.get("delegation_id"), row.get("principle_id")) if isinstance(row, dict) else None


def _by_row(incoming: list[Incoming]) -> list[list[Incoming]]:
    groups: dict[tuple, list[Incoming]] = defaultdict(list)
    for inc in incoming:
        groups[(inc.delegation, inc.sequence, inc.entry.table, inc.entry.row_id)].append(inc)
    return list(groups.values())


def _stamp(inc: Incoming, ground: Ground, applied_content: bool, codes: dict[str, str]) -> Outcome:
    e = inc.entry
    row = ground.rows.get((e.table, e.row_id))
    if ground.check_permissions:
        reason = check(e, row or ground.deleted.get((e.table, e.row_id)), inc.delegation,
                       ground.delegation_ids.get(inc.delegation, ""), codes)
        if reason:
            return Outcome(inc, Result.REJECTED, reason)
    if row is None or not applied_content or row[e.field] == e.new:
        return Outcome(inc, Result.UNCHANGED, "" if applied_content else "its row kept the current values")
    ground.rows[(e.table, e.row_id)] = {**row, e.field: e.new}
    return Outcome(inc, Result.APPLIED)


def _merge_one(inc: Incoming, ground: Ground, codes: dict[str, str]) -> tuple[Outcome, Conflict | None]:
    e = inc.entry
    key = (e.table, e.row_id)
    row = ground.rows.get(key)
    gone = row is None and (key in ground.deleted or ground.missing_is_deleted)
    whole = e.field == ROW
    if ground.check_permissions:
        known = row if row is not None or (whole and e.old is None) else ground.deleted.get(key)
        reason = check(e, known, inc.delegation, ground.delegation_ids.get(inc.delegation, ""), codes)
        if reason:
            return Outcome(inc, Result.REJECTED, reason), None
    if whole and e.old is None:
        return _insert(inc, ground)
    if whole and e.new is None:  # a delete
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
    if row is None and before is not None:
        ground.deleted[(table, row_id)] = before  # a later change of it meets a deleted row, as in a later import
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
