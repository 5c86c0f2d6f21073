"""File ▸ Export ▸ Negotiation text (Word)…: issue Rev.1, then Rev.2 as a redline, through a real session."""

from readout_helpers import W, open_docx, paragraphs

from qroundtable.ui.export_dialogs import TextExportDialog


def make(qtbot, session):
    dialog = TextExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.offered = []
    dialog.offer_open = dialog.offered.append
    return dialog


def test_issue_rev1_then_rev2_as_a_redline(qtbot, session, settle, tmp_path):
    first = make(qtbot, session)
    assert first.revision.currentText().startswith("Issue Rev.1 now") and first.redline.count() == 1
    assert first.output_path().name.endswith("-rev1.docx") and first.writes
    first.accept()
    settle(session)
    assert first.offered and first.offered[0].exists()
    assert [r.number for r in session.rt.revisions.list()] == [1]
    assert session.apply(lambda rt: rt.principles.edit(2, "Incorporate technical expertise in policy.")).wait()
    second = make(qtbot, session)
    assert second.revision.currentText().startswith("Issue Rev.2 now")
    assert second.redline.currentText() == "Changes since Rev.1, as tracked changes"
    second.accept()
    settle(session)
    doc = open_docx(second.offered[0])
    tracked = [i for i, p in enumerate(paragraphs(doc, "Principle Text")) if list(p.iter(f"{W}ins"))]
    assert tracked == [1] and [r.number for r in session.rt.revisions.list()] == [1, 2]
    assert session.errors == []


def test_a_redline_needs_an_earlier_revision(qtbot, session, settle):
    assert session.apply(lambda rt: rt.revisions.issue()).wait()
    dialog = make(qtbot, session)
    dialog.revision.setCurrentIndex(dialog.revision.findData(1))
    dialog.redline.setCurrentIndex(dialog.redline.findData(1))
    assert not dialog.writes
    dialog.accept()
    assert session.errors == ["a redline compares two different revisions: choose an earlier one"]
    assert dialog.offered == []

