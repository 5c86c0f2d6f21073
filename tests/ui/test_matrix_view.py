"""The positions matrix: its model, keyboard edits through the session, filters and copies."""

import os
import tempfile
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from qroundtable.stances import Stance
from qroundtable.ui.models.position_matrix import PositionMatrixModel, StanceRole
from qroundtable.ui.style import STALE_COLOR, STANCE_COLORS
from qroundtable.ui.views.matrix import PositionsView

# Renders for a person to look at: kept where QRT_SHOTS points, else in a throwaway folder.
SHOTS = Path(os.environ.get("QRT_SHOTS") or tempfile.mkdtemp(prefix="qrt-shots-"))


@pytest.fixture
def view(qtbot, session):
    v = PositionsView(session)
    qtbot.addWidget(v)
    v.resize(1360, 860)
    v.show()
    qtbot.waitExposed(v)
    return v


def index_of(view, code, number):
    rt = view.session.rt
    return view.model.cell_index(rt.delegations.get(code).id, rt.principles.get(number).id)


def select(view, *cells):
    """Make `cells` [(code, number)] the selection, the first one current."""
    selection = view.table.selectionModel()
    first = index_of(view, *cells[0])
    selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    for cell in cells[1:]:
        index = index_of(view, *cell)
        selection.select(QItemSelection(index, index), QItemSelectionModel.SelectionFlag.Select)


def shot(view, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.resize(1360, 860)
    QApplication.processEvents()
    assert view.grab().save(str(SHOTS / name))


# -- the model --------------------------------------------------------------------------------------


@pytest.mark.parametrize("transposed", [False, True])
def test_model_passes_qt_model_tester(qtmodeltester, session, transposed):
    model = PositionMatrixModel()
    model.load(session.rt)
    model.set_transposed(transposed)
    assert model.rowCount() == (7 if transposed else 12)
    qtmodeltester.check(model)


def test_model_shows_stances_and_headers(session):
    model = PositionMatrixModel()
    model.load(session.rt)
    rt = session.rt
    position = rt.positions.get("AU", 1)
    index = model.cell_index(rt.delegations.get("AU").id, rt.principles.get(1).id)
    assert index.data() == position.stance.short
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == STANCE_COLORS[position.stance]
    assert "Australia" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(0, Qt.Orientation.Vertical) == "AU"
    assert model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole).startswith("Australia")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "P1"
    assert "Scientific collaboration" in model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


def test_stale_cells_are_marked(session):
    model = PositionMatrixModel()
    model.load(session.rt)
    rt = session.rt
    stale = [p for p in rt.positions.list() if p.stale]
    assert stale, "the demo has positions given on an older text"
    for p in stale:
        index = model.cell_index(rt.delegations.get(p.delegation).id, rt.principles.get(p.principle).id)
        assert index.data() == p.stance.short + "*"
        assert index.data(Qt.ItemDataRole.BackgroundRole).color() == STALE_COLOR
        assert model.data(index, Qt.ItemDataRole.FontRole).italic()
        assert "Stale" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_transposed_swaps_axes_with_one_reset(qtbot, session):
    model = PositionMatrixModel()
    model.load(session.rt)
    rt = session.rt
    ids = rt.delegations.get("JP").id, rt.principles.get(3).id
    before = model.cell_index(*ids).data()
    with qtbot.waitSignal(model.modelReset):
        model.set_transposed(True)
    assert (model.rowCount(), model.columnCount()) == (7, 12)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "AU"
    assert model.headerData(0, Qt.Orientation.Vertical) == "P1"
    index = model.cell_index(*ids)
    assert (index.row(), index.column()) == (2, 7)
    assert index.data() == before
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_transposed(True)  # unchanged: no reset


# -- keyboard edits ------------------------------------------------------------------------------------


def test_key_5_records_object_without_resetting(qtbot, view, session, settle):
    rt = session.rt
    select(view, ("JP", 2))
    changed = []
    view.model.dataChanged.connect(lambda a, b, roles: changed.append((a.row(), a.column(), b.row(), b.column())))
    with qtbot.assertNotEmitted(view.model.modelReset):
        qtbot.keyClick(view.table, "5")
        settle(session)
    assert rt.positions.get("JP", 2).stance == Stance.OBJECT
    index = index_of(view, "JP", 2)
    assert index.data() == "OBJ"
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == STANCE_COLORS[Stance.OBJECT]
    assert view.model.data(index, StanceRole) == Stance.OBJECT
    assert any(r0 <= index.row() <= r1 and c0 <= index.column() <= c1 for r0, c0, r1, c1 in changed)
    assert session.errors == []
    # the side panel follows the current cell
    assert "Object" in view.panel.stance_text.text()


def test_undo_restores_a_single_edit(qtbot, view, session, settle):
    rt = session.rt
    before = rt.positions.get("DK", 4)
    select(view, ("DK", 4))
    qtbot.keyClick(view.table, "3")
    settle(session)
    assert rt.positions.get("DK", 4).stance == Stance.RESERVATION
    with qtbot.assertNotEmitted(view.model.modelReset):
        session.undo()
        settle(session)
    after = rt.positions.get("DK", 4)
    index = index_of(view, "DK", 4)
    if before is None:
        assert after is None and index.data() == ""
    else:
        assert after.stance == before.stance
        assert index.data() == before.stance.short + ("*" if before.stale else "")


def test_multi_cell_key_is_one_undo_step(qtbot, view, session, settle):
    rt = session.rt
    cells = [("AU", 1), ("FR", 3), ("SE", 6), ("US", 7)]
    before = {c: rt.positions.get(*c) for c in cells}
    select(view, *cells)
    qtbot.keyClick(view.table, "2")
    settle(session)
    for c in cells:
        assert rt.positions.get(*c).stance == Stance.SUPPORT_WITH_AMENDMENTS
        assert index_of(view, *c).data() == "S+A"
    session.undo()
    settle(session)
    for c in cells:
        now = rt.positions.get(*c)
        assert (now.stance if now else None) == (before[c].stance if before[c] else None)
    assert session.errors == []


def test_delete_clears_selected_positions(qtbot, view, session, settle):
    rt = session.rt
    cells = [c for c in [("AU", 1), ("DE", 1), ("JP", 2)] if rt.positions.get(*c)]
    assert len(cells) >= 2
    select(view, *cells)
    with qtbot.assertNotEmitted(view.model.modelReset):
        qtbot.keyClick(view.table, Qt.Key.Key_Delete)
        settle(session)
    for c in cells:
        assert rt.positions.get(*c) is None
        assert index_of(view, *c).data() == ""
    session.undo()
    settle(session)
    assert all(rt.positions.get(*c) for c in cells)


def test_enter_opens_the_editor_and_records_stance_and_comment(qtbot, view, session, settle):
    asked = []

    def ask(parent, delegation, principle, position):
        asked.append((delegation.code, principle.number))
        return Stance.RESERVATION, "Ad referendum: awaiting capital"

    view.ask_position = ask
    select(view, ("KR", 5))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    settle(session)
    assert asked == [("KR", 5)]
    position = session.rt.positions.get("KR", 5)
    assert (position.stance, position.comment, position.stale) == (Stance.RESERVATION,
                                                                   "Ad referendum: awaiting capital", False)
    assert index_of(view, "KR", 5).data() == "RES"


def test_side_panel_saves_comment_and_shows_history(qtbot, view, session, settle):
    select(view, ("NL", 1))
    before = len(session.rt.positions.history("NL", 1))
    view.panel.stance_combo.setCurrentIndex(1)  # Support
    view.panel.comment_edit.setPlainText("Can join consensus")
    assert view.panel.save_button.isEnabled()
    view.panel.save_button.click()
    settle(session)
    position = session.rt.positions.get("NL", 1)
    assert (position.stance, position.comment) == (Stance.SUPPORT, "Can join consensus")
    assert len(session.rt.positions.history("NL", 1)) == before + 1
    assert "Can join consensus" in view.panel.history.toPlainText()


def test_stale_edit_refreshes_column_after_new_version(view, session, settle):
    rt = session.rt
    text = rt.principles.get(2).text + " Revised."
    session.apply(lambda rt: rt.principles.edit(2, text))
    settle(session)
    supported = [p for p in rt.positions.list(principle=2)]
    assert supported and all(p.stale for p in supported)
    for p in supported:
        assert index_of(view, p.delegation, 2).data().endswith("*")



def test_a_comment_typed_in_the_panel_is_saved_when_another_cell_is_chosen(qtbot, view, session, settle):
    select(view, ("NL", 1))
    stance = session.rt.positions.get("NL", 1).stance
    view.panel.comment_edit.setPlainText("Capital confirms, with the usual caveat")
    select(view, ("NL", 2))  # clicking elsewhere must not throw the typing away
    settle(session)
    position = session.rt.positions.get("NL", 1)
    assert (position.stance, position.comment) == (stance, "Capital confirms, with the usual caveat")
    assert session.errors == []


def test_passing_over_a_stale_cell_restates_nothing(qtbot, view, session, settle):
    fr5 = session.rt.positions.get("FR", 5)
    assert fr5.stale  # the demo's FR gave its support on an older text of principle 5
    history = len(session.rt.positions.history("FR", 5))
    select(view, ("FR", 5))
    select(view, ("FR", 6))
    settle(session)
    assert session.rt.positions.get("FR", 5).stale
    assert len(session.rt.positions.history("FR", 5)) == history


def test_a_key_takes_the_comment_typed_for_its_cell_once(qtbot, view, session, settle):
    select(view, ("SE", 4))
    history = len(session.rt.positions.history("SE", 4))
    view.panel.comment_edit.setPlainText("Only with the bracket on export controls removed")
    view.table.setFocus()
    qtbot.keyClick(view.table, "2")
    select(view, ("SE", 5))
    settle(session)
    position = session.rt.positions.get("SE", 4)
    assert (position.stance, position.comment) == (Stance.SUPPORT_WITH_AMENDMENTS,
                                                   "Only with the bracket on export controls removed")
    assert len(session.rt.positions.history("SE", 4)) == history + 1


def test_a_new_stance_keyed_on_a_cell_with_a_comment_starts_without_it(qtbot, view, session, settle):
    assert session.rt.positions.get("JP", 4).comment.startswith("Technology protection wording")
    select(view, ("JP", 4))
    qtbot.keyClick(view.table, "1")
    settle(session)
    assert session.rt.positions.get("JP", 4).comment == ""
    assert view.panel.comment_edit.toPlainText() == ""
    assert "under review in capital" in view.panel.history.toPlainText()  # still in the history


def test_a_stance_keyed_while_the_writer_is_busy_shows_as_pending_until_written(qtbot, view, session, settle):
    import threading

    release = threading.Event()
    session.run("Importing", lambda rt, progress: release.wait(10), writes=False)  # the writer is busy
    select(view, ("GB", 4))
    index = index_of(view, "GB", 4)
    qtbot.keyClick(view.table, "5")
    look = view.model.cell_look(index)
    assert look[1] == "OBJ" and look[5] is True  # what was keyed, marked as not yet written
    assert "being saved" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert session.rt.positions.get("GB", 4).stance != Stance.OBJECT  # the file does not hold it yet
    shot(view, "matrix-pending.png")
    release.set()
    settle(session)
    assert session.rt.positions.get("GB", 4).stance == Stance.OBJECT
    look = view.model.cell_look(index)
    assert look[1] == "OBJ" and look[5] is False and not view.model.is_pending(index)


def test_a_failing_job_before_a_key_leaves_nothing_pending(qtbot, view, session, settle):
    select(view, ("GB", 4))
    index = index_of(view, "GB", 4)
    before = view.model.cell_look(index)
    session.apply(lambda rt: (_ for _ in ()).throw(ValueError("boom")))  # a failing job queued first
    pending = view.set_stance(Stance.ABSTAIN)
    settle(session)
    assert pending.ok and not view.model.is_pending(index)
    assert view.model.cell_look(index)[1] == "ABS" != before[1]

# -- filter and layout ---------------------------------------------------------------------------------


def test_meeting_filter_hides_non_attendees(qtbot, view, session):
    october = next(m for m in session.rt.meetings.list() if m.title.startswith("October 2023"))
    assert "CH" not in october.attending
    row_ch = index_of(view, "CH", 1).row()
    assert not view.table.isRowHidden(row_ch)
    i = view.meeting_combo.findData(october.id)
    view.meeting_combo.setCurrentIndex(i)
    view.meeting_combo.activated.emit(i)
    assert session.meeting_id == october.id
    assert view.table.isRowHidden(row_ch)
    assert not view.is_delegation_shown("CH") and view.is_delegation_shown("JP")
    assert view.model.rowCount() == 12  # hidden, not rebuilt
    shot(view, "matrix-october-2023.png")
    # transposed, the delegations are columns and CH's is hidden
    view.transpose_button.click()
    assert view.model.transposed
    col_ch = index_of(view, "CH", 1).column()
    assert view.table.isColumnHidden(col_ch) and not any(view.table.isRowHidden(r) for r in range(7))
    shot(view, "matrix-transposed.png")
    # back to everyone
    view.meeting_combo.setCurrentIndex(0)
    view.meeting_combo.activated.emit(0)
    assert session.meeting_id is None
    assert not view.table.isColumnHidden(col_ch)


def test_follows_meeting_chosen_elsewhere(view, session):
    october = next(m for m in session.rt.meetings.list() if m.title.startswith("October 2023"))
    session.set_meeting(october.id)
    assert view.meeting_combo.currentData() == october.id
    assert not view.is_delegation_shown("CH")


def test_painting_keeps_none_alive(view):
    """Painting the matrix must not use up references to None (the app would abort with none_dealloc)."""
    before = sys.getrefcount(None)
    for _ in range(20):
        view.table.viewport().repaint()
    assert sys.getrefcount(None) >= before - 20


# -- a delegation's copy ---------------------------------------------------------------------------------


def test_delegation_copy_edits_only_its_own_row(qtbot, tmp_path, session, settle, hand_out):
    from qroundtable.ui.session import Session

    copy_path = tmp_path / "jp.qrt"
    hand_out(session, copy_path, "JP")
    jp = Session()
    jp.errors = []
    jp.report_error = jp.errors.append
    assert jp.open(copy_path).wait()
    try:
        view = PositionsView(jp)
        qtbot.addWidget(view)
        view.resize(1360, 860)
        rt = jp.rt
        before_dk = rt.positions.get("DK", 3)
        before_dk4 = rt.positions.get("DK", 4)
        unsent = rt.unsent_count()
        select(view, ("DK", 3))
        qtbot.keyClick(view.table, "5")
        settle(jp)
        assert rt.positions.get("DK", 3) == before_dk
        assert rt.unsent_count() == unsent
        assert "belongs to Japan" in view.message.text()
        assert not view.panel.save_button.isEnabled() and view.panel.comment_edit.isReadOnly()
        # The core refuses too, through the session's error seam.
        jp.apply(lambda rt: rt.positions.set("DK", 3, "object"))
        settle(jp)
        assert jp.errors and "Japan" in jp.errors[-1]
        # A mixed selection writes JP's cells only.
        select(view, ("JP", 3), ("DK", 4))
        qtbot.keyClick(view.table, "4")
        settle(jp)
        assert rt.positions.get("JP", 3).stance == Stance.ABSTAIN
        assert rt.positions.get("DK", 4) == before_dk4
        assert index_of(view, "JP", 3).data() == "ABS"
        assert rt.unsent_count() > unsent
        select(view, ("JP", 3))
        assert view.panel.save_button.isEnabled() is False and not view.panel.comment_edit.isReadOnly()
        shot(view, "matrix-jp-copy.png")
    finally:
        jp.close()


def test_position_editor_dialog(qtbot, session):
    from qroundtable.ui.widgets.position_editor import PositionEditor

    rt = session.rt
    dialog = PositionEditor(rt.delegations.get("FR"), rt.principles.get(5), rt.positions.get("FR", 5))
    qtbot.addWidget(dialog)
    assert "older" not in dialog.windowTitle()
    assert dialog.stance() == Stance.SUPPORT  # FR's stale support, offered again
    qtbot.keyClick(dialog, "5")
    assert dialog.stance() == Stance.OBJECT
    dialog.comment.setPlainText("Cannot accept 'timely'")
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "matrix-editor.png"))
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.comment, Qt.Key.Key_Return)


def test_the_legend_keys_the_comment_mark_as_the_cells_draw_it(qtbot):
    from PySide6.QtWidgets import QLabel

    from qroundtable.ui.widgets.stance_cell import COMMENT_MARK
    from qroundtable.ui.widgets.stance_legend import CommentMarkSwatch, StanceLegend

    legend = StanceLegend()
    qtbot.addWidget(legend)
    legend.show()
    qtbot.waitExposed(legend)
    [swatch] = legend.findChildren(CommentMarkSwatch)
    assert any("has a comment" in label.text() for label in legend.findChildren(QLabel))
    image = swatch.grab().toImage()
    corner = image.pixelColor(image.width() - 3, 1)  # inside the drawn triangle
    middle = image.pixelColor(image.width() // 2, image.height() // 2)
    assert corner == COMMENT_MARK and middle != COMMENT_MARK
