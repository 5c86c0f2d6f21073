"""Properties of importing real snapshot files: order does not matter, re-importing is a no-op, nothing is lost.

Each example edits three delegations' copies (and the master, for conflicts), exports
their snapshots and imports them into copies of the master in different orders.
Fewer examples than the pure merge's properties: each one writes real files.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from sync_world import content_hash, domain_hash, make_world

from qroundtable.roundtable import Roundtable

CODES = ("JP", "DK", "FR")
STANCES = ["support", "support_with_amendments", "reservation", "abstain", "object"]
_counter = itertools.count()


@pytest.fixture
def template(tmp_path):
    """One demo world on disk (closed), copied afresh for every example."""
    world = make_world(tmp_path / "template")
    world.close()
    return tmp_path / "template"


edit = st.one_of(
    st.tuples(st.just("position"), st.integers(1, 4), st.sampled_from(STANCES), st.sampled_from(["", "a", "b"])),
    st.tuples(st.just("member"), st.sampled_from(["Aiko", "Lars", "Marie"]), st.just(None), st.just(None)),
    st.tuples(st.just("clear"), st.integers(1, 4), st.just(None), st.just(None)),
)
rounds = st.lists(st.lists(edit, min_size=1, max_size=4), min_size=1, max_size=2)  # a snapshot per round
scenario = st.fixed_dictionaries({
    **{code: rounds for code in CODES},
    "master": st.lists(st.tuples(st.sampled_from(CODES), st.integers(1, 4), st.sampled_from(STANCES)), max_size=5),
})


def play(rt: Roundtable, code: str, step) -> None:
    kind, a, b, c = step
    if kind == "position":
        rt.positions.set(code, a, b, c)
    elif kind == "member":
        rt.delegations.add_member(code, a)
    elif rt.positions.get(code, a) is not None:
        rt.positions.clear(code, a)


def snapshots_for(base, plan) -> list:
    """Play the scenario in fresh copies of the template; the snapshot files, and the master's path."""
    files = []
    for code in CODES:
        with Roundtable.open(base / f"{code.lower()}.qrt") as copy:
            for n, steps in enumerate(plan[code], start=1):
                for step in steps:
                    play(copy, code, step)
                if copy.unsent_count():
                    files.append(Path(copy.sync.export_snapshot(base / f"{code.lower()}-{n}.qrts").path))
    with Roundtable.open(base / "master.qrt") as master:
        for code, number, stance in plan["master"]:
            master.positions.set(code, number, stance, "heard in the room")
    return files


def fresh(template) -> tuple:
    base = template.parent / f"example-{next(_counter)}"
    shutil.copytree(template, base)
    return base


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=scenario, data=st.data())
def test_real_files_any_order_same_master_and_reimport_is_a_no_op(template, plan, data):
    base = fresh(template)
    files = snapshots_for(base, plan)
    assume(files)
    results = []
    orders = [sorted(files), data.draw(st.permutations(files)), list(reversed(files))]
    for i, order in enumerate(orders):
        path = base / f"master-{i}.qrt"
        shutil.copyfile(base / "master.qrt", path)
        with Roundtable.open(path) as master:
            report = master.sync.import_files(order)
            # nothing lost: every change applied, already there, in conflict, or rejected with a reason
            total = sum(f.entries for f in report.files)
            assert report.applied + report.unchanged + report.conflicts + len(report.rejected) == total
            assert all(r.reason for r in report.rejected) and report.already_imported == 0
            event(f"conflicts: {min(report.conflicts, 2)}+, files: {min(len(files), 4)}+")
            results.append((report.applied, report.unchanged, report.conflicts, len(report.rejected),
                            domain_hash(path)))
            before = content_hash(path)
            again = master.sync.import_files(list(reversed(order)))
            assert again.already_imported == len(files) and again.applied == again.conflicts == 0
            assert content_hash(path) == before
    assert results[0] == results[1] == results[2]
    shutil.rmtree(base)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=scenario)
def test_one_batch_or_one_file_at_a_time_in_sequence_end_the_same(template, plan):
    base = fresh(template)
    files = snapshots_for(base, plan)
    assume(files)
    shutil.copyfile(base / "master.qrt", base / "one-by-one.qrt")
    with Roundtable.open(base / "master.qrt") as master:
        master.sync.import_files(files)
    with Roundtable.open(base / "one-by-one.qrt") as master:
        for path in sorted(files, key=lambda p: (p.name.split("-")[0], p.name)):
            master.sync.import_files([path])
    assert domain_hash(base / "master.qrt", with_conflicts=False) == \
        domain_hash(base / "one-by-one.qrt", with_conflicts=False)
    shutil.rmtree(base)
