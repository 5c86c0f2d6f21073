"""The SQL pieces the sync records share: many ids as one JSON array, a table's columns, plain inserts.

Bulk reads pass their ids as one JSON array (`json_each`): `WHERE id IN (_IDS)` with
`json.dumps(list(ids))` as the parameter is one query per table, whatever the batch's size.
The names are private to the storage package, as `database._encode/_decode` are.
"""

from __future__ import annotations

from .database import Store, _decode
from .schema import domain_columns

COLUMNS = domain_columns()
_COLUMN_LISTS = {table: list(columns) for table, columns in COLUMNS.items()}
_IDS = "SELECT value FROM json_each(?)"


def _column_list(table: str) -> list[str]:
    """The columns of one of the roundtable's own tables, in schema order; ValueError for any other name."""
    columns = _COLUMN_LISTS.get(table)
    if columns is None:
        raise ValueError(f"unknown table {table!r}")
    return columns


def _insert_raw(store: Store, table: str, row: dict) -> None:
    """Insert `row` as it is: for the sync records, which are bookkeeping, not recorded edits."""
    store.conn.execute(f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in row)}) "
                       f"VALUES ({', '.join('?' for _ in row)})", tuple(row.values()))


def _decoded(rows: list[dict]) -> list[dict]:
    """Rows of the change record with their old and new values read back from JSON (in place)."""
    for r in rows:
        r["old"], r["new"] = _decode(r["old"]), _decode(r["new"])
    return rows
