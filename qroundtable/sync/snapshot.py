"""A delegation's snapshot: the changes its copy made since the last one, numbered and signed.

Exporting marks those changes as sent (they carry the snapshot's id), so the
status bar's "not yet sent" drops to zero and the next snapshot holds only what
came after. Private notes never travel: their changes are marked local instead.

A snapshot the secretariat never received can be made again (`resend`): the change
record still holds which changes went out in it, so the same sequence number, the
same snapshot id, creation time and changes are written and signed again. The bytes
are the same as the first file's unless the app's version, the roundtable's title or
the key changed since; the secretariat knows a snapshot by its delegation, sequence
and id, so either way a copy it already imported is "already imported" there, and
one it never had is the real thing.
"""

from __future__ import annotations

from pathlib import Path

from .. import keys
from ..errors import InvalidInput, NotPermitted, SyncProblem
from ..ids import new_id
from ..storage import change_record, now_iso, queries, sync_records
from ..validation import shown
from ..working_copy import WorkingCopy
from . import format
from .changes import BadEntry, Entry, fold, parse_entry
from .model import SnapshotInfo


def next_sequence(store) -> int:
    """The number the next snapshot gets: after this copy's last, and after any the master has seen."""
    acked = int(sync_records.state(store).get("acked_sequence", 0))
    return max(sync_records.last_snapshot_seq(store), acked) + 1


def pending_entries(store) -> list[Entry]:
    """What the next snapshot would carry: the net effect of every unsent change that travels."""
    return fold(c for c in change_record.unsent_changes(store) if c["table_name"] not in change_record.LOCAL_ONLY)


def export(copy: WorkingCopy, path: str | Path) -> SnapshotInfo:
    """Write this delegation's unsent changes to the new file `path`, signed with its key."""
    info = copy.info
    if info.is_secretariat:
        raise NotPermitted("the secretariat's master sends releases, not snapshots: use 'qroundtable release'")
    code = info.copy_owner
    private = keys.private_key(code)  # first: no key, nothing marked as sent
    store, path = copy.store, Path(path)
    written = False
    try:
        with store.transaction():
            entries = pending_entries(store)
            if not entries:
                raise InvalidInput("nothing to send: this copy has no changes since its last snapshot")
            if len(entries) > format.LIMITS["snapshot"].items:
                raise SyncProblem(f"{len(entries)} changes are more than one snapshot may carry "
                                  f"({format.LIMITS['snapshot'].items})")
            state = sync_records.state(store)
            sequence = next_sequence(store)
            snapshot_id, created, sha = write(
                path, entries, private, roundtable=queries.roundtable_id(store), title=info.title, delegation=code,
                sequence=sequence, base_release=state.get("base_release"),
                base_release_seq=int(state["base_release_seq"]) if state.get("base_release_seq") else None)
            written = True
            change_record.mark_unsent(store, snapshot_id)
            sync_records.add_snapshot(store, {"id": snapshot_id, "seq": sequence, "delegation": code,
                                           "base_release": state.get("base_release"), "created_at": created,
                                           "entries": len(entries), "file_sha256": sha, "file_name": shown(path.name)})
    except BaseException:
        if written:  # the changes stay unsent, so the file must not exist either
            path.unlink(missing_ok=True)
        raise
    return SnapshotInfo(str(path), snapshot_id, code, sequence, len(entries), created)


def resend(copy: WorkingCopy, sequence: int, path: str | Path) -> SnapshotInfo:
    """Write snapshot `sequence` of this delegation again, to the new file `path`, as it was first made."""
    info = copy.info
    if info.is_secretariat:
        raise NotPermitted("the secretariat's master sends releases, not snapshots: use 'qroundtable release'")
    store, path = copy.store, Path(path)
    if type(sequence) is not int or sequence < 1:
        raise InvalidInput("give the number of a snapshot this copy made (1, 2, …)")
    made = {r["seq"]: r for r in sync_records.snapshots(store)}
    sent = made.get(sequence)
    if sent is None:
        have = ", ".join(str(n) for n in sorted(made)) or "none yet"
        raise InvalidInput(f"this copy made no snapshot {sequence} (its snapshots: {have}); "
                           "a snapshot can be sent again only from the copy that made it")
    entries = fold(c for c in change_record.changes_sent_in(store, [sent["id"]])
                   if c["table_name"] not in change_record.LOCAL_ONLY)
    if sent["entries"] is not None and len(entries) != sent["entries"]:
        raise SyncProblem(f"snapshot {sequence} cannot be made again exactly: this copy's record of it holds "
                          f"{len(entries)} changes, the snapshot had {sent['entries']}")
    private = keys.private_key(info.copy_owner)
    base_seq = next((r["seq"] for r in sync_records.releases(store) if r["id"] == sent["base_release"]), None)
    _, _, sha = write(path, entries, private, roundtable=queries.roundtable_id(store), title=info.title,
                      delegation=sent["delegation"], sequence=sequence, base_release=sent["base_release"],
                      base_release_seq=base_seq, snapshot_id=sent["id"], created_at=sent["created_at"])
    return SnapshotInfo(str(path), sent["id"], sent["delegation"], sequence, len(entries), sent["created_at"],
                        same_bytes=sha == sent["file_sha256"])


def write(path: str | Path, entries: list[Entry], private, *, roundtable: str, title: str, delegation: str,
          sequence: int, base_release: str | None = None, base_release_seq: int | None = None,
          snapshot_id: str | None = None, created_at: str | None = None) -> tuple[str, str, str]:
    """Write a snapshot file of `entries`; returns (snapshot id, creation time, file SHA-256).

    A new snapshot gets a new id and the current time; a resent one keeps its own.
    """
    snapshot_id, created = snapshot_id or new_id(), created_at or now_iso()
    manifest = {"kind": "snapshot", "app": format.app_version(), "roundtable": roundtable, "title": title,
                "delegation": delegation, "sequence": sequence, "snapshot": snapshot_id, "base_release": base_release,
                "base_release_seq": base_release_seq, "created_at": created, "entries": len(entries),
                "signer": keys.fingerprint(private.public_key().public_bytes_raw())}
    sha = format.write(path, manifest, {"entries": [e.as_list() for e in entries]}, private)
    return snapshot_id, created, sha


def entries_of(container: format.Container) -> list[Entry]:
    """The changes a snapshot file carries, each structurally checked; FileRefused otherwise."""
    limit = format.LIMITS["snapshot"].items
    declared = container.manifest["entries"]
    if declared > limit:
        raise format.FileRefused(f"holds {declared} changes, more than a snapshot may ({limit})")
    data = format.payload(container)
    if not isinstance(data, dict) or set(data) != {"entries"} or not isinstance(data["entries"], list):
        raise format.FileRefused("is not a valid snapshot: its content has the wrong shape")
    items = data["entries"]
    if len(items) != declared:
        raise format.FileRefused(f"is not a valid snapshot: it holds {len(items)} changes, its manifest says "
                                 f"{declared}")
    shared: dict[str, str] = {}
    try:
        return [parse_entry(item, i + 1, shared) for i, item in enumerate(items)]
    except BadEntry as exc:
        raise format.FileRefused(f"is not a valid snapshot: {exc}") from None
