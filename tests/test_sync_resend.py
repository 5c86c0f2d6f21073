"""A lost snapshot never blocks a delegation for good: it can be made again, and a gap names what is missing.

Issue 9, case 7: snapshot 1 never arrives; every later one waits for it, the reason
says which ("waiting for JP's snapshot 1"), and JP's `--resend 1` fills the gap, before
or after a new release. A snapshot sent twice changes nothing the second time.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sync_world import content_hash, make_world

from qroundtable.cli import cli
from qroundtable.errors import InvalidInput
from qroundtable.sync import format


@pytest.fixture
def world(tmp_path):
    w = make_world(tmp_path, codes=("JP", "DK"))
    yield w
    w.close()


def two_snapshots(world, tmp_path):
    jp = world.copies["JP"]
    jp.positions.set("JP", 1, "object", "capital says no")
    first = jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    jp.positions.set("JP", 2, "reservation")
    jp.sync.export_snapshot(tmp_path / "jp-2.qrts")
    return first


def test_a_gap_names_who_and_which_snapshot_is_missing(world, tmp_path):
    two_snapshots(world, tmp_path)
    (tmp_path / "jp-1.qrts").unlink()  # lost on the way
    report = world.master.sync.import_files([tmp_path / "jp-2.qrts"])
    (f,) = report.files
    assert f.status == "rejected" and f.waiting_for == (1,)
    assert "waiting for JP's snapshot 1" in f.reason and "--resend 1" in f.reason
    (waiting,) = report.waiting
    assert (waiting.delegation, waiting.missing, waiting.files) == ("JP", (1,), ("jp-2.qrts",))
    assert report.as_json()["waiting"] == [{"delegation": "JP", "missing": [1], "files": ["jp-2.qrts"],
                                            "text": "waiting for JP's snapshot 1"}]
    result = CliRunner().invoke(cli, ["--db", str(world.master.path), "import", str(tmp_path / "jp-2.qrts")])
    assert result.exit_code == 1 and "waiting for JP's snapshot 1" in result.stderr
    dk = world.copies["DK"]
    dk.positions.set("DK", 3, "abstain")
    dk.sync.export_snapshot(tmp_path / "dk-1.qrts")
    cli_json = CliRunner().invoke(cli, ["--db", str(world.master.path), "import", str(tmp_path / "jp-2.qrts"),
                                        str(tmp_path / "dk-1.qrts"), "--format", "json"])
    assert cli_json.exit_code == 0, cli_json.output
    assert json.loads(cli_json.stdout)["waiting"][0]["text"] == "waiting for JP's snapshot 1"
    assert world.master.positions.get("DK", 3).stance == "abstain"


def test_several_missing_snapshots_are_named_once(world, tmp_path):
    jp = world.copies["JP"]
    for n, stance in enumerate(["object", "reservation", "abstain", "support_with_amendments", "object"], start=1):
        jp.positions.set("JP", n, stance)
        jp.sync.export_snapshot(tmp_path / f"jp-{n}.qrts")
    report = world.master.sync.import_files([tmp_path / "jp-3.qrts", tmp_path / "jp-5.qrts"])
    reasons = {f.name: f.reason for f in report.files}
    assert "waiting for JP's snapshots 1 and 2" in reasons["jp-3.qrts"]
    assert "waiting for JP's snapshots 1, 2 and 4" in reasons["jp-5.qrts"]  # 3 is here, waiting too
    assert [w.text for w in report.waiting] == ["waiting for JP's snapshots 1, 2 and 4"]


def test_resending_a_lost_snapshot_fills_the_gap(world, tmp_path):
    first = two_snapshots(world, tmp_path)
    original = (tmp_path / "jp-1.qrts").read_bytes()
    (tmp_path / "jp-1.qrts").unlink()
    master, jp = world.master, world.copies["JP"]
    before = content_hash(jp.path)
    again = jp.sync.resend_snapshot(1, tmp_path / "jp-1-again.qrts")
    assert content_hash(jp.path) == before  # nothing in the copy changes
    assert (again.sequence, again.snapshot_id, again.created_at, again.entries) == \
        (1, first.snapshot_id, first.created_at, first.entries)
    assert again.same_bytes and (tmp_path / "jp-1-again.qrts").read_bytes() == original
    report = master.sync.import_files([tmp_path / "jp-2.qrts", tmp_path / "jp-1-again.qrts"])
    assert [f.status for f in report.files] == ["merged", "merged"] and report.rejected == []
    assert master.positions.get("JP", 1).stance == "object" and master.positions.get("JP", 2).stance == "reservation"


def test_a_resent_snapshot_already_imported_changes_nothing_even_when_its_bytes_differ(world, tmp_path, monkeypatch):
    two_snapshots(world, tmp_path)
    master, jp = world.master, world.copies["JP"]
    assert master.sync.import_files([tmp_path / "jp-1.qrts"]).applied > 0
    monkeypatch.setattr(format, "app_version", lambda: "qroundtable 9.9")  # a newer app makes other bytes
    again = jp.sync.resend_snapshot(1, tmp_path / "jp-1-again.qrts")
    assert again.same_bytes is False
    assert (tmp_path / "jp-1-again.qrts").read_bytes() != (tmp_path / "jp-1.qrts").read_bytes()
    before = content_hash(master.path)
    report = master.sync.import_files([tmp_path / "jp-1-again.qrts"])
    (f,) = report.files
    assert f.status == "already imported" and report.already_imported == 1 and report.rejected == []
    assert "JP's snapshot 1 was already imported" in f.reason
    assert content_hash(master.path) == before
    # The same snapshot twice in one batch: one merges, the other is the same thing.
    report = master.sync.import_files([tmp_path / "jp-2.qrts", tmp_path / "jp-1.qrts", tmp_path / "jp-1-again.qrts"])
    assert sorted(f.status for f in report.files) == ["already imported", "already imported", "merged"]


def test_after_a_new_release_the_lost_snapshot_can_still_be_resent(world, tmp_path):
    master, jp = world.master, world.copies["JP"]
    jp.positions.set("JP", 1, "object", "capital says no")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")  # ... never arrives
    master.positions.set("US", 2, "abstain")
    master.sync.issue_release(tmp_path / "release-2.qrtr")
    assert jp.sync.import_files([tmp_path / "release-2.qrtr"]).files[0].status == "merged"
    assert jp.positions.get("JP", 1).stance == "object"  # replayed on the new release, not sent again
    jp.positions.set("JP", 3, "reservation")
    assert jp.sync.export_snapshot(tmp_path / "jp-2.qrts").sequence == 2
    report = master.sync.import_files([tmp_path / "jp-2.qrts"])
    assert "waiting for JP's snapshot 1" in report.files[0].reason
    jp.sync.resend_snapshot(1, tmp_path / "jp-1-again.qrts")
    report = master.sync.import_files([tmp_path / "jp-2.qrts", tmp_path / "jp-1-again.qrts"])
    assert report.rejected == [] and report.conflicts == 0
    assert master.positions.get("JP", 1).stance == "object" and master.positions.get("JP", 3).stance == "reservation"
    # The next release acknowledges both; a later snapshot numbers on, and JP's copy matches the master.
    master.sync.issue_release(tmp_path / "release-3.qrtr")
    jp.sync.import_files([tmp_path / "release-3.qrtr"])
    jp.positions.set("JP", 4, "abstain")
    assert jp.sync.export_snapshot(tmp_path / "jp-3.qrts").sequence == 3
    assert master.sync.import_files([tmp_path / "jp-3.qrts"]).rejected == []

    def stances(rt):
        return {(p.principle, p.stance, p.comment) for p in rt.positions.list(delegation="JP")}
    assert stances(master) == stances(jp)


def test_only_a_snapshot_this_copy_made_can_be_resent(world, tmp_path):
    jp = world.copies["JP"]
    with pytest.raises(InvalidInput, match="no snapshot 1"):
        jp.sync.resend_snapshot(1, tmp_path / "x.qrts")
    with pytest.raises(InvalidInput):
        jp.sync.resend_snapshot(0, tmp_path / "x.qrts")
    assert not (tmp_path / "x.qrts").exists()


def test_the_resend_command(world, tmp_path):
    two_snapshots(world, tmp_path)
    runner = CliRunner()
    help_text = runner.invoke(cli, ["snapshot", "--help"]).output
    assert "--resend" in help_text and "Example: qroundtable --db jp.qrt snapshot --out jp-1-again.qrts --resend 1" \
        in " ".join(help_text.split())
    result = runner.invoke(cli, ["--db", str(world.copies["JP"].path), "snapshot", "--out",
                                 str(tmp_path / "again.qrts"), "--resend", "1"])
    assert result.exit_code == 0, result.output
    assert "Snapshot 1 of JP written again" in result.stdout and "byte for byte" in result.stdout
    missing = runner.invoke(cli, ["--db", str(world.copies["JP"].path), "snapshot", "--out",
                                  str(tmp_path / "nope.qrts"), "--resend", "7"])
    assert missing.exit_code == 1 and "no snapshot 7" in missing.stderr
