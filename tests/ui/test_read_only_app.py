"""The app on a roundtable that cannot be written: a banner says why, edits are off, exports still work."""

import hashlib

import pytest
from mounts import read_only_view
from PySide6.QtCore import QItemSelectionModel

from qroundtable.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, settings):
    w = MainWindow(settings)
    w.session.errors = []
    w.session.report_error = w.session.errors.append
    w.resize(1360, 860)
    qtbot.addWidget(w)
    return w


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_read_only_roundtable_shows_why_and_offers_no_edit(qtbot, window, demo_path, tmp_path, settle):
    with read_only_view(demo_path.parent, tmp_path / "stick") as stick:
        path = stick / demo_path.name
        before = digest(path)
        assert window.open_path(path).wait(), window.session.errors
        window.show()
        assert not window.read_only_banner.isHidden()
        assert "demo.qrt is read-only" in window.read_only_banner.text()
        assert "read-only disk" in window.read_only_banner.text()
        assert not window.undo_action.isEnabled()

        matrix = window.show_view("positions")
        rt = window.session.rt
        cell = matrix.model.cell_index(rt.delegations.get("JP").id, rt.principles.get(4).id)
        matrix.table.selectionModel().setCurrentIndex(cell, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        qtbot.keyClick(matrix.table, "5")
        settle(window.session)
        assert rt.positions.get("JP", 4).stance.value == "reservation" and window.session.errors == []
        assert "read-only" in matrix.message.text() and not matrix.panel.save_button.isEnabled()

        principles = window.show_view("principles")
        principles.select_principle(1)
        assert principles.text_panel.editor.isReadOnly() and not principles.text_panel.save_button.isEnabled()
        assert not principles.amendments_panel.propose_button.isEnabled()
        assert principles.note_panel.editor.isReadOnly()
        assert not window.views["meetings"].save_button.isEnabled()
        assert not window.views["delegations"].add_button.isEnabled()
        assert not window.views["actions"].add_button.isEnabled()
        sync = window.show_view("sync")
        assert not sync.send_button.isEnabled() and "read-only" in sync.send_button.toolTip()

        pending = window.session.apply(lambda rt: rt.positions.set("JP", 4, "object"))  # refused, in one message
        assert not pending.ok and "read-only" in pending.error

        out = tmp_path / "matrix.csv"  # exports still work
        written = window.session.run("Export", lambda rt, progress: rt.export_matrix(out, "csv"), writes=False)
        assert written.wait() and out.read_text().startswith("delegation,")
        assert digest(path) == before
        window.session.ask_unsaved = lambda items, can_save: "discard"
        window.close()
