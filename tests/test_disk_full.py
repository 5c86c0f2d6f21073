"""A full disk says "the disk is full", rolls back cleanly and loses nothing: during an import's big
transaction, its backup, a release or snapshot file, a single edit. Once space is freed, the same
action succeeds. Real full disks: a small tmpfs (root, as in CI; skipped where mounting is not
permitted), and SQLite's page limit where no disk can be mounted."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from mounts import fill, free_bytes, small_disk
from sync_world import domain_hash, make_world

from qroundtable import keys
from qroundtable.cli import cli
from qroundtable.errors import DiskFull
from qroundtable.ids import new_id
from qroundtable.roundtable import Roundtable
from qroundtable.storage import now_iso, queries
from qroundtable.sync import snapshot
from qroundtable.sync.changes import Entry

SENDERS = ("JP", "DK")


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def member_snapshots(master: Roundtable, folder: Path, members: int) -> list[Path]:
    roundtable = queries.roundtable_id(master.store)
    files = []
    for code in SENDERS:
        d = queries.delegation_by_code(master.store, code)
        at = now_iso()
        entries = []
        for i in range(members):
            row = {"id": new_id(), "delegation_id": d["id"], "name": f"{code} delegate {i} " + "x" * 150,
                   "agency": "Ministry " + "y" * 150, "role": "Expert"}
            entries.append(Entry(i + 1, "members", row["id"], "*", None, row, at))
        path = folder / f"{code.lower()}-1.qrts"
        snapshot.write(path, entries, keys.private_key(code), roundtable=roundtable, title=master.info.title,
                       delegation=code, sequence=1)
        files.append(path)
    return files


@pytest.fixture
def on_small_disk(tmp_path):
    """(master on a 24 MB tmpfs, snapshots elsewhere adding 4,000 members); the master is closed."""
    (tmp_path / "work").mkdir()
    world = make_world(tmp_path / "work", codes=SENDERS)
    files = member_snapshots(world.master, tmp_path, 2000)
    world.close()
    with small_disk(tmp_path / "disk", 24 * 1024) as disk:
        shutil.copyfile(tmp_path / "work" / "master.qrt", disk / "master.qrt")
        yield disk / "master.qrt", files


def test_a_full_disk_during_an_import_says_so_and_keeps_the_file_as_it_was(on_small_disk):
    master, files = on_small_disk
    before = domain_hash(master)
    # Room for the backup (about the file's size) and a little more: not for the import's transaction.
    filler = fill(master.parent, master.stat().st_size + 600 * 1024)
    with Roundtable.open(master) as rt:
        # The backup, copied alongside, is most often done by the time the import's transaction fills the disk.
        with pytest.raises(DiskFull, match=r"^the disk is full: (nothing was written to master\.qrt|the backup )"):
            rt.sync.import_files(files)
        assert rt.sync.history() == []
        assert rt.positions.list()  # the session goes on
    assert integrity(master) == "ok" and domain_hash(master) == before
    assert sorted(p.name for p in master.parent.iterdir() if "backup" in p.name) == []
    result = CliRunner().invoke(cli, ["--db", str(master), "import", *map(str, files)])
    assert result.exit_code == 1 and result.stderr.startswith("Error: the disk is full: "), result.output
    assert len(result.stderr.strip().splitlines()) == 1
    filler.unlink()
    with Roundtable.open(master) as rt:
        assert rt.sync.import_files(files).applied == 4000
    assert integrity(master) == "ok"


def test_no_room_for_the_backup_means_no_import(on_small_disk, tmp_path):
    master, _ = on_small_disk
    with Roundtable.open(master) as rt:  # a small import, which itself would fit
        (tmp_path / "small").mkdir()
        files = member_snapshots(rt, tmp_path / "small", 10)
    before = domain_hash(master)
    filler = fill(master.parent, master.stat().st_size // 2)
    with Roundtable.open(master) as rt:
        with pytest.raises(DiskFull, match=r"^the disk is full: the backup master\.backup-\d{8}T\d+Z\.qrt was not"):
            rt.sync.import_files(files)
    assert integrity(master) == "ok" and domain_hash(master) == before
    assert [p.name for p in master.parent.iterdir() if "backup" in p.name] == []
    filler.unlink()


def test_a_full_disk_while_writing_a_release_or_a_single_edit_loses_nothing(on_small_disk, tmp_path):
    master, _ = on_small_disk
    with Roundtable.open(master) as rt:
        rt.positions.set("FR", 3, "object", "before the disk filled up")
        unsent = rt.unsent_count()
        filler = fill(master.parent, 4096)
        with pytest.raises(DiskFull, match="^the disk is full: release-2.qrtr was not written"):
            rt.sync.issue_release(master.parent / "release-2.qrtr")
        assert rt.unsent_count() == unsent  # nothing counts as sent
        assert not list(master.parent.glob("release-2.qrtr*"))
        with pytest.raises(DiskFull, match="^the disk is full: nothing was written to master.qrt"):
            with rt.batch("Norway and its many members"):
                rt.delegations.add("NO", "Norway")
                for i in range(3000):
                    rt.delegations.add_member("NO", f"Member {i} " + "y" * 150, "Ministry " + "z" * 150, "Expert")
        assert "NO" not in rt.delegations.codes()
        assert free_bytes(master.parent) < 256 * 1024
        filler.unlink()
        assert rt.sync.issue_release(master.parent / "release-2.qrtr")
        assert rt.unsent_count() == 0
    with Roundtable.open(master) as rt:
        assert rt.positions.get("FR", 3).comment == "before the disk filled up"
    assert integrity(master) == "ok"


def test_sqlite_ending_the_transaction_itself_is_said_as_a_full_disk(rt):
    """Where no disk can be mounted: SQLite's page limit gives the same SQLITE_FULL, which rolls back the
    whole transaction before our code gets to."""
    pages = rt.store.value("PRAGMA page_count")
    rt.store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    before = rt.store.value("SELECT count(*) FROM changes")
    with pytest.raises(DiskFull, match="^the disk is full: nothing was written to t.qrt"):
        with rt.batch("Many members"):
            for i in range(2000):
                rt.delegations.add_member("JP", f"Member {i} " + "z" * 150, "Ministry " + "y" * 150, "Expert")
    assert rt.delegations.members("JP") == [] and rt.store.value("SELECT count(*) FROM changes") == before
    rt.store.conn.execute("PRAGMA max_page_count = 1073741823")
    rt.positions.set("JP", 1, "support")
    assert rt.positions.get("JP", 1).stance == "support"
