"""The change record as sync reads it: what no snapshot has carried yet, what went out in which, marking it sent.

A change's `snapshot_id` says where it went: NULL while unsent, the snapshot's (or
release's) id once it went out, 'local' for what never travels, 'rebased' for unsent
changes a release import replayed (the replayed copies are what will be sent).
"""

from __future__ import annotations

import json

from .bulk import _IDS, _decoded
from .database import Store

# Sent nowhere: a copy's own notes and its conflicts list.
LOCAL_ONLY = ("private_notes", "conflicts", "revoked_keys")


def unsent_changes(store: Store, after_seq: int = 0) -> list[dict]:
    """Changes no snapshot has carried yet (those after `after_seq`), oldest first (idx_changes_unsent)."""
    return _decoded(store.rows("SELECT seq, table_name, row_id, field, old, new, at FROM changes "
                               "WHERE snapshot_id IS NULL AND seq > ? ORDER BY seq", (after_seq,)))


def unsent_mark(store: Store) -> tuple[int, int]:
    """(how many changes are unsent, the newest one's seq): tells a cache whether only new ones came."""
    count, newest = store.conn.execute("SELECT count(*), coalesce(max(seq), 0) FROM changes "
                                       "WHERE snapshot_id IS NULL").fetchone()
    return count, newest


def changes_sent_in(store: Store, snapshot_ids: list[str]) -> list[dict]:
    """Changes that went out in these snapshots, oldest first (to replay those not yet in a release)."""
    return _decoded(store.rows(f"SELECT seq, table_name, row_id, field, old, new, at FROM changes "
                               f"WHERE snapshot_id IN ({_IDS}) ORDER BY seq", (json.dumps(snapshot_ids),)))


def mark_unsent(store: Store, snapshot_id: str) -> None:
    """The unsent changes now went out in `snapshot_id`; local-only ones are marked as never to be sent."""
    local = ", ".join(f"'{t}'" for t in LOCAL_ONLY)
    store.conn.execute(f"UPDATE changes SET snapshot_id = CASE WHEN table_name IN ({local}) THEN 'local' ELSE ? END "
                       "WHERE snapshot_id IS NULL", (snapshot_id,))


def mark_rebased(store: Store) -> None:
    """Unsent changes a release import has just replayed: the replayed ones are what will be sent."""
    local = ", ".join(f"'{t}'" for t in LOCAL_ONLY)
    store.conn.execute(f"UPDATE changes SET snapshot_id = 'rebased' WHERE snapshot_id IS NULL "
                       f"AND table_name NOT IN ({local})")
