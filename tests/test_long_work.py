"""Long work in a process of its own: the result comes back, refusals keep their kind, Cancel rolls back."""

from __future__ import annotations

import os
import time

import pytest
from sync_world import make_world

from qroundtable import long_work
from qroundtable.errors import FileProblem
from qroundtable.roundtable import Roundtable


@pytest.fixture
def batch(tmp_path):
    """The demo master and snapshots from JP and DK (200 new members each)."""
    world = make_world(tmp_path, ("JP", "DK"))
    files = []
    for code in ("JP", "DK"):
        rt = world.copies[code]
        with rt.batch("members"):
            for i in range(200):
                rt.delegations.add_member(code, f"Adviser {i}")
        files.append(str(tmp_path / f"{code.lower()}-1.qrts"))
        rt.sync.export_snapshot(files[-1])
    world.close()
    return world.master.path, files


def test_an_import_runs_in_another_process_and_its_report_comes_back(batch):
    master, files = batch
    seen = []
    report = long_work.run("import_files", master, {"paths": files}, lambda *step: seen.append(step))
    assert report.applied == 400 and not report.rejected  # each new member row is one change
    assert {f.delegation for f in report.files} == {"JP", "DK"} and all(f.status == "merged" for f in report.files)
    assert () in seen and any(len(step) == 3 and step[2].startswith("Checking") for step in seen)
    with Roundtable.open(master) as rt:
        assert len(rt.delegations.members("JP")) == 200 and len(rt.sync.history()) == 2


def test_a_preview_writes_nothing(batch):
    master, files = batch
    report = long_work.run("import_files", master, {"paths": files, "dry_run": True}, lambda *step: None)
    assert report.dry_run and report.applied == 400
    with Roundtable.open(master) as rt:
        assert rt.delegations.members("JP") == [] and rt.sync.history() == []


def test_a_refusal_in_the_child_is_the_same_kind_of_error_here(tmp_path):
    bad = tmp_path / "bad.qrt"
    bad.write_bytes(b"not a roundtable " * 100)
    with pytest.raises(FileProblem, match="not a roundtable file"):
        long_work.run("import_files", bad, {"paths": []}, lambda *step: None)


def test_cancel_stops_the_child_and_nothing_of_it_is_kept(batch):
    master, files = batch

    class Stop(Exception):
        pass

    pid_of_work = []

    def progress(*step):
        if step and step[2].startswith("Checking"):
            pid_of_work.append(os.getpid())
            raise Stop  # as the app's Cancel button does, once the child has started
    started = time.perf_counter()
    with pytest.raises(Stop):
        long_work.run("import_files", master, {"paths": files}, progress)
    assert time.perf_counter() - started < 30
    with Roundtable.open(master) as rt:
        assert rt.delegations.members("JP") == [] and rt.sync.history() == []
    assert not list(master.parent.glob("master.backup-*"))  # no backup of an import that did not happen
