"""The secretariat's reason for rejecting an amendment: written by the secretariat only, kept with the decision,
carried by releases (older releases still read), and refused when a delegation's snapshot brings one."""

from __future__ import annotations

import uuid

import pytest
from sync_world import forge, make_world, opened

from qroundtable.errors import NotPermitted
from qroundtable.sync import format, release

REASON = "Goes beyond the mandate of this roundtable."


@pytest.fixture
def world(tmp_path):
    w = make_world(tmp_path, codes=("JP",))
    yield w
    w.close()


def proposed_by_jp(world, tmp_path) -> str:
    """JP proposes an amendment to principle 1 and sends it; the master imports it. Its id."""
    jp, master = world.copies["JP"], world.master
    changes = jp.amendments.propose(1, "JP", "Promote open scientific collaboration.", "openness")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    assert master.sync.import_files([tmp_path / "jp-1.qrts"]).applied > 0
    return next(iter(changes.rows("amendments")))


def test_the_reason_is_the_secretariats_and_travels_with_the_decision(world, tmp_path):
    master, jp = world.master, world.copies["JP"]
    ident = proposed_by_jp(world, tmp_path)
    with pytest.raises(NotPermitted):
        jp.amendments.reject(ident, "We changed our mind.")  # only the secretariat decides
    master.amendments.reject(ident, REASON)
    assert (master.amendments.get(ident).state.value, master.amendments.get(ident).reason) == ("rejected", REASON)
    master.sync.issue_release(tmp_path / "release-2.qrtr")
    jp.sync.import_files([tmp_path / "release-2.qrtr"])
    a = jp.amendments.get(ident)
    assert (a.state.value, a.reason) == ("rejected", REASON)
    master.undo()  # the decision and its reason are one step
    assert (master.amendments.get(ident).state.value, master.amendments.get(ident).reason) == ("proposed", "")


def test_a_snapshot_bringing_a_reason_is_refused_for_that_change(world, tmp_path):
    master, jp = world.master, world.copies["JP"]
    ident = proposed_by_jp(world, tmp_path)
    jp.amendments.withdraw(ident)
    jp.sync.export_snapshot(tmp_path / "jp-2.qrts")
    manifest, entries = opened(tmp_path / "jp-2.qrts")
    at = entries[0][6]
    forged = [*entries, [len(entries) + 1, "amendments", ident, "decision_reason", None, "Withdrawn, as agreed.", at]]
    forge(tmp_path / "jp-2f.qrts", {**manifest, "entries": len(forged), "snapshot": str(uuid.uuid4())},
          {"entries": forged}, signer="JP")
    report = master.sync.import_files([tmp_path / "jp-2f.qrts"])
    (rejected,) = report.rejected
    assert "only the secretariat gives the reason" in rejected.reason
    assert master.amendments.get(ident).state.value == "withdrawn"  # the rest still applies
    assert master.amendments.get(ident).reason == ""


def test_a_new_amendment_with_a_reason_already_is_refused(world, tmp_path):
    master, jp = world.master, world.copies["JP"]
    jp.amendments.propose(2, "JP", "Incorporate expertise in decisions.")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    manifest, entries = opened(tmp_path / "jp-1.qrts")
    for entry in entries:
        if entry[1] == "amendments":
            entry[5] = {**entry[5], "decision_reason": "Pre-approved."}
    forge(tmp_path / "jp-1f.qrts", {**manifest, "snapshot": str(uuid.uuid4())}, {"entries": entries}, signer="JP")
    report = master.sync.import_files([tmp_path / "jp-1f.qrts"])
    assert any("without a decision's reason" in r.reason for r in report.rejected)
    assert all(a.delegation != "JP" for a in master.amendments.list(2))


def test_a_release_made_before_the_reason_existed_is_still_taken(world, tmp_path):
    """An app from before the reason wrote amendments without its column: the column is then empty."""
    master, jp = world.master, world.copies["JP"]
    master.positions.set("JP", 4, "support")
    master.sync.issue_release(tmp_path / "release-2.qrtr")
    container = format.read(tmp_path / "release-2.qrtr")
    payload = format.payload(container)
    amendments = payload["tables"]["amendments"]
    assert amendments["columns"][-2:] == ["decision_reason", "untracked"]  # added later, in that order
    amendments["columns"] = amendments["columns"][:-2]
    amendments["rows"] = [row[:-2] for row in amendments["rows"]]
    old = tmp_path / "release-2-old.qrtr"
    manifest = dict(container.manifest)
    forge(old, manifest, payload, signer="US")
    assert len(release.tables_of(format.read(old))["amendments"][1]) == 2
    report = jp.sync.import_files([old])
    assert [f.status for f in report.files] == ["merged"], report.files[0].reason
    assert jp.positions.get("JP", 4).stance.value == "support"
    assert {a.reason for a in jp.amendments.list()} == {""}
    # A table with columns of its own invention is still refused.
    amendments["columns"] = amendments["columns"][:-1]
    forge(tmp_path / "bad.qrtr", manifest, payload, signer="US")
    with pytest.raises(format.FileRefused, match="table amendments has the wrong shape"):
        release.tables_of(format.read(tmp_path / "bad.qrtr"))
