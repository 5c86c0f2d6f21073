"""The app shows the core's rules, not its own copies of them: who may edit, overdue, colours."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from qroundtable import palette
from qroundtable.permissions import may_edit
from qroundtable.roundtable import Roundtable
from qroundtable.ui import style
from qroundtable.ui.models.action_table import ActionTableModel, OverdueRole
from qroundtable.ui.models.position_matrix import EditableRole, PositionMatrixModel


@pytest.fixture
def jp_copy(tmp_path, demo_path):
    with Roundtable.open(demo_path) as master:
        path = master.save_delegation_copy(tmp_path / "jp.qrt", "JP")
    with Roundtable.open(path) as copy:
        yield copy


@pytest.mark.parametrize("which", ["master", "JP's copy"])
def test_editable_cells_and_rows_are_the_ones_may_edit_allows(qtbot, demo_path, jp_copy, which):
    rt = Roundtable.open(demo_path) if which == "master" else jp_copy
    try:
        matrix = PositionMatrixModel()
        matrix.load(rt)
        for row in range(matrix.rowCount()):
            index = matrix.index(row, 0)
            code = matrix.cell_at(index)[0].code
            assert matrix.is_editable(index) is index.data(EditableRole) is may_edit(rt.info, code)
        actions = ActionTableModel(SimpleNamespace(rt=rt))
        actions.reload()
        assert [actions.can_edit(a) for a in rt.actions.list()] == [may_edit(rt.info, a.owner)
                                                                    for a in rt.actions.list()]
        assert any(matrix.is_editable(matrix.index(r, 0)) for r in range(matrix.rowCount()))
    finally:
        if which == "master":
            rt.close()


def test_the_action_table_marks_overdue_by_the_core_rule(qtbot, jp_copy):
    actions = ActionTableModel(SimpleNamespace(rt=jp_copy))
    actions.today = date(2026, 12, 1)
    actions.reload()
    marked = [actions.index(r, 0).data(OverdueRole) for r in range(actions.rowCount())]
    assert marked == [actions.item_at(r).is_overdue(date(2026, 12, 1)) for r in range(actions.rowCount())]
    assert any(marked)
    late = marked.index(True)
    assert actions.index(late, 0).data(Qt.ItemDataRole.BackgroundRole).name().upper() == palette.OVERDUE_FILL


def test_the_apps_colours_are_the_palettes():
    assert {s: c.name().upper() for s, c in style.STATUS_COLORS.items()} == palette.STATUS_FILL
    assert style.STALE_TEXT.name().upper() == palette.STALE_INK
    assert style.NO_POSITION_COLOR.name().upper() == palette.NO_POSITION_FILL
