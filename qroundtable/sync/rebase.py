"""A delegation's copy takes a newer release: the release's data, then its own edits replayed on top.

Everything the release holds replaces the copy's data (its private notes stay).
Then the copy's own work is merged back, three-way, against the new data:
- edits not yet sent are replayed and stay unsent; one that no longer applies
  (the master changed that field, or deleted the row) becomes a local conflict,
  listed with the others, never dropped silently;
- edits already sent in a snapshot the release does not yet include are replayed
  too (so they do not vanish from the delegate's screen) but are not sent again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .. import keys
from ..errors import InvalidInput
from ..model import OpChanges
from ..storage import Operation, Store, change_record, conflict_rows, ledger, queries, sync_records, trust
from ..storage.database import Origin
from ..validation import shown
from ..working_copy import WorkingCopy
from . import backups, batch, format, release
from .changes import fold
from .merge import Incoming, Result, merge
from .model import FileReport, ImportReport
from .overrides import OwnValues, overrides
from .snapshot import pending_entries

ECHO = "echo"  # snapshot_id of replayed, already-sent changes: never sent again, never replayed twice


def import_release(copy: WorkingCopy, path, *, dry_run: bool = False,
                   progress: Callable[[int, int, str], None] | None = None) -> ImportReport:
    """Take the release at `path` into this delegation's copy (with `dry_run`, only say what that would do).

    The preview takes the release by the very same steps, on a private in-memory copy of the
    file: what it reports is what the import does, and the file itself is never written, so a
    copy that cannot be written (a read-only file, disk or opening) can be previewed too.
    """
    step = progress or (lambda done, total, text: None)
    store, code = copy.store, copy.info.copy_owner
    path = Path(path)
    report = FileReport(path=str(path), name=shown(path.name), status="rejected", kind="release")
    step(0, 3, f"Checking {shown(path.name)}")
    try:
        container, tables = _checked(copy, path, report)
    except format.FileRefused as exc:
        report.reason = str(exc)
        return ImportReport([report], dry_run=dry_run)
    if container is None:
        return ImportReport([report], dry_run=dry_run)
    if dry_run:
        step(1, 3, "Reading the roundtable into memory to try the release on")
        with store.trial_copy() as trial:
            try:
                _take(trial, code, container, tables, report, step)
            except format.FileRefused as exc:
                report.reason = str(exc)
                return ImportReport([report], dry_run=True)
        report.status = "would merge"
        return ImportReport([report], dry_run=True)
    # The backup is copied alongside the merge; the import commits only once it is complete.
    pending = backups.start(store)
    try:
        op = _take(store, code, container, tables, report, step, pending)
    except format.FileRefused as exc:
        pending.discard()
        report.reason = str(exc)
        return ImportReport([report], dry_run=False)
    except BaseException:
        pending.discard()
        raise
    report.status = "merged"
    copy.refresh()  # whose copy it is and its title: as the release has them now
    return ImportReport([report], dry_run=False, changes=OpChanges(op.id, op.label, tuple(op.changes)),
                        backup=str(pending.dest), reload=True)


def _take(store: Store, code: str, container: format.Container, tables: release.Tables, report: FileReport,
          step: Callable[[int, int, str], None], backup: backups.PendingBackup | None = None) -> Operation:
    """Install the release in `store` and replay `code`'s own edits on top, in one operation; fills in `report`.

    With `backup`, the operation commits only once that backup (the file without this import) is complete.
    FileRefused when the release's rows do not fit together: then nothing of it is kept.
    """
    m = container.manifest
    with store.operation(f"Import release {m['sequence']}", code, kind="import") as op:
        if backup is not None:
            backup.hold(store)  # under the write lock, before writing: the copy as it is without this import
        step(2, 3, f"Taking release {m['sequence']} and replaying this copy's own edits")
        acked = m["sequences"].get(code, 0)
        in_flight = [s["id"] for s in sync_records.snapshots(store) if s["seq"] > acked]
        sent = fold(c for c in change_record.changes_sent_in(store, in_flight)
                    if c["table_name"] not in change_record.LOCAL_ONLY)
        unsent = pending_entries(store)
        own = OwnValues(store, code)  # to name what the release changes of this delegation's own values
        change_record.mark_rebased(store)
        release.install(store, tables, code)
        first = [Incoming(code, 0, ECHO, e) for e in sent]
        second = [Incoming(code, 0, "unsent", e) for e in unsent]
        ground = batch.load_ground(store, first + second, check_permissions=False, missing_is_deleted=True)
        replayed, mine = merge(first, ground), merge(second, ground)
        batch.write(store, replayed.writes, lambda inc: Origin(snapshot_id=ECHO))
        batch.write(store, mine.writes, lambda inc: Origin())
        conflict_rows.add_conflicts(store, batch.conflict_rows(mine.conflicts, "local"))
        report.overrides = overrides(own, store)
        report.applied, report.unchanged = mine.count(Result.APPLIED), mine.count(Result.UNCHANGED)
        report.conflicts = mine.count(Result.CONFLICT) + mine.count(Result.REJECTED)
        state = sync_records.state(store)
        sync_records.set_state(store, {"base_release": m["release"], "base_release_seq": m["sequence"],
                                       "acked_sequence": max(acked, int(state.get("acked_sequence", 0)))})
        release.record(store, container, "imported", op.id, code,
                       {"applied": report.applied, "unchanged": report.unchanged, "conflicts": report.conflicts})
        if backup is not None:
            step(3, 3, "Finishing the backup")
            backup.wait()
    return op


def _checked(copy: WorkingCopy, path: Path, report: FileReport):
    """(container, tables) of a release this copy may take, (None, None) when it already has it."""
    store, info = copy.store, copy.info
    container = release.read(path)
    m = container.manifest
    report.delegation, report.sequence, report.created_at, report.entries = (
        m["secretariat"], m["sequence"], m["issued_at"], m["rows"])
    if m["roundtable"] != queries.roundtable_id(store):
        raise format.FileRefused(f"is a release of another roundtable (“{m['title']}”)")
    if ledger.ledger_hashes(store, [container.file_sha256]):
        report.status = "already imported"
        return None, None
    state = sync_records.state(store)
    trusted_text = state.get("secretariat_key")
    if not trusted_text:
        row = trust.trusted_key(store, info.secretariat)
        trusted_text = row["public_key"] if row else None
    if not trusted_text:
        raise format.FileRefused("cannot be checked: this copy holds no key of the secretariat; join the roundtable "
                                 "from a release instead ('qroundtable join')")
    try:
        trusted = keys.parse_public_key(trusted_text)
    except InvalidInput:
        raise format.FileRefused("cannot be checked: this copy's secretariat key is not readable") from None
    if release.signer_key(container) != trusted:
        raise format.FileRefused(f"is signed by key {m['signer']}, not by the secretariat key this copy trusts "
                                 f"({keys.fingerprint(trusted)})")
    if not format.verify(container, trusted):
        raise format.FileRefused("has a signature that does not match the secretariat's key (damaged or altered)")
    report.signature_valid, report.fingerprint = True, m["signer"]
    base = int(state.get("base_release_seq", 0))
    if m["sequence"] <= base:
        raise format.FileRefused(f"is release {m['sequence']}, not newer than release {base} this copy already has")
    tables = release.tables_of(container)
    if info.copy_owner not in {r[1] for r in tables["delegations"][1]}:
        raise format.FileRefused(f"no longer lists {info.copy_owner} among the delegations")
    return container, tables
