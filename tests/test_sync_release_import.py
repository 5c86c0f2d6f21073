"""A delegation's copy takes a newer release: what it then knows of itself, and the preview of that import.

The preview (`--dry-run`) plans the import without writing the file, so it works on a copy that
cannot be written, and it reports exactly what the import then does.
"""

from __future__ import annotations

import pytest
from sync_world import make_world

from qroundtable.roundtable import Roundtable


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
        assert reader.info == master.info
