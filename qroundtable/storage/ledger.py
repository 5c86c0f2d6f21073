"""The import ledger: every file this copy imported, by its hash and its sender's sequence number.

Importing a file (or the same snapshot sent again) that the ledger holds changes nothing;
the ledger also keeps what became of each file's changes, for the import history.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .bulk import _IDS, _decoded, _insert_raw
from .database import Store


def ledger_hashes(store: Store, hashes: Iterable[str]) -> set[str]:
    return {r[0] for r in store.conn.execute(
        f"SELECT file_sha256 FROM import_ledger WHERE file_sha256 IN ({_IDS})", (json.dumps(list(hashes)),))}


def ledger_sequences(store: Store, kind: str = "snapshot") -> dict[str, int]:
    """delegation → the highest sequence imported from it."""
    return dict(store.conn.execute("SELECT delegation, max(sequence) FROM import_ledger WHERE kind = ? "
                                   "GROUP BY delegation", (kind,)).fetchall())


def add_ledger(store: Store, rows: list[dict]) -> None:
    for row in rows:
        _insert_raw(store, "import_ledger", row)


def ledger(store: Store) -> list[dict]:
    return store.rows("SELECT * FROM import_ledger ORDER BY imported_at DESC, delegation, sequence DESC")


def ledger_changes(store: Store, import_id: str) -> list[dict]:
    """The changes one import applied from its file (their origin is its snapshot), oldest first (idx_changes_op)."""
    return _decoded(store.rows(
        "SELECT c.table_name, c.row_id, c.field, c.old, c.new, c.origin_delegation, c.origin_at, l.sequence, "
        "l.source_id, l.imported_at FROM import_ledger l JOIN changes c ON c.op_id = l.op_id "
        "AND c.origin_snapshot = l.source_id WHERE l.id = ? ORDER BY c.seq", (import_id,)))


def ledger_snapshot(store: Store, delegation: str, sequence: int) -> dict | None:
    """The ledger's line for one snapshot of a delegation, if it was imported."""
    return store.row("SELECT * FROM import_ledger WHERE kind = 'snapshot' AND delegation = ? AND sequence = ?",
                     (delegation, sequence))


def ledger_snapshot_times(store: Store) -> dict[str, str]:
    """delegation → when its last imported snapshot was made (the sender's clock), where the ledger knows it."""
    return {d: t for d, t in store.conn.execute(
        "SELECT l.delegation, json_extract(l.report, '$.created_at') FROM import_ledger l "
        "JOIN (SELECT delegation, max(sequence) AS sequence FROM import_ledger WHERE kind = 'snapshot' "
        "GROUP BY delegation) last ON last.delegation = l.delegation AND last.sequence = l.sequence "
        "WHERE l.kind = 'snapshot' AND json_valid(l.report)") if t}
