"""What a snapshot carries: net changes (row, field, old, new, when), folded from the change record.

A copy's change record may set a field five times, or create a row and delete it
again; a snapshot carries only the net effect since the last one, so the
secretariat sees one change per field (one conflict at most, never five).
This module also holds the structural checks every entry passes before any
merge: known table, known field, ids that are UUIDs, values of the column's type.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..storage.database import ROW
from ..storage.schema import domain_columns
from ..validation import UUID, parse_time

COLUMNS = domain_columns()
MAX_TEXT = 100_000  # characters in any one value: principle texts are a few hundred
_INT64 = 2 ** 63
_times_seen: dict[str, str] = {}  # times already checked, each kept once
_TABLES = {t: t for t in COLUMNS}
_FIELDS = {t: {c: c for c in columns} for t, columns in COLUMNS.items()}
_KINDS = {t: {c: (kind is int, c == "id" or c.endswith("_id")) for c, kind in columns.items()}
          for t, columns in COLUMNS.items()}


class BadEntry(ValueError):
    """An entry that no well-formed file would hold (the whole file is refused)."""


@dataclass(slots=True)  # one per change: not frozen, as a frozen dataclass is slower to build
class Entry:
    """One net change: a field set (old → new), or a whole row created (old None) or deleted (new None)."""

    n: int
    table: str
    row_id: str
    field: str
    old: object
    new: object
    at: str

    def as_list(self) -> list:
        return [self.n, self.table, self.row_id, self.field, self.old, self.new, self.at]

    @property
    def is_insert(self) -> bool:
        return self.field == ROW and self.old is None

    @property
    def is_delete(self) -> bool:
        return self.field == ROW and self.new is None


def full_row(table: str, values: dict) -> dict:
    """A row with every column of its table (columns a writer left out are None)."""
    return {c: values.get(c) for c in COLUMNS[table]}


# -- folding the change record ------------------------------------------------------------------


class _RowFold:
    """The net effect of a sequence of changes on one row."""

    def __init__(self, created: bool):
        self.created = created  # first seen being inserted: the base has no such row
        self.base: dict = {}  # field → value before the first change (known fields only)
        self.present = True
        self.full: dict | None = None  # the whole row, once an insert told us all of it
        self.fields: dict = {}  # field → latest value, when only updates were seen
        self.at = ""

    def apply(self, field: str, old, new, at: str) -> None:
        self.at = at
        if field == ROW and new is not None:
            self.present, self.full = True, dict(new)
        elif field == ROW:
            for k, v in old.items():
                self.base.setdefault(k, v)
            self.present, self.full, self.fields = False, None, {}
        else:
            self.base.setdefault(field, old)
            if self.full is not None:
                self.full[field] = new
            else:
                self.fields[field] = new

    def entries(self, table: str, row_id: str) -> list[tuple[str, object, object]]:
        if self.created:
            return [(ROW, None, full_row(table, self.full))] if self.present else []
        if not self.present:
            return [(ROW, full_row(table, self.base), None)]
        if self.full is not None:  # deleted and re-created (an undone delete): only what differs
            row = full_row(table, self.full)
            return [(k, self.base.get(k), row[k]) for k in COLUMNS[table] if k != "id" and row[k] != self.base.get(k)]
        return [(k, self.base[k], v) for k, v in self.fields.items() if v != self.base[k]]


def fold(changes: Iterable[dict]) -> list[Entry]:
    """Net entries from change-record rows (`table_name, row_id, field, old, new, at`), oldest first.

    Entries come row by row in the order each row was first touched, numbered from 1.
    """
    rows: dict[tuple[str, str], _RowFold] = {}
    for c in changes:
        key = (c["table_name"], c["row_id"])
        f = rows.get(key)
        if f is None:
            f = rows[key] = _RowFold(created=c["field"] == ROW and c["old"] is None)
        f.apply(c["field"], c["old"], c["new"], c["at"])
    out: list[Entry] = []
    for (table, row_id), f in rows.items():
        for field, old, new in f.entries(table, row_id):
            out.append(Entry(len(out) + 1, table, row_id, field, old, new, f.at))
    return out


# -- structural checks ----------------------------------------------------------------------------


def parse_entry(item, expected_n: int, memo: dict | None = None) -> Entry:
    """An entry from its list form in a payload, or BadEntry saying what is wrong with it.

    Every value is type-checked before it is used as a key or compared: a list where a
    table name belongs is a bad entry, never a TypeError. Table and field names and times
    come back as one shared string each, and so do a row's short values (ids of the
    delegation, principle and version, stances) when `memo` is given: a file of
    200,000 changes repeats them 200,000 times.
    """
    if type(item) is not list or len(item) != 7:
        raise BadEntry(f"change {expected_n} is not a list of 7 values")
    n, table, row_id, field, old, new, at = item
    if type(n) is not int or n != expected_n:
        raise BadEntry(f"changes are not numbered in order at {expected_n}")
    table = _TABLES.get(table) if type(table) is str else None
    if table is None:
        raise BadEntry(f"change {n} names an unknown table {_shown(item[1])}")
    if type(row_id) is not str or not UUID.fullmatch(row_id):
        raise BadEntry(f"change {n} has a row id that is not a UUID")
    when = _times_seen.get(at) if type(at) is str else None
    if when is None:  # a snapshot's changes share few distinct times: check each once
        if parse_time(at) is None:
            raise BadEntry(f"change {n} has no valid time (a real date and time since 2000, in UTC)")
        if len(_times_seen) > 100_000:
            _times_seen.clear()
        when = _times_seen[at] = at
    if field == ROW:
        if (old is None) == (new is None):
            raise BadEntry(f"change {n} must create or delete a row, not both or neither")
        for row in (old, new):
            if row is not None:
                check_row(table, row, n)
                if row.get("id") != row_id:
                    raise BadEntry(f"change {n} holds a row whose id is not the change's")
                if memo is not None:
                    _share(row, memo)
        field = ROW
    else:
        columns = _FIELDS[table]
        field = columns.get(field) if type(field) is str else None
        if field is None or field == "id":
            raise BadEntry(f"change {n} names an unknown field {_shown(item[3])} of {table}")
        if old is not None:
            check_value(table, field, old, n)
        if new is not None:
            check_value(table, field, new, n)
    return Entry(n, table, row_id, field, old, new, when)


def _share(row: dict, shared: dict) -> None:
    for key, value in row.items():
        if type(value) is str and len(value) <= 40 and key != "id":
            row[key] = shared.setdefault(value, value)


def _shown(value) -> str:
    return repr(value)[:40] if not isinstance(value, str) else repr(value[:40])


def check_row(table: str, row, where: str | int) -> None:
    """`row` is an object of `table`'s columns, each value fitting its column (`where`: the change number)."""
    if type(row) is not dict:
        raise BadEntry(f"{_where(where)} holds a row that is not an object")
    columns = COLUMNS[table]
    unknown = [k for k in row if k not in columns]
    if unknown:
        raise BadEntry(f"{_where(where)} holds unknown fields of {table}: {', '.join(sorted(unknown))[:80]}")
    for field, value in row.items():
        if value is not None:
            check_value(table, field, value, where)


def check_value(table: str, field: str, value, where: str | int) -> None:
    """`value` fits the column: its type, a UUID for ids, a sane length for text (`where`: the change number)."""
    if value is None:
        return
    is_int, is_id = _KINDS[table][field]
    if is_int:
        if type(value) is not int or not -_INT64 <= value < _INT64:
            raise BadEntry(f"{_where(where)}: {table}.{field} must be a whole number")
        return
    if type(value) is not str:
        raise BadEntry(f"{_where(where)}: {table}.{field} must be text")
    if len(value) > MAX_TEXT:
        raise BadEntry(f"{_where(where)}: {table}.{field} is longer than {MAX_TEXT} characters")
    if is_id and not UUID.fullmatch(value):
        raise BadEntry(f"{_where(where)}: {table}.{field} is not a UUID")


def _where(where: str | int) -> str:
    return f"change {where}" if type(where) is int else str(where)
