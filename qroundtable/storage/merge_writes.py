"""Writing what a merge decided: a batch's inserts, deletes and field updates, recorded in the current operation.

`apply_writes` both changes the rows and appends them to the operation's change record,
as `Store.insert/update/delete` do one at a time, but in one executemany per table and field.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from operator import itemgetter

from .bulk import COLUMNS, _column_list
from .database import ROW, Change, Origin, Store


@dataclass(slots=True)
class Write:
    """One row inserted (`field` '*', old None), deleted ('*', new None) or one field set."""

    table: str
    row_id: str
    field: str
    old: object
    new: object
    origin: Origin | None = None


def apply_writes(store: Store, writes: list, origins: list[Origin | None] | None = None) -> None:
    """Make `writes` (grouped into one executemany per table and field) and record them in the current op.

    Each write has the attributes of `Write` (`table`, `row_id`, `field`, `old`, `new`); `origins[i]` says where
    `writes[i]` came from (None: made here), or without `origins`, each write's own `origin`.
    """
    op = store._current_op()
    inserts, deletes, fields = defaultdict(list), defaultdict(list), defaultdict(dict)
    changes, base = op.changes, len(op.changes)
    for w in writes:
        table, name, new = w.table, w.field, w.new
        if name == ROW:
            if new is not None:
                inserts[table].append(tuple(map(new.get, _column_list(table))))
            else:
                deletes[table].append((w.row_id,))
        else:
            if name == "id" or name not in COLUMNS.get(table, ()):
                raise ValueError(f"unknown field {table}.{name}")
            fields[(table, w.row_id)][name] = new
        changes.append(Change(table, w.row_id, name, w.old, new))
    if origins is None:
        origins = [w.origin for w in writes]
    op.origins.update((base + i, o) for i, o in enumerate(origins) if o is not None)
    # One UPDATE per row, not per field: rows changed in the same fields share one statement.
    updates = defaultdict(list)
    for (table, row_id), values in fields.items():
        updates[(table, tuple(values))].append((*values.values(), row_id))
    for table, rows in deletes.items():
        store.conn.executemany(f"DELETE FROM [{table}] WHERE id = ?", rows)
    for table, rows in inserts.items():
        cols = _column_list(table)
        store.conn.executemany(f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
                               f"VALUES ({', '.join('?' for _ in cols)})", rows)
    for (table, names), rows in updates.items():
        rows.sort(key=itemgetter(-1))  # in id order: the rows' pages are met in order, not at random
        sets = ", ".join(f"[{name}] = ?" for name in names)
        store.conn.executemany(f"UPDATE [{table}] SET {sets} WHERE id = ?", rows)


def defer_foreign_keys(store: Store) -> None:
    """Check references at commit, not per statement: a batch's rows may arrive in any order."""
    store.conn.execute("PRAGMA defer_foreign_keys = ON")


def foreign_key_problems(store: Store) -> list[tuple]:
    return store.conn.execute("PRAGMA foreign_key_check").fetchall()
