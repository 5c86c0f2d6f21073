"""A lost laptop: the secretariat revokes or replaces a delegation's trusted key.

After that, a snapshot signed with the old key is refused whole, with a reason that names the
key and when it stopped being trusted (the date a snapshot claims counts for nothing: whoever
holds the old key can write any). The delegation's new laptop makes a new key, the master
trusts it, and the new laptop joins from a newer release: its snapshots continue the
delegation's sequence where the master's imports stand.
"""

from __future__ import annotations

import pytest
from sync_world import make_world

from qroundtable import keys
from qroundtable.errors import InvalidInput, NotPermitted
from qroundtable.roundtable import Roundtable


@pytest.fixture
def world(tmp_path):
    w = make_world(tmp_path, codes=("JP", "DK"))
    yield w
    w.close()


def lost_laptop(world, tmp_path):
    """JP's snapshot 1 reached the master; then the laptop was lost with snapshot 2 made on it. Its path."""
    master, jp = world.master, world.copies["JP"]
    jp.positions.set("JP", 1, "support", "Sent before the loss.")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    assert master.sync.import_files([tmp_path / "jp-1.qrts"]).applied > 0
    jp.positions.set("JP", 4, "object", "Whoever holds the laptop now.")
    jp.sync.export_snapshot(tmp_path / "jp-2-stolen.qrts")
    return tmp_path / "jp-2-stolen.qrts"


def test_a_revoked_key_signs_nothing_any_more(world, tmp_path):
    master = world.master
    stolen = lost_laptop(world, tmp_path)
    old = keys.fingerprint(keys.public_key("JP"))
    master.sync.revoke("JP")
    assert "JP" not in [k.delegation for k in master.sync.trusted()]
    [revoked] = master.sync.revoked()
    assert (revoked.delegation, revoked.fingerprint, revoked.replaced_by) == ("JP", old, "")
    report = master.sync.import_files([stolen])
    [f] = report.files
    assert f.status == "rejected" and report.applied == 0
    assert f"signed with JP's key {old}, which the secretariat revoked on" in f.reason
    assert "no key of JP is trusted now" in f.reason
    assert master.positions.get("JP", 4).comment != "Whoever holds the laptop now."
    assert master.sync.preview([stolen]).files[0].reason == f.reason  # the preview says the same
    master.undo()  # revoking is an edit like any other: undone, the key is trusted again
    assert "JP" in [k.delegation for k in master.sync.trusted()] and master.sync.revoked() == []


def test_a_replaced_key_is_refused_and_the_new_laptop_carries_on(world, tmp_path):
    master = world.master
    stolen = lost_laptop(world, tmp_path)
    old_public = keys.public_key("JP")
    old = keys.fingerprint(old_public)
    new_public = keys.create_key("JP", replace=True)  # on the new laptop
    new = keys.fingerprint(new_public)
    with pytest.raises(InvalidInput, match="already has a trusted key"):
        master.sync.trust("JP", new_public)  # never by accident
    master.sync.trust("JP", new_public, replace=True)
    assert [k.fingerprint for k in master.sync.trusted() if k.delegation == "JP"] == [new]
    [revoked] = master.sync.revoked()
    assert (revoked.fingerprint, revoked.replaced_by) == (old, new)

    master.sync.issue_release(tmp_path / "release-2.qrtr")
    with Roundtable.join(tmp_path / "release-2.qrtr", tmp_path / "jp-new.qrt", "JP") as laptop:
        assert laptop.sync.status().next_snapshot == 2  # the sequence goes on where the master stands
        laptop.positions.set("JP", 5, "reservation", "From the new laptop.")
        laptop.sync.export_snapshot(tmp_path / "jp-2.qrts")
    report = master.sync.import_files([stolen, tmp_path / "jp-2.qrts"])
    by_name = {f.name: f for f in report.files}
    assert by_name["jp-2.qrts"].status == "merged" and by_name["jp-2.qrts"].fingerprint == new
    refused = by_name["jp-2-stolen.qrts"]
    assert refused.status == "rejected"
    assert f"signed with JP's key {old}, which the secretariat replaced on" in refused.reason
    assert f"accepted only with its new key {new}" in refused.reason
    assert master.positions.get("JP", 5).comment == "From the new laptop."
    assert master.positions.get("JP", 4).comment != "Whoever holds the laptop now."
    with pytest.raises(InvalidInput, match="revoked"):  # a revoked key is never trusted again
        master.sync.trust("JP", old_public, replace=True)


def test_only_the_secretariat_revokes_and_only_a_trusted_key(world):
    with pytest.raises(NotPermitted):
        world.copies["JP"].sync.revoke("DK")
    with pytest.raises(InvalidInput, match="no trusted key"):
        world.master.sync.revoke("FR")
