"""The action items view on the demo roundtable: model, filters, in-place edits, overdue, permissions."""

import os
import tempfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from qroundtable.model import ActionStatus
from qroundtable.ui.models.action_table import (DUE, OVERDUE_BACKGROUND, OVERDUE_MARK, STATUS, TITLE,
                                                ActionFilterModel, OverdueRole)
from qroundtable.ui.views.actions import NO_DATE, ActionDialog, ActionsView

# Renders for a person to look at: kept where QRT_SHOTS points, else in a throwaway folder.
SHOTS = Path(os.environ.get("QRT_SHOTS") or tempfile.mkdtemp(prefix="qrt-shots-"))
IWG = "Use the International IWG"  # the demo's US item due 2026-11-20, still open


@pytest.fixture
def view(qtbot, session):
    v = ActionsView(session)
    qtbot.addWidget(v)
    v.today = date(2026, 11, 1)  # before every demo due date: nothing overdue unless a test says so
    return v


def action_id(session, title_start: str) -> str:
    return next(a.id for a in session.rt.actions.list() if a.title.startswith(title_start))


def shown_titles(view) -> list[str]:
    return [view.proxy.index(r, TITLE).data() for r in range(view.proxy.rowCount())]


def test_models_pass_the_model_tester(qtmodeltester, view):
    assert view.model.rowCount() == 7
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)


def test_the_proxy_under_filters_passes_the_model_tester(qtmodeltester, view):
    view.set_filters(owner="US")
    qtmodeltester.check(view.proxy)


def test_status_change_through_the_delegate_is_stored(view, session, settle):
    ident = action_id(session, IWG)
    index = view.proxy_index(ident, STATUS)
    editor = view.status_delegate.createEditor(view.table.viewport(), QStyleOptionViewItem(), index)
    view.status_delegate.setEditorData(editor, index)
    assert editor.currentData() == "open"
    editor.setCurrentIndex(editor.findData("in_progress"))
    view.status_delegate.setModelData(editor, view.proxy, index)
    settle(session)
    assert session.rt.actions.get(ident).status is ActionStatus.IN_PROGRESS
    assert view.proxy_index(ident, STATUS).data() == "In progress"
    assert session.errors == []


def test_status_combo_opened_in_the_table_writes_on_choice(qtbot, view, session, settle):
    from PySide6.QtWidgets import QComboBox

    ident = action_id(session, "Prepare options to close the brackets")
    view.show()
    qtbot.waitExposed(view)
    view.table.edit(view.proxy_index(ident, STATUS))
    combo = view.table.viewport().findChild(QComboBox)
    assert combo is not None and combo.currentData() == "open"
    i = combo.findData("dropped")
    combo.setCurrentIndex(i)
    combo.activated.emit(i)  # what picking the line does
    settle(session)
    assert session.rt.actions.get(ident).status is ActionStatus.DROPPED
    assert view.proxy_index(ident, STATUS).data() == "Dropped"


def test_status_change_through_set_data_and_undo(view, session, settle):
    ident = action_id(session, IWG)
    assert view.proxy.setData(view.proxy_index(ident, STATUS), "done")
    settle(session)
    assert session.rt.actions.get(ident).status is ActionStatus.DONE
    session.undo()
    settle(session)
    assert session.rt.actions.get(ident).status is ActionStatus.OPEN
    assert view.proxy_index(ident, STATUS).data() == "Open"


def test_due_date_through_the_calendar_delegate(view, session, settle):
    ident = action_id(session, IWG)
    index = view.proxy_index(ident, DUE)
    editor = view.due_delegate.createEditor(view.table.viewport(), QStyleOptionViewItem(), index)
    assert editor.calendarPopup()
    view.due_delegate.setEditorData(editor, index)
    assert editor.date() == QDate(2026, 11, 20)
    editor.setDate(QDate(2027, 5, 1))
    view.due_delegate.setModelData(editor, view.proxy, view.proxy_index(ident, DUE))
    settle(session)
    assert session.rt.actions.get(ident).due == "2027-05-01"
    editor.setDate(NO_DATE)  # the lowest date reads "No due date" and clears it
    view.due_delegate.setModelData(editor, view.proxy, view.proxy_index(ident, DUE))
    settle(session)
    assert session.rt.actions.get(ident).due is None
    assert view.proxy_index(ident, DUE).data() == "—"


def test_overdue_items_are_marked_in_colour_and_words(view, session, settle):
    ident = action_id(session, IWG)
    index = view.proxy_index(ident, DUE)
    assert not index.data(OverdueRole) and OVERDUE_MARK not in index.data()

    view.today = date(2026, 11, 21)
    index = view.proxy_index(ident, DUE)
    assert index.data(OverdueRole)
    assert index.data() == f"2026-11-20  {OVERDUE_MARK}"
    assert index.data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    assert view.proxy_index(ident, TITLE).data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    assert "1 overdue" in view.count_label.text()
    # Done or dropped items are never overdue, whatever their date (DK's done item is due 2026-10-31).
    done = action_id(session, "Circulate effective practices")
    assert not view.proxy_index(done, DUE).data(OverdueRole)

    view.set_filters(status=ActionFilterModel.OVERDUE)
    assert shown_titles(view) == [session.rt.actions.get(ident).title]
    view.proxy.setData(view.proxy_index(ident, STATUS), "done")
    settle(session)
    assert shown_titles(view) == []


def test_filters_by_owner_status_and_text(view, session):
    view.set_filters(owner="US")
    assert len(shown_titles(view)) == 2
    assert "2 of 7 shown" in view.count_label.text()
    view.set_filters(owner=None, status="done")
    assert shown_titles(view) == ["Circulate effective practices for streamlining formal arrangements (MOUs, MOAs)"]
    view.set_filters(status=ActionFilterModel.PENDING)
    assert len(shown_titles(view)) == 6
    view.set_filters(status=None, text="BRACKETS")
    assert shown_titles(view) == ["Prepare options to close the brackets in principle 5"]
    view.set_filters(text="Esha")  # the assignee is searched too
    assert shown_titles(view) == ["Propose a dedicated, long-term mechanism to fund international QIST collaboration"]
    view.set_filters(text="")
    assert len(shown_titles(view)) == 7


def test_sorting_by_due_date_and_status(view):
    view.table.sortByColumn(DUE, Qt.SortOrder.AscendingOrder)
    dues = [view.proxy.index(r, DUE).data(Qt.ItemDataRole.EditRole) for r in range(view.proxy.rowCount())]
    assert dues == sorted(dues)
    view.table.sortByColumn(STATUS, Qt.SortOrder.DescendingOrder)
    assert view.proxy.index(0, STATUS).data() == "Done"


def test_sorting_keeps_the_selected_item_and_passes_the_model_tester(qtmodeltester, view, session):
    ident = action_id(session, IWG)
    view.select_action(ident)
    view.table.sortByColumn(TITLE, Qt.SortOrder.DescendingOrder)
    titles = shown_titles(view)
    assert titles == sorted(titles, key=str.lower, reverse=True)
    assert view.selected_item().id == ident
    qtmodeltester.check(view.proxy)


def test_a_view_made_before_the_file_is_opened_fills_when_it_opens(qtbot, demo_path):
    from qroundtable.ui.session import Session

    s = Session()
    v = ActionsView(s)
    qtbot.addWidget(v)
    assert v.model.rowCount() == 0 and not v.add_button.isEnabled()
    assert s.open(demo_path).wait()
    try:
        assert v.model.rowCount() == 7 and v.add_button.isEnabled()
        assert v.owner_filter.count() == 13  # "All owners" and the twelve delegations
    finally:
        s.close()


def test_add_and_remove_an_action(view, session, settle):
    view.ask_new_action = lambda: {"title": "Circulate a glossary", "owner": "FI", "assignee": "", "due": "2027-02-01",
                                   "principle": 6, "meeting": None, "detail": "Terms used in principle 6."}
    pending = view.add_action()
    settle(session)
    assert pending.ok
    added = next(a for a in session.rt.actions.list() if a.title == "Circulate a glossary")
    assert (added.owner, added.due, added.principle, added.status) == ("FI", "2027-02-01", 6, ActionStatus.OPEN)
    assert view.model.rowCount() == 8
    assert view.selected_item().id == added.id

    view.confirm = lambda question: True
    assert view.remove_selected()
    settle(session)
    assert all(a.id != added.id for a in session.rt.actions.list())
    assert view.model.rowCount() == 7
    session.undo()  # removing is undoable
    settle(session)
    assert view.model.row_of(added.id) is not None


def test_a_refused_add_is_reported_not_raised(view, session, settle):
    view.ask_new_action = lambda: {"title": "", "owner": "FI", "due": None}
    pending = view.add_action()
    settle(session)
    assert not pending.ok
    assert session.errors and "title" in session.errors[0]
    assert view.model.rowCount() == 7


def test_the_add_dialog_collects_its_fields(qtbot, session):
    dialog = ActionDialog(session.rt)
    qtbot.addWidget(dialog)
    dialog.title.setText("Map national testbeds")
    dialog.owner.setCurrentIndex(dialog.owner.findData("SE"))
    dialog.due.setDate(QDate(2027, 6, 30))
    dialog.principle.setCurrentIndex(dialog.principle.findData(5))
    dialog.detail.setPlainText("Shared access.")
    values = dialog.values()
    assert values["title"] == "Map national testbeds" and values["owner"] == "SE"
    assert values["due"] == "2027-06-30" and values["principle"] == 5 and values["detail"] == "Shared access."
    dialog.due.setDate(NO_DATE)
    assert dialog.values()["due"] is None


def test_a_delegation_copy_edits_only_its_own_items(qtbot, tmp_path, session, settle, hand_out):
    from qroundtable.ui.session import Session

    hand_out(session, tmp_path / "de.qrt", "DE")
    de = Session()
    de.errors = []
    de.report_error = de.errors.append
    assert de.open(tmp_path / "de.qrt").wait()
    try:
        view = ActionsView(de)
        qtbot.addWidget(view)
        own = action_id(de, "Coordinate ahead of standards meetings")  # DE's
        other = action_id(de, IWG)  # the United States'
        assert view.proxy_index(own, STATUS).flags() & Qt.ItemFlag.ItemIsEditable
        assert not view.proxy_index(other, STATUS).flags() & Qt.ItemFlag.ItemIsEditable
        assert not view.proxy_index(other, DUE).flags() & Qt.ItemFlag.ItemIsEditable
        assert "only US's copy or the secretariat" in view.proxy_index(other, TITLE).data(Qt.ItemDataRole.ToolTipRole)

        assert not view.proxy.setData(view.proxy_index(other, STATUS), "done")
        assert de.rt.actions.get(other).status is ActionStatus.OPEN
        view.select_action(other)
        assert not view.remove_button.isEnabled() and not view.detail_button.isEnabled()
        assert "only US's copy" in view.remove_button.toolTip()

        assert view.proxy.setData(view.proxy_index(own, STATUS), "in_progress")
        settle(de)
        assert de.rt.actions.get(own).status is ActionStatus.IN_PROGRESS
        view.select_action(own)
        assert view.remove_button.isEnabled()

        dialog = ActionDialog(de.rt)
        qtbot.addWidget(dialog)
        assert [dialog.owner.itemData(i) for i in range(dialog.owner.count())] == ["DE"]
        assert de.errors == []
    finally:
        de.close()


def test_owner_and_principle_are_edited_in_place_through_their_combos(view, session, settle):
    from qroundtable.ui.models.action_table import OWNER, PRINCIPLE

    ident = action_id(session, IWG)
    for col, delegate, pick, stored in ((OWNER, view.owner_delegate, "JP", lambda a: a.owner),
                                        (PRINCIPLE, view.principle_delegate, 3, lambda a: a.principle),
                                        (PRINCIPLE, view.principle_delegate, None, lambda a: a.principle)):
        index = view.proxy_index(ident, col)
        assert index.flags() & Qt.ItemFlag.ItemIsEditable
        editor = delegate.createEditor(view.table.viewport(), QStyleOptionViewItem(), index)
        delegate.setEditorData(editor, index)
        assert editor.currentData() == stored(session.rt.actions.get(ident))  # opens on the value in force
        editor.setCurrentIndex(editor.findData(pick))
        delegate.setModelData(editor, view.proxy, view.proxy_index(ident, col))
        settle(session)
        assert stored(session.rt.actions.get(ident)) == pick
    assert session.errors == []
    assert view.proxy_index(ident, OWNER).data() == "JP"


def test_a_delegation_copy_cannot_hand_its_items_to_another_delegation(qtbot, tmp_path, session, hand_out):
    from qroundtable.ui.models.action_table import OWNER, PRINCIPLE
    from qroundtable.ui.session import Session

    hand_out(session, tmp_path / "de.qrt", "DE")
    de = Session()
    assert de.open(tmp_path / "de.qrt").wait()
    try:
        view = ActionsView(de)
        qtbot.addWidget(view)
        own = action_id(de, "Coordinate ahead of standards meetings")
        assert not view.proxy_index(own, OWNER).flags() & Qt.ItemFlag.ItemIsEditable
        assert view.proxy_index(own, PRINCIPLE).flags() & Qt.ItemFlag.ItemIsEditable
    finally:
        de.close()


def test_a_changed_due_date_moves_the_item_to_its_place_in_the_order(view, session, settle):
    view.table.sortByColumn(DUE, Qt.SortOrder.AscendingOrder)
    ident = action_id(session, IWG)
    assert view.proxy.setData(view.proxy_index(ident, DUE), "2020-01-01")
    settle(session)
    assert view.proxy_index(ident, DUE).row() == 0
    dues = [view.proxy.index(r, DUE).data(Qt.ItemDataRole.EditRole) for r in range(view.proxy.rowCount())]
    dated = [d for d in dues if d.isValid() and d != NO_DATE]
    assert dated == sorted(dated)


def test_the_detail_is_rewritten_after_creation_and_undo_brings_the_old_one_back(qtbot, view, session, settle):
    ident = action_id(session, IWG)
    before = session.rt.actions.get(ident).detail
    view.select_action(ident)
    assert view.detail_button.isEnabled()
    asked = []
    view.ask_detail = lambda item: asked.append(item.detail) or "Draft terms of reference by March."
    view.detail_button.click()
    settle(session)
    assert asked == [before]  # the dialog opens on the detail in force
    assert session.rt.actions.get(ident).detail == "Draft terms of reference by March."
    qtbot.waitUntil(lambda: "Draft terms of reference by March." in view.detail.text())
    session.undo()
    settle(session)
    assert session.rt.actions.get(ident).detail == before
    view.ask_detail = lambda item: None  # cancelled: nothing written
    view.detail_button.click()
    settle(session)
    assert session.rt.actions.get(ident).detail == before and session.errors == []
