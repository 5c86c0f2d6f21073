"""Backups taken before an import: a full copy next to the roundtable file, the newest five kept.

The copy runs on a thread of its own (`start`) with its own connection, alongside the import:
once `ready()` returns, the state it copies is fixed and the import may write; the import
commits only after `wait()` has returned the finished backup.
"""

from __future__ import annotations

import glob
import os
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path

from ..errors import FileProblem
from ..storage import Store, syncstore

KEEP = 5


class PendingBackup:
    """A backup being written; `wait()` returns its path once it is complete (or raises why not)."""

    def __init__(self, path: Path):
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        self.source = path
        self.dest = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
        # Written under a temporary name: a crash mid-copy never leaves something that looks like a good backup.
        self.part = self.dest.with_name(self.dest.name + ".part")
        self.error: BaseException | None = None
        self.fixed = threading.Event()
        self.thread = threading.Thread(target=self._copy, name="qroundtable-backup", daemon=True)

    def _copy(self) -> None:
        try:
            for stale in _matching(self.source, ".part"):
                stale.unlink(missing_ok=True)
            syncstore.copy_database(self.source, self.part, self.fixed)
            os.replace(self.part, self.dest)
        except BaseException as exc:  # handed to wait(), on the caller's thread
            self.part.unlink(missing_ok=True)
            self.error = exc

    def ready(self) -> None:
        """Return once the state being copied is fixed (a checkpoint first: a fraction of a second)."""
        self.fixed.wait()

    def wait(self) -> Path:
        self.thread.join()
        if isinstance(self.error, (OSError, sqlite3.Error)):
            raise FileProblem(f"cannot write the backup {self.dest.name}: {self.error}") from None
        if self.error is not None:
            raise self.error
        for old in _matching(self.source, "")[:-KEEP]:
            old.unlink(missing_ok=True)
        return self.dest

    def discard(self) -> None:
        """The import did not happen: wait for the copy and remove it (older backups stay)."""
        self.thread.join()
        self.part.unlink(missing_ok=True)
        self.dest.unlink(missing_ok=True)


def start(store: Store) -> PendingBackup:
    pending = PendingBackup(store.path)
    pending.thread.start()
    return pending


def make(store: Store) -> Path:
    """Copy the open file to `NAME.backup-YYYYMMDDTHHMMSSffffffZ.qrt` beside it; drop the oldest beyond KEEP."""
    return start(store).wait()


def existing(path: Path) -> list[Path]:
    """This file's backups, oldest first."""
    return _matching(Path(path), "")


def _matching(path: Path, tail: str) -> list[Path]:
    pattern = f"{glob.escape(path.stem)}.backup-*{glob.escape(path.suffix)}{tail}"
    return sorted(p for p in path.parent.glob(pattern) if p.name.endswith(path.suffix + tail))
