"""The conflicts table: fields a person must decide, with old, current and incoming values kept as JSON."""

from __future__ import annotations

from .bulk import _insert_raw
from .database import Store, _decode, _encode
from .queries import ID_REF, ref_patterns


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
    """Conflicts whose id starts or ends with `ref` (people type the short end of an id)."""
    return [_conflict(r) for r in store.rows(_CONFLICTS + f" WHERE {ID_REF.format('id')}", ref_patterns(ref))]


def open_conflict_count(store: Store) -> int:
    return store.value("SELECT count(*) FROM conflicts WHERE state = 'open'")


def _conflict(row: dict) -> dict:
    for k in ("old", "current", "incoming", "resolved_value"):
        row[k] = _decode(row[k])
    return row


def encode(value) -> str | None:
    """A value as the conflicts table keeps it (JSON text)."""
    return _encode(value)
