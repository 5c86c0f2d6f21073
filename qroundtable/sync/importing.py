"""The secretariat's import: many delegations' snapshots merged into the master as one batch.

1. every file is verified before anything is written (format, roundtable, signature
   against the trusted key of the delegation it names, limits); a bad file is rejected whole;
2. each change is checked against what its sender may write (`rules`) and against the
   rest of its snapshot (`consistency`);
3. fields merge three-way (`merge`), conflicts wait for a person;
4. the batch is sorted by (delegation, sequence, change number): any order of files, same
   result. A delegation's snapshots merge in sequence: a file whose predecessor is missing
   waits, and its reason names the missing one ("waiting for JP's snapshot 1");
5. one transaction, a backup first, and a ledger (file hash, delegation's sequence, snapshot
   id) so that importing a file again, or the same snapshot sent again, changes nothing;
6. every applied change keeps its provenance (delegation, snapshot, when made; import time).

Memory stays near the largest file, not the batch's sum: step 1 keeps no file's content,
and steps 2-4 read, merge and write one group of files at a time inside the one transaction
(a large file is a group of its own), the change record of each group too (`Operation.flush`).
Anything wrong inside a file costs that file (or that change), never the batch.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .. import keys
from ..errors import InvalidInput
from ..ids import new_id
from ..model import OpChanges
from ..storage import Store, conflict_rows, ledger, merge_writes, now_iso, queries, trust
from ..storage.database import Operation, Origin
from ..validation import parse_time, shown
from ..working_copy import WorkingCopy
from . import backups, batch, consistency, format, snapshot
from .changes import Entry
from .merge import Ground, Incoming, Merger, Result
from .model import FileReport, ImportReport, Rejection, snapshots_text

Progress = Callable[[int, int, str], None]
_REPORT_LIMIT = 1000  # rejection reasons kept per file in the ledger
_KEEP = 16 << 20  # compressed bytes of verified files kept between checking and merging


def import_snapshots(copy: WorkingCopy, paths: list, *, dry_run: bool = False,
                     progress: Progress | None = None) -> ImportReport:
    """Merge the snapshot files `paths` into this master as one batch (or only report, with `dry_run`).

    A dry run goes through exactly the same checks and merge and only leaves out the writing,
    so what it reports is what the import does.
    """
    with _no_cycle_collection():
        return _import_snapshots(copy, paths, dry_run=dry_run, progress=progress)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while an import runs, and resumed after (if it was on).

    An import makes hundreds of thousands of objects that form no cycles; the collector would walk
    them again and again (a tenth of the import's time) and free nothing. What cycles there are
    (an exception's traceback) are collected once it is back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_snapshots(copy: WorkingCopy, paths: list, *, dry_run: bool, progress: Progress | None) -> ImportReport:
    copy.require_secretariat("import delegations' snapshots", writes=not dry_run)
    step = progress or (lambda done, total, text: None)
    store = copy.store
    paths = [Path(p) for p in paths]
    if dry_run:
        reports, arrivals = _check_files(copy, paths, step)
        _merge_files(store, arrivals, step, None)
        return ImportReport(reports, dry_run=True)
    # The backup is copied on a thread of its own, alongside reading, merging and writing.
    pending = backups.start(store)
    try:
        reports, arrivals = _check_files(copy, paths, step)
        if not arrivals:
            raise _NothingMerged
        # Read, merge and write under one write lock: no other writer can slip in between.
        with store.operation(_label(arrivals), copy.actor, kind="import") as op:
            pending.hold(store)  # the file as it is now, without this import (copied again if it changed)
            merge_writes.defer_foreign_keys(store)
            merged = _merge_files(store, arrivals, step, _Writer(store, op))
            if not merged:
                raise _NothingMerged
            op.label = _label(merged)
            step(len(paths), len(paths), "Writing")
            ledger.add_ledger(store, [_ledger_row(a, op.id, copy.actor) for a in merged])
            step(len(paths), len(paths), "Finishing the backup")
            backup = pending.wait()  # before the commit: the backup is the file as it was without this import
    except _NothingMerged:
        pending.discard()  # nothing was imported: a copy of the unchanged file would be clutter
        return ImportReport(reports, dry_run=False)
    except BaseException:
        pending.discard()
        raise
    # The operation, not its changes: they are in the change record (`Store.changes_of`), written group by group
    # as the import went. Views reload everything after an import; a list of every change would only cost memory.
    return ImportReport(reports, dry_run=False, changes=OpChanges(op.id, op.label), backup=str(backup))


class _NothingMerged(Exception):
    """No file passed every check: roll back, leave no import and no backup behind."""


def _origins() -> Callable[[Incoming], Origin]:
    """Provenance of each applied change; one shared value per (delegation, snapshot, time)."""
    seen: dict[str, dict[str, Origin]] = {}

    def origin(inc: Incoming) -> Origin:
        at = inc.entry.at
        times = seen.get(inc.snapshot)
        if times is None:
            times = seen[inc.snapshot] = {}
        found = times.get(at)
        if found is None:
            found = times[at] = Origin(inc.delegation, inc.snapshot, at)
        return found
    return origin


@dataclass
class _Arrival:
    """A file that passed step 1: its manifest, its hash, and a ledger id should it be merged.

    Its (compressed) content is kept only while the batch's files so kept stay under `_KEEP`
    bytes; a larger file is read again (and checked against the same hash) when its turn
    comes, so a batch never holds much more than one large file.
    """

    report: FileReport
    path: Path
    manifest: dict
    file_sha256: str
    name: str
    ledger_id: str = field(default_factory=new_id)
    container: format.Container | None = None  # kept while a batch's small files fit in `_KEEP` bytes

    @property
    def delegation(self) -> str:
        return self.manifest["delegation"]

    @property
    def sequence(self) -> int:
        return self.manifest["sequence"]


def _check_files(copy: WorkingCopy, paths: list[Path], step: Progress) -> tuple[list[FileReport], list[_Arrival]]:
    """Step 1: read and verify each file; the files that pass, in the order they merge."""
    store = copy.store
    roundtable = queries.roundtable_id(store)
    now = datetime.now(timezone.utc)
    seen: dict[str, _Arrival] = {}
    reports, arrivals = [], []
    kept = 0
    for i, path in enumerate(paths):
        name = shown(path.name)
        step(i, len(paths), f"Checking {name}")
        report = FileReport(path=str(path), name=name, status="rejected", kind="snapshot")
        reports.append(report)
        try:
            arrival = _check_file(copy, path, report, roundtable, now, seen)
        except format.FileRefused as exc:
            report.reason = str(exc)
            continue
        except Exception as exc:  # a bug must cost this file, never the batch; the reason says what to report
            report.reason = f"could not be checked ({type(exc).__name__}); please report this to the developers"
            continue
        if arrival is not None:
            seen[arrival.file_sha256] = arrival
            arrivals.append(arrival)
            if kept + len(arrival.container.payload) <= _KEEP:
                kept += len(arrival.container.payload)
            else:
                arrival.container = None
    arrivals.sort(key=lambda a: (a.delegation, a.sequence, a.file_sha256))
    return reports, arrivals


def _check_file(copy: WorkingCopy, path: Path, report: FileReport, roundtable: str, now: datetime,
                seen: dict[str, _Arrival]) -> _Arrival | None:
    store = copy.store
    c = format.read(path, ("snapshot",))
    m = c.manifest
    report.delegation, report.sequence = m["delegation"], m["sequence"]
    report.created_at, report.entries = m["created_at"], m["entries"]
    if c.file_sha256 in seen or ledger.ledger_hashes(store, [c.file_sha256]):
        report.status = "already imported"
        if c.file_sha256 in seen:
            report.reason = f"the same file as {seen[c.file_sha256].name} in this batch"
        return None
    if m["roundtable"] != roundtable:
        raise format.FileRefused(f"was made for another roundtable (“{m['title']}”), not this one")
    if m["delegation"] == copy.info.secretariat:
        raise format.FileRefused(f"names {m['delegation']}, the secretariat itself: the master sends "
                                 "releases, not snapshots")
    trusted = trust.trusted_key(store, m["delegation"])
    if trusted is None or not _verifies(c, trusted["public_key"]):
        _refuse_if_revoked(store, c, m["delegation"], trusted)
    if trusted is None:
        raise format.FileRefused(
            f"comes from {m['delegation']}, whose key this master does not trust yet; add it with "
            f"'qroundtable delegation trust {m['delegation']} --key KEY' after comparing its fingerprint")
    report.fingerprint = trusted["fingerprint"] or ""
    try:
        public = keys.parse_public_key(trusted["public_key"])
    except InvalidInput as exc:
        raise format.FileRefused(f"comes from {m['delegation']}, but the key this master trusts for it is not "
                                 f"usable ({exc}); trust {m['delegation']}'s real key again") from None
    if not format.verify(c, public):
        raise format.FileRefused(
            f"has a signature that does not match {m['delegation']}'s trusted key "
            f"({trusted['fingerprint']}): the file was altered, or signed by someone else")
    report.signature_valid = True
    made = parse_time(m["created_at"])
    if made is None:
        raise format.FileRefused(f"says it was made at {m['created_at']}, before 2000: that is no real time; check "
                                 f"the date and time on {m['delegation']}'s laptop")
    if made > now + consistency.CLOCK_SKEW:
        raise format.FileRefused(f"says it was made at {m['created_at']}, later than this computer's clock allows "
                                 f"(now {now:%Y-%m-%dT%H:%MZ}): check the date and time on {m['delegation']}'s "
                                 "laptop and on this one")
    imported = ledger.ledger_snapshot(store, m["delegation"], m["sequence"])
    if imported is not None and imported["source_id"] == m["snapshot"]:
        report.status = "already imported"
        report.reason = (f"{m['delegation']}'s snapshot {m['sequence']} was already imported (sent again, from "
                         f"{imported['file_name'] or 'another file'})")
        return None
    if m["entries"] > format.LIMITS["snapshot"].items:
        raise format.FileRefused(f"holds {m['entries']} changes, more than a snapshot may "
                                 f"({format.LIMITS['snapshot'].items})")
    return _Arrival(report, path, m, c.file_sha256, report.name, container=c)


def _verifies(c: format.Container, public_text: str) -> bool:
    try:
        return format.verify(c, keys.parse_public_key(public_text))
    except InvalidInput:
        return False


def _refuse_if_revoked(store: Store, c: format.Container, delegation: str, trusted: dict | None) -> None:
    """A file signed with a key the master revoked or replaced is refused as such: the reason names the key
    and since when (its claimed date counts for nothing: whoever holds the old key can write any)."""
    for row in trust.revoked_keys(store, delegation):
        if _verifies(c, row["public_key"]):
            report_key = row["fingerprint"] or "?"
            since = row["revoked_at"][:10]
            if row["replaced_by"]:
                now = f"{delegation}'s snapshots are accepted only with its new key {row['replaced_by']}"
            elif trusted is None:
                now = f"no key of {delegation} is trusted now: trust its new one once its new laptop has made it"
            else:
                now = f"{delegation}'s snapshots are accepted only with its key {trusted['fingerprint']}"
            raise format.FileRefused(
                f"is signed with {delegation}'s key {report_key}, which the secretariat "
                f"{'replaced' if row['replaced_by'] else 'revoked'} on {since} (a lost laptop, or a new key): "
                f"{now}, made in a copy joined from a release issued since")


class _Writer:
    """The real import's side of `_merge_files`: each group of files written as soon as it is merged,
    its change record too, so that the batch never holds more than one group's changes."""

    def __init__(self, store, op: Operation):
        self.store = store
        self.op = op
        self.origin = _origins()

    def __call__(self, merger: Merger, conflicts: list[tuple[_Arrival, list]]) -> None:
        batch.write(self.store, merger.writes(), self.origin)
        for arrival, found in conflicts:
            conflict_rows.add_conflicts(self.store, batch.conflict_rows(found, "merge", arrival.ledger_id))
        merger.forget()  # written: what the next files need is read back from the database
        self.op.flush()


# Files are merged in groups of about this many changes (a larger file alone): few queries for a
# batch of many small files, and never more than one large file's changes in memory.
_GROUP = 20_000


def _merge_files(store: Store, arrivals: list[_Arrival], step: Progress,
                 write: Callable[[Merger, list], None] | None) -> list[_Arrival]:
    """Steps 2-4 in (delegation, sequence) order: sequence numbers, the rules, the merge.

    Files are read and merged a group at a time, and let go: the batch holds about one
    large file's changes at a time. `write` (None for a dry run) writes each group's result
    before the next group is read. Fills in the reports; returns the files merged.
    """
    last = ledger.ledger_sequences(store)
    previous = {d: parse_time(t) for d, t in ledger.ledger_snapshot_times(store).items()}
    merger = Merger(Ground({}, queries.delegation_ids(store)))
    expected: dict[str, int] = {}
    taken: dict[tuple[str, int], _Arrival] = {}
    held: dict[str, set[int]] = {}
    group: list[tuple[_Arrival, list[Incoming]]] = []
    merged: list[_Arrival] = []
    for i, a in enumerate(arrivals):
        report, d, seq = a.report, a.delegation, a.sequence
        report.status, report.reason, report.rejected, report.waiting_for = "rejected", "", [], ()
        report.applied = report.unchanged = report.conflicts = 0
        due = expected.get(d, last.get(d, 0) + 1)
        twin = taken.get((d, seq))
        if twin is not None and twin.manifest["snapshot"] == a.manifest["snapshot"]:
            report.status, report.reason = "already imported", f"the same snapshot as {twin.name} in this batch"
            continue
        if seq < due:
            report.reason = (f"replays {d} snapshot {seq}, which was already imported from another file"
                             if seq <= last.get(d, 0) else f"is a second file claiming to be {d} snapshot {seq}")
            continue
        if seq > due:  # the ones between are missing, or rejected, or waiting themselves (then not named)
            report.waiting_for = tuple(n for n in range(due, seq) if n not in held.get(d, ()))
            report.reason = waiting_reason(d, seq, report.waiting_for)
            held.setdefault(d, set()).add(seq)
            continue
        # The group so far is merged (and let go) before this file is read, when the two would make too many
        # changes together: never two large files in memory at once. The manifest's count is the file's
        # (`_entries` refuses a file whose changes are not as many).
        if group and sum(len(g) for _, g in group) + a.manifest["entries"] > _GROUP:
            _merge_group(store, merger, group, previous, write)
            group = []
        step(i, len(arrivals), f"Reading {d} snapshot {seq}")
        try:
            entries = _entries(a)
        except format.FileRefused as exc:
            report.reason = str(exc)
            continue
        group.append((a, [Incoming(d, seq, a.manifest["snapshot"], e) for e in entries]))
        del entries
        expected[d] = seq + 1
        taken[(d, seq)] = a
        merged.append(a)
    if group:
        _merge_group(store, merger, group, previous, write)
    return merged


def _merge_group(store, merger: Merger, group: list[tuple[_Arrival, list[Incoming]]], previous: dict,
                 write: Callable[[Merger, list], None] | None) -> None:
    """Merge a group of files (in order) into what the merger holds, and write it out (unless a dry run)."""
    batch.extend_ground(store, merger.ground, [inc for _, incoming in group for inc in incoming], merger.load)
    conflicts = []
    for a, incoming in group:
        d, report = a.delegation, a.report
        made = parse_time(a.manifest["created_at"])
        refused = consistency.check_snapshot([inc.entry for inc in incoming],
                                             consistency.Sending(d, made, previous.get(d)), merger.ground)
        outcomes, found = merger.add(incoming, {id(inc): refused[inc.entry.n] for inc in incoming
                                                if inc.entry.n in refused} if refused else None)
        _tally(report, outcomes)
        report.status = "merged" if write else "would merge"
        previous[d] = made
        conflicts.append((a, found))
    group.clear()
    if write:
        write(merger, conflicts)


def waiting_reason(delegation: str, sequence: int, missing: tuple[int, ...]) -> str:
    """Why a file waits: the snapshots of its sender that must come first, named."""
    return (f"is waiting for {delegation}'s {snapshots_text(missing)}: this is {delegation}'s snapshot {sequence}, "
            "and a delegation's snapshots merge in order; import the missing one first or in the same batch "
            f"({delegation} can make it again: 'qroundtable snapshot --resend {missing[0]} --out FILE')")


def _entries(a: _Arrival) -> list[Entry]:
    """The file's changes (read again if step 1 let it go); refused if it is no longer the file step 1 verified."""
    c, a.container = a.container, None
    if c is None:
        c = format.read(a.path, ("snapshot",))
        if c.file_sha256 != a.file_sha256:
            raise format.FileRefused("changed while it was being imported; import it again")
    try:
        return snapshot.entries_of(c)
    except format.FileRefused:
        raise
    except Exception as exc:  # a bug must cost this file, never the batch
        raise format.FileRefused(f"could not be read ({type(exc).__name__}); please report this to the "
                                 "developers") from None


def _tally(report: FileReport, outcomes: list) -> None:
    for outcome in outcomes:
        if outcome.result == Result.APPLIED:
            report.applied += 1
        elif outcome.result == Result.UNCHANGED:
            report.unchanged += 1
        elif outcome.result == Result.CONFLICT:
            report.conflicts += 1
        else:
            report.rejected.append(Rejection(outcome.reason, change=outcome.incoming.label))


def _ledger_row(a: _Arrival, op_id: str, actor: str) -> dict:
    m, report = a.manifest, a.report
    reasons = [f"{r.change}: {r.reason}" for r in report.rejected[:_REPORT_LIMIT]]
    return {"id": a.ledger_id, "file_sha256": a.file_sha256, "kind": "snapshot",
            "delegation": m["delegation"], "sequence": m["sequence"], "source_id": m["snapshot"], "op_id": op_id,
            "imported_at": now_iso(), "imported_by": actor, "file_name": a.name, "entries": m["entries"],
            "applied": report.applied, "unchanged": report.unchanged, "conflicts": report.conflicts,
            "rejected": len(report.rejected),
            # When the sender made it: the next snapshot's history may not be dated before (see `consistency`).
            "report": json.dumps({"rejected": reasons, "created_at": m["created_at"]}, ensure_ascii=False)}


def _label(arrivals: list[_Arrival]) -> str:
    names = sorted(f"{a.delegation} {a.sequence}" for a in arrivals)
    shown_names = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    return f"Import {len(names)} snapshot{'s' if len(names) != 1 else ''} ({shown_names})"
