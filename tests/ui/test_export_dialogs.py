"""File ▸ Export: the positions-matrix and readout dialogs write on a worker, ask before replacing, cancel cleanly."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QProgressDialog, QPushButton

from qroundtable import long_work, spreadsheet
from qroundtable.ui.export_dialogs import MatrixExportDialog


def press_ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def run_inline(job: str, db, kwargs: dict, progress) -> object:
    """`long_work.run` without the child process: the same job, on this thread, with the same progress."""
    from qroundtable.roundtable import Roundtable

    with Roundtable.open(db) as rt:
        return long_work.JOBS[job](rt, progress, **kwargs)


def click_in_top_level(kind, button_text: str, every_ms: int = 50, then=lambda: None) -> None:
    """Once a top-level `kind` (a progress dialog, a message box) shows, press its button like a person."""
    def attempt():
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        buttons = [b for w in shown for b in w.findChildren(QPushButton) if b.text().replace("&", "") == button_text]
        if buttons:
            buttons[0].click()
            then()
        else:
            QTimer.singleShot(every_ms, attempt)

    QTimer.singleShot(every_ms, attempt)


@pytest.fixture
def matrix_dialog(qtbot, session):
    dialog = MatrixExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.offered = []
    dialog.offer_open = dialog.offered.append
    dialog.questions = []
    return dialog


def test_the_workbook_colours_are_the_apps():
    from qroundtable import palette
    from qroundtable.ui.style import STALE_COLOR, STANCE_COLORS, STANCE_TEXT

    # One home (qroundtable/palette.py): the app's QColors and the workbook's fills are the same hex.
    assert {s: c.name().upper() for s, c in STANCE_COLORS.items()} == palette.STANCE_FILL
    assert {s: c.name().upper() for s, c in STANCE_TEXT.items()} == palette.STANCE_INK
    assert STALE_COLOR.name().upper() == palette.STALE_FILL


# -- the positions matrix ---------------------------------------------------------------------------


def test_matrix_dialog_defaults_to_a_new_workbook_beside_the_roundtable(matrix_dialog, demo_path):
    assert matrix_dialog.fmt() == "xlsx" and matrix_dialog.meeting_id() is None
    assert matrix_dialog.output_path() == demo_path.parent / "exports" / "positions-matrix-all.xlsx"
    matrix_dialog.format.setCurrentIndex(matrix_dialog.format.findData("csv"))
    assert matrix_dialog.output_path().name == "positions-matrix-all.csv"
    latest = matrix_dialog.session.rt.meetings.latest()
    matrix_dialog.meeting.setCurrentIndex(matrix_dialog.meeting.findData(latest.id))
    assert matrix_dialog.output_path().name == f"positions-matrix-{latest.date}.csv"
    assert matrix_dialog.meeting.currentText().startswith("Attendees of ")


def test_matrix_dialog_starts_on_the_meeting_in_view(qtbot, session):
    latest = session.rt.meetings.latest()
    session.set_meeting(latest.id)
    dialog = MatrixExportDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.meeting_id() == latest.id


def test_matrix_dialog_writes_the_workbook_in_a_process_of_its_own(matrix_dialog, monkeypatch):
    session = matrix_dialog.session
    calls = spy_long_work(monkeypatch)
    out = matrix_dialog.output_path()
    press_ok(matrix_dialog)
    assert session.errors == []
    # Handed from the writer thread (never the UI's) to a child process, which wrote the file.
    assert [(job, values["fmt"]) for _, _, job, values in calls] == [("export_matrix", "xlsx")]
    assert calls[0][0] != threading.get_ident()
    assert matrix_dialog.result() == QDialog.DialogCode.Accepted
    assert matrix_dialog.written == out and matrix_dialog.offered == [out]
    book = pd.read_excel(out, sheet_name=None)
    assert list(book) == ["Positions", "Consensus", "Action items", "Progress"]
    positions = pd.read_excel(out, sheet_name="Positions", nrows=12, index_col=0)
    assert positions.shape == (12, 7) and positions.loc["CH", "P4"] == "object"


def test_matrix_dialog_csv_of_the_latest_meeting(matrix_dialog):
    dialog = matrix_dialog
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.meeting.setCurrentIndex(dialog.meeting.findData(dialog.session.rt.meetings.latest().id))
    press_ok(dialog)
    back = pd.read_csv(dialog.written)
    assert dialog.written.suffix == ".csv" and back.shape == (11, 8) and "CH" not in set(back["delegation"])


def test_a_typed_name_gets_the_formats_suffix_and_relative_names_land_beside_the_roundtable(matrix_dialog, demo_path):
    matrix_dialog.path.setText("for-capitals")
    assert matrix_dialog.output_path() == demo_path.parent / "for-capitals.xlsx"
    matrix_dialog.format.setCurrentIndex(matrix_dialog.format.findData("csv"))
    assert matrix_dialog.output_path() == demo_path.parent / "for-capitals.csv"


def test_cancelling_the_matrix_export_leaves_no_file(matrix_dialog, monkeypatch):
    original = spreadsheet.matrix_frame
    pressed = threading.Event()

    def slow(*args, **kwargs):
        pressed.wait(10)  # busy until the progress dialog (shown after 400 ms) has been cancelled
        return original(*args, **kwargs)

    monkeypatch.setattr(spreadsheet, "matrix_frame", slow)
    # The export runs in a process of its own, which this test's slow matrix would not reach (a fresh interpreter):
    # here it runs in the writer's thread instead, so Cancel is pressed while it is surely still at work. (That the
    # process itself stops and rolls back on Cancel is tests/test_long_work.py's.)
    monkeypatch.setattr(long_work, "run", run_inline)
    out = matrix_dialog.output_path()
    click_in_top_level(QProgressDialog, "Cancel", then=pressed.set)
    press_ok(matrix_dialog)
    assert matrix_dialog.session.errors == [] and matrix_dialog.offered == []
    assert not out.exists() and list(out.parent.glob("*.part")) == []
    assert matrix_dialog.result() != QDialog.DialogCode.Accepted  # still open for another try


def test_an_existing_file_is_replaced_only_after_asking(matrix_dialog):
    out = matrix_dialog.output_path()
    out.parent.mkdir(parents=True)
    out.write_text("keep me")
    answers = [False]
    matrix_dialog.ask = lambda question: (matrix_dialog.questions.append(question), answers.pop(0))[1]
    press_ok(matrix_dialog)
    assert out.read_text() == "keep me" and matrix_dialog.offered == []
    assert len(matrix_dialog.questions) == 1 and out.name in matrix_dialog.questions[0]
    answers.append(True)
    press_ok(matrix_dialog)
    assert matrix_dialog.session.errors == [] and matrix_dialog.offered == [out]
    assert pd.read_excel(out, sheet_name="Positions", nrows=12).shape == (12, 8)


def test_no_file_name_is_reported(matrix_dialog):
    matrix_dialog.path.setText("  ")
    press_ok(matrix_dialog)
    assert matrix_dialog.session.errors == ["choose a file to write"] and matrix_dialog.offered == []


def test_a_failed_export_is_reported_and_the_dialog_stays(matrix_dialog, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    matrix_dialog.path.setText(str(blocker / "m.xlsx"))
    press_ok(matrix_dialog)
    assert len(matrix_dialog.session.errors) == 1 and "folder" in matrix_dialog.session.errors[0]
    assert matrix_dialog.result() != QDialog.DialogCode.Accepted and matrix_dialog.offered == []


def test_the_finished_file_is_offered_and_opened_only_on_request(qtbot, session, tmp_path):
    dialog = MatrixExportDialog(session)
    qtbot.addWidget(dialog)
    opened = []
    dialog.open_url = opened.append
    target = tmp_path / "m.xlsx"
    click_in_top_level(QMessageBox, "Close")
    dialog.offer_open(target)
    assert opened == []
    click_in_top_level(QMessageBox, "Open")
    dialog.offer_open(target)
    assert [u.toLocalFile() for u in opened] == [str(target)]


# -- the main window's menu ---------------------------------------------------------------------------


def test_file_export_menu_offers_readout_matrix_consensus_and_the_text(qtbot, settings):
    from qroundtable.ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert [a.text() for a in window.export_menu.actions()] == [
        "&Readout (Word)…", "Readout (&PDF)…", "Positions &matrix (Excel/CSV)…", "&Consensus table as CSV…",
        "Negotiation &text (Word)…"]


# -- the Word readout ---------------------------------------------------------------------------------


@pytest.fixture
def readout():
    module = pytest.importorskip("qroundtable.readout")
    if not hasattr(module, "write_readout"):  # the package is still being written
        pytest.skip("qroundtable.readout has no write_readout yet")
    return module


@pytest.fixture
def readout_dialog(qtbot, session, readout):
    from qroundtable.ui.export_dialogs import ReadoutDialog

    dialog = ReadoutDialog(session)
    qtbot.addWidget(dialog)
    dialog.offered = []
    dialog.offer_open = dialog.offered.append
    return dialog


@pytest.fixture
def write_calls(monkeypatch):
    """Every piece of long work handed to a process of its own, as (thread, process, job, values); done for real."""
    return spy_long_work(monkeypatch)


def spy_long_work(monkeypatch) -> list:
    calls = []
    original = long_work.run

    def spy(job, db, values, progress):
        calls.append((threading.get_ident(), os.getpid(), job, values))
        return original(job, db, values, progress)

    monkeypatch.setattr(long_work, "run", spy)
    return calls


def docx_text(path) -> str:
    import docx

    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_readout_dialog_defaults(readout_dialog, readout, demo_path):
    rt = readout_dialog.session.rt
    latest = rt.meetings.latest()
    assert readout_dialog.meeting_id() == latest.id and readout_dialog.meeting.currentIndex() == 0
    assert readout_dialog.chosen_sections() == frozenset(readout.SECTIONS)
    assert readout_dialog.marking.text() == readout.DEFAULT_MARKING
    expected = readout.default_readout_path(rt, latest.id, folder=demo_path.parent / "exports")
    assert readout_dialog.output_path() == expected and not expected.exists()


def test_readout_dialog_writes_a_docx_on_a_worker(readout_dialog, readout, write_calls):
    out = readout_dialog.output_path()
    press_ok(readout_dialog)
    assert readout_dialog.session.errors == []
    assert len(write_calls) == 1
    thread, _, job, values = write_calls[0]
    assert thread != threading.get_ident() and job == "write_readout"
    options = values["options"]
    assert options.sections == frozenset(readout.SECTIONS) and options.marking == readout.DEFAULT_MARKING
    assert readout_dialog.written == out and readout_dialog.offered == [out]
    assert "October 2023" in docx_text(out)
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no partial file left beside it


def test_readout_dialog_respects_unchecked_sections(readout_dialog, write_calls):
    for name in ("actions", "chart", "matrix"):
        readout_dialog.sections[name].setChecked(False)
    readout_dialog.marking.setText("RESTRICTED — delegations only")
    readout_dialog.author.setText("Secretariat")
    press_ok(readout_dialog)
    options = write_calls[0][3]["options"]
    assert not {"actions", "chart", "matrix"} & options.sections and "cover" in options.sections
    assert (options.marking, options.author) == ("RESTRICTED — delegations only", "Secretariat")
    text = docx_text(readout_dialog.written)
    assert "Compile data on how the QIST workforce" not in text  # an action item's title


def test_readout_dialog_needs_a_section(readout_dialog, write_calls):
    for box in readout_dialog.sections.values():
        box.setChecked(False)
    press_ok(readout_dialog)
    assert readout_dialog.session.errors == ["choose at least one section for the readout"]
    assert write_calls == [] and readout_dialog.offered == []


def test_readout_dialog_asks_before_replacing(readout_dialog, write_calls):
    out = readout_dialog.output_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(b"an earlier readout")
    questions = []
    readout_dialog.ask = lambda question: (questions.append(question), False)[1]
    press_ok(readout_dialog)
    assert len(questions) == 1 and out.name in questions[0]
    assert out.read_bytes() == b"an earlier readout" and write_calls == [] and readout_dialog.offered == []
    readout_dialog.ask = lambda question: True
    press_ok(readout_dialog)
    assert readout_dialog.session.errors == [] and readout_dialog.offered == [out]
    assert "October 2023" in docx_text(out)
    assert [p.name for p in out.parent.iterdir()] == [out.name]


@pytest.mark.parametrize("existing", [False, True])
def test_cancelling_the_readout_leaves_no_file_and_an_old_one_whole(readout_dialog, readout, monkeypatch, existing):
    original = readout.write_readout

    def slow(rt, out, options, progress=None):
        for _ in range(200):  # busy until the progress dialog (shown after 400 ms) has been cancelled
            time.sleep(0.05)
            progress(0, 1, "still here")  # raises once Cancel was pressed
        return original(rt, out, options, progress=progress)

    monkeypatch.setattr(readout, "write_readout", slow)
    out = readout_dialog.output_path()
    if existing:
        out.parent.mkdir(parents=True)
        out.write_bytes(b"an earlier readout")
        readout_dialog.ask = lambda question: True
    click_in_top_level(QProgressDialog, "Cancel")
    press_ok(readout_dialog)
    assert readout_dialog.session.errors == [] and readout_dialog.offered == []
    if existing:
        assert out.read_bytes() == b"an earlier readout" and list(out.parent.iterdir()) == [out]
    else:
        assert not out.exists() and (not out.parent.exists() or list(out.parent.iterdir()) == [])


def test_open_and_open_folder_pass_absolute_urls_for_a_relative_path(qtbot, session, tmp_path, monkeypatch):
    dialog = MatrixExportDialog(session)
    qtbot.addWidget(dialog)
    opened = []
    dialog.open_url = opened.append
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "m.xlsx").write_bytes(b"x")
    monkeypatch.chdir(tmp_path)
    click_in_top_level(QMessageBox, "Open")
    dialog.offer_open(Path("out/m.xlsx"))
    click_in_top_level(QMessageBox, "Open folder")
    dialog.offer_open(Path("out/m.xlsx"))
    assert [u.toLocalFile() for u in opened] == [str(tmp_path / "out" / "m.xlsx"), str(tmp_path / "out")]
    assert all(u.isLocalFile() and Path(u.toLocalFile()).is_absolute() for u in opened)
