"""The unsent count kept up to date incrementally always equals a fresh fold of the change record."""

import random

from sync_world import make_world

from qroundtable.roundtable import Roundtable
from qroundtable.stances import STANCE_ORDER
from qroundtable.sync.snapshot import pending_entries


def test_the_kept_count_matches_a_fresh_fold_through_edits_undo_notes_and_snapshots(tmp_path):
    world = make_world(tmp_path, ("JP",))
    jp, r = world.copies["JP"], random.Random(5)
    other = Roundtable.open(jp.path)  # another connection (the CLI, say) writing the same file
    sent = 0
    try:
        for step in range(120):
            action = r.random()
            try:
                if action < 0.45:
                    jp.positions.set("JP", r.randint(1, 7), r.choice(STANCE_ORDER), r.choice(["", "ad ref."]))
                elif action < 0.55:
                    jp.positions.clear("JP", r.randint(1, 7))
                elif action < 0.7:
                    jp.undo()
                elif action < 0.75:
                    jp.redo()
                elif action < 0.82:
                    jp.notes.set(r.randint(1, 7), f"note {step}")
                elif action < 0.9:
                    other.delegations.add_member("JP", f"Member {step}")
                elif jp.sync.pending_count():
                    sent += 1
                    jp.sync.export_snapshot(tmp_path / f"jp-{sent}.qrts")
            except Exception as exc:  # nothing to undo, no position to clear: fine, go on
                assert type(exc).__name__ in ("NothingToUndo", "NotFound"), exc
            assert jp.unsent_count() == len(pending_entries(jp.store)), step
        assert sent >= 3
    finally:
        other.close()
        world.close()
