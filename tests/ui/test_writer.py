"""The one writer: every job off the UI thread, in order, errors as one message, Cancel, no stray edits."""

import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from qroundtable.errors import FileProblem
from qroundtable.ui.tasks import wait_with_progress


def test_jobs_run_off_the_ui_thread_one_at_a_time_in_order(session, settle):
    ui_thread, seen = threading.get_ident(), []

    def job(n):
        def work(rt, progress):
            seen.append((n, threading.get_ident()))
            time.sleep(0.01)
            return n
        return work
    answers = [session.run(f"job {n}", job(n), writes=False) if n == 0 else
               session.apply(lambda rt, n=n: job(n)(rt, None), f"job {n}") for n in range(5)]
    settle(session)
    assert [n for n, _ in seen] == [0, 1, 2, 3, 4]
    assert {t for _, t in seen} != {ui_thread} and len({t for _, t in seen}) == 1
    assert [a.result for a in answers] == [0, 1, 2, 3, 4]


def test_a_roundtable_error_is_reported_as_its_message(session, settle):
    def fail(rt):
        raise FileProblem("demo.qrt is not a roundtable file")

    pending = session.apply(fail, "Fail")
    settle(session)
    assert not pending.ok and pending.error == "demo.qrt is not a roundtable file"
    assert session.errors == ["demo.qrt is not a roundtable file"]


def test_a_bug_is_one_sentence_not_a_traceback(session, settle, capsys):
    session.apply(lambda rt: 1 / 0, "Divide")
    settle(session)
    assert len(session.errors) == 1 and "internal error: ZeroDivisionError" in session.errors[0]
    assert "Traceback" not in session.errors[0] and "Traceback" in capsys.readouterr().err


def test_a_failure_handler_replaces_the_message_box(session, settle):
    seen = []
    session.apply(lambda rt: rt.positions.set("XX", 1, "support"), "Support").failed(seen.append)
    settle(session)
    assert session.errors == [] and len(seen) == 1 and "XX" in seen[0]


def test_cancel_stops_long_work_and_keeps_nothing(session, qtbot):
    steps = []

    def slow(rt, progress):
        for i in range(500):
            progress(i, 500, f"step {i}")
            steps.append(i)
            time.sleep(0.01)
        return "finished"

    def press_cancel():
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        if dialogs and dialogs[0].isVisible():
            dialogs[0].findChild(QPushButton).click()  # the Cancel button, as a person would
        else:
            QTimer.singleShot(50, press_cancel)

    QTimer.singleShot(600, press_cancel)  # the dialog appears after 400 ms
    pending = session.run("Slow work", slow, writes=False)
    assert wait_with_progress(None, session, pending) is None
    assert pending.error == "" and session.errors == [] and 0 < len(steps) < 500


def test_an_edit_typed_during_long_work_is_written_after_it(session, settle):
    order = []

    def long_work(rt, progress):
        time.sleep(0.3)
        order.append("long work")

    session.run("Import", long_work)
    pending = session.apply(lambda rt: (order.append("stance"), rt.positions.set("JP", 4, "object"))[1], "Object")
    assert not pending.done  # the UI went on at once
    settle(session)
    assert order == ["long work", "stance"] and pending.ok
    assert session.rt.positions.get("JP", 4).stance == "object"  # the UI's reader sees it


def test_an_edit_meant_for_a_file_no_longer_open_is_refused_not_applied_elsewhere(session, settle, tmp_path):
    from qroundtable.demo import build_demo

    other = tmp_path / "other.qrt"
    build_demo(other).close()
    before = session.rt.positions.get("JP", 4).stance
    reopening = session.open(other)
    stray = session.apply(lambda rt: rt.positions.set("JP", 4, "object"), "Object")  # typed for the first file
    settle(session)
    assert reopening.ok and session.path == other
    assert not stray.ok and "no longer open" in stray.error
    assert session.rt.positions.get("JP", 4).stance == before != "object"
