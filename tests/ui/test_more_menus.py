"""Find, the roundtable's history, Save as PDF, Save a copy and Help, as the window offers them."""

import subprocess
import unicodedata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from qroundtable.roundtable import Roundtable
from qroundtable.ui.help_dialogs import GUIDE, shortcut_rows
from qroundtable.ui.main_window import VIEWS, MainWindow


@pytest.fixture
def window(qtbot, settings, demo_path):
    w = MainWindow(settings)
    w.session.errors = []
    w.session.report_error = w.session.errors.append
    qtbot.addWidget(w)
    assert w.open_path(demo_path).wait()
    w.show()
    return w


def test_ctrl_f_finds_a_comment_and_enter_goes_to_its_cell(qtbot, window, settle):
    window.session.apply(lambda rt: rt.positions.set("KR", 3, "reservation", comment="Awaiting capital"))
    settle(window.session)
    assert window.more.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    window.more.find_action.trigger()
    dialog = window.more.find_dialog
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.field, "awaiting CAPITAL")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)  # searches at once
    assert dialog.results.count() == 1 and "KR on P3" in dialog.results.item(0).text()
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)  # goes there
    matrix = window.views["positions"]
    assert window.stack.currentWidget() is matrix
    d, p = matrix.model.cell_at(matrix.table.currentIndex())
    assert (d.code, p.number) == ("KR", 3)


def test_find_goes_to_a_principle_and_to_a_delegation(qtbot, window):
    dialog = window.more.open_find()
    dialog.field.setText("research security")
    found = dialog.search()
    assert found[0].kind == "principle" and found[0].principle == 4
    dialog.go()
    assert window.stack.currentWidget() is window.views["principles"]
    assert window.views["principles"].current_principle().number == 4
    dialog.field.setText("Korea")
    dialog.search()
    dialog.results.setCurrentRow(0)
    dialog.go()
    assert window.views["delegations"].selected_code() == "KR"
    dialog.field.setText("nothing like this anywhere")
    assert dialog.search() == [] and "Nothing contains" in dialog.summary.text()
    assert window.session.errors == []


def test_history_dialog_lists_newest_first_and_filters_by_delegation(window, settle):
    window.session.apply(lambda rt: rt.positions.set("JP", 2, "object", comment="Too broad"))
    settle(window.session)
    dialog = window.more.open_history()
    assert "JP on P2: Object" in dialog.texts()[0]
    dialog.delegation.setCurrentIndex(dialog.delegation.findData("DK"))
    texts = dialog.texts()
    assert texts and not any("JP on P2" in t for t in texts) and all("DK" in t for t in texts)
    assert not dialog.newer.isEnabled()


def pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFKC", text).split())  # the PDF sets "fi" as one ligature


def test_save_as_pdf_writes_the_principle_titles(window, tmp_path):
    window.show_view("principles")
    out = window.more.save_pdf(tmp_path / "principles.pdf")
    assert out is not None and out.read_bytes().startswith(b"%PDF")
    flat = pdf_text(out)
    for p in window.session.rt.principles.list():
        assert p.title in flat, p.title
    assert "Contested" in flat
    assert window.more.save_pdf(tmp_path / "no folder" / "x.pdf") is None
    assert len(window.session.errors) == 1 and "could not write" in window.session.errors[0]


def test_save_a_copy_is_a_whole_working_copy(window, tmp_path, settle):
    window.session.apply(lambda rt: rt.positions.set("JP", 2, "object", comment="Kept in the copy"))
    settle(window.session)
    dest = tmp_path / "copy.qrt"
    assert window.more.save_copy(dest).wait()
    with Roundtable.open(dest, read_only=True) as copy:
        assert copy.positions.get("JP", 2).comment == "Kept in the copy"
        assert copy.info.title == window.session.rt.info.title
    window.session.errors.clear()
    window.more.save_copy(dest).wait()  # exists: refused, in one message, nothing changed
    assert len(window.session.errors) == 1 and "already exists" in window.session.errors[0]


def test_shortcuts_come_from_the_actions_and_the_guide_covers_every_page(window):
    rows = dict((text, keys) for keys, text in shortcut_rows(window))
    assert rows["Find"] == QKeySequence(QKeySequence.StandardKey.Find).toString(QKeySequence.SequenceFormat.NativeText)
    assert "Undo" in rows and "Positions" in rows
    window.more.find_action.setShortcut(QKeySequence("Ctrl+Alt+F"))  # a changed key shows at once
    assert dict((text, keys) for keys, text in shortcut_rows(window))["Find"] == "Ctrl+Alt+F"
    dialog = window.more.show_shortcuts()
    assert "Ctrl+Alt+F" in dialog.browser.toPlainText() and "Reservation" in dialog.browser.toPlainText()
    assert set(GUIDE) == {key for key, _, _ in VIEWS}
    guide = window.more.show_guide().browser.toPlainText()
    assert all(title in guide for _, title, _ in VIEWS)


def test_save_as_pdf_of_the_matrix_and_of_the_action_items(window, tmp_path, monkeypatch):
    from qroundtable.ui import printing

    window.show_view("positions")
    flat = pdf_text(window.more.save_pdf(tmp_path / "matrix.pdf"))
    assert "P1 P2 P3" in flat and "CH" in flat and "OBJ" in flat and "RES" in flat
    window.show_view("actions")
    flat = pdf_text(window.more.save_pdf(tmp_path / "actions.pdf"))
    for item in window.session.rt.actions.list():
        assert item.title.split()[0] in flat and item.owner in flat
    window.show_view("positions")
    monkeypatch.setattr(printing, "MATRIX_CELLS_MAX", 10)  # as a 195 x 200 matrix is
    assert window.more.save_pdf(tmp_path / "big.pdf") is None and not (tmp_path / "big.pdf").exists()
    assert "Excel" in window.session.errors[-1]
