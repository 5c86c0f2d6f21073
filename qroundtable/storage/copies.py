"""Whole-file copies of an open roundtable, through SQLite's online backup API only.

The database file is never opened by anything but SQLite: on POSIX systems closing any
descriptor of a file drops every lock the process holds on it, so a plain file copy made
by a process that has the roundtable open lets other programs think nobody is using it
(they then checkpoint and delete its -wal under this process's feet). SQLite's own
connections share their locks per file, so a second SQLite connection is safe.

- `copy_to(conn, dest)`: copy what `conn` sees, on the caller's thread (a delegation's copy);
- `into_memory(conn)`: copy what `conn` sees into a private in-memory database (to try an import on);
- `BackgroundCopy`: while the caller holds the write lock and writes, a reading connection of
  its own copies the file as last committed — that is, as it is without the caller's writes.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import FileProblem
from . import problems

_STEP_PAGES = 8192  # 32 MB of 4 KB pages per step: a copy can be cancelled between steps


class _Cancelled(Exception):
    """The copy was no longer wanted (the import it backed up did not happen)."""


def copy_to(conn: sqlite3.Connection, dest: Path, *, what: str, stop: Callable[[], bool] = lambda: False,
            busy_timeout: float = 5.0) -> None:
    """Write what `conn` sees (committed data, or its own open read transaction's) to the new file `dest`.

    `conn` must not be in a write transaction: SQLite cannot copy from a connection that is
    writing (it would report 'busy' for ever). `what` names the copy in messages. The copy is
    flushed to disk before this returns; on any failure `dest` is removed.
    """
    dest = Path(dest)
    deadline = time.monotonic() + busy_timeout

    def step(status: int, remaining: int, total: int) -> None:
        if stop():
            raise _Cancelled
        if status in (problems.SQLITE_BUSY, problems.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise problems.busy()

    try:
        target = sqlite3.connect(dest, isolation_level=None)
        try:
            # The copy is written once and flushed below: a journal and per-step syncs would only slow it.
            target.execute("PRAGMA journal_mode = OFF")
            target.execute("PRAGMA synchronous = OFF")
            conn.backup(target, pages=_STEP_PAGES, progress=step)
        finally:
            target.close()
        _flush(dest)
    except BaseException as exc:
        _remove(dest)
        if isinstance(exc, sqlite3.Error):
            if problems.result_code(exc) == problems.SQLITE_FULL or problems.nearly_full(dest):
                raise problems.disk_full(f"{what} was not written") from None
            raise FileProblem(f"{what} was not written: {exc}") from None
        if isinstance(exc, OSError):
            raise problems.os_problem(exc, dest, what) from None
        raise


def vacuum_to(conn: sqlite3.Connection, dest: Path, *, what: str) -> None:
    """`VACUUM INTO` the new file `dest`: the committed data in fresh pages, free pages left behind."""
    dest = Path(dest)
    try:
        conn.execute("VACUUM INTO ?", (str(dest),))
        _flush(dest)
    except BaseException as exc:
        _remove(dest)
        if isinstance(exc, sqlite3.Error):
            if problems.result_code(exc) == problems.SQLITE_FULL or problems.nearly_full(dest):
                raise problems.disk_full(f"{what} was not written") from None
            if problems.result_code(exc) in (problems.SQLITE_BUSY, problems.SQLITE_LOCKED):
                raise problems.busy() from None
            raise FileProblem(f"{what} was not written: {exc}") from None
        if isinstance(exc, OSError):
            raise problems.os_problem(exc, dest, what) from None
        raise


def into_memory(conn: sqlite3.Connection, *, what: str) -> sqlite3.Connection:
    """A new in-memory database holding what `conn` sees (committed data, or its own read transaction's).

    Copied in one step, so it is one consistent state of the file even while others write to it.
    `conn` may be read-only; it must not be in a write transaction. `what` names the copy in messages.
    """
    target = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        conn.backup(target)
    except BaseException as exc:
        target.close()
        if isinstance(exc, sqlite3.Error):
            raise FileProblem(f"{what} could not be made: {exc}") from None
        raise
    return target


class BackgroundCopy:
    """A copy of the file at `path` as last committed, written to `dest` on a thread of its own.

    Start it while holding the write lock (inside a write transaction, before writing): the
    copy is then the file exactly as it is without this transaction, whatever the transaction
    writes meanwhile. Commit only after `wait()` has returned.
    """

    def __init__(self, path: Path, dest: Path, *, what: str):
        self.path, self.dest, self.what = Path(path), Path(dest), what
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._copy, name="qroundtable-backup", daemon=True)
        self._thread.start()

    def _copy(self) -> None:
        try:
            source = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True, isolation_level=None,
                                     check_same_thread=False)
            try:
                # Pin one snapshot for every step of the copy.
                source.execute("BEGIN")
                source.execute("SELECT count(*) FROM sqlite_master").fetchone()
                copy_to(source, self.dest, what=self.what, stop=self._stop.is_set)
            finally:
                source.close()
        except BaseException as exc:  # handed to wait(), on the caller's thread
            self.error = exc

    def wait(self) -> Path:
        """The finished copy (or the reason it could not be made, raised)."""
        self._thread.join()
        if isinstance(self.error, _Cancelled):
            raise FileProblem(f"{self.what} was cancelled")
        if isinstance(self.error, sqlite3.Error):
            raise FileProblem(f"{self.what} was not written: {self.error}") from None
        if self.error is not None:
            raise self.error
        return self.dest

    def discard(self) -> None:
        """Stop the copy if it is still being written, and remove it."""
        self._stop.set()
        self._thread.join()
        _remove(self.dest)


def _flush(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    for suffix in ("", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
