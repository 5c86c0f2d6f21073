"""What stands between a person and their roundtable file, in words they can act on.

SQLite reports a full disk, a lock held by another program or a read-only file as
error codes; these turn them into the core's `DiskFull`, `Busy` and `ReadOnly`, and
tell from the file system why a file cannot be written before SQLite is asked to.
A file is called damaged only after SQLite's own check (`PRAGMA quick_check`) says so.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from ..errors import Busy, DiskFull, FileProblem, ReadOnly

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26

BUSY_MESSAGE = "the roundtable is busy: another program is writing to it (an import?); try again"
# Below this much free space, a failed write is taken for a full disk whatever SQLite called it
# (growing the -shm index on a full disk comes back as an I/O error, not SQLITE_FULL).
_NEARLY_FULL = 256 * 1024


def result_code(exc: sqlite3.Error) -> int:
    return (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF


def busy() -> Busy:
    return Busy(BUSY_MESSAGE)


def disk_full(what: str) -> DiskFull:
    """`what` was not written: e.g. 'nothing was written to demo.qrt'."""
    return DiskFull(f"the disk is full: {what} (free some space and try again)")


def read_only(path: Path, cause: str = "") -> ReadOnly:
    return ReadOnly(f"{path.name} is read-only" + (f": {cause}" if cause else ""))


def file_problem(exc: sqlite3.Error, path: Path) -> FileProblem | None:
    """What an SQLite error raised while writing `path` means for the person, or None when it is not
    about the file (a broken constraint, a bug): the caller then lets the original error through."""
    code = result_code(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return busy()
    if code == SQLITE_FULL or (code == SQLITE_IOERR and nearly_full(path)):
        return disk_full(f"nothing was written to {path.name}")
    if code == SQLITE_READONLY:
        return read_only(path, read_only_cause(path) or "it can no longer be written")
    if code == SQLITE_IOERR:
        return FileProblem(f"cannot write {path.name}: the disk reported an error ({exc}); is it still there?")
    return None


def os_problem(exc: OSError, path: Path, what: str | None = None) -> FileProblem:
    """An OSError writing the file `path` (a backup, a snapshot, a release; `what` names it for a person),
    said as a full disk where it is one."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return disk_full(f"{what or Path(path).name} was not written")
    return FileProblem(f"cannot write {what or path}: {exc.strerror or exc}")


def nearly_full(path: Path) -> bool:
    try:
        st = os.statvfs(Path(path).parent)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return st.f_bavail * st.f_frsize < _NEARLY_FULL


def read_only_cause(path: Path) -> str | None:
    """Why the roundtable file at `path` cannot be written here, or None if it can.

    A roundtable file needs its folder too: SQLite keeps `-wal` and `-shm` files beside it.
    """
    path = Path(path)
    if _on_read_only_disk(path.parent):
        return "it is on a read-only disk"
    if not os.access(path, os.W_OK):
        return "the file's permissions do not allow changes"
    return folder_cause(path)


def folder_cause(path: Path) -> str | None:
    """Why no file can be made beside `path` (SQLite's -wal and -shm, a new file), or None if one can."""
    folder = Path(path).parent
    if _on_read_only_disk(folder):
        return "it is on a read-only disk"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"its folder {folder} cannot be written to"
    return None


def others_may_add_files_beside(path: Path) -> bool:
    """Whether another user might make files beside `path` (and so start writing it) though we cannot."""
    folder = Path(path).parent
    return not _on_read_only_disk(folder) and bool(folder.stat().st_mode & 0o222)


def _on_read_only_disk(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def damage(conn: sqlite3.Connection) -> str | None:
    """SQLite's own verdict on the open file: the first problem `PRAGMA quick_check` finds, or None.

    Raises Busy when another program's lock keeps the check from reading the file.
    """
    try:
        rows = conn.execute("PRAGMA quick_check(3)").fetchall()
    except sqlite3.DatabaseError as exc:
        if result_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED):
            raise busy() from None
        return str(exc)
    found = [r[0] for r in rows if r[0] != "ok"]
    return "; ".join(found) if found else None
