"""What the sync part of the façade hands to the UI and CLI: plain values, nothing to close."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import OpChanges


@dataclass(frozen=True)
class Rejection:
    """A whole file (`file`) or one change (`change`) that was not merged, and why."""

    reason: str
    file: str | None = None
    change: str | None = None

    def as_json(self) -> dict:
        return {"file": self.file, "reason": self.reason} if self.change is None else \
            {"change": self.change, "reason": self.reason}


@dataclass(frozen=True)
class Override:
    """One of a delegation's own values that a release it takes sets otherwise (`field` '*': removes the row)."""

    delegation: str
    table: str
    field: str  # as a person names it: stance, comment, status, principle…
    what: str  # the row in words: "JP's position on principle 4"
    yours: str | None  # the value the copy held, as a person reads it
    release: str | None  # the release's value
    text: str  # the whole sentence

    def as_json(self) -> dict:
        return {"delegation": self.delegation, "what": self.what, "field": self.field, "yours": self.yours,
                "release": self.release, "text": self.text}


@dataclass
class FileReport:
    """One file of an import or a preview: what it is, and what became of its changes."""

    path: str
    name: str
    status: str  # "merged" (or "would merge" in a preview), "rejected", "already imported"
    reason: str = ""
    kind: str = ""  # "snapshot" or "release"
    delegation: str = ""  # sender, or the secretariat for a release
    sequence: int | None = None
    signature_valid: bool = False
    fingerprint: str = ""
    created_at: str = ""
    entries: int = 0
    applied: int = 0
    unchanged: int = 0
    conflicts: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    # A snapshot that cannot merge yet: its sender's earlier snapshots it waits for (`reason` names them too).
    waiting_for: tuple[int, ...] = ()
    # A release: the copy's own values it sets otherwise (no clash, yet never silent).
    overrides: list[Override] = field(default_factory=list)


def snapshots_text(numbers: tuple[int, ...]) -> str:
    """ "snapshot 1", "snapshots 1 and 2", "snapshots 1, 2 and 4", "snapshots 1 to 5" (a run of more than two)."""
    if len(numbers) == 1:
        return f"snapshot {numbers[0]}"
    if len(numbers) > 2 and numbers[-1] - numbers[0] == len(numbers) - 1:
        return f"snapshots {numbers[0]} to {numbers[-1]}"
    return f"snapshots {', '.join(str(n) for n in numbers[:-1])} and {numbers[-1]}"


@dataclass(frozen=True)
class Waiting:
    """A delegation's snapshots held back by one that has not arrived: "waiting for JP's snapshot 1"."""

    delegation: str
    missing: tuple[int, ...]  # the sequence numbers that must come first
    files: tuple[str, ...]  # the files waiting for them

    @property
    def text(self) -> str:
        return f"waiting for {self.delegation}'s {snapshots_text(self.missing)}"

    def as_json(self) -> dict:
        return {"delegation": self.delegation, "missing": list(self.missing), "files": list(self.files),
                "text": self.text}


@dataclass
class ImportReport:
    """The result of `Sync.import_files` (or `preview`): per file, and summed up as the CLI prints it."""

    files: list[FileReport]
    dry_run: bool
    # The import's operation (None for a dry run or nothing to do). A release's lists the changes it made; a batch
    # of snapshots', which may be hundreds of thousands, names only the operation: its changes are in the change
    # record, and views reload everything after an import.
    changes: OpChanges | None = None
    backup: str | None = None
    reload: bool = False  # a release replaced the copy's data: views reload everything

    @property
    def applied(self) -> int:
        return sum(f.applied for f in self.files)

    @property
    def overrides(self) -> list[Override]:
        return [o for f in self.files for o in f.overrides]

    @property
    def unchanged(self) -> int:
        return sum(f.unchanged for f in self.files)

    @property
    def conflicts(self) -> int:
        return sum(f.conflicts for f in self.files)

    @property
    def already_imported(self) -> int:
        return sum(1 for f in self.files if f.status == "already imported")

    @property
    def waiting(self) -> list[Waiting]:
        """Per delegation, the snapshots that must arrive before its files in this batch can merge."""
        by_sender: dict[str, tuple[set[int], list[str]]] = {}
        for f in self.files:
            if f.waiting_for:
                missing, files = by_sender.setdefault(f.delegation, (set(), []))
                missing.update(f.waiting_for)
                files.append(f.name)
        return [Waiting(d, tuple(sorted(missing)), tuple(files)) for d, (missing, files) in sorted(by_sender.items())]

    @property
    def rejected(self) -> list[Rejection]:
        out = []
        for f in self.files:
            if f.status == "rejected":
                out.append(Rejection(f.reason, file=f.name))
            out.extend(f.rejected)
        return out

    def as_json(self) -> dict:
        return {"applied": self.applied, "conflicts": self.conflicts,
                "rejected": [r.as_json() for r in self.rejected], "already_imported": self.already_imported,
                "unchanged": self.unchanged, "dry_run": self.dry_run,
                "waiting": [w.as_json() for w in self.waiting],
                "overrides": [o.as_json() for o in self.overrides]}



@dataclass(frozen=True)
class ConflictView:
    """An open (or decided) conflict: the field, and each value a person weighs."""

    id: str
    kind: str  # "merge": a snapshot against the master; "local": this copy's unsent edit against a release
    table: str
    row_id: str
    field: str  # "*" when a whole row is in question
    what: str  # the row in words: "JP position on principle 4"
    old: object  # the value the sender started from
    current: object  # the copy's value now
    incoming: object  # the sender's value (None: the sender deleted the row)
    reason: str
    delegation: str
    sequence: int | None
    snapshot_id: str | None
    created_at: str
    state: str  # open, resolved, superseded
    resolution: str | None = None  # keep, take, value
    resolved_value: object = None
    resolved_by: str | None = None
    resolved_at: str | None = None

    @property
    def is_text(self) -> bool:
        """Both sides are text: the UI shows a word diff between them."""
        return isinstance(self.current, str) and isinstance(self.incoming, str)


@dataclass(frozen=True)
class ImportRecord:
    """One line of the import history: a file merged into this copy."""

    id: str
    kind: str
    delegation: str
    sequence: int
    file_name: str
    file_sha256: str
    imported_at: str
    imported_by: str
    entries: int
    applied: int
    unchanged: int
    conflicts: int
    rejected: int
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportedChange:
    """One change an import applied, with its provenance: sender, snapshot, when made and when imported."""

    what: str  # the row in words: "JP position on principle 4"
    field: str  # "*": the whole row was added or removed
    old: object
    new: object
    delegation: str
    sequence: int
    snapshot_id: str
    made_at: str
    imported_at: str


@dataclass(frozen=True)
class ReleaseInfo:
    """A release file as a person checks it before joining: whose, which, and the key's fingerprint."""

    path: str
    title: str
    roundtable_id: str
    secretariat: str
    sequence: int
    issued_at: str
    fingerprint: str
    delegations: tuple[tuple[str, str], ...]  # (code, name)


@dataclass(frozen=True)
class SnapshotInfo:
    path: str
    snapshot_id: str
    delegation: str
    sequence: int
    entries: int
    created_at: str
    same_bytes: bool | None = None  # a resent snapshot: byte for byte the file first sent (None: a new one)


@dataclass(frozen=True)
class ReleaseIssued:
    path: str
    release_id: str
    sequence: int
    rows: int
    fingerprint: str


@dataclass(frozen=True)
class TrustedKey:
    delegation: str
    name: str
    public_key: str
    fingerprint: str
    added_at: str


@dataclass(frozen=True)
class RevokedKey:
    """A key the master trusted once: revoked (a lost laptop), or replaced by `replaced_by` (a fingerprint)."""

    delegation: str
    name: str
    fingerprint: str
    trusted_at: str
    revoked_at: str
    replaced_by: str = ""


@dataclass(frozen=True)
class SyncStatus:
    """Where this copy stands: for the status bar and the Sync view's header."""

    copy_kind: str
    owner: str
    base_release: int | None  # the release this copy is at (a delegation) or last issued (the master)
    next_snapshot: int | None  # the sequence number the next snapshot gets (a delegation's copy)
    unsent: int
    open_conflicts: int
    has_key: bool | None  # None: the keyring cannot be reached
    secretariat_fingerprint: str | None
