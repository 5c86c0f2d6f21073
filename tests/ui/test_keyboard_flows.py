"""A delegate's and a chair's work by keyboard alone: every key goes to the widget that has focus,
as it would for someone who cannot use a mouse; nothing is clicked and no method is called."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton

from qroundtable.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, settings, demo_path):
    w = MainWindow(settings)
    w.session.errors = []
    w.session.report_error = w.session.errors.append
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    assert w.open_path(demo_path).wait()
    return w


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """One key to whatever has focus now."""
    focus = QApplication.focusWidget()
    assert focus is not None, "no widget has the keyboard focus"
    qtbot.keyClick(focus, key, modifier)


def tab_to(qtbot, wanted, limit: int = 30):
    """Tab until a widget for which `wanted(widget)` holds has focus; fail if Tab never gets there."""
    for _ in range(limit):
        if wanted(QApplication.focusWidget()):
            return QApplication.focusWidget()
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached it; last: {QApplication.focusWidget()!r}")


def test_a_delegate_records_a_stance_and_a_comment_by_keyboard(qtbot, window, settle):
    press(qtbot, Qt.Key.Key_2, CTRL)  # Positions
    view = window.views["positions"]
    assert window.stack.currentWidget() is view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table)
    rt = window.session.rt
    press(qtbot, Qt.Key.Key_Down)  # from AU's row to CH's, then along to principle 2
    press(qtbot, Qt.Key.Key_Right)
    current = view.table.currentIndex()
    d, p = view.model.cell_at(current)
    press(qtbot, Qt.Key.Key_3)  # Reservation
    settle(window.session)
    assert rt.positions.get(d.code, p.number).stance.value == "reservation"

    box = tab_to(qtbot, lambda w: isinstance(w, QPlainTextEdit) and view.panel.isAncestorOf(w))
    qtbot.keyClicks(box, "Instructions from capital awaited.")
    save = tab_to(qtbot, lambda w: isinstance(w, QPushButton) and view.panel.isAncestorOf(w) and w.text() == "Save")
    qtbot.keyClick(save, Qt.Key.Key_Space)
    settle(window.session)
    assert rt.positions.get(d.code, p.number).comment == "Instructions from capital awaited."

    press(qtbot, Qt.Key.Key_Z, CTRL)  # the comment taken back, the stance kept
    settle(window.session)
    assert rt.positions.get(d.code, p.number).comment in ("", None)
    assert rt.positions.get(d.code, p.number).stance.value == "reservation"
    assert window.session.errors == []


def test_a_chair_runs_the_tour_by_keyboard(qtbot, window, settle):
    press(qtbot, Qt.Key.Key_3, CTRL)  # Tour de table
    tour = window.views["tour"]
    assert window.stack.currentWidget() is tour
    qtbot.waitUntil(lambda: tour.isAncestorOf(QApplication.focusWidget()) or QApplication.focusWidget() is tour)
    press(qtbot, Qt.Key.Key_PageDown)  # the next principle
    assert tour.principle_combo.currentText().startswith("P2")
    rt = window.session.rt
    first, second = tour.expected[0].code, tour.expected[1].code  # the round starts at its first delegation
    press(qtbot, Qt.Key.Key_5)  # the delegation speaking: Object, and on to the next
    settle(window.session)
    assert rt.positions.get(first, 2).stance.value == "object"
    press(qtbot, Qt.Key.Key_1)  # the next delegation: Support
    settle(window.session)
    assert rt.positions.get(second, 2).stance.value == "support"
    press(qtbot, Qt.Key.Key_PageUp)
    assert tour.principle_combo.currentText().startswith("P1")
    press(qtbot, Qt.Key.Key_F11)  # full screen for the room, and back
    qtbot.waitUntil(window.isFullScreen)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.session.errors == []
