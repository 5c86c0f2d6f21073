"""A roundtable that cannot be written opens read-only: reading, consensus, --dry-run and exports work,
every write says "FILE is read-only" (one line from the CLI), and the file stays byte for byte the same.

Also the reader the desktop app keeps on its UI thread (`Roundtable.open(path, read_only=True)`):
it sees each commit of the writer on another thread at once and never writes or holds it up.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from mounts import as_plain_user, read_only_view
from sync_world import make_world

from qroundtable.cli import cli
from qroundtable.errors import ReadOnly
from qroundtable.roundtable import Roundtable


@pytest.fixture
def sent(tmp_path) -> tuple[Path, Path]:
    """A folder holding the demo master (closed, no -wal or -shm beside it) and a snapshot from JP for it."""
    (tmp_path / "work").mkdir()
    world = make_world(tmp_path / "work", codes=("JP",))
    world.copies["JP"].positions.set("JP", 2, "object", "instructions from capital")
    world.copies["JP"].sync.export_snapshot(tmp_path / "jp-1.qrts")
    world.close()
    folder = tmp_path / "files"
    folder.mkdir()
    shutil.move(tmp_path / "work" / "master.qrt", folder / "master.qrt")
    assert sorted(p.name for p in folder.iterdir()) == ["master.qrt"]
    return folder / "master.qrt", tmp_path / "jp-1.qrts"


def run_cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    """The CLI in a process of its own, to which file permissions apply (even when the tests run as root)."""
    env = {k: v for k, v in os.environ.items() if k != "QROUNDTABLE_DB"}
    return subprocess.run([sys.executable, "-m", "qroundtable", "--db", str(db), *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=120, **as_plain_user())


def assert_refused_as_read_only(done, name: str, cause: str) -> None:
    assert done.returncode == 1 and done.stdout == "", (done.returncode, done.stdout, done.stderr)
    line, = done.stderr.strip().splitlines()
    assert f"{name} is read-only: {cause}" in line and "Traceback" not in done.stderr


def consensus_of(path: Path) -> list:
    result = CliRunner().invoke(cli, ["--db", str(path), "consensus", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- files and folders that cannot be written ----------------------------------------------------------------


def test_a_file_whose_permissions_forbid_writing_is_read_and_never_written(sent, tmp_path):
    master, snapshot = sent
    expected = consensus_of(master)
    master.chmod(0o444)
    before = master.read_bytes()
    done = run_cli(master, "consensus", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected
    preview = run_cli(master, "import", snapshot, "--dry-run", "--format", "json")
    assert preview.returncode == 0, preview.stderr
    assert json.loads(preview.stdout)["applied"] > 0
    cause = "the file's permissions do not allow changes"
    assert_refused_as_read_only(run_cli(master, "position", "set", "--delegation", "JP", "--principle", "1",
                                        "--stance", "object"), "master.qrt", cause)
    assert_refused_as_read_only(run_cli(master, "import", snapshot), "master.qrt", cause)
    assert master.read_bytes() == before
    assert not list(tmp_path.glob("files/master.backup-*"))


def test_a_file_in_a_folder_that_cannot_be_written_is_read_and_never_written(sent):
    master, _ = sent
    expected = consensus_of(master)
    folder = master.parent
    before = master.read_bytes()
    folder.chmod(0o555)
    try:
        done = run_cli(master, "consensus", "--format", "json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == expected
        assert_refused_as_read_only(run_cli(master, "undo"), "master.qrt", f"its folder {folder} cannot be written to")
    finally:
        folder.chmod(0o755)
    assert master.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["master.qrt"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="gives a folder to another user")
def test_a_file_that_others_could_change_unseen_is_refused_rather_than_misread(sent):
    """The folder is not ours to write but another user's: they could start writing the file, and without
    a -shm index beside it we could not see that happen."""
    master, _ = sent
    folder = master.parent
    before = master.read_bytes()
    os.chown(folder, 65534, 65534)
    try:
        done = run_cli(master, "consensus")
    finally:
        os.chown(folder, 0, 0)
    assert done.returncode == 1 and "master.qrt cannot be read safely here" in done.stderr, done.stderr
    assert master.read_bytes() == before


def test_a_roundtable_on_a_read_only_disk_reads_exports_and_refuses_each_write(sent, tmp_path):
    master, snapshot = sent
    expected = consensus_of(master)
    before = master.read_bytes()
    with read_only_view(master.parent, tmp_path / "stick") as stick:
        path = stick / "master.qrt"
        with Roundtable.open(path) as rt:
            assert rt.read_only and rt.read_only_reason == "master.qrt is read-only: it is on a read-only disk"
            assert [c.principle for c in rt.consensus()] == [c["principle"] for c in expected]
            assert rt.sync.preview([snapshot]).applied > 0
            assert rt.export_matrix(tmp_path / "matrix.csv", "csv").stat().st_size > 0
            assert rt.write_readout(tmp_path / "readout.docx").stat().st_size > 0
            for write in (lambda: rt.positions.set("JP", 1, "object"), rt.undo, lambda: rt.set_title("Renamed"),
                          lambda: rt.sync.import_files([snapshot]), lambda: rt.batch("Nothing").__enter__()):
                with pytest.raises(ReadOnly, match="^master.qrt is read-only: it is on a read-only disk$"):
                    write()
        runner = CliRunner()
        assert json.loads(runner.invoke(cli, ["--db", str(path), "consensus", "--format", "json"]).stdout) == expected
        for args in (["position", "set", "--delegation", "JP", "--principle", "1", "--stance", "object"],
                     ["demo", "--force"], ["release", "--out", str(tmp_path / "r.qrtr")],
                     ["principle", "edit", "1", "--text", "New text."]):
            result = runner.invoke(cli, ["--db", str(path), *args])
            assert result.exit_code == 1, (args, result.output)
            assert result.stderr.strip() == "Error: master.qrt is read-only: it is on a read-only disk", args
        assert not (tmp_path / "r.qrtr").exists()
        result = runner.invoke(cli, ["--db", str(stick / "new.qrt"), "init", "--title", "T", "--secretariat", "US"])
        assert result.exit_code == 1
        assert result.stderr == "Error: new.qrt cannot be created: it is on a read-only disk\n"
        result = runner.invoke(cli, ["--db", str(tmp_path / "elsewhere.qrt"), "demo"])
        assert result.exit_code == 0, result.output
        result = runner.invoke(cli, ["--db", str(tmp_path / "elsewhere.qrt"), "release",
                                     "--out", str(stick / "r.qrtr")])
        assert result.exit_code == 1 and "r.qrtr cannot be created: it is on a read-only disk" in result.stderr
    assert master.read_bytes() == before


def test_on_a_read_only_disk_changes_still_in_the_wal_are_read_or_the_file_is_refused_whole(tmp_path):
    live = tmp_path / "live.qrt"
    with Roundtable.create(live, title="T", secretariat="US") as rt:
        rt.delegations.add("JP", "Japan")
        rt.principles.add("Collaboration", "Promote collaboration.")
        rt.positions.set("JP", 1, "object", "still in the wal")
        disk = tmp_path / "disk"
        disk.mkdir()
        for suffix in ("", "-wal", "-shm"):  # a copy taken while the file was open
            shutil.copyfile(f"{live}{suffix}", disk / f"both.qrt{suffix}")
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{live}{suffix}", disk / f"no-shm.qrt{suffix}")
    with read_only_view(disk, tmp_path / "stick") as stick:
        with Roundtable.open(stick / "both.qrt") as rt:
            assert rt.read_only and rt.positions.get("JP", 1).comment == "still in the wal"
        with pytest.raises(Exception, match="latest changes are still in no-shm.qrt-wal"):
            Roundtable.open(stick / "no-shm.qrt")


# -- the app's reader beside its writer ----------------------------------------------------------------------


def test_a_reader_sees_each_commit_of_a_writer_on_another_thread_and_never_holds_it_up(rt):
    path = rt.path
    rt.close()
    reader = Roundtable.open(path, read_only=True)
    statements = []
    reader.store.conn.set_trace_callback(statements.append)
    assert reader.read_only and reader.read_only_reason == "t.qrt is read-only: it was opened for reading only"
    turn = {"writer": threading.Event(), "reader": threading.Event()}
    slowest, done = [], threading.Event()

    def write() -> None:
        with Roundtable.open(path) as writer:
            for i in range(10):  # in step with the reader: it looks right after each commit
                turn["writer"].wait()
                turn["writer"].clear()
                writer.positions.set("JP", 1, ("support", "object")[i % 2], f"take {i}")
                turn["reader"].set()
            turn["writer"].wait()
            for i in range(10, 50):  # then as fast as it can while the reader keeps reading
                start = time.perf_counter()
                writer.positions.set("JP", 1, ("support", "object")[i % 2], f"take {i}")
                slowest.append(time.perf_counter() - start)
        done.set()

    thread = threading.Thread(target=write)
    thread.start()
    for i in range(10):
        turn["writer"].set()
        assert turn["reader"].wait(10)
        turn["reader"].clear()
        assert reader.positions.get("JP", 1).comment == f"take {i}"
    turn["writer"].set()
    reads = 0
    while not done.is_set():
        reader.consensus()
        reads += 1
    thread.join()
    assert reader.positions.get("JP", 1).comment == "take 49"
    assert reads >= 1 and max(slowest) < 2.0  # held up by the reader, a write would wait 5 s and fail
    with pytest.raises(ReadOnly, match="t.qrt is read-only"):
        reader.positions.set("JP", 1, "abstain")
    reader.close()
    written = [s for s in statements if s.split()[0].upper() in ("INSERT", "UPDATE", "DELETE", "BEGIN", "CREATE")
               or "optimize" in s or "journal_mode =" in s]
    assert written == []
