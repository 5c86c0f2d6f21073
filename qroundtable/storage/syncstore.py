"""The SQL of sync: bulk reads and writes for merging, the import ledger, conflicts, releases, snapshots.

Bulk reads pass their ids as one JSON array (`json_each`), so a batch of any size
is one query per table. Bulk writes go through `apply_writes`, which both changes
the rows and appends them to the current operation's change record, like
`Store.insert/update/delete` do one at a time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from .database import ROW, Change, Origin, Store, _decode, _encode
from .schema import domain_columns

COLUMNS = domain_columns()
_COLUMN_LISTS = {table: list(columns) for table, columns in COLUMNS.items()}
# Sent nowhere: a copy's own notes and its conflicts list.
LOCAL_ONLY = ("private_notes", "conflicts")
_IDS = "SELECT value FROM json_each(?)"


def transaction(store: Store) -> AbstractContextManager[None]:
    """Bookkeeping that is not an edit (marking changes as sent): one transaction, no undo step."""
    return store.transaction()


def _column_list(table: str) -> list[str]:
    columns = _COLUMN_LISTS.get(table)
    if columns is None:
        raise ValueError(f"unknown table {table!r}")
    return columns


# -- reading the rows a batch touches ---------------------------------------------------------


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


def delegation_ids(store: Store) -> dict[str, str]:
    """code → id of every delegation."""
    return dict(store.conn.execute("SELECT code, id FROM delegations").fetchall())


def roundtable_id(store: Store) -> str:
    return store.value("SELECT id FROM roundtable LIMIT 1")


# -- writing a merged batch --------------------------------------------------------------------


@dataclass(slots=True)
class Write:
    """One row inserted (`field` '*', old None), deleted ('*', new None) or one field set."""

    table: str
    row_id: str
    field: str
    old: object
    new: object
    origin: Origin | None = None


def apply_writes(store: Store, writes: list[Write]) -> None:
    """Make `writes` (grouped into one executemany per table and field) and record them in the current op."""
    op = store._current_op()
    inserts, deletes, fields = defaultdict(list), defaultdict(list), defaultdict(dict)
    for w in writes:
        if w.field == ROW and w.new is not None:
            inserts[w.table].append(tuple(w.new.get(c) for c in _column_list(w.table)))
        elif w.field == ROW:
            deletes[w.table].append((w.row_id,))
        else:
            if w.field == "id" or w.field not in COLUMNS.get(w.table, ()):
                raise ValueError(f"unknown field {w.table}.{w.field}")
            fields[(w.table, w.row_id)][w.field] = w.new
        if w.origin is not None:
            op.origins[len(op.changes)] = w.origin
        op.changes.append(Change(w.table, w.row_id, w.field, w.old, w.new))
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
        sets = ", ".join(f"[{name}] = ?" for name in names)
        store.conn.executemany(f"UPDATE [{table}] SET {sets} WHERE id = ?", rows)


def defer_foreign_keys(store: Store) -> None:
    """Check references at commit, not per statement: a batch's rows may arrive in any order."""
    store.conn.execute("PRAGMA defer_foreign_keys = ON")


def foreign_key_problems(store: Store) -> list[tuple]:
    return store.conn.execute("PRAGMA foreign_key_check").fetchall()


# -- whole tables: releases --------------------------------------------------------------------


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


# -- the change record as sync sees it -----------------------------------------------------------


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


def _decoded(rows: list[dict]) -> list[dict]:
    for r in rows:
        r["old"], r["new"] = _decode(r["old"]), _decode(r["new"])
    return rows


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


# -- sync state, releases, snapshots -------------------------------------------------------------


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


def _insert_raw(store: Store, table: str, row: dict) -> None:
    store.conn.execute(f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in row)}) "
                       f"VALUES ({', '.join('?' for _ in row)})", tuple(row.values()))


# -- the import ledger --------------------------------------------------------------------------


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


def clear_sync_records(store: Store) -> None:
    """A copy handed out from the master starts with no ledger, conflicts or releases of its own."""
    for table in ("import_ledger", "conflicts", "releases", "snapshots", "sync_state"):
        store.conn.execute(f"DELETE FROM [{table}]")


# -- conflicts ------------------------------------------------------------------------------------


def add_conflicts(store: Store, rows: list[dict]) -> None:
    """New open conflicts; an older open one on the same field from the same sender is superseded."""
    store.conn.executemany(
        "UPDATE conflicts SET state = 'superseded' WHERE state = 'open' AND table_name = ? AND row_id = ? "
        "AND field = ? AND delegation = ?",
        [(r["table_name"], r["row_id"], r["field"], r["delegation"]) for r in rows])
    for row in rows:
        row = {**row, **{k: _encode(row[k]) for k in ("old", "current", "incoming")}}
        _insert_raw(store, "conflicts", row)


_CONFLICTS = "SELECT * FROM conflicts"


def conflicts(store: Store, *, include_closed: bool = False) -> list[dict]:
    where = "" if include_closed else " WHERE state = 'open'"
    return [_conflict(r) for r in store.rows(_CONFLICTS + where + " ORDER BY created_at, table_name, row_id, field")]


def conflicts_by_ref(store: Store, ref: str) -> list[dict]:
    literal = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [_conflict(r) for r in store.rows(
        _CONFLICTS + " WHERE id LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\'", (literal + "%", "%" + literal))]


def open_conflict_count(store: Store) -> int:
    return store.value("SELECT count(*) FROM conflicts WHERE state = 'open'")


def _conflict(row: dict) -> dict:
    for k in ("old", "current", "incoming", "resolved_value"):
        row[k] = _decode(row[k])
    return row


def encode(value) -> str | None:
    """A value as the conflicts table keeps it (JSON text)."""
    return _encode(value)


# -- trusted keys ----------------------------------------------------------------------------------

_TRUSTED = ("SELECT k.id, d.code AS delegation, d.name, k.public_key, k.fingerprint, k.added_at "
            "FROM trusted_keys k JOIN delegations d ON d.id = k.delegation_id")


def trusted_keys(store: Store) -> list[dict]:
    return store.rows(_TRUSTED + " ORDER BY d.code, k.added_at")


def trusted_key(store: Store, code: str) -> dict | None:
    """The key trusted for delegation `code` (the newest, should there be several)."""
    return store.row(_TRUSTED + " WHERE d.code = ? ORDER BY k.added_at DESC LIMIT 1", (code,))


def delegation_codes(store: Store) -> dict[str, str]:
    """id → code of every delegation."""
    return {v: k for k, v in delegation_ids(store).items()}


def principle_numbers(store: Store) -> dict[str, int]:
    """principle id → number."""
    return dict(store.conn.execute("SELECT id, number FROM principles").fetchall())


# -- what sync's consistency rules need -------------------------------------------------------------


def version_times(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """principle version id → when it was made, for those of `ids` that exist (one query)."""
    return dict(store.conn.execute(f"SELECT id, created_at FROM principle_versions WHERE id IN ({_IDS}) "
                                   "AND created_at IS NOT NULL", (json.dumps(list(ids)),)).fetchall())


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
