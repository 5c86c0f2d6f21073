"""Trust in the file under concurrent use: an import keeps SQLite's locks, acknowledged writes stay.

Real files and real processes: the CLI, and the children of `file_workers.py`, which open the
roundtable as a program would while this process (or another) imports batches of snapshots.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sync_world import make_world

from qroundtable import keys
from qroundtable.cli import cli
from qroundtable.errors import Busy
from qroundtable.ids import new_id
from qroundtable.roundtable import Roundtable
from qroundtable.storage import now_iso, queries
from qroundtable.sync import snapshot
from qroundtable.sync.changes import Entry

WORKERS = Path(__file__).with_name("file_workers.py")
SENDERS = ("JP", "DK", "FR")


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "QROUNDTABLE_DB"}


def run_cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qroundtable", "--db", str(db), *args], env=env(),
                          capture_output=True, text=True, timeout=120)


def worker(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(WORKERS), *map(str, args)], env=env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def integrity(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return "; ".join(r[0] for r in con.execute("PRAGMA integrity_check"))
    finally:
        con.close()


def recorded(path: Path, acked: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """Those of the acknowledged writes (delegation, principle, comment) the file's position history does not hold."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        held = set(con.execute(
            "SELECT d.code, p.number, h.comment FROM position_history h JOIN delegations d ON d.id = h.delegation_id "
            "JOIN principles p ON p.id = h.principle_id").fetchall())
    finally:
        con.close()
    return [a for a in acked if a not in held]


def acks(lines: list[str]) -> list[tuple[str, int, str]]:
    out = []
    for line in lines:
        if line.startswith("ack "):
            code, number, comment = line[4:].split(" ", 2)
            out.append((code, int(number), comment))
    return out


def member_snapshots(master: Roundtable, folder: Path, sequences: range, members: int) -> dict[int, list[Path]]:
    """For each sequence number, a snapshot from every sender adding `members` members to its own delegation."""
    roundtable = queries.roundtable_id(master.store)
    ids = {code: queries.delegation_by_code(master.store, code)["id"] for code in SENDERS}
    batches = {}
    for seq in sequences:
        batches[seq] = []
        for code in SENDERS:
            at = now_iso()
            entries = []
            for i in range(members):
                row = {"id": new_id(), "delegation_id": ids[code], "name": f"{code} delegate {seq}.{i}",
                       "agency": "Ministry", "role": "Expert"}
                entries.append(Entry(i + 1, "members", row["id"], "*", None, row, at))
            path = folder / f"round-{seq}" / f"{code.lower()}-{seq}.qrts"
            path.parent.mkdir(parents=True, exist_ok=True)
            snapshot.write(path, entries, keys.private_key(code), roundtable=roundtable, title=master.info.title,
                           delegation=code, sequence=seq)
            batches[seq].append(path)
    return batches


@pytest.fixture
def master(tmp_path) -> Path:
    """The demo master (closed, on disk), trusting JP's, DK's and FR's keys."""
    world = make_world(tmp_path, codes=SENDERS)
    world.close()
    return tmp_path / "master.qrt"


# -- case 1: the backup before an import must not drop this process's locks -------------------------------------


def test_writes_of_other_processes_after_an_import_in_a_long_lived_session_are_kept(master, tmp_path):
    """The app imports, then stays open; the CLI records stances meanwhile and each says it did."""
    with Roundtable.open(master) as rt:
        batch = member_snapshots(rt, tmp_path, range(1, 2), 300)[1]
    acked = []
    with Roundtable.open(master) as app:
        assert app.sync.import_files(batch).applied == 900
        for i, n in enumerate((1, 2, 3)):
            done = run_cli(master, "position", "set", "--delegation", "AU", "--principle", str(n), "--stance", "object",
                       "--comment", f"cli {i}")
            assert done.returncode == 0, done.stderr
            acked.append(("AU", n, f"cli {i}"))
            app.positions.set("FI", n, "abstain", f"app {i}")
            acked.append(("FI", n, f"app {i}"))
    assert integrity(master) == "ok"
    assert recorded(master, acked) == []


ROUNDS = 20


@pytest.mark.parametrize("role", ["importer", "app-importer"])
def test_concurrent_writers_and_readers_during_twenty_imports_lose_nothing(master, tmp_path, role):
    """One long-lived session imports 20 batches; meanwhile a process keeps recording stances (each
    one opening the file, writing, closing) and another keeps reading consensus. The long-lived
    session is a Roundtable as a script keeps one, or the desktop app's Session with its writer thread."""
    with Roundtable.open(master) as rt:
        member_snapshots(rt, tmp_path, range(1, ROUNDS + 1), 200)
    stop = tmp_path / "stop"
    writer, reader = worker("writer", master, stop), worker("reader", master, stop)
    importer = worker(role, master, tmp_path, ROUNDS)
    imported, problems, own = [], [], []
    try:
        for line in importer.stdout:
            line = line.rstrip("\n")
            if line.startswith("ack "):
                own.append(line)  # the long-lived session's own stance, recorded between imports
            elif line.startswith("round "):
                imported.append(line)
                check = integrity(master)
                if check != "ok":
                    problems.append(f"after {line}: {check}")
            elif line.startswith("error "):
                problems.append(f"importer: {line}")
        importer.wait(timeout=120)
    finally:
        stop.touch()
        out = {name: p.communicate(timeout=120) for name, p in (("writer", writer), ("reader", reader))}
        importer.kill()
        importer.wait()
    writes, reads = out["writer"][0].splitlines(), out["reader"][0].splitlines()
    assert (out["writer"][1], out["reader"][1], importer.stderr.read()) == ("", "", "")
    assert problems == []
    assert len(imported) == ROUNDS
    assert integrity(master) == "ok"
    # Nobody was told the file is damaged; a writer may have been told to try again, never anything else.
    assert [r for r in reads if r.startswith("error")] == []
    refused = [w for w in writes if w.startswith("error")]
    assert all("busy" in w for w in refused), refused[:3]
    acked = acks(writes)
    print(f"{len(acked)} writes acknowledged, {len(refused)} refused as busy, {len(reads)} reads")
    assert len(acked) > 20 and len([r for r in reads if r.startswith("read")]) > 20
    assert len(own) == ROUNDS
    assert recorded(master, acked + acks(own)) == []
    with Roundtable.open(master) as rt:
        assert len(rt.sync.history()) == ROUNDS * len(SENDERS)
        members = sum(1 for m in rt.delegations.members() if m.name.split()[0] in SENDERS)
        assert members == ROUNDS * len(SENDERS) * 200


# -- another program holding the file ------------------------------------------------------------------------


@pytest.fixture
def short_wait(monkeypatch):
    """Writers wait 0.6 s (not 5) for another program's write before saying the file is busy."""
    from qroundtable.storage import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.6, raising=False)


def hold_write_lock(path: Path, seconds: float) -> threading.Thread:
    """Another program's long write: a connection of its own holds the write lock for `seconds`."""
    held = threading.Event()

    def hold() -> None:
        con = sqlite3.connect(path, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(seconds)
        con.execute("ROLLBACK")
        con.close()

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    return thread


def test_a_writer_waits_for_another_programs_write_then_goes_on(short_wait, rt):
    holder = hold_write_lock(rt.path, 0.3)
    start = time.perf_counter()
    rt.positions.set("JP", 1, "support", "after the wait")
    assert time.perf_counter() - start >= 0.25
    holder.join()
    assert rt.positions.get("JP", 1).comment == "after the wait"


def test_a_writer_kept_waiting_too_long_is_told_the_file_is_busy_in_one_line(short_wait, rt):
    path, before = rt.path, rt.store.value("SELECT count(*) FROM changes")
    holder = hold_write_lock(path, 1.5)
    try:
        with pytest.raises(Busy, match="^the roundtable is busy: another program is writing to it"):
            rt.positions.set("JP", 1, "support")
        result = CliRunner().invoke(cli, ["--db", str(path), "position", "set", "--delegation", "JP",
                                          "--principle", "1", "--stance", "object"])
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
        assert result.stderr == ("Error: the roundtable is busy: another program is writing to it (an import?); "
                                 "try again\n")
        assert rt.consensus()  # reading goes on meanwhile
    finally:
        holder.join()
    assert rt.store.value("SELECT count(*) FROM changes") == before
    rt.positions.set("JP", 1, "support")


def test_a_file_locked_by_another_program_is_busy_not_damaged(short_wait, rt):
    """A program holding an exclusive lock keeps even readers out: they are told to try again."""
    path = rt.path
    rt.close()
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA locking_mode = EXCLUSIVE")
        con.execute("BEGIN IMMEDIATE")
        con.execute("UPDATE roundtable SET title = title")
        con.execute("COMMIT")
        result = CliRunner().invoke(cli, ["--db", str(path), "consensus"])
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith("Error: the roundtable is busy"), result.stderr
        assert "damaged" not in result.stderr
    finally:
        con.close()
    with Roundtable.open(path) as again:
        assert again.consensus()
