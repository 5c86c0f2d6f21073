"""`rt.sync`: the façade's way to keys, releases, snapshots, imports and conflicts.

    rt.sync.export_snapshot("jp-3.qrts")                 # a delegation's copy
    report = rt.sync.preview(["jp-3.qrts", "dk-1.qrts"])  # the master: what an import would do
    report = rt.sync.import_files(paths, progress=cb)     # ...and doing it
    for c in rt.sync.conflicts(): rt.sync.resolve(c.id, take=True)

Long calls (`issue_release`, `import_files`, `preview`) take a `progress(done, total, text)`
callable; raising from it cancels, and nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .. import keys
from ..errors import InvalidInput, KeyProblem
from ..model import OpChanges
from ..section import Section
from ..storage import conflict_rows, ledger, merge_rows, now_iso, sync_records, trust
from ..working_copy import WorkingCopy
from . import conflicts as conflict_ops
from . import importing, rebase, release, snapshot
from .pending import PendingCount
from .model import (ConflictView, ImportedChange, ImportRecord, ImportReport, ReleaseInfo, ReleaseIssued, RevokedKey,
                    SnapshotInfo, SyncStatus, TrustedKey)

Progress = Callable[[int, int, str], None]


class Sync(Section):
    _pending: PendingCount | None = None  # kept per open file: the status bar asks after every edit

    def __init__(self, copy: WorkingCopy):
        super().__init__(copy)

    # -- keys -------------------------------------------------------------------------------

    def trust(self, code: str, public_key: str, *, replace: bool = False) -> OpChanges:
        """Trust `public_key` (as `keys show` prints it) for delegation `code`'s snapshots.

        A delegation already trusted with another key (its laptop was lost, or it made a new key)
        gets the new one only with `replace`: the old key is then revoked, and snapshots signed
        with it are refused from now on, whatever date they claim.
        """
        self.require_secretariat("trust a delegation's key")
        d = self.delegation_row(code)
        raw = keys.parse_public_key(public_key)
        text, fingerprint = keys.public_key_text(raw), keys.fingerprint(raw)
        for row in trust.trusted_keys(self.store):
            if row["public_key"] == text and row["delegation"] != d["code"]:
                raise InvalidInput(f"that key is already trusted for {row['delegation']}; each delegation signs "
                                   "with its own key")
        for row in trust.revoked_keys(self.store, d["code"]):
            if row["public_key"] == text:
                raise InvalidInput(f"that key of {d['code']} was revoked on {row['revoked_at'][:10]}; a revoked "
                                   f"key is never trusted again: {d['code']} makes a new one ('keys init --as "
                                   f"{d['code']} --replace')")
        existing = trust.trusted_key(self.store, d["code"])
        label = f"Trust {d['code']} key {fingerprint}"
        if existing and existing["public_key"] == text:
            return OpChanges(None, label)
        if existing and not replace:
            raise InvalidInput(f"{d['code']} already has a trusted key ({existing['fingerprint']}); to trust this "
                               "one instead (a lost laptop, a new key), replace it: snapshots signed with the old "
                               "key are then refused")
        if existing:
            label = f"Replace {d['code']} key {existing['fingerprint']} by {fingerprint}"
        with self.mutation(label) as m:
            values = {"public_key": text, "fingerprint": fingerprint, "added_at": now_iso()}
            if existing:
                self._revoke(d["id"], existing, replaced_by=fingerprint)
                self.store.update("trusted_keys", existing["id"], values)
            else:
                self.store.insert("trusted_keys", {"delegation_id": d["id"], **values})
        return m.changes

    def revoke(self, code: str) -> OpChanges:
        """Stop trusting delegation `code`'s key (a lost or stolen laptop): its snapshots are refused from now on,
        until a new key is trusted (`trust`); the delegation's new laptop joins from a newer release."""
        self.require_secretariat("revoke a delegation's key")
        d = self.delegation_row(code)
        existing = trust.trusted_key(self.store, d["code"])
        if existing is None:
            raise InvalidInput(f"{d['code']} has no trusted key to revoke")
        with self.mutation(f"Revoke {d['code']} key {existing['fingerprint']}") as m:
            self._revoke(d["id"], existing)
            self.store.delete("trusted_keys", existing["id"])
        return m.changes

    def _revoke(self, delegation_id: str, key: dict, *, replaced_by: str = "") -> None:
        self.store.insert("revoked_keys", {
            "delegation_id": delegation_id, "public_key": key["public_key"], "fingerprint": key["fingerprint"],
            "trusted_at": key["added_at"], "revoked_at": now_iso(), "replaced_by": replaced_by or None})

    def revoked(self) -> list[RevokedKey]:
        """Keys no longer trusted, newest first per delegation."""
        return [RevokedKey(r["delegation"], r["name"], r["fingerprint"] or "", r["trusted_at"] or "",
                           r["revoked_at"], r["replaced_by"] or "") for r in trust.revoked_keys(self.store)]

    def trusted(self) -> list[TrustedKey]:
        return [TrustedKey(r["delegation"], r["name"], r["public_key"], r["fingerprint"] or "", r["added_at"] or "")
                for r in trust.trusted_keys(self.store)]

    def status(self) -> SyncStatus:
        info, store = self.copy.info, self.store
        state = sync_records.state(store)
        try:
            has_key = keys.has_key(info.copy_owner)
        except KeyProblem:
            has_key = None
        if info.is_secretariat:
            base = sync_records.last_release_seq(store, "issued") or None
        else:
            base = int(state["base_release_seq"]) if state.get("base_release_seq") else None
        try:
            fingerprint = keys.fingerprint(state["secretariat_key"]) if state.get("secretariat_key") else None
        except InvalidInput:  # a key stored before keys were checked, and not a valid one
            fingerprint = None
        return SyncStatus(
            copy_kind=info.copy_kind.value, owner=info.copy_owner, base_release=base,
            next_snapshot=None if info.is_secretariat else snapshot.next_sequence(store),
            unsent=self.pending_count(), open_conflicts=conflict_rows.open_conflict_count(store), has_key=has_key,
            secretariat_fingerprint=fingerprint)

    # -- releases and snapshots ------------------------------------------------------------------

    def issue_release(self, path: str | Path, progress: Progress | None = None) -> ReleaseIssued:
        """The secretariat: the whole master, signed, to the new file `path`."""
        if progress:
            progress(0, 1, "Writing the release")
        return release.issue(self.copy, path)

    @staticmethod
    def inspect_release(path: str | Path) -> ReleaseInfo:
        """A release's title, sequence, delegations and key fingerprint, checked, before joining from it."""
        return release.inspect(path)

    def export_snapshot(self, path: str | Path) -> SnapshotInfo:
        """A delegation: its changes since the last snapshot, signed, to the new file `path`."""
        return snapshot.export(self.copy, path)

    def resend_snapshot(self, sequence: int, path: str | Path) -> SnapshotInfo:
        """A delegation: snapshot `sequence` made again (same number, id, time and changes), signed, to `path`.

        For a snapshot that never reached the secretariat: the import there waits for it
        ("waiting for JP's snapshot 1") and takes the new file as the real thing; a snapshot
        it already has is reported as already imported. Nothing in this copy changes.
        """
        return snapshot.resend(self.copy, sequence, path)

    def pending_count(self) -> int:
        """How many changes the next snapshot would carry (net: a field set twice counts once)."""
        if self._pending is None:
            self._pending = PendingCount()
        return self._pending.count(self.store)

    def snapshots_sent(self) -> list[SnapshotInfo]:
        return [SnapshotInfo(r["file_name"] or "", r["id"], r["delegation"], r["seq"], r["entries"] or 0,
                             r["created_at"]) for r in sync_records.snapshots(self.store)]

    def releases(self) -> list[dict]:
        """Releases this copy issued (the master) or joined and imported (a delegation), oldest first."""
        return sync_records.releases(self.store)

    # -- importing -----------------------------------------------------------------------------

    def preview(self, paths, progress: Progress | None = None) -> ImportReport:
        """What importing `paths` would do, file by file; writes nothing."""
        return self.import_files(paths, dry_run=True, progress=progress)

    def import_files(self, paths, *, dry_run: bool = False, progress: Progress | None = None) -> ImportReport:
        """The master: snapshots merged as one batch. A delegation's copy: one newer release."""
        paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
        if not paths:
            raise InvalidInput("name at least one file to import")
        if self.copy.info.is_secretariat:
            return importing.import_snapshots(self.copy, paths, dry_run=dry_run, progress=progress)
        if len(paths) > 1:
            raise InvalidInput("a delegation's copy imports one release at a time; give the newest")
        return rebase.import_release(self.copy, paths[0], dry_run=dry_run, progress=progress)

    def history(self) -> list[ImportRecord]:
        """Every file imported into this copy, newest first, with what became of its changes."""
        out = []
        for r in ledger.ledger(self.store):
            try:
                reasons = tuple(json.loads(r["report"] or "{}").get("rejected", ()))
            except ValueError:
                reasons = ()
            out.append(ImportRecord(
                id=r["id"], kind=r["kind"], delegation=r["delegation"], sequence=r["sequence"],
                file_name=r["file_name"] or "", file_sha256=r["file_sha256"], imported_at=r["imported_at"],
                imported_by=r["imported_by"] or "", entries=r["entries"] or 0, applied=r["applied"] or 0,
                unchanged=r["unchanged"] or 0, conflicts=r["conflicts"] or 0, rejected=r["rejected"] or 0,
                reasons=reasons))
        return out

    def import_changes(self, import_id: str) -> list[ImportedChange]:
        """The changes one import (an `ImportRecord.id`) applied, each with its provenance."""
        rows = ledger.ledger_changes(self.store, import_id)
        names, now = conflict_ops.Names(self.store), {}
        for table in {r["table_name"] for r in rows}:
            ids = {r["row_id"] for r in rows if r["table_name"] == table}
            now[table] = merge_rows.read_rows(self.store, table, ids)

        def row(r: dict) -> dict | None:  # as it is now, or as the change added or removed it
            return now[r["table_name"]].get(r["row_id"]) or next(
                (v for v in (r["new"], r["old"]) if isinstance(v, dict)), None)
        return [ImportedChange(
            what=conflict_ops.describe(r["table_name"], row(r), names),
            field=r["field"], old=r["old"], new=r["new"], delegation=r["origin_delegation"] or "",
            sequence=r["sequence"], snapshot_id=r["source_id"], made_at=r["origin_at"] or "",
            imported_at=r["imported_at"]) for r in rows]

    # -- conflicts -------------------------------------------------------------------------------

    def conflicts(self, *, include_closed: bool = False) -> list[ConflictView]:
        """Open conflicts, oldest first (with `include_closed`, the resolved and superseded ones too)."""
        return conflict_ops.list_conflicts(self.copy, include_closed=include_closed)

    def conflict(self, ref: str) -> ConflictView:
        return conflict_ops.get(self.copy, ref)

    def resolve(self, ref: str, *, keep: bool = False, take: bool = False, value: str | None = None) -> OpChanges:
        """Keep the current value, take the incoming one, or set `value`; one undo step, recorded."""
        return conflict_ops.resolve(self.copy, ref, keep=keep, take=take, value=value)
