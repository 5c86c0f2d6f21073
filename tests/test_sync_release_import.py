"""A delegation's copy takes a newer release: what it then knows of itself, and the preview of that import.

The preview (`--dry-run`) plans the import without writing the file, so it works on a copy that
cannot be written, and it reports exactly what the import then does.
"""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from sync_world import content_hash, forge, make_world
from test_read_only import assert_refused_as_read_only, run_cli

from qroundtable.errors import ReadOnly
from qroundtable.roundtable import Roundtable
from qroundtable.sync import backups, format


@pytest.fixture
def world(tmp_path):
    w = make_world(tmp_path, codes=("JP", "DK"))
    yield w
    w.close()


def test_a_release_import_refreshes_what_the_facade_knows_of_the_copy(world, tmp_path):
    master, jp = world.master, world.copies["JP"]
    master.set_title("Pursuing Quantum Information Together (Rev.1)")
    master.delegations.rename("JP", "Japan (MOFA)")
    master.sync.issue_release(tmp_path / "release-2.qrtr")
    assert (jp.info.title, jp.info.owner_name) != ("Pursuing Quantum Information Together (Rev.1)", "Japan (MOFA)")
    jp.sync.import_files([tmp_path / "release-2.qrtr"])
    assert (jp.info.title, jp.info.owner_name) == ("Pursuing Quantum Information Together (Rev.1)", "Japan (MOFA)")
    assert jp.info.copy_label == "Delegation — Japan (MOFA)" and jp.copy.info is jp.info


def test_renaming_the_copy_owners_own_delegation_is_seen_at_once(world):
    master = world.master
    before = master.info.owner_name
    master.delegations.rename("US", "United States of America")
    assert master.info.owner_name == "United States of America"
    master.undo()
    assert master.info.owner_name == before != "United States of America"
    with Roundtable.open(master.path, read_only=True) as reader:
        assert replace(reader.info, read_only="") == master.info
        assert reader.info.read_only.endswith("it was opened for reading only")


# -- the preview of a release import -------------------------------------------------------------------------


def release_two(world, tmp_path) -> Path:
    """Release 2, while JP has a snapshot in flight and unsent work: some of it applies, some conflicts."""
    master, jp = world.master, world.copies["JP"]
    jp.positions.set("JP", 5, "object", "in flight")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")  # the master never imports it before release 2
    master.positions.set("JP", 4, "support", "As heard in the room.")
    master.principles.edit(6, "Encourage the use of QIST to benefit society and the economy.", note="chair")
    master.set_title("Pursuing Quantum Information Together (Rev.1)")
    master.sync.issue_release(tmp_path / "release-2.qrtr")
    jp.positions.set("JP", 4, "reservation", "Final instructions.")
    jp.positions.set("JP", 7, "abstain", "unsent one")
    jp.actions.add("Brief the minister", "JP", due="2026-12-01")
    return tmp_path / "release-2.qrtr"


def outcome(report) -> list[tuple]:
    """Everything a report says of its files but the one word that differs ("would merge" / "merged")."""
    return [(f.kind, f.delegation, f.sequence, f.reason, f.signature_valid, f.fingerprint, f.entries, f.applied,
             f.unchanged, f.conflicts, f.rejected) for f in report.files]


def test_the_preview_of_a_release_import_is_what_the_import_does_and_writes_nothing(world, tmp_path):
    jp = world.copies["JP"]
    release = release_two(world, tmp_path)
    before = content_hash(jp.path)
    preview = jp.sync.preview([release])
    assert content_hash(jp.path) == before and backups.existing(jp.path) == []
    assert preview.dry_run and preview.changes is None and not preview.reload
    assert [f.status for f in preview.files] == ["would merge"]
    assert preview.applied > 0 and preview.conflicts > 0
    assert jp.info.title != "Pursuing Quantum Information Together (Rev.1)"  # the preview took nothing

    done = jp.sync.import_files([release])
    assert [f.status for f in done.files] == ["merged"] and outcome(done) == outcome(preview)
    assert done.as_json() == {**preview.as_json(), "dry_run": False}
    assert len(jp.sync.conflicts()) == preview.conflicts
    assert jp.info.title == "Pursuing Quantum Information Together (Rev.1)"


def test_a_release_preview_works_on_a_copy_opened_for_reading_only(world, tmp_path):
    jp = world.copies["JP"]
    release = release_two(world, tmp_path)
    before = content_hash(jp.path)
    with Roundtable.open(jp.path, read_only=True) as reader:
        preview = reader.sync.preview([release])
        with pytest.raises(ReadOnly, match="jp.qrt is read-only: it was opened for reading only"):
            reader.sync.import_files([release])
    assert content_hash(jp.path) == before and backups.existing(jp.path) == []
    assert outcome(jp.sync.import_files([release])) == outcome(preview)


def test_a_release_preview_on_a_file_that_cannot_be_written(world, tmp_path):
    """`qroundtable --db jp.qrt import release-2.qrtr --dry-run` on a delegation's read-only file: the same
    report as the import then gives, the file untouched; the import itself says the file is read-only."""
    release = release_two(world, tmp_path)
    world.close()
    folder = tmp_path / "laptop"
    folder.mkdir()
    jp = shutil.move(tmp_path / "jp.qrt", folder / "jp.qrt")
    assert sorted(p.name for p in folder.iterdir()) == ["jp.qrt"]
    jp.chmod(0o444)
    before = jp.read_bytes()
    preview = run_cli(jp, "import", release, "--dry-run", "--format", "json")
    assert preview.returncode == 0, preview.stderr
    planned = json.loads(preview.stdout)
    assert planned["dry_run"] and planned["applied"] > 0 and planned["conflicts"] > 0
    assert_refused_as_read_only(run_cli(jp, "import", release), "jp.qrt", "the file's permissions do not allow changes")
    assert jp.read_bytes() == before and backups.existing(jp) == []
    jp.chmod(0o644)
    with Roundtable.open(jp) as copy:
        assert copy.sync.import_files([release]).as_json() == {**planned, "dry_run": False}


def test_a_release_whose_rows_do_not_fit_together_is_rejected_alike_by_the_preview_and_the_import(world, tmp_path):
    jp = world.copies["JP"]
    release = release_two(world, tmp_path)
    container = format.read(release)
    payload = format.payload(container)
    positions = payload["tables"]["positions"]
    positions["rows"][0][positions["columns"].index("version_id")] = str(uuid.uuid4())  # a version it lacks
    forged = tmp_path / "forged.qrtr"
    forge(forged, {**container.manifest, "release": str(uuid.uuid4())}, payload, signer="US")
    before = content_hash(jp.path)
    preview = jp.sync.preview([forged])
    done = jp.sync.import_files([forged])
    assert [f.status for f in preview.files] == [f.status for f in done.files] == ["rejected"]
    assert outcome(preview) == outcome(done)
    assert "is not a valid release: some of its rows refer to rows it does not hold" == done.files[0].reason
    assert content_hash(jp.path) == before and backups.existing(jp.path) == []


# -- the copy's own values a release sets otherwise ------------------------------------------------------------


def test_a_release_names_each_own_value_the_secretariat_set_otherwise(world, tmp_path):
    master, jp = world.master, world.copies["JP"]
    jp.positions.set("JP", 4, "support", "Instructions received.")
    jp.actions.add("Brief the minister", "JP", due="2026-12-01")
    jp.positions.set("JP", 2, "abstain")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    master.sync.import_files([tmp_path / "jp-1.qrts"])
    master.positions.set("JP", 4, "object", "As heard in the room.")  # the chair records what JP said
    item = next(a for a in master.actions.list(owner="JP"))
    master.actions.update(item.id, status="done")
    master.sync.issue_release(tmp_path / "release-2.qrtr")
    jp.positions.set("JP", 7, "abstain", "unsent one")  # its own edit, kept on top: not an override

    preview = jp.sync.preview([tmp_path / "release-2.qrtr"])
    assert preview.conflicts == 0  # no clash…
    texts = [o.text for o in preview.overrides]  # …yet nothing changes silently
    assert texts == [
        "The secretariat's release sets JP's stance on principle 4 to Object (yours: Support).",
        "The secretariat's release sets JP's comment on principle 4 to “As heard in the room.” "
        "(yours: “Instructions received.”).",
        "The secretariat's release sets the status of JP's action item “Brief the minister” to Done (yours: Open).",
    ]
    assert preview.as_json()["overrides"][0] == {
        "delegation": "JP", "what": "JP's position on principle 4", "field": "stance", "yours": "Support",
        "release": "Object", "text": texts[0]}
    done = jp.sync.import_files([tmp_path / "release-2.qrtr"])
    assert done.overrides == preview.overrides
    assert jp.positions.get("JP", 4).stance.value == "object" and jp.positions.get("JP", 7).comment == "unsent one"


def test_a_release_that_leaves_the_copys_own_values_alone_names_none(world, tmp_path):
    master, jp = world.master, world.copies["JP"]
    master.positions.set("DK", 4, "object")  # someone else's
    master.sync.issue_release(tmp_path / "release-2.qrtr")
    jp.positions.set("JP", 4, "reservation", "unsent")
    assert jp.sync.import_files([tmp_path / "release-2.qrtr"]).overrides == []
