"""Crash safety: an import killed (SIGKILL) at random moments leaves a sound file, fully imported or untouched."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from sync_world import content_hash, domain_hash, make_world

from qroundtable.roundtable import Roundtable

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
KILLS = 24


def cli(db, *args) -> list[str]:
    return [sys.executable, "-m", "qroundtable", "--db", str(db), *map(str, args)]


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "QROUNDTABLE_DB"}


def integrity(path) -> str:
    con = sqlite3.connect(path)  # a read-write open replays or discards what a killed writer left in the WAL
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def batch(tmp_path):
    """A master (closed, on disk) and three snapshots of a few hundred changes in all."""
    world = make_world(tmp_path)
    for code, copy in world.copies.items():
        with copy.batch(f"{code} preparations"):
            for n in range(1, 8):
                copy.positions.set(code, n, "reservation" if n % 2 else "support", f"{code} on {n}")
            for i in range(120):
                copy.delegations.add_member(code, f"{code} delegate {i}", "Ministry", "Expert")
        copy.sync.export_snapshot(tmp_path / f"{code.lower()}-1.qrts")
    world.master.positions.set("JP", 4, "object", "heard in the room")  # and one conflict
    world.close()
    return tmp_path, [tmp_path / f"{c}-1.qrts" for c in ("jp", "dk", "fr")]


def test_killed_imports_leave_the_file_whole_and_either_imported_or_untouched(batch):
    tmp, files = batch
    original = tmp / "master.qrt"
    untouched = content_hash(original)

    reference = tmp / "reference.qrt"
    shutil.copyfile(original, reference)
    start = time.perf_counter()
    subprocess.run(cli(reference, "conflicts"), env=env(), check=True, capture_output=True, timeout=120)
    opened = time.perf_counter() - start
    start = time.perf_counter()
    done = subprocess.run(cli(reference, "import", *files, "--format", "json"), env=env(), capture_output=True,
                          text=True, timeout=120)
    full = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    imported = domain_hash(reference)
    with Roundtable.open(reference) as rt:
        assert len(rt.sync.history()) == 3 and rt.sync.conflicts()

    rnd = random.Random(20261124)
    outcomes = []
    for i in range(KILLS):
        path = tmp / f"victim-{i}.qrt"
        shutil.copyfile(original, path)
        child = subprocess.Popen(cli(path, "import", *files), env=env(), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        # Most kills aimed at the import itself (after start-up), some anywhere.
        delay = rnd.uniform(opened * 0.8, full * 1.1) if i % 4 else rnd.uniform(0, full)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        assert integrity(path) == "ok", f"kill {i} after {delay:.3f}s"
        if content_hash(path) == untouched:
            outcomes.append("untouched")
        else:
            assert domain_hash(path) == imported, f"kill {i} after {delay:.3f}s left a partial import"
            with Roundtable.open(path) as rt:
                assert len(rt.sync.history()) == 3
            outcomes.append("imported")
        for backup in tmp.glob(f"victim-{i}.backup-*.qrt"):  # a backup, when there is one, is whole
            assert integrity(backup) == "ok"
    assert len(outcomes) == KILLS
    print(f"{outcomes.count('untouched')} untouched, {outcomes.count('imported')} imported")
