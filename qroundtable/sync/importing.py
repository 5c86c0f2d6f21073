"""The secretariat's import: many delegations' snapshots merged into the master as one batch.

1. every file is verified before anything is written (format, roundtable, signature
   against the trusted key of the delegation it names, limits); a bad file is rejected whole;
2. each change is checked against what its sender may write (`rules`);
3. fields merge three-way (`merge`), conflicts wait for a person;
4. the batch is sorted by (delegation, sequence, change number): any order of files, same result;
5. one transaction, a backup first, and a ledger (file hash, delegation's sequence) so that
   importing a file again changes nothing;
6. every applied change keeps its provenance (delegation, snapshot, when made; import time).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import keys
from ..ids import new_id
from ..model import OpChanges
from ..storage import now_iso, syncstore
from ..storage.database import Origin
from . import backups, batch, format, snapshot
from .merge import Incoming, MergeResult, Result, merge
from .model import FileReport, ImportReport, Rejection

if TYPE_CHECKING:
    from ..roundtable import Roundtable

Progress = Callable[[int, int, str], None]
_REPORT_LIMIT = 1000  # rejection reasons kept per file in the ledger


def import_snapshots(rt: Roundtable, paths: list, *, dry_run: bool = False,
                     progress: Progress | None = None) -> ImportReport:
    """Merge the snapshot files `paths` into this master as one batch (or only report, with `dry_run`)."""
    rt.delegations.require_secretariat("import delegations' snapshots")
    step = progress or (lambda done, total, text: None)
    store = rt.store
    paths = [Path(p) for p in paths]
    if dry_run:
        reports, checked = _check_files(rt, paths, step)
        _plan(store, checked, step, dry_run=True)
        return ImportReport(reports, dry_run=True)
    # The backup is copied on a thread of its own, alongside reading, merging and writing.
    pending = backups.start(store)
    try:
        reports, checked = _check_files(rt, paths, step)
        if not checked:
            raise _NothingMerged
        label = _label(checked)
        # Read, merge and write under one write lock: no other writer can slip in between.
        with store.operation(label, rt.actor, kind="import") as op:
            pending.hold(store)  # the file as it is now, without this import (copied again if it changed)
            syncstore.defer_foreign_keys(store)
            merged, result = _plan(store, checked, step)
            if not merged:
                raise _NothingMerged
            step(len(paths), len(paths), "Writing")
            ids = {(c.manifest["delegation"], c.manifest["sequence"]): new_id() for _, c, _ in merged}
            batch.write(store, result, _origins())
            syncstore.add_conflicts(store, batch.conflict_rows(result, "merge", ids))
            syncstore.add_ledger(store, [_ledger_row(report, c, ids, op.id, rt.actor) for report, c, _ in merged])
            step(len(paths), len(paths), "Finishing the backup")
            backup = pending.wait()  # before the commit: the backup is the file as it was without this import
    except _NothingMerged:
        pending.discard()  # nothing was imported: a copy of the unchanged file would be clutter
        return ImportReport(reports, dry_run=False)
    except BaseException:
        pending.discard()
        raise
    return ImportReport(reports, dry_run=False, changes=OpChanges(op.id, label, tuple(op.changes)),
                        backup=str(backup))


class _NothingMerged(Exception):
    """No file passed every check: roll back, leave no import and no backup behind."""


def _origins() -> Callable[[Incoming], Origin]:
    """Provenance of each applied change; one shared value per (delegation, snapshot, time)."""
    seen: dict[tuple, Origin] = {}

    def origin(inc: Incoming) -> Origin:
        key = (inc.delegation, inc.snapshot, inc.entry.at)
        found = seen.get(key)
        if found is None:
            found = seen[key] = Origin(inc.delegation, inc.snapshot, inc.entry.at)
        return found
    return origin


def _check_files(rt: Roundtable, paths: list[Path], step: Progress) -> tuple[list[FileReport], list]:
    """Step 1: read and verify each file; (report, container, entries) for the ones that pass."""
    store = rt.store
    roundtable = syncstore.roundtable_id(store)
    seen: set[str] = set()
    reports, checked = [], []
    for i, path in enumerate(paths):
        step(i, len(paths), f"Checking {path.name}")
        report = FileReport(path=str(path), name=path.name, status="rejected", kind="snapshot")
        reports.append(report)
        try:
            c = format.read(path, ("snapshot",))
            m = c.manifest
            report.delegation, report.sequence = m["delegation"], m["sequence"]
            report.created_at, report.entries = m["created_at"], m["entries"]
            if c.file_sha256 in seen or syncstore.ledger_hashes(store, [c.file_sha256]):
                report.status = "already imported"
                continue
            if m["roundtable"] != roundtable:
                raise format.FileRefused(f"was made for another roundtable (“{m['title']}”), not this one")
            if m["delegation"] == rt.info.secretariat:
                raise format.FileRefused(f"names {m['delegation']}, the secretariat itself: the master sends "
                                         "releases, not snapshots")
            trusted = syncstore.trusted_key(store, m["delegation"])
            if trusted is None:
                raise format.FileRefused(
                    f"comes from {m['delegation']}, whose key this master does not trust yet; add it with "
                    f"'qroundtable delegation trust {m['delegation']} --key KEY' after comparing its fingerprint")
            report.fingerprint = trusted["fingerprint"]
            if not format.verify(c, keys.parse_public_key(trusted["public_key"])):
                raise format.FileRefused(
                    f"has a signature that does not match {m['delegation']}'s trusted key "
                    f"({trusted['fingerprint']}): the file was altered, or signed by someone else")
            report.signature_valid = True
            entries = snapshot.entries_of(c)
            seen.add(c.file_sha256)
            checked.append((report, c, entries))
        except format.FileRefused as exc:
            report.reason = str(exc)
    return reports, checked


def _plan(store, checked: list, step: Progress, *, dry_run: bool = False) -> tuple[list, MergeResult]:
    """Steps 2-4: sequence numbers, permissions, the merge. Fills in the reports; writes nothing."""
    for report, _, _ in checked:
        report.status, report.reason, report.rejected = "rejected", "", []
        report.applied = report.unchanged = report.conflicts = 0
    last = syncstore.ledger_sequences(store)
    expected: dict[str, int] = {}
    merged = []
    for report, c, entries in sorted(checked, key=lambda x: (x[1].manifest["delegation"],
                                                             x[1].manifest["sequence"], x[1].file_sha256)):
        d, seq = c.manifest["delegation"], c.manifest["sequence"]
        due = expected.get(d, last.get(d, 0) + 1)
        if seq < due:
            report.status = "rejected"
            report.reason = (f"replays {d} snapshot {seq}, which was already imported from another file"
                             if seq <= last.get(d, 0) else f"is a second file claiming to be {d} snapshot {seq}")
            continue
        if seq > due:
            report.status = "rejected"
            report.reason = f"is {d} snapshot {seq}, but snapshot {due} has not been imported: import it first " \
                            "(or in the same batch)"
            continue
        expected[d] = seq + 1
        merged.append((report, c, entries))
    incoming = [Incoming(c.manifest["delegation"], c.manifest["sequence"], c.manifest["snapshot"], e)
                for _, c, entries in merged for e in entries]
    step(0, 1, f"Merging {len(incoming)} changes")
    result = merge(incoming, batch.load_ground(store, incoming))
    by_file: dict[tuple[str, int], list] = defaultdict(list)
    for outcome in result.outcomes:
        by_file[(outcome.incoming.delegation, outcome.incoming.sequence)].append(outcome)
    for report, c, _ in merged:
        report.status = "would merge" if dry_run else "merged"
        for outcome in by_file[(c.manifest["delegation"], c.manifest["sequence"])]:
            if outcome.result == Result.APPLIED:
                report.applied += 1
            elif outcome.result == Result.UNCHANGED:
                report.unchanged += 1
            elif outcome.result == Result.CONFLICT:
                report.conflicts += 1
            else:
                report.rejected.append(Rejection(outcome.reason, change=outcome.incoming.label))
    return merged, result


def _ledger_row(report: FileReport, c: format.Container, ids: dict, op_id: str, actor: str) -> dict:
    m = c.manifest
    reasons = [f"{r.change}: {r.reason}" for r in report.rejected[:_REPORT_LIMIT]]
    return {"id": ids[(m["delegation"], m["sequence"])], "file_sha256": c.file_sha256, "kind": "snapshot",
            "delegation": m["delegation"], "sequence": m["sequence"], "source_id": m["snapshot"], "op_id": op_id,
            "imported_at": now_iso(), "imported_by": actor, "file_name": c.name, "entries": m["entries"],
            "applied": report.applied, "unchanged": report.unchanged, "conflicts": report.conflicts,
            "rejected": len(report.rejected), "report": json.dumps({"rejected": reasons}, ensure_ascii=False)}


def _label(checked: list) -> str:
    names = sorted(f"{c.manifest['delegation']} {c.manifest['sequence']}" for _, c, _ in checked)
    shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    return f"Import {len(names)} snapshot{'s' if len(names) != 1 else ''} ({shown})"
