"""Between the pure merge and the file: load what a batch touches in a few queries, write what it decided.

Reading is set-based (one query per table, whatever the batch's size) and so is
writing (one executemany per table and field), which is what makes importing
195 snapshots a second's work rather than a minute's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ..ids import new_id
from ..storage import Store, merge_rows, merge_writes, now_iso, queries
from ..storage.database import Origin
from .changes import ROW
from .merge import FOREIGN, Conflict, Ground, Incoming, RowWrite, references


def load_ground(store: Store, incoming: list[Incoming], *, check_permissions: bool = True,
                missing_is_deleted: bool = False) -> Ground:
    """Every row the incoming changes name, plus what permissions and references need to know."""
    ground = Ground({}, queries.delegation_ids(store), check_permissions=check_permissions,
                    missing_is_deleted=missing_is_deleted)
    extend_ground(store, ground, incoming, lambda rows: ground.rows.update(rows))
    return ground


def extend_ground(store: Store, ground: Ground, incoming: list[Incoming],
                  install: Callable[[dict], None]) -> None:
    """Read what `incoming` needs and `ground` does not know yet; `install` takes the rows read.

    Rows `ground` already holds keep their (merged) state: the rows read are only the others.
    One pass over the changes gathers what to read; then one query per table.
    """
    known, existing, version_times = ground.rows, ground.existing, ground.version_times
    checking = ground.check_permissions
    ids: dict[str, set] = defaultdict(set)
    edited: list[tuple[str, str]] = []  # rows changed or deleted: absent here, were they deleted?
    senders, versions = set(), set()
    refs: dict[str, set] = defaultdict(set)
    for inc in incoming:
        e = inc.entry
        table, key = e.table, (e.table, e.row_id)
        if key not in known:
            ids[table].add(e.row_id)
        if e.field == ROW and e.old is None:  # a new row
            values = e.new
            if table == "positions":
                senders.add(values.get("delegation_id"))
            elif table == "position_history" and checking:
                position_id = values.get("position_id")  # the position a history entry records: whose is it?
                if position_id is not None and ("positions", position_id) not in known:
                    ids["positions"].add(position_id)
                if values.get("version_id") not in version_times:
                    versions.add(values.get("version_id"))
        else:
            edited.append(key)
            if e.field not in FOREIGN.get(table, ()):
                continue
            values = {e.field: e.new}
        for parent, ref in references(table, values):
            if ref not in existing.get(parent, ()):
                refs[parent].add(ref)

    rows: dict[tuple[str, str], dict | None] = {}
    for table, wanted in ids.items():
        found = merge_rows.read_rows(store, table, wanted)
        rows.update({(table, i): found.get(i) for i in wanted})
    # A new position may meet one the master recorded for the same delegation and principle.
    if senders:
        for row in merge_rows.positions_of(store, senders):
            rows.setdefault(("positions", row["id"]), row)
    install({key: row for key, row in rows.items() if key not in known})
    for (table, row_id) in rows:
        row = known.get((table, row_id))
        if table == "positions" and row is not None:
            ground.positions.setdefault((row["delegation_id"], row["principle_id"]), row_id)

    # Rows edited or deleted by a sender but gone here: were they deleted (a conflict) or never here?
    if checking:
        gone = defaultdict(set)
        for key in edited:
            if known.get(key) is None and key not in ground.deleted:
                gone[key[0]].add(key[1])
        for table, wanted in gone.items():
            ground.deleted.update({(table, i): row for i, row in merge_rows.deleted_rows(store, table, wanted).items()})
    for parent, wanted in refs.items():
        existing.setdefault(parent, set()).update(merge_rows.existing_ids(store, parent, wanted))
    versions.discard(None)
    if versions:
        version_times.update(merge_rows.version_times(store, versions))


def write(store: Store, writes: list[RowWrite], origin: Callable[[Incoming], Origin]) -> None:
    """Make a merge's writes in the current operation, each with its provenance."""
    merge_writes.apply_writes(store, writes, [origin(w.source) if w.source else None for w in writes])


def conflict_rows(conflicts: list[Conflict], kind: str, import_id: str | None = None) -> list[dict]:
    """Conflicts of a merge as rows of the conflicts table, open."""
    at = now_iso()
    return [{"id": new_id(), "import_id": import_id,
             "kind": kind, "table_name": c.table, "row_id": c.row_id, "field": c.field, "old": c.old,
             "current": c.current, "incoming": c.incoming, "reason": c.reason, "delegation": c.source.delegation,
             "sequence": c.source.sequence or None, "snapshot_id": c.source.snapshot if kind == "merge" else None,
             "created_at": at, "state": "open"}
            for c in conflicts]
