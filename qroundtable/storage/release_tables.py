"""The roundtable's tables whole, as a release carries them: dumped from the master, installed in a copy."""

from __future__ import annotations

from .bulk import _column_list
from .database import Store
from .merge_writes import defer_foreign_keys


def dump_table(store: Store, table: str) -> tuple[list[str], list[list]]:
    """(columns, rows as lists) of one table, in id order so equal content gives equal bytes."""
    cols = _column_list(table)
    rows = store.conn.execute(f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM [{table}] ORDER BY id").fetchall()
    return cols, [list(r) for r in rows]


def replace_tables(store: Store, tables: dict[str, tuple[list[str], list[list]]]) -> None:
    """Empty each table named and fill it with the given rows; unrecorded (a release is not an edit)."""
    defer_foreign_keys(store)
    for table, (cols, rows) in tables.items():
        if cols != _column_list(table):
            raise ValueError(f"columns of {table} do not match")
        store.conn.execute(f"DELETE FROM [{table}]")
        store.conn.executemany(f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
                               f"VALUES ({', '.join('?' for _ in cols)})", rows)


def set_copy_owner(store: Store, kind: str, owner: str) -> None:
    store.conn.execute("UPDATE roundtable SET copy_kind = ?, copy_owner = ?", (kind, owner))
