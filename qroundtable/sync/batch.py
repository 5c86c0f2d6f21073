"""Between the pure merge and the file: load what a batch touches in a few queries, write what it decided.

Reading is set-based (one query per table, whatever the batch's size) and so is
writing (one executemany per table and field), which is what makes importing
195 snapshots a second's work rather than a minute's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ..ids import new_id
from ..storage import Store, now_iso, syncstore
from ..storage.database import Origin
from .changes import ROW
from .merge import Ground, Incoming, MergeResult, references


def load_ground(store: Store, incoming: list[Incoming], *, check_permissions: bool = True,
                missing_is_deleted: bool = False) -> Ground:
    """Every row the incoming changes name, plus what permissions and references need to know."""
    ids = defaultdict(set)
    for inc in incoming:
        ids[inc.entry.table].add(inc.entry.row_id)
    rows: dict[tuple[str, str], dict | None] = {}
    for table, wanted in ids.items():
        found = syncstore.read_rows(store, table, wanted)
        rows.update({(table, i): found.get(i) for i in wanted})

    # A new position may meet one the master recorded for the same delegation and principle.
    positions: dict[tuple[str, str], str] = {}
    senders = {inc.entry.new["delegation_id"] for inc in incoming
               if inc.entry.table == "positions" and inc.entry.is_insert}
    if senders:
        for row in syncstore.positions_of(store, senders):
            rows.setdefault(("positions", row["id"]), row)
            positions[(row["delegation_id"], row["principle_id"])] = row["id"]
    for (table, _), row in list(rows.items()):
        if table == "positions" and row is not None:
            positions[(row["delegation_id"], row["principle_id"])] = row["id"]

    # Rows edited or deleted by a sender but gone here: were they deleted (a conflict) or never here?
    deleted: dict[tuple[str, str], dict] = {}
    if check_permissions:
        gone = defaultdict(set)
        for inc in incoming:
            e = inc.entry
            if not e.is_insert and rows.get((e.table, e.row_id)) is None:
                gone[e.table].add(e.row_id)
        for table, wanted in gone.items():
            deleted.update({(table, i): row for i, row in syncstore.deleted_rows(store, table, wanted).items()})

    refs = defaultdict(set)
    for inc in incoming:
        e = inc.entry
        values = e.new if e.is_insert else ({e.field: e.new} if e.field != ROW else {})
        for parent, ref in references(e.table, values):
            refs[parent].add(ref)
    existing = {parent: syncstore.existing_ids(store, parent, wanted) for parent, wanted in refs.items()}
    return Ground(rows, syncstore.delegation_ids(store), deleted, existing, positions,
                  check_permissions=check_permissions, missing_is_deleted=missing_is_deleted)


def write(store: Store, result: MergeResult, origin: Callable[[Incoming], Origin]) -> None:
    """Make the merge's writes in the current operation, each with its provenance."""
    syncstore.apply_writes(store, [
        syncstore.Write(w.table, w.row_id, w.field, w.old, w.new, origin(w.source) if w.source else None)
        for w in result.writes])


def conflict_rows(result: MergeResult, kind: str, import_ids: dict[tuple[str, int], str] | None = None) -> list[dict]:
    """The merge's conflicts as rows of the conflicts table, open."""
    at = now_iso()
    return [{"id": new_id(), "import_id": (import_ids or {}).get((c.source.delegation, c.source.sequence)),
             "kind": kind, "table_name": c.table, "row_id": c.row_id, "field": c.field, "old": c.old,
             "current": c.current, "incoming": c.incoming, "reason": c.reason, "delegation": c.source.delegation,
             "sequence": c.source.sequence or None, "snapshot_id": c.source.snapshot if kind == "merge" else None,
             "created_at": at, "state": "open"}
            for c in result.conflicts]
