"""Key presses during an import: the window keeps taking them, and every one is written after the import."""

import pytest
from PySide6.QtCore import QItemSelectionModel
from sync_world import make_world

from qroundtable.stances import STANCE_ORDER
from qroundtable.ui.views.matrix import PositionsView

CODES = ("AU", "DK", "FI", "FR", "DE", "JP", "KR", "NL", "SE", "CH", "GB")


@pytest.fixture
def batch(tmp_path):
    """The demo as master and a snapshot from each of eleven delegations adding 1,500 members each."""
    world = make_world(tmp_path, CODES)
    files = []
    for code in CODES:
        rt = world.copies[code]
        with rt.batch(f"{code} members"):
            for i in range(1500):
                rt.delegations.add_member(code, f"Adviser {i}", "Ministry", "Expert")
        files.append(tmp_path / f"{code.lower()}-1.qrts")
        rt.sync.export_snapshot(files[-1])
    world.close()
    return world.master.path, files


def test_stances_keyed_during_an_import_are_all_written_after_it(qtbot, batch, settle):
    from qroundtable.ui.session import Session

    master, files = batch
    session = Session()
    session.errors = []
    session.report_error = session.errors.append
    assert session.open(master).wait()
    try:
        view = PositionsView(session)
        qtbot.addWidget(view)
        view.resize(1360, 860)
        view.show()
        qtbot.waitExposed(view)
        model, cells = view.model, []
        importing = session.run("Importing", lambda rt, progress: rt.sync.import_files(files, progress=progress),
                                reopen=True)
        during = 0
        for i in range(60):  # a chair keeps recording through the import
            d, p = model.delegations[i % len(model.delegations)], model.principles[i // len(model.delegations)]
            stance = STANCE_ORDER[i % 5]
            cells.append((d.code, p.number, stance))
            view.table.selectionModel().setCurrentIndex(model.cell_index(d.id, p.id),
                                                        QItemSelectionModel.SelectionFlag.ClearAndSelect)
            during += not importing.done
            qtbot.keyClick(view.table, str(i % 5 + 1))
        assert during >= 10, "the import ended before the keys were pressed; make it bigger"
        settle(session, timeout=60_000)
        assert importing.ok and session.errors == []
        assert importing.result.applied > 0 and len(session.rt.delegations.members("JP")) >= 1500
        recorded = {(p.delegation, p.principle): p.stance for p in session.rt.positions.list()}
        assert [recorded.get((code, n)) for code, n, _ in cells] == [stance for _, _, stance in cells]
        assert all(model.position(d.id, p.id).stance == STANCE_ORDER[i % 5]  # and the matrix shows them
                   for i, (d, p) in enumerate((model.delegations[i % 12], model.principles[i // 12])
                                              for i in range(60)))
    finally:
        session.close()
