"""The app as a screen reader and a keyboard user meet it: names for every control, Tab that moves on.

The names are read the way assistive technology reads them, through Qt's QAccessible
interfaces (what Qt hands to AT-SPI on Linux), not from our own attributes.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtWidgets import QApplication

from qroundtable.ui.main_window import VIEWS, MainWindow

R = QAccessible.Role
# What a person can act on; each needs a name a screen reader can say.
INTERACTIVE = {R.PushButton, R.CheckBox, R.RadioButton, R.ComboBox, R.EditableText, R.SpinBox, R.Slider, R.List,
               R.Table, R.Tree, R.PageTabList, R.PageTab, R.Cell, R.ListItem, R.TreeItem, R.ButtonMenu, R.Link}


@pytest.fixture
def window(qtbot, settings, demo_path):
    w = MainWindow(settings)
    w.session.errors = []
    w.session.report_error = w.session.errors.append
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_path(demo_path).wait()
    return w


def unnamed_controls(widget) -> list[str]:
    """Every visible interactive node under `widget` without an accessible name, as role and class."""
    found: list[str] = []

    def walk(iface, depth: int) -> None:
        if iface is None or not iface.isValid() or depth > 40 or iface.state().invisible:
            return
        name = (iface.text(QAccessible.Text.Name) or "").strip()
        # Focusable too: Tab can land on a scroll area or a whole view, and a screen reader then says its name.
        if (iface.role() in INTERACTIVE or iface.state().focusable) and not name:
            owner = iface.object()
            found.append(f"{iface.role().name} {type(owner).__name__ if owner else ''}")
        for i in range(min(iface.childCount(), 500)):
            walk(iface.child(i), depth + 1)

    walk(QAccessible.queryAccessibleInterface(widget), 0)
    return found


@pytest.mark.parametrize("key", [key for key, _, _ in VIEWS])
def test_every_control_of_every_view_has_a_name_a_screen_reader_can_say(qtbot, window, key):
    view = window.show_view(key)
    qtbot.wait(50)
    assert unnamed_controls(view) == []


def test_selecting_a_view_in_the_sidebar_shows_it_as_a_screen_reader_expects(window):
    # Assistive technology selects an item (AT-SPI Selection); that moves the selection, not the current row.
    window.show_view("positions")
    window.sidebar.item([key for key, _, _ in VIEWS].index("consensus")).setSelected(True)
    assert window.stack.currentWidget() is window.views["consensus"]
    assert QAccessible.queryAccessibleInterface(window.sidebar).text(QAccessible.Text.Name) == "Views"


def test_the_start_page_names_its_controls(qtbot, settings):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert unnamed_controls(w.start_page) == []


def test_matrix_cells_say_the_delegation_the_principle_and_the_stance(qtbot, window):
    matrix = window.show_view("positions")
    table = QAccessible.queryAccessibleInterface(matrix.table)
    names = []
    for i in range(table.childCount()):
        child = table.child(i)
        if child is not None and child.role() == R.Cell:
            names.append(child.text(QAccessible.Text.Name))
    assert "Australia, principle 1: Support" in names
    assert any(name.endswith(": Object") for name in names)  # the demo's objection, said in words


def test_an_empty_action_cell_still_says_what_it_is(window):
    view = window.show_view("actions")
    model = view.table.model()
    empties = [model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())
               if not model.index(r, c).data()]
    assert empties, "the demo has action items with empty cells"
    assert all(str(i.data(Qt.ItemDataRole.AccessibleTextRole)).startswith("no ") for i in empties)


def test_tab_leaves_the_matrix_instead_of_walking_its_cells(qtbot, window):
    matrix = window.show_view("positions")
    matrix.table.setFocus()
    qtbot.waitUntil(matrix.table.hasFocus)
    start = matrix.table.currentIndex()
    qtbot.keyClick(matrix.table, Qt.Key.Key_Tab)
    assert not matrix.table.hasFocus()
    assert matrix.table.currentIndex() == start
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert matrix.table.hasFocus()


def test_tab_leaves_the_meeting_summary_and_types_no_tab_character(qtbot, window):
    meetings = window.show_view("meetings")
    meetings.summary_edit.setFocus()
    qtbot.waitUntil(meetings.summary_edit.hasFocus)
    before = meetings.summary_edit.toPlainText()
    qtbot.keyClick(meetings.summary_edit, Qt.Key.Key_Tab)
    assert not meetings.summary_edit.hasFocus()
    assert meetings.summary_edit.toPlainText() == before


def test_ctrl_y_redoes_as_ctrl_shift_z_does(qtbot, window, settle):
    rt = window.session.rt
    assert {QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")} <= set(window.redo_action.shortcuts())
    for keys in ("Ctrl+Y", "Ctrl+Shift+Z"):
        assert window.session.apply(lambda rt: rt.positions.set("CH", 4, "support")).wait()
        window.undo_action.trigger()
        settle(window.session)
        assert rt.positions.get("CH", 4).stance.value == "object"
        window.activateWindow()
        sequence = QKeySequence(keys)[0]
        qtbot.keyClick(window, sequence.key(), sequence.keyboardModifiers())
        settle(window.session)
        assert rt.positions.get("CH", 4).stance.value == "support", keys


@pytest.mark.parametrize("title", ["&View", "&Export", "&Help"])
def test_menu_items_have_their_own_keyboard_letters(window, title):
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    menus["&Export"] = window.export_menu
    texts = [a.text() for a in menus[title].actions() if not a.isSeparator()]
    assert texts and all("&" in t for t in texts), texts
    letters = [t[t.index("&") + 1].lower() for t in texts]
    assert len(letters) == len(set(letters)), texts


def test_the_keyring_is_not_asked_until_the_sync_page_needs_it(qtbot, settings, demo_path, memory_keyring):
    """A locked Secret Service prompts on first use: opening the app and using the other views never does."""
    import keyring

    asked: list[str] = []

    class Recording(type(memory_keyring)):
        def get_password(self, service, username):
            asked.append(username)
            return super().get_password(service, username)

    keyring.set_keyring(Recording())
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_path(demo_path).wait()
    for key, _, _ in VIEWS:
        if key != "sync":
            w.show_view(key)
            qtbot.wait(20)
    assert asked == []
    w.show_view("sync")
    qtbot.waitUntil(lambda: asked != [])  # the Sync page says whether this computer can sign: now it asks
