"""Long work on a worker thread: results come back, errors become one message, Cancel stops it."""

import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from qroundtable.errors import FileProblem
from qroundtable.ui.tasks import run_with_progress


def test_the_work_runs_off_the_ui_thread_and_its_result_comes_back(qtbot):
    ui_thread = threading.get_ident()
    errors = []
    result = run_with_progress(None, "Working…", lambda progress: threading.get_ident(), errors.append)
    assert result is not None and result != ui_thread
    assert errors == []


def test_a_roundtable_error_is_reported_as_its_message(qtbot):
    errors = []

    def fail(progress):
        raise FileProblem("demo.qrt is not a roundtable file")

    assert run_with_progress(None, "Opening…", fail, errors.append) is None
    assert errors == ["demo.qrt is not a roundtable file"]


def test_cancel_stops_the_work_without_an_error(qtbot):
    errors, steps = [], []

    def slow(progress):
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
    assert run_with_progress(None, "Slow work…", slow, errors.append) is None
    assert errors == [] and 0 < len(steps) < 500
