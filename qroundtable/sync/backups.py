"""Backups taken by an import: a full copy beside the roundtable file, the newest five kept.

An import calls `start(store)` inside its write transaction, before it writes. SQLite's backup
API then copies the file, through a reading connection of its own on a thread of its own,
exactly as it is without this import (nobody else can write while the import holds the lock),
while the import merges and writes; the import commits only after `wait()` has returned the
finished backup. The copy is written under a `.part` name and renamed once complete, so a
crash never leaves something that looks like a good backup.
"""

from __future__ import annotations

import glob
import os
from datetime import datetime, timezone
from pathlib import Path

from ..storage import Store
from ..storage.problems import os_problem

KEEP = 5


class PendingBackup:
    """A backup being written; `wait()` returns its path once it is complete (or raises why not)."""

    def __init__(self, store: Store):
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        self.source = store.path
        self.dest = self.source.with_name(f"{self.source.stem}.backup-{stamp}{self.source.suffix}")
        self.part = self.dest.with_name(self.dest.name + ".part")
        # Left by a crash: no other import can be writing one, this one holds the write lock.
        for stale in _matching(self.source, ".part"):
            stale.unlink(missing_ok=True)
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
        return self.dest

    def discard(self) -> None:
        """The import did not happen: stop the copy and remove it (older backups stay)."""
        self.copy.discard()
        self.dest.unlink(missing_ok=True)


def start(store: Store) -> PendingBackup:
    """Begin the backup; call inside the import's write transaction, before it writes anything."""
    return PendingBackup(store)


def make(store: Store) -> Path:
    """The whole backup at once (inside the write transaction, before writing): `NAME.backup-STAMP.qrt`."""
    return start(store).wait()


def discard(pending: PendingBackup | None) -> None:
    if pending is not None:
        pending.discard()


def existing(path: Path) -> list[Path]:
    """This file's backups, oldest first."""
    return _matching(Path(path), "")


def _matching(path: Path, tail: str) -> list[Path]:
    pattern = f"{glob.escape(path.stem)}.backup-*{glob.escape(path.suffix)}{tail}"
    return sorted(p for p in path.parent.glob(pattern) if p.name.endswith(path.suffix + tail))
