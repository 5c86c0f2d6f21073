"""Sync end to end on the demo: three delegations join, edit, send snapshots; the secretariat merges,
resolves, releases again; a delegation takes the new release and keeps its unsent work."""

from __future__ import annotations

import base64
import zipfile
from pathlib import Path

import pytest
from sync_world import domain_hash, make_world

from qroundtable import keys
from qroundtable.errors import InvalidInput, KeyProblem, NotPermitted
from qroundtable.roundtable import Roundtable
from qroundtable.sync import format, snapshot


@pytest.fixture
def world(tmp_path):
    w = make_world(tmp_path)
    yield w
    w.close()


def entries(path):
    return snapshot.entries_of(format.read(path))


def test_three_delegations_round_trip(world, tmp_path, memory_keyring):
    master, jp, dk, fr = world.master, world.copies["JP"], world.copies["DK"], world.copies["FR"]
    assert jp.info.copy_label == "Delegation — Japan" and jp.unsent_count() == 0
    assert jp.positions.list() == master.positions.list()
    assert jp.notes.get(4) == "" and master.notes.get(4).startswith("Talking points")

    # -- each delegation works in its own copy; the secretariat meanwhile hears JP in the room
    jp.positions.set("JP", 1, "object", "Capital cannot accept the scope.")
    jp.positions.set("JP", 4, "support", "Instructions received.")
    jp.notes.set(1, "JP SECRET TALKING POINTS")
    dk.delegations.add_member("DK", "Mette Friis", "Ministry of Higher Education and Science", "Delegate")
    dk.actions.set_status(next(a.id for a in dk.actions.list(owner="DK")), "in_progress")
    dk.positions.set("DK", 3, "reservation", "ad referendum")
    fr.amendments.propose(2, "FR", "Incorporate subject-matter and technical expertise in decisions.", "clarity")
    fr.positions.set("FR", 5, "support_with_amendments")
    master.positions.set("JP", 4, "object", "As heard in the room.")
    assert min(jp.unsent_count(), dk.unsent_count(), fr.unsent_count()) > 0

    # -- snapshots: numbered, and nothing left unsent
    sent = {code: world.copies[code].sync.export_snapshot(tmp_path / f"{code.lower()}-1.qrts")
            for code in ("JP", "DK", "FR")}
    assert all(s.sequence == 1 for s in sent.values())
    assert [c.unsent_count() for c in (jp, dk, fr)] == [0, 0, 0]
    with pytest.raises(InvalidInput, match="nothing to send"):
        jp.sync.export_snapshot(tmp_path / "empty.qrts")
    files = [tmp_path / f"{c}-1.qrts" for c in ("fr", "jp", "dk")]

    # -- a dry run first: a report, and not a byte written
    before = domain_hash(master.path)
    preview = master.sync.preview(files)
    assert domain_hash(master.path) == before and preview.dry_run
    assert [f.status for f in preview.files] == ["would merge"] * 3 and all(f.signature_valid for f in preview.files)

    report = master.sync.import_files(files)
    assert report.rejected == [] and report.already_imported == 0
    assert (report.applied, report.conflicts) == (preview.applied, preview.conflicts)
    assert report.applied + report.unchanged + report.conflicts == sum(f.entries for f in report.files)
    assert master.positions.get("JP", 1).stance == "object"
    assert "Mette Friis" in [m.name for m in master.delegations.members("DK")]
    assert master.actions.list(owner="DK")[0].status == "in_progress"
    assert any(a.delegation == "FR" and a.principle == 2 for a in master.amendments.list())
    assert master.positions.get("FR", 5).stance == "support_with_amendments"
    assert master.positions.get("JP", 4).stance == "object"  # conflicted: the master's value stands
    assert master.notes.get(1) == ""  # JP's note stayed home
    assert master.undo_label() is None  # an import is not something undo may silently revert
    assert len(list(tmp_path.glob("master.backup-*.qrt"))) == 1

    # -- provenance of every applied change
    rows = master.store.rows("SELECT origin_delegation, origin_snapshot, origin_at, at FROM changes WHERE op_id = ?",
                             (report.changes.op_id,))
    assert len(rows) == report.applied
    assert {r["origin_delegation"] for r in rows} == {"JP", "DK", "FR"}
    assert {r["origin_snapshot"] for r in rows} == {s.snapshot_id for s in sent.values()}
    assert all(r["origin_at"] and r["at"] for r in rows)
    history = master.sync.history()
    assert sorted((h.delegation, h.sequence) for h in history) == [("DK", 1), ("FR", 1), ("JP", 1)]

    # -- importing the same files again changes nothing at all
    imported = domain_hash(master.path)
    again = master.sync.import_files(files)
    assert (again.already_imported, again.applied, again.conflicts) == (3, 0, 0)
    assert domain_hash(master.path) == imported

    # -- conflicts: JP's stance and comment on principle 4, both texts given
    conflicts = {c.field: c for c in master.sync.conflicts()}
    assert set(conflicts) == {"stance", "comment"}
    assert conflicts["comment"].current == "As heard in the room." and conflicts["comment"].incoming == \
        "Instructions received." and conflicts["comment"].is_text
    assert conflicts["stance"].what == "JP position on principle 4" and conflicts["stance"].delegation == "JP"
    master.sync.resolve(conflicts["stance"].id, take=True)
    master.sync.resolve(conflicts["comment"].id[-8:], keep=True)
    assert master.sync.conflicts() == []
    decided = {c.field: c for c in master.sync.conflicts(include_closed=True)}
    assert decided["stance"].resolution == "take" and decided["stance"].resolved_by == "US"
    assert decided["comment"].resolution == "keep" and decided["comment"].resolved_at
    assert master.positions.get("JP", 4).stance == "support"
    master.undo()  # a resolution is an edit like any other: undoable, and the conflict opens again
    assert [c.field for c in master.sync.conflicts()] == ["comment"]
    master.redo()
    assert master.sync.conflicts() == []
    with pytest.raises(InvalidInput, match="already resolved"):
        master.sync.resolve(conflicts["stance"].id, keep=True)

    # -- JP sends a second snapshot the master has not imported before its next release (in flight)
    jp.positions.set("JP", 5, "object", "in flight")
    jp.sync.export_snapshot(tmp_path / "jp-2.qrts")
    master.principles.edit(6, "Encourage the use of QIST to benefit society and the economy.", note="chair")
    master.sync.issue_release(tmp_path / "release-2.qrtr")

    # -- JP keeps working, unsent, then takes release 2
    jp.positions.set("JP", 7, "abstain", "unsent one")
    jp.actions.add("Brief the minister", "JP", due="2026-12-01")
    jp.positions.set("JP", 4, "support", "Final instructions.")  # the master kept its own comment
    unsent = jp.unsent_count()
    taken = jp.sync.import_files([tmp_path / "release-2.qrtr"])
    assert taken.reload and taken.files[0].status == "merged" and taken.rejected == []
    assert jp.principles.get(6).text.startswith("Encourage the use of QIST")
    assert jp.positions.get("JP", 7).comment == "unsent one"  # unsent: kept
    assert [a.title for a in jp.actions.list(owner="JP")] == ["Brief the minister"]
    assert jp.positions.get("JP", 5).stance == "object"  # sent but not yet in a release: still shown
    assert jp.notes.get(1) == "JP SECRET TALKING POINTS"  # own notes survive a release
    assert jp.positions.get("JP", 4).comment == "As heard in the room."  # the release's, until decided
    (local,) = jp.sync.conflicts()
    assert (local.kind, local.field, local.incoming) == ("local", "comment", "Final instructions.")
    assert 0 < jp.unsent_count() <= unsent
    jp.sync.resolve(local.id, take=True)
    assert jp.positions.get("JP", 4).comment == "Final instructions."
    assert jp.sync.import_files([tmp_path / "release-2.qrtr"]).already_imported == 1

    # -- the next snapshot holds only what is new
    third = jp.sync.export_snapshot(tmp_path / "jp-3.qrts")
    assert third.sequence == 3
    carried = entries(tmp_path / "jp-3.qrts")
    p7, p4 = (jp.store.row("SELECT id FROM positions WHERE principle_id = (SELECT id FROM principles WHERE number = ?) "
                           "AND delegation_id = (SELECT id FROM delegations WHERE code = 'JP')", (n,))["id"]
              for n in (7, 4))
    assert {(e.table, e.row_id) for e in carried if e.table in ("positions", "action_items")} == \
        {("positions", p7), ("positions", p4), ("action_items", jp.actions.list(owner="JP")[0].id)}
    assert {e.field for e in carried if e.row_id == p4} == {"comment"}  # the decided conflict, nothing older
    assert not any(e.table == "private_notes" for e in carried)

    # -- the master takes both remaining snapshots in one batch
    last = master.sync.import_files([tmp_path / "jp-3.qrts", tmp_path / "jp-2.qrts"])
    assert last.rejected == [] and last.conflicts == 0
    assert master.positions.get("JP", 5).stance == "object"
    assert master.positions.get("JP", 7).stance == "abstain"
    assert master.positions.get("JP", 4).comment == "Final instructions."

    # -- nothing private travelled; no file anywhere holds a private key (readouts and exports included)
    master.write_readout(tmp_path / "readout.docx")
    jp.write_readout(tmp_path / "jp-readout.docx")
    master.export_matrix(tmp_path / "matrix.xlsx", "xlsx")
    for path in tmp_path.iterdir():
        data = path.read_bytes()
        if zipfile.is_zipfile(path):  # Word and Excel files: search what they hold, not their compressed bytes
            with zipfile.ZipFile(path) as z:
                data = b"".join(z.read(name) for name in z.namelist())
        if not path.name.startswith("jp."):  # JP's own file (and its backups) alone keep JP's notes
            assert b"JP SECRET TALKING POINTS" not in data, path
        if not path.name.startswith("master."):
            assert b"Talking points: CH objection" not in data, path
        for secret in memory_keyring.secrets.values():
            raw = base64.b64decode(secret)
            assert raw not in data and secret.encode() not in data, path
            assert base64.b64encode(raw).rstrip(b"=") not in data, path
    assert len(memory_keyring.secrets) == 4


def test_a_delegation_copy_refuses_master_work_and_the_master_refuses_delegation_work(world, tmp_path):
    jp, master = world.copies["JP"], world.master
    with pytest.raises(NotPermitted):
        jp.sync.issue_release(tmp_path / "r.qrtr")
    with pytest.raises(NotPermitted):
        master.sync.export_snapshot(tmp_path / "s.qrts")
    with pytest.raises(NotPermitted):
        jp.sync.trust("DK", keys.public_key("DK"))
    with pytest.raises(InvalidInput, match="one release"):
        jp.sync.import_files([world.release, world.release])
    assert not (tmp_path / "r.qrtr").exists() and not (tmp_path / "s.qrts").exists()


def test_a_snapshot_without_a_key_marks_nothing_as_sent(world, tmp_path, memory_keyring):
    jp = world.copies["JP"]
    jp.positions.set("JP", 1, "object")
    memory_keyring.secrets.clear()
    with pytest.raises(KeyProblem, match="keys init --as JP"):
        jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    assert jp.unsent_count() > 0 and not (tmp_path / "jp-1.qrts").exists()


def test_joining_checks_the_fingerprint_and_the_delegation(world, tmp_path):
    fingerprint = world.master.sync.inspect_release(world.release).fingerprint
    assert fingerprint == keys.fingerprint(keys.public_key("US"))
    with Roundtable.join(world.release, tmp_path / "de.qrt", "DE", expect_fingerprint=fingerprint.upper()) as de:
        assert de.info.copy_owner == "DE" and de.sync.status().secretariat_fingerprint == fingerprint
    with pytest.raises(format.FileRefused, match="not by 0000"):
        Roundtable.join(world.release, tmp_path / "se.qrt", "SE", expect_fingerprint="0000 0000 0000 0000")
    with pytest.raises(InvalidInput, match="not a delegation"):
        Roundtable.join(world.release, tmp_path / "zz.qrt", "ZZ")
    with pytest.raises(InvalidInput, match="secretariat"):
        Roundtable.join(world.release, tmp_path / "us.qrt", "US")
    assert not any((tmp_path / n).exists() for n in ("se.qrt", "zz.qrt", "us.qrt"))


def test_a_copy_handed_out_from_the_master_continues_the_numbering(world, tmp_path):
    jp = world.copies["JP"]
    jp.positions.set("JP", 1, "object")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    world.master.sync.import_files([tmp_path / "jp-1.qrts"])
    path = world.master.save_delegation_copy(tmp_path / "jp-again.qrt", "JP")
    with Roundtable.open(path) as again:
        assert again.sync.status().next_snapshot == 2 and again.sync.conflicts() == []
        again.positions.set("JP", 2, "object")
        assert again.sync.export_snapshot(tmp_path / "jp-2.qrts").sequence == 2
    report = world.master.sync.import_files([tmp_path / "jp-2.qrts"])
    assert report.rejected == [] and world.master.positions.get("JP", 2).stance == "object"
    world.master.sync.issue_release(tmp_path / "release-2.qrtr")
    with Roundtable.open(path) as again:  # it knows the secretariat's key: releases can be checked
        assert again.sync.import_files([tmp_path / "release-2.qrtr"]).files[0].status == "merged"
        assert again.positions.get("JP", 2).stance == "object" and again.unsent_count() == 0


def test_backups_are_whole_copies_next_to_the_file_and_the_newest_five_stay(world, tmp_path):
    jp, master = world.copies["JP"], world.master
    made = []
    for n in range(1, 8):
        jp.positions.set("JP", 1, "object" if n % 2 else "support", f"round {n}")
        jp.sync.export_snapshot(tmp_path / f"jp-{n}.qrts")
        made.append(Path(master.sync.import_files([tmp_path / f"jp-{n}.qrts"]).backup))
    kept = sorted(tmp_path.glob("master.backup-*.qrt"))
    assert kept == made[-5:] and not list(tmp_path.glob("*.part"))
    with Roundtable.open(kept[-1]) as before_last:  # the master as it was before the last import
        assert before_last.positions.get("JP", 1).comment == "round 6"
        assert len(before_last.sync.history()) == 6


def test_status_for_the_ui(world):
    master, jp = world.master, world.copies["JP"]
    s = master.sync.status()
    assert (s.copy_kind, s.base_release, s.next_snapshot, s.has_key) == ("secretariat", 1, None, True)
    assert s.secretariat_fingerprint == keys.fingerprint(keys.public_key("US"))
    assert jp.sync.status().secretariat_fingerprint == s.secretariat_fingerprint
    jp.positions.set("JP", 1, "object")
    s = jp.sync.status()
    assert (s.copy_kind, s.owner, s.base_release, s.next_snapshot, s.open_conflicts) == ("delegation", "JP", 1, 1, 0)
    assert s.unsent == jp.unsent_count() == 4
    assert jp.sync.pending_count() == 4  # stance, recorded by, recorded at, and a history row
    assert [t.delegation for t in master.sync.trusted()] == ["DK", "FR", "JP"]


def test_the_unsent_count_is_what_the_next_snapshot_carries(world, tmp_path):
    """It falls on undo, ignores private notes, and counts a field set twice once."""
    jp = world.copies["JP"]
    jp.positions.set("JP", 1, "object", "Not yet.")
    after_one = jp.unsent_count()
    jp.notes.set(1, "Tokyo says: hold firm.")  # never travels
    assert jp.unsent_count() == after_one
    jp.positions.set("JP", 2, "abstain")
    assert jp.unsent_count() > after_one
    jp.undo()
    assert jp.unsent_count() == after_one  # undone: nothing of it goes out
    jp.positions.set("JP", 1, "object", "Not yet; instructions awaited.")  # the same field again
    counted = jp.unsent_count()
    sent = jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    assert sent.entries == counted and jp.unsent_count() == 0


def test_an_edit_made_elsewhere_before_the_import_locks_is_merged_against_and_backed_up(world, tmp_path,
                                                                                       monkeypatch):
    """Files are checked before the write lock; the merge is read under it, and the backup (taken under it,
    before any write) is the file exactly as it was without this import."""
    from qroundtable.sync import importing

    jp, master = world.copies["JP"], world.master
    jp.positions.set("JP", 1, "object", "from capital")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    check = importing._check_files

    def check_while_someone_writes(*args):
        checked = check(*args)
        with Roundtable.open(master.path) as elsewhere:  # the desktop app, say, on the same file
            elsewhere.positions.set("JP", 1, "abstain", "heard in the room")
        return checked

    monkeypatch.setattr(importing, "_check_files", check_while_someone_writes)
    report = master.sync.import_files([tmp_path / "jp-1.qrts"])
    assert report.conflicts >= 1 and master.positions.get("JP", 1).stance == "abstain"
    assert {c.field for c in master.sync.conflicts()} >= {"stance", "comment"}
    with Roundtable.open(report.backup) as backup:
        assert backup.positions.get("JP", 1).stance == "abstain" and backup.sync.history() == []
        assert backup.sync.conflicts() == []


def test_row_conflicts_deleted_rows_and_a_position_recorded_on_both_sides(world, tmp_path):
    dk, fr, master = world.copies["DK"], world.copies["FR"], world.master
    master.delegations.add_member("DK", "Lars Holm", "Ministry", "Expert")
    master.delegations.add_member("DK", "Mette Friis", "Ministry", "Delegate")
    master.sync.issue_release(tmp_path / "release-2.qrtr")
    dk.sync.import_files([tmp_path / "release-2.qrtr"])
    members = {m.name: m for m in master.delegations.members("DK")}
    lars, mette = members["Lars Holm"], members["Mette Friis"]

    master.delegations.remove_member(lars.id)           # the master deletes a row DK then edits
    dk.delegations.update_member(lars.id, role="Head of delegation")
    master.delegations.update_member(mette.id, role="Adviser")  # the master edits a row DK then deletes
    dk.delegations.remove_member(mette.id)
    master.positions.set("FR", 7, "object", "heard in the room")  # both record FR's first stance on 7
    fr.positions.set("FR", 7, "support", "instructions")
    dk.sync.export_snapshot(tmp_path / "dk-1.qrts")
    fr.sync.export_snapshot(tmp_path / "fr-1.qrts")

    report = master.sync.import_files([tmp_path / "dk-1.qrts", tmp_path / "fr-1.qrts"])
    assert report.rejected == []
    conflicts = {(c.table, c.field, c.delegation): c for c in master.sync.conflicts()}
    edited_gone = conflicts[("members", "role", "DK")]
    assert edited_gone.current is None and "deleted" in edited_gone.reason
    deleted_edited = conflicts[("members", "*", "DK")]
    assert deleted_edited.incoming is None and deleted_edited.current["role"] == "Adviser"
    both = conflicts[("positions", "*", "FR")]
    assert both.current["stance"] == "object" and both.incoming["stance"] == "support"
    assert both.what == "FR position on principle 7"

    with pytest.raises(InvalidInput, match="keeping or taking"):
        master.sync.resolve(both.id, value="x")
    master.sync.resolve(edited_gone.id, take=True)      # bring Lars back, with DK's new role
    master.sync.resolve(deleted_edited.id, take=True)   # DK's removal of Mette stands
    master.sync.resolve(both.id, take=True)             # FR's own record of its stance wins
    assert [(m.name, m.role) for m in master.delegations.members("DK")] == [("Lars Holm", "Head of delegation")]
    assert master.positions.get("FR", 7).stance == "support" and master.positions.get("FR", 7).comment == \
        "instructions"
    assert master.sync.conflicts() == []


def test_a_batch_written_group_by_group_leaves_the_same_master_and_change_record(world, tmp_path, monkeypatch):
    """The import writes each group of files (and its change record) as it goes, holding one group's changes at a
    time: with every file a group of its own, the master and the record say what one group for all says (in
    another order: a group's changes are recorded row by row, as the group read its rows)."""
    from qroundtable.sync import importing

    master = world.master
    world.copies["JP"].positions.set("JP", 1, "object", "Capital cannot accept the scope.")
    world.copies["JP"].positions.set("JP", 4, "support", "Instructions received.")
    world.copies["DK"].delegations.add_member("DK", "Mette Friis", "Ministry", "Delegate")
    world.copies["DK"].positions.set("DK", 3, "reservation", "ad referendum")
    world.copies["FR"].positions.set("FR", 5, "support_with_amendments")
    master.positions.set("JP", 4, "object", "As heard in the room.")  # one conflict
    files = [world.copies[c].sync.export_snapshot(tmp_path / f"{c.lower()}-1.qrts").path for c in ("JP", "DK", "FR")]
    master.store.backup_to(tmp_path / "twin.qrt")
    twin = Roundtable.open(tmp_path / "twin.qrt")

    def record(rt, report):
        assert report.changes.op_id and report.changes.changes == ()  # the operation, not every change
        return [tuple(r.values()) for r in rt.store.rows(
            "SELECT c.table_name, c.row_id, c.field, c.old, c.new, c.origin_delegation, c.origin_snapshot, "
            "c.origin_at, o.label FROM changes c JOIN operations o ON o.id = c.op_id WHERE c.op_id = ? "
            "ORDER BY c.seq", (report.changes.op_id,))]

    together = record(master, master.sync.import_files(files))
    monkeypatch.setattr(importing, "_GROUP", 1)
    one_by_one = record(twin, twin.sync.import_files(files))
    twin.close()
    assert len(together) > 10 and sorted(together, key=repr) == sorted(one_by_one, key=repr)
    assert domain_hash(master.path) == domain_hash(tmp_path / "twin.qrt")


def test_the_cycle_collector_is_paused_for_an_import_and_resumed_after(world, tmp_path):
    import gc

    world.copies["JP"].positions.set("JP", 1, "object", "Capital cannot accept the scope.")
    path = world.copies["JP"].sync.export_snapshot(tmp_path / "jp-1.qrts").path
    seen = []
    report = world.master.sync.import_files([path], progress=lambda *_: seen.append(gc.isenabled()))
    assert report.applied and seen and not any(seen) and gc.isenabled()
    with pytest.raises(KeyError):
        world.master.sync.import_files([path], progress=lambda *_: (_ for _ in ()).throw(KeyError("cancelled")))
    assert gc.isenabled()
