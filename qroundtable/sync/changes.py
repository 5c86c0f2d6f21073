"""What a snapshot carries: net changes (row, field, old, new, when), folded from the change record.

A copy's change record may set a field five times, or create a row and delete it
again; a snapshot carries only the net effect since the last one, so the
secretariat sees one change per field (one conflict at most, never five).
This module also holds the structural checks every entry passes before any
merge: known table, known field, ids that are UUIDs, values of the column's type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..storage.schema import domain_columns

ROW = "*"
COLUMNS = domain_columns()
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
MAX_TEXT = 100_000  # characters in any one value: principle texts are a few hundred
_INT64 = 2 ** 63
_times_seen: set[str] = set()


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


def parse_entry(item, expected_n: int) -> Entry:
    """An entry from its list form in a payload, or BadEntry saying what is wrong with it."""
    if not isinstance(item, list) or len(item) != 7:
        raise BadEntry(f"change {expected_n} is not a list of 7 values")
    n, table, row_id, field, old, new, at = item
    if n != expected_n or type(n) is not int:
        raise BadEntry(f"changes are not numbered in order at {expected_n}")
    if table not in COLUMNS:
        raise BadEntry(f"change {n} names an unknown table {str(table)[:40]!r}")
    if not isinstance(row_id, str) or not UUID.fullmatch(row_id):
        raise BadEntry(f"change {n} has a row id that is not a UUID")
    if not isinstance(at, str):
        raise BadEntry(f"change {n} has no valid time")
    if at not in _times_seen:  # a snapshot's changes share few distinct times: check each once
        if not TIMESTAMP.fullmatch(at):
            raise BadEntry(f"change {n} has no valid time")
        if len(_times_seen) > 100_000:
            _times_seen.clear()
        _times_seen.add(at)
    if field == ROW:
        if (old is None) == (new is None):
            raise BadEntry(f"change {n} must create or delete a row, not both or neither")
        for row in (old, new):
            if row is not None:
                check_row(table, row, f"change {n}")
                if row.get("id") != row_id:
                    raise BadEntry(f"change {n} holds a row whose id is not the change's")
    else:
        if not isinstance(field, str) or field not in COLUMNS[table] or field == "id":
            raise BadEntry(f"change {n} names an unknown field {str(field)[:40]!r} of {table}")
        check_value(table, field, old, f"change {n}")
        check_value(table, field, new, f"change {n}")
    return Entry(n, table, row_id, field, old, new, at)


def check_row(table: str, row, where: str) -> None:
    if not isinstance(row, dict):
        raise BadEntry(f"{where} holds a row that is not an object")
    unknown = set(row) - set(COLUMNS[table])
    if unknown:
        raise BadEntry(f"{where} holds unknown fields of {table}: {', '.join(sorted(unknown))[:80]}")
    for field, value in row.items():
        check_value(table, field, value, where)


def check_value(table: str, field: str, value, where: str) -> None:
    """`value` fits the column: its type, a UUID for ids, a sane length for text."""
    if value is None:
        return
    kind = COLUMNS[table][field]
    if kind is int:
        if type(value) is not int or not -_INT64 <= value < _INT64:
            raise BadEntry(f"{where}: {table}.{field} must be a whole number")
        return
    if not isinstance(value, str):
        raise BadEntry(f"{where}: {table}.{field} must be text")
    if len(value) > MAX_TEXT:
        raise BadEntry(f"{where}: {table}.{field} is longer than {MAX_TEXT} characters")
    if (field == "id" or field.endswith("_id")) and not UUID.fullmatch(value):
        raise BadEntry(f"{where}: {table}.{field} is not a UUID")
