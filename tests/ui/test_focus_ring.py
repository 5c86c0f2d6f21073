"""The focused control is ringed clearly: 2 px in the theme's Highlight colour, read from real renderings."""

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPushButton, QTableWidget, QVBoxLayout, QWidget

from qroundtable.ui import focus_ring
from qroundtable.ui.main_window import MainWindow


@pytest.fixture
def form(qtbot):
    focus_ring.install(QApplication.instance())
    w = QWidget()
    layout = QVBoxLayout(w)
    w.button, w.edit, w.combo, w.table = QPushButton("Save"), QLineEdit("text"), QComboBox(), QTableWidget(3, 3)
    w.combo.addItems(["One", "Two"])
    for control in (w.button, w.edit, w.combo, w.table):
        layout.addWidget(control)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


def border(widget: QWidget) -> list[QColor]:
    """The colours of the outermost two pixels all round the control, as it renders now."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    ring = [(x, y) for x in range(w) for y in (0, 1, h - 2, h - 1)]
    ring += [(x, y) for y in range(2, h - 2) for x in (0, 1, w - 2, w - 1)]
    return [image.pixelColor(x, y) for x, y in ring]


@pytest.mark.parametrize("name", ["button", "edit", "combo", "table"])
def test_the_focused_control_has_a_highlight_ring_the_unfocused_one_has_not(qtbot, form, name):
    control = getattr(form, name)
    other = form.button if control is not form.button else form.edit
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    highlight = control.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    before = border(control)
    assert sum(c == highlight for c in before) < len(before) / 2  # at most the style's own faint tint

    control.setFocus()
    qtbot.waitUntil(control.hasFocus)
    after = border(control)
    assert all(c == highlight for c in after), "a 2 px ring of the Highlight colour all round"
    assert border(other) != after  # and only on the control with the focus


def test_the_ring_follows_tab_and_goes_with_a_closed_dialog(qtbot, form):
    form.button.setFocus()
    qtbot.waitUntil(form.button.hasFocus)
    dialog_edit = QLineEdit()
    qtbot.addWidget(dialog_edit)
    dialog_edit.show()
    dialog_edit.activateWindow()
    dialog_edit.setFocus()
    dialog_edit.deleteLater()  # the ring lay on it: it must not take the next one with it
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not dialog_edit, timeout=2000)
    form.activateWindow()
    form.edit.setFocus()
    qtbot.waitUntil(form.edit.hasFocus)
    highlight = form.edit.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    assert all(c == highlight for c in border(form.edit))


def test_the_main_window_rings_its_focus_too(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    button = window.start_page.demo_button
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    highlight = button.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    assert all(c == highlight for c in border(button))
