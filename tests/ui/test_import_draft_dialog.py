"""File ▸ Import draft (Word)…: the preview through a real window and session, Import and Cancel."""

import docx
import pytest

from qroundtable.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, settings, demo_path):
    w = MainWindow(settings)
    w.session.errors = []
    w.session.report_error = w.session.errors.append
    qtbot.addWidget(w)
    assert w.open_path(demo_path).wait()
    return w


def draft(path, paragraphs):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_the_preview_shows_what_a_later_draft_changes_and_import_writes_it(qtbot, window, tmp_path, settle):
    rt = window.session.rt
    texts = [p.text for p in rt.principles.list()]
    texts[1] = "Incorporate subject-matter and technical expertise in policy discussions and decisions."
    path = draft(tmp_path / "rev2.docx", [f"{n}. {t}" for n, t in enumerate(texts, start=1)]
                 + ["8. Share quantum testbeds [openly|reciprocally]."])
    importer = window.more.drafts
    seen = []

    def look(dialog):
        seen.append([[dialog.table.item(r, c).text() for c in range(2)] for r in range(dialog.table.rowCount())])
        return True
    importer.ask = look
    assert window.more.import_draft_action.isEnabled()
    assert importer.start(path).wait()
    settle(window.session)
    rows = seen[0]
    assert rows[:2] == [["New", "8"], ["New version", "2"]] and sum(r[0] == "Unchanged" for r in rows) == 6
    assert window.session.rt.principles.get(2).current.seq == 2
    assert window.session.rt.principles.get(8).text == "Share quantum testbeds [openly|reciprocally]."
    assert window.show_view("principles").model.rowCount() == 8  # the views read the file again
    assert window.session.errors == []


def test_cancel_writes_nothing_and_a_bad_file_says_why(qtbot, window, tmp_path, settle):
    importer = window.more.drafts
    importer.ask = lambda dialog: False
    before = [(p.number, p.current.seq) for p in window.session.rt.principles.list()]
    assert importer.start(draft(tmp_path / "d.docx", ["9. A new principle."])).wait()
    settle(window.session)
    assert [(p.number, p.current.seq) for p in window.session.rt.principles.list()] == before
    (tmp_path / "bad.docx").write_text("not a zip")
    importer.start(tmp_path / "bad.docx").wait()
    settle(window.session)
    assert window.session.errors == ["bad.docx is not a Word document (.docx)"]
