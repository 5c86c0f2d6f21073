"""Real file systems for the file-safety tests: a read-only mount, a small disk that fills up, a user
that file permissions apply to. Each needs root (as in CI); without it the test using it is skipped."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _mount(*args: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting needs root")
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mounting is not permitted here: {done.stderr.strip()}")


def _unmount(point: Path) -> None:
    subprocess.run(["umount", "-l", str(point)], capture_output=True)


@contextmanager
def read_only_view(folder: Path, view: Path) -> Iterator[Path]:
    """`folder` seen again, read-only, at `view` (a read-only bind mount, like a write-protected stick)."""
    view.mkdir()
    _mount("--bind", str(folder), str(view))
    try:
        _mount("-o", "remount,bind,ro", str(view))
        yield view
    finally:
        _unmount(view)


@contextmanager
def small_disk(point: Path, size_kb: int) -> Iterator[Path]:
    """A tmpfs of `size_kb` KB at `point`: a real disk that really fills up."""
    point.mkdir()
    _mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(point))
    try:
        yield point
    finally:
        _unmount(point)


def fill(disk: Path, leave: int) -> Path:
    """Take the disk's free space down to about `leave` bytes with a filler file; returns the filler."""
    filler = disk / "filler"
    st = os.statvfs(disk)
    free = st.f_bavail * st.f_frsize
    with open(filler, "ab") as f:
        f.write(b"\0" * max(0, free - leave))
    return filler


def free_bytes(disk: Path) -> int:
    st = os.statvfs(disk)
    return st.f_bavail * st.f_frsize


def as_plain_user() -> dict:
    """subprocess arguments that make file permissions apply to the child even when we are root.

    Root keeps its identity (the interpreter lives in root's home) but loses the capabilities
    that override file modes (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH).
    """
    if os.geteuid() != 0:
        return {}
    libc = ctypes.CDLL(None, use_errno=True)

    def drop() -> None:
        for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
            if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "cannot drop a capability")

    return {"preexec_fn": drop}
