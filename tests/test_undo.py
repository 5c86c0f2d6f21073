"""Tests of undo and redo: exact restores, the redo stack, barriers, overtaken changes, persistence."""

import pytest

from qroundtable.demo import build_demo
from qroundtable.errors import NothingToUndo
from qroundtable.roundtable import Roundtable
from qroundtable.storage.database import TABLES


def domain(rt: Roundtable) -> dict[str, list[dict]]:
    """Every row of every domain table (the change record itself is left out: undo adds to it)."""
    return {t: rt.store.rows(f"SELECT * FROM [{t}] ORDER BY id") for t in sorted(TABLES)}


def record(rt: Roundtable) -> list[dict]:
    return rt.store.rows("SELECT * FROM operations ORDER BY seq") + rt.store.rows("SELECT * FROM changes ORDER BY seq")


def only_id(changes, table: str) -> str:
    [row_id] = changes.rows(table)
    return row_id


# -- one case per kind of mutation: (prepare, mutate) ----------------------------------------------


def _nothing(rt):
    return None


def _with_position(rt):
    rt.positions.set("JP", 1, "support", "Fine.")


def _with_amendment(rt):
    return only_id(rt.amendments.propose(1, "DK", "Promote open scientific collaboration.", "Openness."), "amendments")


def _with_action(rt):
    return only_id(rt.actions.add("Circulate text", "JP", detail="By mail", due="2026-11-24", principle=1),
                   "action_items")


def _with_meeting(rt):
    rt.meetings.add("October meeting", "2023-10-05", hosts=["DK"], attending=["US", "JP"])
    return rt.meetings.list()[0].id


def _with_members(rt):
    rt.delegations.add("FR", "France")
    rt.delegations.add_member("FR", "Claire Dubois", "MESR", "Head")
    rt.delegations.add_member("FR", "Marc Petit")


CASES = {
    "position set (new)": (_nothing, lambda rt, _: rt.positions.set("JP", 1, "support", "Fine.")),
    "position set (changed)": (_with_position, lambda rt, _: rt.positions.set("JP", 1, "object", "No.")),
    "position clear": (_with_position, lambda rt, _: rt.positions.clear("JP", 1)),
    "principle add": (_nothing, lambda rt, _: rt.principles.add("Workforce", "Grow the workforce.")),
    "principle edit": (_with_position, lambda rt, _: rt.principles.edit(1, "Promote [open] collaboration.")),
    "principle retitle": (_nothing, lambda rt, _: rt.principles.retitle(1, "Scientific collaboration")),
    "amendment propose": (_nothing, lambda rt, _: rt.amendments.propose(1, "JP", "Promote collaboration.")),
    "amendment accept": (_with_amendment, lambda rt, a: rt.amendments.accept(a)),
    "amendment reject": (_with_amendment, lambda rt, a: rt.amendments.reject(a)),
    "action add": (_nothing, lambda rt, _: rt.actions.add("Draft readout", "US", due="2026-12-01")),
    "action update": (_with_action, lambda rt, a: rt.actions.update(a, status="done", due=None, title="Sent")),
    "action remove": (_with_action, lambda rt, a: rt.actions.remove(a)),
    "meeting add": (_nothing, lambda rt, _: rt.meetings.add("Kick-off", "2022-11-09", attending="US,JP")),
    "meeting attendance": (_with_meeting, lambda rt, m: rt.meetings.set_delegations(m, "attendee", ["JP", "DK"])),
    "meeting remove": (_with_meeting, lambda rt, m: rt.meetings.remove(m)),
    "member add": (_nothing, lambda rt, _: rt.delegations.add_member("JP", "Aiko Sato", "MEXT", "Head")),
    "delegation remove": (_with_members, lambda rt, _: rt.delegations.remove("FR")),
    "private note": (_nothing, lambda rt, _: rt.notes.set(1, "Hold firm on 'scientific'.")),
    "silence open": (_nothing, lambda rt, _: rt.principles.open_silence(1, "2030-01-01")),
    "roundtable title": (_nothing, lambda rt, _: rt.set_title("Renamed roundtable")),
}


@pytest.mark.parametrize("case", CASES)
def test_undo_restores_exactly_and_redo_reapplies(rt, case):
    prepare, mutate = CASES[case]
    ref = prepare(rt)
    before = domain(rt)
    info_before = rt.info
    changes = mutate(rt, ref)
    after = domain(rt)
    info_after = rt.info
    assert changes and after != before

    undone = rt.undo()
    assert domain(rt) == before
    assert rt.info == info_before
    assert undone.label == f"Undo {changes.label}"
    assert {(c.table, c.row_id) for c in undone.changes} == {(c.table, c.row_id) for c in changes.changes}

    redone = rt.redo()
    assert domain(rt) == after
    assert rt.info == info_after
    assert redone.label == f"Redo {changes.label}"

    rt.undo()
    assert domain(rt) == before


def test_undo_of_amendment_accept_removes_the_version_and_unstales_positions(rt):
    rt.positions.set("JP", 1, "support")
    amendment = _with_amendment(rt)
    rt.amendments.accept(amendment)
    assert len(rt.principles.versions(1)) == 2 and rt.positions.get("JP", 1).stale
    rt.undo()
    assert [v.seq for v in rt.principles.versions(1)] == [1]
    assert rt.principles.get(1).text == "Promote scientific collaboration."
    assert rt.amendments.get(amendment).state == "proposed"
    assert not rt.positions.get("JP", 1).stale
    assert rt.consensus()[0].counts["support"] == 1


def test_undo_steps_back_one_operation_at_a_time_and_redo_forward(rt):
    states = [domain(rt)]
    for stance in ("support", "reservation", "object"):
        rt.positions.set("JP", 1, stance)
        states.append(domain(rt))
    assert rt.undo_label() == "JP object on principle 1"
    for expected in reversed(states[:-1]):
        rt.undo()
        assert domain(rt) == expected
    for expected in states[1:]:
        rt.redo()
        assert domain(rt) == expected
    with pytest.raises(NothingToUndo):
        rt.redo()


def test_a_new_edit_clears_the_redo_stack(rt):
    rt.positions.set("JP", 1, "support")
    rt.positions.set("JP", 1, "object")
    rt.undo()
    assert rt.redo_label() == "JP object on principle 1"
    rt.positions.set("DK", 1, "abstain")
    assert rt.redo_label() is None
    before = domain(rt)
    with pytest.raises(NothingToUndo):
        rt.redo()
    assert domain(rt) == before
    assert rt.positions.get("JP", 1).stance == "support"


def test_undo_after_redo_and_a_fresh_edit_walks_back_the_right_steps(rt):
    rt.positions.set("JP", 1, "support")
    start = domain(rt)
    rt.positions.set("JP", 1, "object")
    rt.undo()
    rt.undo()
    assert domain(rt)["positions"] == []
    rt.redo()
    assert domain(rt) == start
    rt.positions.set("DK", 1, "abstain")  # the undone "object" can no longer be redone
    assert rt.redo_label() is None
    rt.undo()
    assert domain(rt) == start
    assert rt.undo_label() == "JP support on principle 1"  # the redone step, undoable again
    rt.undo()
    assert rt.positions.list() == []
    assert rt.undo_label() == "Add principle 1"


def test_nothing_to_redo_before_any_undo_and_nothing_to_undo_on_a_new_file(tmp_path, rt):
    with pytest.raises(NothingToUndo):
        rt.redo()
    with Roundtable.create(tmp_path / "new.qrt", title="T", secretariat="US") as fresh:
        assert fresh.undo_label() is None
        with pytest.raises(NothingToUndo):
            fresh.undo()  # the file's creation is not an undo step
        assert fresh.delegations.codes() == ["US"]


def test_the_demo_build_cannot_be_undone(tmp_path):
    with build_demo(tmp_path / "demo.qrt") as demo:
        before, log = domain(demo), record(demo)
        assert demo.undo_label() is None
        with pytest.raises(NothingToUndo):
            demo.undo()
        assert domain(demo) == before and record(demo) == log
        assert demo.unsent_count() == 0
        demo.positions.set("JP", 1, "object")
        demo.undo()
        assert domain(demo) == before
        with pytest.raises(NothingToUndo):
            demo.undo()


def test_a_setup_batch_is_a_barrier_for_earlier_steps(rt):
    rt.positions.set("JP", 1, "support")
    with rt.batch("Load agenda", setup=True):
        rt.principles.add("Workforce", "Grow the workforce.")
    with pytest.raises(NothingToUndo):
        rt.undo()
    assert rt.positions.get("JP", 1).stance == "support"
    assert len(rt.principles.list()) == 2


def test_an_import_is_an_undo_barrier_and_changes_nothing(rt):
    """Merged data must never be silently reverted: undo stops at an import, as at setup."""
    rt.positions.set("JP", 1, "support")
    position = rt.store.row("SELECT * FROM positions")
    with rt.store.operation("Import JP snapshot", "JP", kind="import"):
        rt.store.update("positions", position["id"], {"stance": "reservation"})
    before, log = domain(rt), record(rt)
    with pytest.raises(NothingToUndo, match="nothing to undo"):
        rt.undo()
    assert domain(rt) == before and record(rt) == log
    assert rt.undo_label() is None


def test_undo_of_an_overtaken_change_raises_and_changes_nothing(rt):
    """An older step whose field was rewritten since is refused, not reverted over the newer value."""
    first = rt.positions.set("JP", 1, "support")
    rt.positions.set("JP", 1, "reservation")
    target = rt.store.row("SELECT * FROM operations WHERE id = ?", (first.op_id,))
    before, log = domain(rt), record(rt)
    with pytest.raises(NothingToUndo, match="changed again"):
        rt.store.revert(target, "undo", "US")
    assert domain(rt) == before and record(rt) == log


def test_undo_of_a_row_deleted_since_raises_and_changes_nothing(rt):
    rt.delegations.add_member("JP", "Aiko Sato")
    member = rt.delegations.members("JP")[0]
    with rt.store.operation("Import", "JP", kind="import"):
        rt.store.delete("members", member.id)
    before, log = domain(rt), record(rt)
    with pytest.raises(NothingToUndo):
        rt.undo()
    assert domain(rt) == before and record(rt) == log


def test_store_revert_of_an_older_operation_is_refused_when_overtaken(rt):
    first = rt.positions.set("JP", 1, "support")
    rt.positions.set("JP", 1, "object")
    target = rt.store.row("SELECT * FROM operations WHERE id = ?", (first.op_id,))
    before, log = domain(rt), record(rt)
    with pytest.raises(NothingToUndo):
        rt.store.revert(target, "undo", "US")
    assert domain(rt) == before and record(rt) == log


def test_undo_and_redo_survive_reopening(tmp_path):
    path = tmp_path / "u.qrt"
    with Roundtable.create(path, title="T", secretariat="US") as rt:
        rt.delegations.add("JP", "Japan")
        rt.principles.add("Collaboration", "Promote collaboration.")
        rt.positions.set("JP", 1, "support")
    with Roundtable.open(path) as rt:
        assert rt.undo_label() == "JP support on principle 1"
        rt.undo()
        assert rt.positions.list() == []
    with Roundtable.open(path) as rt:
        assert rt.positions.list() == []
        assert rt.redo_label() == "JP support on principle 1"
        rt.redo()
    with Roundtable.open(path) as rt:
        assert rt.positions.get("JP", 1).stance == "support"
        assert rt.undo_label() == "JP support on principle 1"
        assert rt.redo_label() is None


def test_undo_is_recorded_as_its_own_operation(rt):
    done = rt.positions.set("JP", 1, "support")
    undone = rt.undo()
    ops = rt.store.rows("SELECT id, kind, target_id, reverted FROM operations ORDER BY seq DESC LIMIT 2")
    assert ops == [{"id": undone.op_id, "kind": "undo", "target_id": done.op_id, "reverted": 0},
                   {"id": done.op_id, "kind": "do", "target_id": None, "reverted": 1}]
    assert {c.table for c in rt.store.changes_of(undone.op_id)} == {"positions", "position_history"}


def test_delegation_copy_cannot_undo_the_masters_history(rt, tmp_path):
    rt.positions.set("JP", 1, "support")
    rt.save_delegation_copy(tmp_path / "jp.qrt", "JP")
    with Roundtable.open(tmp_path / "jp.qrt") as copy:
        with pytest.raises(NothingToUndo):
            copy.undo()
        copy.positions.set("JP", 1, "object")
        assert copy.undo_label() == "JP object on principle 1"
        copy.undo()
        assert copy.positions.get("JP", 1).stance == "support"
        with pytest.raises(NothingToUndo):
            copy.undo()
