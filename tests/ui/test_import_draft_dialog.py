"""File ▸ Import draft (Word)…: the preview through a real window and session, Import and Cancel."""

import docx
import pytest

from qroundtable.roundtable import Roundtable
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


def test_a_marked_up_copy_dropped_on_the_window_becomes_amendments(qtbot, window, tmp_path, settle):
    from test_import_markup import P2_AFTER, marked_up_copy

    session = window.session
    assert session.run("Issue Rev.1", lambda rt, progress: rt.export_text(tmp_path / "rev1.docx"),
                       writes=True).wait()
    with Roundtable.open(session.path) as rt:
        markup = marked_up_copy(tmp_path, rt, tmp_path / "rev1.docx",
                                untracked=rt.principles.get(4).text.replace("vibrant", "thriving"))
    importer = window.more.drafts
    seen = []
    importer.ask_delegation = lambda codes: seen.append(codes) or "JP"
    importer.ask = lambda dialog: seen.append(
        [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]) or True
    assert importer.drop(markup).wait()  # its properties name Rev.1: a marked-up copy, not a draft
    settle(session)
    assert "US" in seen[0] and "JP" in seen[0]  # the secretariat says whose copy it is
    assert seen[1][:2] == ["Amendment (tracked changes)", "Amendment, edited WITHOUT tracking: review"]
    jp = {a.principle: a for a in session.rt.amendments.list() if a.delegation == "JP"}
    assert jp[2].text == P2_AFTER and jp[4].untracked
    panel = window.show_view("principles").amendments_panel
    window.views["principles"].select_principle(4)
    panel.select_row(next(i for i, a in enumerate(panel.amendments) if a.delegation == "JP"))
    assert "edited without tracked changes" in panel.heading.text()
    assert session.errors == []
