"""The navigation list and the side panels step aside on a small screen, and the window remembers it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from qroundtable.ui.main_window import MainWindow


def open_window(qtbot, settings, demo_path, size=(1024, 600)):
    w = MainWindow(settings)
    w.session.errors = []
    w.session.report_error = w.session.errors.append
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_path(demo_path).wait()
    return w


@pytest.fixture
def window(qtbot, settings, demo_path):
    return open_window(qtbot, settings, demo_path)


def test_f9_hides_the_position_editor_and_gives_the_matrix_its_width(qtbot, window):
    view = window.show_view("positions")
    qtbot.waitUntil(lambda: view.panel.isVisible())
    before = view.splitter.widget(0).width()
    action = window.panels.side_action
    assert action.isEnabled() and action.isChecked() and action.shortcut().toString() == "F9"
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: not view.panel.isVisible())
    assert not action.isChecked()
    qtbot.waitUntil(lambda: view.splitter.widget(0).width() > before + 200)  # the matrix took the editor's room
    assert window.views["tour"].side_panel().isVisibleTo(window.views["tour"])  # each view its own panel
    qtbot.keyClick(view.table, Qt.Key.Key_F9)
    qtbot.waitUntil(view.panel.isVisible)
    assert action.isChecked() and view.splitter.sizes()[1] > 200


def test_text_typed_in_a_hidden_panel_is_kept(qtbot, window, settle):
    view = window.show_view("positions")
    view.table.setCurrentIndex(view.model.index(0, 0))
    qtbot.waitUntil(lambda: view.panel.cell is not None)
    view.panel.comment_edit.setPlainText("Instructions from capital awaited.")
    window.panels.side_action.trigger()
    assert not view.panel.isVisible()
    assert view.unsaved()  # still asked about on closing: hiding is not dropping
    window.panels.side_action.trigger()
    assert view.panel.comment_edit.toPlainText() == "Instructions from capital awaited."
    view.discard_unsaved()  # or closing the window would ask about it


def test_a_panel_dragged_shut_is_said_in_the_menu_and_f9_opens_it_again(qtbot, window):
    view = window.show_view("tour")
    splitter = view.splitter
    qtbot.waitUntil(lambda: splitter.sizes()[1] > 0)
    splitter.moveSplitter(splitter.width(), 1)  # the handle dragged to the right edge
    assert splitter.sizes()[1] == 0 and splitter.sizes()[0] > 0  # the side shuts; the text keeps its room
    assert not window.panels.side_action.isChecked()
    window.panels.side_action.trigger()
    assert splitter.sizes()[1] > 100 and window.panels.side_action.isChecked()


def test_views_without_a_side_panel_have_the_entry_off(window):
    window.show_view("consensus")
    assert not window.panels.side_action.isEnabled()
    window.show_view("positions")
    assert window.panels.side_action.isEnabled()


def test_the_navigation_list_hides_and_the_views_stay_on_their_keys(qtbot, window):
    sidebar = window.sidebar
    assert sidebar.isVisible()
    width = window.stack.width()
    window.panels.navigation_action.trigger()
    assert not sidebar.isVisible() and not window.panels.navigation_action.isChecked()
    qtbot.waitUntil(lambda: window.stack.width() >= width + sidebar.width() - 2)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # the fifth view
    assert window.stack.currentWidget() is window.views["consensus"]


def test_hidden_panels_are_remembered(qtbot, tmp_path, demo_path):
    path = str(tmp_path / "panels.ini")
    first = open_window(qtbot, QSettings(path, QSettings.Format.IniFormat), demo_path)
    first.show_view("positions")
    first.panels.side_action.trigger()
    first.panels.navigation_action.trigger()
    first.close()
    second = open_window(qtbot, QSettings(path, QSettings.Format.IniFormat), demo_path)
    view = second.show_view("positions")
    assert not view.panel.isVisibleTo(view) and not second.sidebar.isVisibleTo(second)
    assert not second.panels.side_action.isChecked() and not second.panels.navigation_action.isChecked()
    second.show_view("tour")
    assert second.panels.side_action.isChecked()  # only the panel that was hidden


def test_on_the_start_page_the_panel_entries_are_off(qtbot, settings):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    assert not w.panels.side_action.isEnabled() and not w.panels.navigation_action.isEnabled()
