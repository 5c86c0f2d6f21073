"""The pure three-way merge and the folding of a change record into net changes (no files, no SQL).

The property tests run hundreds of examples each: they work on rows in memory.
"""

from __future__ import annotations

import random
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qroundtable.sync.changes import ROW, Entry, fold
from qroundtable.sync.merge import Ground, Incoming, Result, merge

AT = "2026-11-24T10:00:00.000Z"
CODES = ("DK", "FR", "JP")
DELEGATION_IDS = {code: str(uuid.UUID(int=i + 1)) for i, code in enumerate(CODES)}
PRINCIPLES = [str(uuid.UUID(int=100 + i)) for i in range(3)]
VERSIONS = [str(uuid.UUID(int=200 + i)) for i in range(3)]
STANCES = ["support", "reservation", "object", "abstain"]
COMMENTS = ["", "ad ref.", "fine", "capital says no"]


def position(code: str, p: int, stance: str = "support", comment: str = "") -> dict:
    return {"id": str(uuid.UUID(int=1000 + CODES.index(code) * 10 + p)), "delegation_id": DELEGATION_IDS[code],
            "principle_id": PRINCIPLES[p], "stance": stance, "comment": comment, "version_id": VERSIONS[p],
            "recorded_by": code, "recorded_at": AT}


def ground(rows: list[dict]) -> Ground:
    table = {("positions", r["id"]): dict(r) for r in rows}
    return Ground(table, dict(DELEGATION_IDS), existing={"principle_versions": set(VERSIONS),
                                                         "principles": set(PRINCIPLES),
                                                         "delegations": set(DELEGATION_IDS.values())},
                  positions={(r["delegation_id"], r["principle_id"]): r["id"] for r in rows})


def update(code: str, seq: int, n: int, row: dict, field: str, old, new) -> Incoming:
    return Incoming(code, seq, f"snap-{code}-{seq}", Entry(n, "positions", row["id"], field, old, new, AT))


# -- single decisions ------------------------------------------------------------------------------


def test_three_way_decisions_for_one_field():
    jp = position("JP", 0, "support", "fine")
    g = ground([jp])
    result = merge([update("JP", 1, 1, jp, "stance", "support", "object"),   # current == old: apply
                    update("JP", 1, 2, jp, "comment", "ad ref.", "fine")],    # current == new: nothing to do
                   g)
    assert [o.result for o in result.outcomes] == [Result.APPLIED, Result.UNCHANGED]
    assert g.rows[("positions", jp["id"])]["stance"] == "object"
    assert [(w.field, w.old, w.new) for w in result.writes] == [("stance", "support", "object")]


def test_a_field_changed_on_both_sides_is_a_conflict_and_keeps_the_current_value():
    jp = position("JP", 0, "reservation")  # the master recorded a reservation meanwhile
    g = ground([jp])
    result = merge([update("JP", 1, 1, jp, "stance", "support", "object")], g)
    assert [o.result for o in result.outcomes] == [Result.CONFLICT]
    (c,) = result.conflicts
    assert (c.old, c.current, c.incoming, c.source.delegation) == ("support", "reservation", "object", "JP")
    assert g.rows[("positions", jp["id"])]["stance"] == "reservation" and result.writes == []


def test_stamps_follow_their_row_and_are_never_a_conflict_of_their_own():
    jp = position("JP", 0, "support")
    g = ground([jp])
    later = "2026-11-25T08:00:00.000Z"
    result = merge([update("JP", 1, 1, jp, "recorded_at", "2026-11-20T00:00:00.000Z", later),
                    update("JP", 1, 2, jp, "stance", "support", "object")], g)
    assert sorted(o.result for o in result.outcomes) == [Result.APPLIED, Result.APPLIED]
    assert g.rows[("positions", jp["id"])]["recorded_at"] == later

    other = position("JP", 1, "abstain")
    g = ground([other])
    result = merge([update("JP", 1, 1, other, "recorded_at", "2026-11-20T00:00:00.000Z", later),
                    update("JP", 1, 2, other, "stance", "support", "object")], g)  # a conflict: stamp stays
    assert {o.result for o in result.outcomes} == {Result.UNCHANGED, Result.CONFLICT}
    assert g.rows[("positions", other["id"])]["recorded_at"] == AT and len(result.conflicts) == 1


def test_another_delegations_row_is_rejected_with_a_reason():
    dk = position("DK", 0)
    result = merge([update("JP", 1, 1, dk, "stance", "support", "object")], ground([dk]))
    (o,) = result.outcomes
    assert o.result == Result.REJECTED and "its own" in o.reason
    assert result.writes == []


def test_principle_text_from_a_delegation_is_rejected():
    version = {"id": str(uuid.uuid4()), "principle_id": PRINCIPLES[0], "seq": 2, "text": "Our text.", "brackets": 0,
               "author": "JP", "note": "", "created_at": AT}
    inc = Incoming("JP", 1, "s", Entry(1, "principle_versions", version["id"], ROW, None, version, AT))
    g = ground([])
    g.rows[("principle_versions", version["id"])] = None
    (o,) = merge([inc], g).outcomes
    assert o.result == Result.REJECTED and "principle text" in o.reason


def test_an_edit_of_a_deleted_row_is_a_conflict():
    jp = position("JP", 0)
    g = ground([])
    g.rows[("positions", jp["id"])] = None
    g.deleted[("positions", jp["id"])] = jp
    result = merge([update("JP", 1, 1, jp, "stance", "support", "object")], g)
    assert [o.result for o in result.outcomes] == [Result.CONFLICT]
    assert result.conflicts[0].current is None and "deleted" in result.conflicts[0].reason


def test_a_new_position_meeting_the_masters_own_record_is_one_conflict_or_nothing():
    mine = position("JP", 2, "object")
    theirs = {**position("JP", 2, "reservation"), "id": str(uuid.uuid4())}
    g = ground([theirs])
    g.rows[("positions", mine["id"])] = None
    inc = Incoming("JP", 1, "s", Entry(1, "positions", mine["id"], ROW, None, mine, AT))
    result = merge([inc], g)
    assert [o.result for o in result.outcomes] == [Result.CONFLICT]
    assert result.conflicts[0].row_id == theirs["id"] and result.conflicts[0].incoming == mine
    same = {**mine, "stance": "reservation"}
    g = ground([theirs])
    g.rows[("positions", same["id"])] = None
    inc = Incoming("JP", 1, "s", Entry(1, "positions", same["id"], ROW, None, same, AT))
    assert [o.result for o in merge([inc], g).outcomes] == [Result.UNCHANGED]


def test_a_reference_to_something_the_master_lacks_is_rejected():
    jp = position("JP", 0)
    result = merge([update("JP", 1, 1, jp, "version_id", VERSIONS[0], str(uuid.uuid4()))], ground([jp]))
    (o,) = result.outcomes
    assert o.result == Result.REJECTED and "not in the master" in o.reason


def test_a_bad_stance_is_rejected():
    jp = position("JP", 0)
    (o,) = merge([update("JP", 1, 1, jp, "stance", "support", "maybe")], ground([jp])).outcomes
    assert o.result == Result.REJECTED and "stance" in o.reason


# -- properties over random batches -------------------------------------------------------------------


@st.composite
def batches(draw):
    """A master's rows, and snapshots from three delegations (some straying into others' rows)."""
    base = [position(code, p, draw(st.sampled_from(STANCES)), draw(st.sampled_from(COMMENTS)))
            for code in CODES for p in range(len(PRINCIPLES))]
    master = [dict(r) for r in base]
    for r in master:  # the secretariat edited some positions itself meanwhile
        if draw(st.integers(0, 3)) == 0:
            r["stance"] = draw(st.sampled_from(STANCES))
    incoming = []
    for code in CODES:
        belief = {r["id"]: dict(r) for r in base}
        for seq in range(1, draw(st.integers(0, 3)) + 1):
            n = 0
            for _ in range(draw(st.integers(0, 5))):
                owner = code if draw(st.integers(0, 4)) else draw(st.sampled_from(CODES))
                row = belief[position(owner, draw(st.integers(0, len(PRINCIPLES) - 1)))["id"]]
                field = draw(st.sampled_from(["stance", "comment"]))
                new = draw(st.sampled_from(STANCES if field == "stance" else COMMENTS))
                if new == row[field]:
                    continue
                n += 1
                incoming.append(update(code, seq, n, row, field, row[field], new))
                row[field] = new
    return master, incoming


def order(incoming: list[Incoming]) -> list[Incoming]:
    return sorted(incoming, key=lambda i: (i.delegation, i.sequence, i.entry.n))


def summary(result, g: Ground):
    conflicts = sorted((c.row_id, c.field, repr(c.old), repr(c.current), repr(c.incoming), c.source.delegation)
                       for c in result.conflicts)
    counts = {r: result.count(r) for r in Result}
    return g.rows, conflicts, counts


@settings(max_examples=400, deadline=None)
@given(batches(), st.randoms(use_true_random=False))
def test_batch_order_does_not_matter(batch, rnd):
    master, incoming = batch
    expected = summary(merge(order(incoming), g := ground(master)), g)
    shuffled = list(incoming)
    rnd.shuffle(shuffled)
    assert summary(merge(order(shuffled), g2 := ground(master)), g2) == expected
    # Even unsorted, one delegation's snapshots kept in sequence: delegations never touch each other's rows.
    codes = list(CODES)
    rnd.shuffle(codes)
    interleaved = [i for code in codes for i in incoming if i.delegation == code]
    assert summary(merge(interleaved, g3 := ground(master)), g3) == expected


@settings(max_examples=400, deadline=None)
@given(batches())
def test_nothing_is_lost_and_the_counts_add_up(batch):
    master, incoming = batch
    g = ground(master)
    result = merge(order(incoming), g)
    assert sorted(id(o.incoming) for o in result.outcomes) == sorted(id(i) for i in incoming)
    assert sum(result.count(r) for r in Result) == len(incoming)
    assert all(o.reason for o in result.outcomes if o.result == Result.REJECTED)
    assert result.count(Result.CONFLICT) == len(result.conflicts)
    for o in result.outcomes:  # what an outcome says is what the rows show
        e = o.incoming.entry
        if o.result == Result.REJECTED:
            assert g.rows[("positions", e.row_id)]["delegation_id"] != DELEGATION_IDS[o.incoming.delegation]


@settings(max_examples=400, deadline=None)
@given(batches())
def test_merging_the_same_batch_again_changes_nothing(batch):
    master, incoming = batch
    g = ground(master)
    merge(order(incoming), g)
    after = {k: dict(v) for k, v in g.rows.items()}
    again = merge(order(incoming), g)
    # (a field set and set back across two snapshots "applies" twice, to the same end: no writes)
    assert again.writes == []
    assert g.rows == after


@settings(max_examples=300, deadline=None)
@given(batches())
def test_a_conflicted_field_keeps_the_masters_value(batch):
    master, incoming = batch
    g = ground(master)
    result = merge(order(incoming), g)
    before = {r["id"]: r for r in master}
    conflicted = {(c.row_id, c.field) for c in result.conflicts}
    applied = {(o.incoming.entry.row_id, o.incoming.entry.field) for o in result.outcomes
               if o.result == Result.APPLIED}
    for row_id, field in conflicted - applied:
        assert g.rows[("positions", row_id)][field] == before[row_id][field]


# -- folding the change record ---------------------------------------------------------------------------

ROW_IDS = [str(uuid.UUID(int=5000 + i)) for i in range(3)]


def apply_change(state: dict, table: str, row_id: str, field: str, old, new) -> None:
    if field == ROW:
        if new is None:
            del state[row_id]
        else:
            state[row_id] = dict(new)
    else:
        state[row_id][field] = new


@st.composite
def histories(draw):
    """A few members existing at the start, then a random run of edits, deletes and re-creations."""
    base = {rid: {"id": rid, "delegation_id": DELEGATION_IDS["JP"], "name": f"M{i}", "agency": "", "role": ""}
            for i, rid in enumerate(ROW_IDS[:2])}
    state = {k: dict(v) for k, v in base.items()}
    changes = []
    for _ in range(draw(st.integers(0, 12))):
        rid = draw(st.sampled_from(ROW_IDS))
        if rid in state and draw(st.booleans()):
            field = draw(st.sampled_from(["name", "agency", "role"]))
            new = draw(st.sampled_from(["A", "B", "", "M0"]))
            if new != state[rid][field]:
                changes.append({"table_name": "members", "row_id": rid, "field": field, "old": state[rid][field],
                                "new": new, "at": AT})
                state[rid][field] = new
        elif rid in state:
            changes.append({"table_name": "members", "row_id": rid, "field": ROW, "old": dict(state[rid]),
                            "new": None, "at": AT})
            del state[rid]
        else:
            row = {"id": rid, "delegation_id": DELEGATION_IDS["JP"], "name": draw(st.sampled_from(["A", "M1"])),
                   "agency": "", "role": ""}
            changes.append({"table_name": "members", "row_id": rid, "field": ROW, "old": None, "new": row, "at": AT})
            state[rid] = dict(row)
    return base, changes, state


@settings(max_examples=500, deadline=None)
@given(histories())
def test_folded_changes_have_the_same_effect_as_the_whole_record(history):
    base, changes, final = history
    entries = fold(changes)
    state = {k: dict(v) for k, v in base.items()}
    for e in entries:
        apply_change(state, e.table, e.row_id, e.field, e.old, e.new)
    assert state == final
    keys = [(e.row_id, e.field) for e in entries]
    assert len(keys) == len(set(keys))  # one entry per field at most: one conflict at most
    assert [e.n for e in entries] == list(range(1, len(entries) + 1))
    for e in entries:  # old values are what the base held
        if e.field != ROW:
            assert base[e.row_id][e.field] == e.old
        elif e.old is not None:
            assert base[e.row_id] == e.old


def test_fold_drops_what_was_undone():
    rid = ROW_IDS[0]
    row = {"id": rid, "delegation_id": DELEGATION_IDS["JP"], "name": "A", "agency": None, "role": None}
    changes = [{"table_name": "members", "row_id": rid, "field": ROW, "old": None, "new": row, "at": AT},
               {"table_name": "members", "row_id": rid, "field": "name", "old": "A", "new": "B", "at": AT},
               {"table_name": "members", "row_id": rid, "field": ROW, "old": {**row, "name": "B"}, "new": None,
                "at": AT}]
    assert fold(changes) == []
    flip = [{"table_name": "members", "row_id": rid, "field": "name", "old": "A", "new": "B", "at": AT},
            {"table_name": "members", "row_id": rid, "field": "name", "old": "B", "new": "A", "at": AT}]
    assert fold(flip) == []


@pytest.mark.parametrize("seed", range(3))
def test_merge_is_deterministic_for_identical_input(seed):
    r = random.Random(seed)
    rows = [position(c, p, r.choice(STANCES)) for c in CODES for p in range(3)]
    incoming = [update(c, 1, i + 1, position(c, i), "comment", "", r.choice(COMMENTS[1:])) for c in CODES
                for i in range(3)]
    a, b = merge(incoming, g1 := ground(rows)), merge(incoming, g2 := ground(rows))
    assert summary(a, g1) == summary(b, g2)
