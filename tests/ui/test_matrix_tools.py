"""The positions matrix: Ctrl+C copies cells for a spreadsheet; the principle filter shows only
what needs work."""

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from qroundtable.stances import Stance, Status
from qroundtable.ui.views.matrix import PositionsView


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
    selection = view.table.selectionModel()
    selection.setCurrentIndex(index_of(view, *cells[0]), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    for cell in cells[1:]:
        index = index_of(view, *cell)
        selection.select(QItemSelection(index, index), QItemSelectionModel.SelectionFlag.Select)


def test_ctrl_c_puts_the_selected_cells_with_their_labels_on_the_clipboard(qtbot, view, session):
    select(view, ("JP", 4), ("JP", 5), ("CH", 4))
    QApplication.clipboard().clear()
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QApplication.clipboard().text()
    lines = [line.split("\t") for line in text.splitlines()]
    assert lines[0] == ["", "P4", "P5"]
    by_code = {line[0]: line[1:] for line in lines[1:]}
    assert set(by_code) == {"JP", "CH"}

    assert by_code["CH"][0].startswith("Object")  # CH objects to principle 4 in the demo
    assert by_code["CH"][1] == ""  # not selected: left empty, so the table keeps its shape
    assert by_code["JP"][0].startswith("Reservation")
    assert all(len(line) == 3 for line in lines)
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line)


def test_only_contested_hides_the_other_principles_and_follows_a_new_stance(qtbot, view, session, settle):
    combo = view.principle_filter
    combo.setCurrentIndex(combo.findText("Only contested"))
    contested = {c.principle for c in session.rt.consensus() if c.status is Status.CONTESTED}
    assert contested == {4}

    def shown():
        return {p.number for i, p in enumerate(view.model.principles) if not view.table.isColumnHidden(i)}

    assert shown() == {4}
    assert view.shown_label.text().startswith("1 of 7 principles")
    view.table.setCurrentIndex(index_of(view, "JP", 2))
    view.set_stance(Stance.OBJECT)
    settle(session)
    assert shown() == {2, 4}  # JP's objection made principle 2 contested
    combo.setCurrentIndex(combo.findText("Only where someone objects"))
    assert shown() == {2, 4}
    combo.setCurrentIndex(combo.findText("All principles"))
    assert shown() == {p.number for p in session.rt.principles.list()}
    assert session.errors == []
