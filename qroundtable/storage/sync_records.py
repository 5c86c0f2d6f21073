"""What this copy records of its own sync: key/value state, the releases it issued or took, the snapshots it sent.

None of it travels: it describes this copy (its base release, the secretariat's key,
the sequence numbers acknowledged), not the roundtable.
"""

from __future__ import annotations

from .bulk import _insert_raw
from .database import Store


def state(store: Store) -> dict[str, str]:
    return dict(store.conn.execute("SELECT key, value FROM sync_state").fetchall())


def set_state(store: Store, values: dict[str, object]) -> None:
    store.conn.executemany("INSERT INTO sync_state (key, value) VALUES (?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           [(k, str(v)) for k, v in values.items()])


def add_release(store: Store, row: dict) -> None:
    _insert_raw(store, "releases", row)


def releases(store: Store) -> list[dict]:
    return store.rows("SELECT * FROM releases ORDER BY recorded_at, seq")


def last_release_seq(store: Store, role: str) -> int:
    return store.value("SELECT coalesce(max(seq), 0) FROM releases WHERE role = ?", (role,))


def add_snapshot(store: Store, row: dict) -> None:
    _insert_raw(store, "snapshots", row)


def snapshots(store: Store) -> list[dict]:
    return store.rows("SELECT * FROM snapshots ORDER BY seq")


def last_snapshot_seq(store: Store) -> int:
    return store.value("SELECT coalesce(max(seq), 0) FROM snapshots")


def clear_sync_records(store: Store) -> None:
    """A copy handed out from the master starts with no ledger, conflicts or releases of its own."""
    for table in ("import_ledger", "conflicts", "releases", "snapshots", "sync_state"):
        store.conn.execute(f"DELETE FROM [{table}]")
