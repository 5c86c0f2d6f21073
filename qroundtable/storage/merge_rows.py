"""The rows a batch of incoming changes touches, read for merging: one query per table, whatever the batch's size."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .bulk import _IDS, _column_list
from .database import Store, _decode


def read_rows(store: Store, table: str, ids: Iterable[str]) -> dict[str, dict]:
    """id → row for those of `ids` that exist in `table` (one query)."""
    cols = _column_list(table)
    cur = store.conn.execute(f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM [{table}] WHERE id IN ({_IDS})",
                             (json.dumps(list(ids)),))
    return {r[0]: dict(zip(cols, r)) for r in cur}


def existing_ids(store: Store, table: str, ids: Iterable[str]) -> set[str]:
    _column_list(table)
    return {r[0] for r in store.conn.execute(f"SELECT id FROM [{table}] WHERE id IN ({_IDS})",
                                             (json.dumps(list(ids)),))}


def positions_of(store: Store, delegation_ids: Iterable[str]) -> list[dict]:
    """Every position of these delegations: to find a row that holds the same (delegation, principle)."""
    cols = _column_list("positions")
    cur = store.conn.execute(f"SELECT {', '.join(cols)} FROM positions WHERE delegation_id IN ({_IDS})",
                             (json.dumps(list(delegation_ids)),))
    return [dict(zip(cols, r)) for r in cur]


def deleted_rows(store: Store, table: str, ids: Iterable[str]) -> dict[str, dict]:
    """id → the row as it was when last deleted, from the change record (rare: edits of deleted rows)."""
    found = {}
    for row_id, old in store.conn.execute(
            f"SELECT row_id, old FROM changes WHERE table_name = ? AND field = '*' AND new IS NULL "
            f"AND row_id IN ({_IDS}) ORDER BY seq", (table, json.dumps(list(ids)))):
        found[row_id] = _decode(old)
    return found


def version_times(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """principle version id → when it was made, for those of `ids` that exist (one query)."""
    return dict(store.conn.execute(f"SELECT id, created_at FROM principle_versions WHERE id IN ({_IDS}) "
                                   "AND created_at IS NOT NULL", (json.dumps(list(ids)),)).fetchall())
