"""Files the secretariat must refuse: each rejected with a clear reason, the master untouched.

"Untouched" is checked on every table of the file (the change record and the ledger
included), read before and after the import.
"""

from __future__ import annotations

import base64
import uuid

import pytest
from sync_world import content_hash, forge, make_world, opened

from qroundtable import keys
from qroundtable.sync import format


@pytest.fixture
def world(tmp_path):
    w = make_world(tmp_path, trust=("JP", "DK"))  # FR holds a key the master was never given
    jp = w.copies["JP"]
    jp.positions.set("JP", 1, "object", "Capital cannot accept the scope.")
    jp.delegations.add_member("JP", "Aiko Sato", "MEXT", "Head of delegation")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    w.copies["FR"].positions.set("FR", 5, "object")
    w.copies["FR"].sync.export_snapshot(tmp_path / "fr-1.qrts")
    yield w
    w.close()


def refused(world, path, *words: str) -> str:
    """Import `path` alone: it must be rejected, for a reason naming `words`, and the master must not change."""
    master = world.master
    before, backups = content_hash(master.path), set(master.path.parent.glob("master.backup-*"))
    report = master.sync.import_files([path])
    (f,) = report.files
    assert f.status == "rejected", (f.status, f.reason)
    assert all(w in f.reason for w in words), f.reason
    assert report.applied == 0 and report.rejected[0].file == path.name
    assert content_hash(master.path) == before
    assert set(master.path.parent.glob("master.backup-*")) == backups  # nothing imported, nothing backed up
    return f.reason


def test_a_good_file_is_taken(world, tmp_path):
    report = world.master.sync.import_files([tmp_path / "jp-1.qrts"])
    assert report.rejected == [] and report.applied > 0


@pytest.mark.parametrize("where", [0, 5, 40, 300, -200, -1])
def test_truncated(world, tmp_path, where):
    data = (tmp_path / "jp-1.qrts").read_bytes()
    bad = tmp_path / "cut.qrts"
    bad.write_bytes(data[:where % len(data)])
    refused(world, bad)


@pytest.mark.parametrize("where", [1, 12, 60, 250, -300, -40, -2])
def test_one_byte_flipped(world, tmp_path, where):
    data = bytearray((tmp_path / "jp-1.qrts").read_bytes())
    data[where] ^= 0x01
    bad = tmp_path / "flipped.qrts"
    bad.write_bytes(bytes(data))
    refused(world, bad)


def test_a_bad_signature(world, tmp_path):
    head, manifest, _sig, payload = (tmp_path / "jp-1.qrts").read_bytes().split(b"\n", 3)
    bad = tmp_path / "badsig.qrts"
    bad.write_bytes(b"\n".join([head, manifest, base64.b64encode(bytes(64)), payload]))
    refused(world, bad, "signature", "JP")


def test_another_delegations_signature(world, tmp_path):
    manifest, entries = opened(tmp_path / "jp-1.qrts")
    forge(tmp_path / "jp-by-dk.qrts", manifest, {"entries": entries}, signer="DK")
    refused(world, tmp_path / "jp-by-dk.qrts", "signature", "JP's trusted key")


def test_an_untrusted_delegation(world, tmp_path):
    refused(world, tmp_path / "fr-1.qrts", "FR", "delegation trust FR")


def test_a_replayed_snapshot(world, tmp_path):
    assert world.master.sync.import_files([tmp_path / "jp-1.qrts"]).applied > 0
    manifest, entries = opened(tmp_path / "jp-1.qrts")
    forge(tmp_path / "jp-1-again.qrts", {**manifest, "snapshot": str(uuid.uuid4())}, {"entries": entries},
          signer="JP")
    refused(world, tmp_path / "jp-1-again.qrts", "replays JP snapshot 1")


def test_a_snapshot_skipping_a_number(world, tmp_path):
    manifest, entries = opened(tmp_path / "jp-1.qrts")
    forge(tmp_path / "jp-2.qrts", {**manifest, "sequence": 2, "snapshot": str(uuid.uuid4())}, {"entries": entries},
          signer="JP")
    refused(world, tmp_path / "jp-2.qrts", "waiting for JP's snapshot 1")


def test_another_roundtables_snapshot(world, tmp_path):
    manifest, entries = opened(tmp_path / "jp-1.qrts")
    forge(tmp_path / "elsewhere.qrts", {**manifest, "roundtable": str(uuid.uuid4()), "title": "Other table"},
          {"entries": entries}, signer="JP")
    refused(world, tmp_path / "elsewhere.qrts", "another roundtable", "Other table")


def test_a_newer_format_version(world, tmp_path):
    data = (tmp_path / "jp-1.qrts").read_bytes()
    (tmp_path / "future.qrts").write_bytes(data.replace(b"QRTSYNC 1\n", b"QRTSYNC 2\n", 1))
    refused(world, tmp_path / "future.qrts", "newer qroundtable", "update")


def test_an_oversized_file(world, tmp_path):
    big = tmp_path / "big.qrts"
    with open(big, "wb") as f:
        f.write((tmp_path / "jp-1.qrts").read_bytes())
        f.truncate(600 << 20)  # sparse: large on paper, nothing read
    refused(world, big, "too large")


def test_a_decompression_bomb(world, tmp_path):
    manifest, _ = opened(tmp_path / "jp-1.qrts")
    bomb = b'{"entries":[' + b" " * (300 << 20) + b"]}"
    forge(tmp_path / "bomb.qrts", manifest, raw=bomb, signer="JP", data_bytes=1000)
    refused(world, tmp_path / "bomb.qrts", "decompression bomb")
    forge(tmp_path / "honest-bomb.qrts", manifest, raw=bomb, signer="JP")  # declares its size: over the limit
    refused(world, tmp_path / "honest-bomb.qrts", "more than a snapshot may")


def test_too_many_entries_and_unknown_tables(world, tmp_path):
    manifest, entries = opened(tmp_path / "jp-1.qrts")
    forge(tmp_path / "many.qrts", {**manifest, "entries": 10 ** 6}, {"entries": entries}, signer="JP")
    refused(world, tmp_path / "many.qrts", "more than a snapshot may")
    odd = [list(e) for e in entries]
    odd[0][1] = "sqlite_master"
    forge(tmp_path / "odd.qrts", manifest, {"entries": odd}, signer="JP")
    refused(world, tmp_path / "odd.qrts", "unknown table")
    floats = [list(e) for e in entries]
    floats[0][0] = 1.0
    forge(tmp_path / "floats.qrts", manifest, raw=format.canonical({"entries": floats}), signer="JP")
    refused(world, tmp_path / "floats.qrts", "not valid")


@pytest.mark.parametrize("content", [b"", b"hello", b"SQLite format 3\x00" + bytes(100), b"QRTSYNC 1\n{}\n\n"],
                         ids=["empty", "text", "sqlite", "empty manifest"])
def test_not_a_snapshot_at_all(world, tmp_path, content):
    (tmp_path / "junk.qrts").write_bytes(content)
    refused(world, tmp_path / "junk.qrts")


def test_a_release_is_not_a_snapshot(world):
    refused(world, world.release, "release, not a snapshot")


def test_forbidden_changes_are_rejected_and_reported_the_rest_applies(world, tmp_path):
    master = world.master
    manifest, entries = opened(tmp_path / "jp-1.qrts")
    dk_position = master.store.row("SELECT p.* FROM positions p JOIN delegations d ON d.id = p.delegation_id "
                                   "WHERE d.code = 'DK' LIMIT 1")
    principle = master.store.row("SELECT * FROM principles WHERE number = 1")
    at = entries[0][6]
    version = {"id": str(uuid.uuid4()), "principle_id": principle["id"], "seq": 9, "text": "JP's own wording.",
               "brackets": 0, "author": "JP", "note": "", "created_at": at}
    forged = entries + [
        [len(entries) + 1, "positions", dk_position["id"], "stance", dk_position["stance"], "object", at],
        [len(entries) + 2, "principle_versions", version["id"], "*", None, version, at],
        [len(entries) + 3, "principles", principle["id"], "title", principle["title"], "Ours", at],
    ]
    forge(tmp_path / "greedy.qrts", {**manifest, "entries": len(forged)}, {"entries": forged}, signer="JP")
    before_text = master.principles.get(1).text
    report = master.sync.import_files([tmp_path / "greedy.qrts"])
    reasons = [r.reason for r in report.rejected]
    assert len(reasons) == 3 and all(r.change for r in report.rejected)
    assert any("its own" in r for r in reasons) and any("principle text" in r for r in reasons)
    assert report.applied + report.unchanged + report.conflicts + len(reasons) == len(forged)
    assert report.applied > 0 and master.positions.get("JP", 1).stance == "object"
    dk = master.store.row("SELECT stance FROM positions WHERE id = ?", (dk_position["id"],))
    assert dk["stance"] == dk_position["stance"]
    assert master.principles.get(1).text == before_text and master.principles.get(1).title == principle["title"]
    (record,) = master.sync.history()
    assert record.rejected == 3 and len(record.reasons) == 3


def test_a_batch_with_one_bad_file_still_takes_the_good_ones(world, tmp_path):
    data = bytearray((tmp_path / "jp-1.qrts").read_bytes())
    data[-10] ^= 0xFF
    (tmp_path / "dk-bad.qrts").write_bytes(bytes(data))
    report = world.master.sync.import_files([tmp_path / "dk-bad.qrts", tmp_path / "jp-1.qrts"])
    assert [f.status for f in report.files] == ["rejected", "merged"]
    assert report.rejected[0].file == "dk-bad.qrts" and report.applied > 0


def test_a_delegation_refuses_bad_releases(world, tmp_path):
    jp = world.copies["JP"]
    before = content_hash(jp.path)

    def refused_by_jp(path, *words):
        (f,) = jp.sync.import_files([path]).files
        assert f.status == "rejected" and all(w in f.reason for w in words), f.reason
        assert content_hash(jp.path) == before

    data = bytearray(world.release.read_bytes())
    data[-50] ^= 0x01
    (tmp_path / "bad.qrtr").write_bytes(bytes(data))
    refused_by_jp(tmp_path / "bad.qrtr")
    refused_by_jp(tmp_path / "jp-1.qrts", "not a release")
    # The same content, signed by a key other than the secretariat's this copy joined with.
    container = format.read(world.release)
    fr_key = keys.public_key("FR")
    forge(tmp_path / "rogue.qrtr", {**container.manifest, "sequence": 2, "release": str(uuid.uuid4()),
                                    "signer_key": fr_key, "signer": keys.fingerprint(fr_key)},
          format.payload(container), signer="FR")
    refused_by_jp(tmp_path / "rogue.qrtr", "not by the secretariat key")
    assert jp.sync.import_files([world.release]).files[0].status == "already imported"
    world.master.positions.set("US", 1, "abstain")
    world.master.sync.issue_release(tmp_path / "release-2.qrtr")
    assert jp.sync.import_files([tmp_path / "release-2.qrtr"]).files[0].status == "merged"
    before = content_hash(jp.path)
    manifest = format.read(world.release).manifest
    forge(tmp_path / "old.qrtr", {**manifest, "release": str(uuid.uuid4())}, format.payload(container), signer="US")
    refused_by_jp(tmp_path / "old.qrtr", "not newer than release 2")
