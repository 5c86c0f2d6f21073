"""Backups taken by an import: a full copy beside the roundtable file, the newest five kept.

The import starts the backup first (`start`): SQLite's backup API copies the file, through a
reading connection of its own on a thread of its own, while the import checks its files,
merges and writes. Once the import holds the write lock it calls `hold()`: if another program
committed since the copy began, that copy is dropped and a new one begun under the lock. Either
way the backup is exactly the file without this import. The import commits only after `wait()`
has returned the finished backup. The copy is written under a `.part` name and renamed once
complete, so a crash never leaves something that looks like a good backup.
"""

from __future__ import annotations

import contextlib
import glob
import os
import time
from datetime import datetime, timezone
from pathlib import Path

from ..errors import ReadOnly
from ..storage import Store
from ..storage.problems import os_problem

KEEP = 5
STALE_PART_S = 3600


class PendingBackup:
    """A backup being written; `wait()` returns its path once it is complete (or raises why not)."""

    def __init__(self, store: Store):
        if store.read_only:  # nothing will be imported: copy nothing either
            raise ReadOnly(store.read_only_reason)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        self.source = store.path
        self.dest = self.source.with_name(f"{self.source.stem}.backup-{stamp}{self.source.suffix}")
        self.part = self.dest.with_name(self.dest.name + ".part")
        self.version = store.data_version()  # read before the copy fixes what it copies
        self.copy = store.background_copy(self.part, what=f"the backup {self.dest.name}")

    def hold(self, store: Store) -> None:
        """Under the import's write lock, before it writes: make sure the copy is of the file as it is now."""
        if store.data_version() != self.version:  # another program committed since the copy began
            self.copy.discard()
            self.copy = store.background_copy(self.part, what=f"the backup {self.dest.name}")

    def wait(self) -> Path:
        self.copy.wait()
        try:
            os.replace(self.part, self.dest)
        except OSError as exc:
            self.part.unlink(missing_ok=True)
            raise os_problem(exc, self.dest, f"the backup {self.dest.name}") from None
        for old in _matching(self.source, "")[:-KEEP]:
            old.unlink(missing_ok=True)
        # Left by a crash; a recent one may be another import's, still being written.
        for stale in _matching(self.source, ".part"):
            with contextlib.suppress(OSError):
                if time.time() - stale.stat().st_mtime > STALE_PART_S:
                    stale.unlink()
        return self.dest

    def discard(self) -> None:
        """The import did not happen: stop the copy and remove it (older backups stay)."""
        self.copy.discard()
        self.dest.unlink(missing_ok=True)


def start(store: Store) -> PendingBackup:
    """Begin the backup, before anything of the import is written; `hold()` it once the write lock is held."""
    return PendingBackup(store)


def make(store: Store) -> Path:
    """The whole backup at once, inside the write transaction before writing: `NAME.backup-STAMP.qrt`."""
    pending = start(store)
    pending.hold(store)
    return pending.wait()


def existing(path: Path) -> list[Path]:
    """This file's backups, oldest first."""
    return _matching(Path(path), "")


def _matching(path: Path, tail: str) -> list[Path]:
    pattern = f"{glob.escape(path.stem)}.backup-*{glob.escape(path.suffix)}{tail}"
    return sorted(p for p in path.parent.glob(pattern) if p.name.endswith(path.suffix + tail))
