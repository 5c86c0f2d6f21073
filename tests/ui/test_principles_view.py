"""The Principles view on the real demo roundtable: list, text, history, amendments, private note."""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtGui import QFocusEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication, QDialog

from qroundtable.brackets import count_brackets
from qroundtable.model import AmendmentState
from qroundtable.roundtable import Roundtable
from qroundtable.ui.models.principle_list import BRACKETS, STATUS, TITLE, VERSION
from qroundtable.ui.session import Session
from qroundtable.ui.style import BRACKET_HIGHLIGHT, DELETE_COLOR, INSERT_COLOR, status_badge
from qroundtable.ui.views.principles import PrinciplesView

NEW_TEXT_1 = ("Promote [scientific|technical] collaboration and the exchange of ideas to support quicker "
              "scientific discovery in QIST.")


@pytest.fixture
def view(qtbot, session):
    v = PrinciplesView(session)
    qtbot.addWidget(v)
    v.resize(1360, 860)
    return v


def open_session(path) -> Session:
    s = Session()
    s.errors = []
    s.report_error = s.errors.append
    assert s.open(path).wait()
    return s


def select(view: PrinciplesView, number: int) -> None:
    """Pick a principle the way a click does: through the list's selection model."""
    row = view.model.row_of(number)
    assert row >= 0, f"principle {number} is not listed"
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.table.selectionModel().setCurrentIndex(view.model.index(row, 0), flags)
    assert view.current_principle().number == number


def cell(view: PrinciplesView, number: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return view.model.index(view.model.row_of(number), column).data(role)


def fragments(document):
    """(text, QTextCharFormat) of every run of a rich-text document."""
    out = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid():
                out.append((frag.text(), frag.charFormat()))
            it += 1
        block = block.next()
    return out


def format_at(block, position: int) -> QTextCharFormat | None:
    """The highlighter's format covering `position` of `block`, if any."""
    found = None
    ranges = block.layout().formats()  # the formats live as long as this list
    for r in ranges:
        if r.start <= position < r.start + r.length:
            found = QTextCharFormat(r.format)
    return found


# -- the list --------------------------------------------------------------------------------------


def test_list_shows_every_principle_with_badge_brackets_and_version(view, session):
    assert view.model.rowCount() == len(session.rt.principles.list()) == 7
    assert cell(view, 5, TITLE) == "Quantum-resistant infrastructure"
    assert cell(view, 5, BRACKETS) == "2"
    assert cell(view, 5, VERSION) == "v2"
    statuses = {c.principle: c.status for c in session.rt.consensus()}
    badge = cell(view, 4, STATUS)
    assert statuses[4].label in badge and badge[0] in "✔◐✖○"  # symbol and label, not colour alone
    assert cell(view, 4, STATUS, Qt.ItemDataRole.BackgroundRole) is not None
    assert view.current_principle().number == 1  # something is always shown
    assert view.heading.text() == "1. Scientific collaboration"


def test_list_model_passes_qtmodeltester(view, session, qtmodeltester, settle):
    qtmodeltester.check(view.model)
    select(view, 1)
    view.text_panel.editor.setPlainText(NEW_TEXT_1)
    view.text_panel.save_button.click()
    settle(session)
    qtmodeltester.check(view.model)


def test_view_without_a_roundtable_then_opened(qtbot, demo_path):
    s = Session()
    s.errors = []
    s.report_error = s.errors.append
    v = PrinciplesView(s)
    qtbot.addWidget(v)
    assert v.model.rowCount() == 0
    assert v.heading.text() == "No roundtable open"
    assert not v.tabs.isEnabled()
    v.text_panel.save()  # nothing to save, nothing breaks
    v.amendments_panel.propose()
    v.note_panel.save()
    assert s.open(demo_path).wait()
    assert v.model.rowCount() == 7 and v.tabs.isEnabled()
    assert v.current_principle().number == 1
    s.close()


# -- the text ------------------------------------------------------------------------------------------


def test_saving_edited_text_creates_a_version_and_refreshes_only_its_row(view, session, qtbot, settle):
    select(view, 1)
    panel = view.text_panel
    assert not panel.save_button.isEnabled()  # nothing edited yet
    panel.editor.setPlainText(NEW_TEXT_1)
    assert panel.save_button.isEnabled()
    assert "unsaved changes" in panel.version_label.text()
    panel.note_edit.setText("bracketed the kind of collaboration")
    resets, changed_rows = [], []
    view.model.modelReset.connect(lambda: resets.append(True))
    view.model.dataChanged.connect(lambda tl, br, roles: changed_rows.append((tl.row(), br.row())))

    said = []
    session.announced.connect(said.append)
    with qtbot.waitSignal(session.changed, raising=True):
        panel.save_button.click()
        settle(session)

    assert session.errors == []
    n = len(session.rt.positions.list(principle=1))
    assert n > 1 and said == [f"{n} positions on principle 1 were given on an earlier text and are now stale "
                              "(S*) until the delegations confirm on the new text."]  # never without a word
    versions = session.rt.principles.versions(1)
    assert [v.seq for v in versions] == [1, 2]
    assert versions[-1].text == NEW_TEXT_1
    assert versions[-1].note == "bracketed the kind of collaboration"
    assert cell(view, 1, VERSION) == "v2"
    assert cell(view, 1, BRACKETS) == "1"
    row = view.model.row_of(1)
    assert resets == [] and changed_rows == [(row, row)]
    assert panel.editor.toPlainText() == NEW_TEXT_1
    assert panel.note_edit.text() == ""
    assert not panel.save_button.isEnabled()
    assert view.history_panel.table.rowCount() == 2
    assert "version 2" in view.meta.text()


def test_unsaved_edit_survives_browsing_other_principles(view):
    select(view, 1)
    view.text_panel.editor.setPlainText("A draft in progress [maybe].")
    select(view, 2)
    assert view.text_panel.editor.toPlainText().startswith("Incorporate subject-matter")
    select(view, 1)
    assert view.text_panel.editor.toPlainText() == "A draft in progress [maybe]."
    view.text_panel.revert_button.click()
    assert view.text_panel.editor.toPlainText().startswith("Promote scientific collaboration")


def test_highlighter_shades_bracketed_ranges_nested_darker(view):
    select(view, 5)
    editor = view.text_panel.editor
    block = editor.document().firstBlock()
    segments = count_brackets(block.text()).segments
    assert len(segments) == 2
    for s in segments:
        for position in (s.start, s.start + 1, s.end - 1):
            fmt = format_at(block, position)
            assert fmt is not None and fmt.background().color() == BRACKET_HIGHLIGHT
    assert format_at(block, 0) is None  # agreed wording is left plain

    editor.setPlainText("We [shall [promptly|soon] act] together.")
    block = editor.document().firstBlock()
    outer = format_at(block, block.text().index("shall")).background().color()
    inner = format_at(block, block.text().index("promptly")).background().color()
    assert outer == BRACKET_HIGHLIGHT
    assert inner.lightness() < outer.lightness()
    assert "2 bracketed segments" not in view.text_panel.bracket_label.text()  # only the outer one counts
    assert "1 bracketed segment" in view.text_panel.bracket_label.text()
    assert "promptly" in view.text_panel.disputes.text() and "choose one of 2" in view.text_panel.disputes.text()


def test_unbalanced_brackets_are_warned_about_under_the_editor(view):
    select(view, 1)
    view.text_panel.editor.setPlainText("Promote [scientific collaboration.")
    label = view.text_panel.bracket_label.text()
    assert "never closed" in label and "character 9" in label
    block = view.text_panel.editor.document().firstBlock()
    stray = format_at(block, 8)
    assert stray is not None and stray.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    view.text_panel.editor.setPlainText("Promote [scientific] collaboration.")
    assert "never closed" not in view.text_panel.bracket_label.text()


# -- history ----------------------------------------------------------------------------------------------


def diff_shown(qtbot, diff_view) -> None:
    """Wait for the diff, computed off the UI thread, to reach the screen."""
    qtbot.waitUntil(lambda: not diff_view.pending, timeout=5000)


def test_history_diff_of_principle_5_marks_insertions_and_deletions(qtbot, view):
    select(view, 5)
    history = view.history_panel
    diff_shown(qtbot, history.diff)
    assert history.table.rowCount() == 2
    assert history.table.item(1, 4).text().startswith("Pen-holder's revision")
    # By default the newest change: v1 -> v2, which inserted the brackets.
    assert history.from_picker.currentIndex() == 0 and history.to_picker.currentIndex() == 1
    runs = fragments(history.diff.document())
    inserted = [(t, f) for t, f in runs if "timely" in t]
    assert inserted, runs
    text, fmt = inserted[0]
    assert fmt.fontUnderline() and not fmt.fontStrikeOut()
    assert fmt.background().color() == INSERT_COLOR
    assert "inserted" in history.summary.text()

    # Any two versions, either way round: v2 -> v1 shows the same words struck through.
    history.from_picker.setCurrentIndex(1)
    history.to_picker.setCurrentIndex(0)
    diff_shown(qtbot, history.diff)
    runs = fragments(history.diff.document())
    deleted = [(t, f) for t, f in runs if "timely" in t]
    assert deleted
    text, fmt = deleted[0]
    assert fmt.fontStrikeOut() and not fmt.fontUnderline()
    assert fmt.background().color() == DELETE_COLOR
    plain = [t for t, f in runs if not f.fontStrikeOut() and not f.fontUnderline()]
    assert any("deployment of quantum-resistant cyber infrastructure" in t for t in plain)


def test_history_row_click_compares_with_the_version_before(qtbot, view):
    select(view, 5)
    history = view.history_panel
    history.table.selectRow(0)
    assert history.from_picker.currentIndex() == 0 and history.to_picker.currentIndex() == 0
    diff_shown(qtbot, history.diff)
    assert "No differences" in history.summary.text()
    history.table.selectRow(1)
    assert history.from_picker.currentIndex() == 0 and history.to_picker.currentIndex() == 1


# -- amendments ------------------------------------------------------------------------------------------------


def propose_with(panel, *, delegation=None, text=None, rationale="", seen=None):
    """Replace the dialog seam: fill the dialog in and press Propose."""

    def ask(dialog):
        if seen is not None:
            seen.append({"codes": [dialog.delegation_picker.itemData(i)
                                   for i in range(dialog.delegation_picker.count())],
                         "enabled": dialog.delegation_picker.isEnabled(),
                         "prefill": dialog.text()})
        if delegation:
            dialog.set_delegation(delegation)
        if text is not None:
            dialog.text_edit.setPlainText(text)
        dialog.rationale_edit.setPlainText(rationale)
        dialog.propose_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    panel.ask = ask


def test_propose_then_accept_creates_a_version_and_updates_the_list(qtbot, view, session, settle):
    select(view, 1)
    panel = view.amendments_panel
    assert panel.table.rowCount() == 0 and "No amendments" in panel.empty.text()
    seen = []
    amended = ("Promote scientific collaboration and the open exchange of ideas to support quicker "
               "scientific discovery in QIST.")
    propose_with(panel, delegation="DK", text=amended, rationale="Openness matters.", seen=seen)
    panel.propose_button.click()

    assert session.errors == []
    assert seen[0]["prefill"] == session.rt.principles.get(1).text
    assert "DK" in seen[0]["codes"] and seen[0]["enabled"]  # the secretariat records for anyone
    [a] = session.rt.amendments.list(1)
    assert (a.delegation, a.state, a.text, a.rationale) == ("DK", AmendmentState.PROPOSED, amended,
                                                            "Openness matters.")
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 0).text() == "DK" and "Proposed" in panel.table.item(0, 1).text()
    assert panel.selected().id == a.id
    diff_shown(qtbot, panel.diff)
    assert any("open" in t and f.fontUnderline() for t, f in fragments(panel.diff.document()))
    assert "Openness matters." in panel.rationale.text()
    assert panel.accept_button.isEnabled() and panel.reject_button.isEnabled()
    assert panel.withdraw_button.isEnabled()

    said = []
    session.announced.connect(said.append)
    panel.accept_button.click()
    settle(session)
    assert len(said) == 1 and said[0].startswith(f"{len(session.rt.positions.list(principle=1))} positions on "
                                                 "principle 1 were given on an earlier text")

    assert session.errors == []
    current = session.rt.principles.get(1).current
    assert (current.seq, current.text, current.author) == (2, amended, "DK")
    assert session.rt.amendments.get(a.id).state is AmendmentState.ACCEPTED
    assert cell(view, 1, VERSION) == "v2"
    assert "Accepted" in panel.table.item(0, 1).text()
    assert not panel.accept_button.isEnabled() and not panel.withdraw_button.isEnabled()
    assert "already accepted" in panel.accept_button.toolTip()
    assert view.text_panel.editor.toPlainText() == amended
    assert view.history_panel.table.rowCount() == 2


def test_refused_proposal_keeps_the_dialog_open(view, session):
    select(view, 1)
    panel = view.amendments_panel
    propose_with(panel, delegation="DK")  # unchanged text: the core refuses it
    assert panel.propose() is False
    assert session.errors and "same as the current text" in session.errors[0]
    assert session.rt.amendments.list(1) == []


def test_text_tab_can_offer_the_edit_as_an_amendment(view, session):
    select(view, 3)
    view.text_panel.editor.setPlainText("Share best practices and [coordinate|align] outreach.")
    propose_with(view.amendments_panel, delegation="SE")
    view.text_panel.propose_button.click()
    [a] = session.rt.amendments.list(3)
    assert a.delegation == "SE" and a.text == "Share best practices and [coordinate|align] outreach."
    assert view.tabs.currentWidget() is view.amendments_panel


def test_reject_and_withdraw_change_the_state(view, session, settle):
    select(view, 2)
    panel = view.amendments_panel
    assert panel.selected().delegation == "FR"
    panel.ask_reason = lambda amendment: None  # the person cancels: nothing is decided
    panel.reject_button.click()
    settle(session)
    assert session.rt.amendments.list(2)[0].state is AmendmentState.PROPOSED
    asked = []
    panel.ask_reason = lambda amendment: asked.append(amendment.delegation) or "Goes beyond the mandate."
    panel.reject_button.click()
    settle(session)
    [fr] = session.rt.amendments.list(2)
    assert asked == ["FR"]
    assert fr.state is AmendmentState.REJECTED and fr.decided_at and fr.reason == "Goes beyond the mandate."
    assert "Rejected" in panel.table.item(0, 1).text()
    assert "reason: Goes beyond the mandate." in panel.rationale.text()  # shown with the decision
    assert not panel.reject_button.isEnabled()
    assert session.rt.principles.get(2).current.seq == 1  # rejecting leaves the text alone

    select(view, 4)
    assert panel.selected().delegation == "DE"
    panel.withdraw_button.click()
    settle(session)
    [de] = session.rt.amendments.list(4)
    assert de.state is AmendmentState.WITHDRAWN
    assert "Withdrawn" in panel.table.item(0, 1).text()
    assert session.errors == []


# -- a delegation's copy -----------------------------------------------------------------------------------------


def test_delegation_copy_cannot_save_text_but_can_propose_and_withdraw(qtbot, session, tmp_path, settle,
                                                                       hand_out):
    jp_path = tmp_path / "jp.qrt"
    hand_out(session, jp_path, "JP")
    jp = open_session(jp_path)
    try:
        v = PrinciplesView(jp)
        qtbot.addWidget(v)
        select(v, 1)
        panel = v.text_panel
        assert panel.copy_banner.isVisibleTo(v) and "Japan" in panel.copy_banner.text()
        panel.editor.setPlainText(NEW_TEXT_1)
        assert not panel.save_button.isEnabled()
        assert "secretariat" in panel.save_button.toolTip() and "Japan" in panel.save_button.toolTip()
        panel.save()  # even called directly, the core refuses
        settle(jp)
        assert jp.errors and "secretariat" in jp.errors[-1]

        before = jp.rt.principles.versions(1)
        assert not jp.apply(lambda rt: rt.principles.edit(1, NEW_TEXT_1)).wait()
        assert "secretariat" in jp.errors[-1]
        assert jp.rt.principles.versions(1) == before
        with Roundtable.open(jp_path) as on_disk:
            assert len(on_disk.principles.versions(1)) == 1

        select(v, 2)
        amendments = v.amendments_panel
        assert amendments.selected().delegation == "FR"
        for button in (amendments.accept_button, amendments.reject_button, amendments.withdraw_button):
            assert not button.isEnabled()
        assert "secretariat" in amendments.accept_button.toolTip()

        seen = []
        propose_with(amendments, text="Incorporate [technical|subject-matter] expertise in policy discussions.",
                     rationale="Ours.", seen=seen)
        amendments.propose_button.click()
        assert seen[0]["codes"] == ["JP"] and not seen[0]["enabled"]
        mine = [a for a in jp.rt.amendments.list(2) if a.delegation == "JP"]
        assert len(mine) == 1 and amendments.selected().id == mine[0].id
        assert amendments.withdraw_button.isEnabled() and not amendments.accept_button.isEnabled()
        amendments.withdraw_button.click()
        settle(jp)
        assert jp.rt.amendments.get(mine[0].id).state is AmendmentState.WITHDRAWN
    finally:
        jp.close()


# -- private notes ------------------------------------------------------------------------------------------------


def test_private_note_is_saved_and_reloaded(qtbot, view, session, demo_path, settle):
    select(view, 4)
    notes = view.note_panel
    assert notes.editor.toPlainText().startswith("Talking points: CH objection")
    assert "never leaves this laptop" in notes.privacy.text()

    select(view, 1)
    assert notes.editor.toPlainText() == ""
    assert not notes.save_button.isEnabled()
    notes.editor.setPlainText("Hold firm on [scientific]; capital agrees.")
    assert notes.save_button.isEnabled()
    notes.save_button.click()
    settle(session)
    assert session.rt.notes.get(1) == "Hold firm on [scientific]; capital agrees."
    assert notes.status.text() == "Saved" and not notes.save_button.isEnabled()

    select(view, 2)
    assert notes.editor.toPlainText() == ""
    select(view, 1)
    assert notes.editor.toPlainText() == "Hold firm on [scientific]; capital agrees."

    other = open_session(demo_path)  # the file as the next start of the app sees it
    try:
        v2 = PrinciplesView(other)
        qtbot.addWidget(v2)
        select(v2, 1)
        assert v2.note_panel.editor.toPlainText() == "Hold firm on [scientific]; capital agrees."
    finally:
        other.close()


def test_private_note_saved_on_focus_out_and_when_switching(view, session, settle):
    select(view, 3)
    notes = view.note_panel
    notes.editor.setPlainText("Ask JP about outreach.")
    QApplication.sendEvent(notes.editor, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))
    settle(session)
    assert session.rt.notes.get(3) == "Ask JP about outreach."

    notes.editor.setPlainText("Ask JP and KR about outreach.")
    select(view, 6)
    settle(session)
    assert session.rt.notes.get(3) == "Ask JP and KR about outreach."
    assert session.errors == []


# -- undo, meetings --------------------------------------------------------------------------------------------------


def test_undo_after_an_edit_restores_the_list_and_the_panels(view, session, settle):
    select(view, 1)
    view.text_panel.editor.setPlainText(NEW_TEXT_1)
    view.text_panel.save_button.click()
    settle(session)
    assert cell(view, 1, VERSION) == "v2"

    session.undo()
    settle(session)

    assert session.errors == []
    assert cell(view, 1, VERSION) == "v1" and cell(view, 1, BRACKETS) == "0"
    assert view.current_principle().number == 1
    assert view.text_panel.editor.toPlainText() == session.rt.principles.get(1).text != NEW_TEXT_1
    assert view.history_panel.table.rowCount() == 1


def test_positions_recorded_elsewhere_refresh_the_badge_but_keep_the_comparison(view, session, settle):
    select(view, 5)
    history = view.history_panel
    history.pick_seqs(2, 1)
    before = cell(view, 4, STATUS)
    objecting = session.rt.consensus(principles=[4])[0].objecting
    assert objecting and "Contested" in before

    def all_support(rt):
        for code in objecting:
            rt.positions.set(code, 4, "support")
        for code in rt.consensus(principles=[5])[0].missing:
            rt.positions.set(code, 5, "support")

    session.apply_batch("Tour de table", all_support)
    settle(session)

    assert session.errors == []
    assert cell(view, 4, STATUS) == status_badge(session.rt.consensus(principles=[4])[0].status) != before
    assert (history.from_picker.currentIndex(), history.to_picker.currentIndex()) == (1, 0)


def test_added_and_renamed_principles_keep_selection_and_typing(view, session, settle):
    select(view, 3)
    view.note_panel.editor.setPlainText("typing, not yet saved")
    view.text_panel.editor.setPlainText("a text edit in progress")
    session.apply(lambda rt: rt.principles.add("Open science", "Share [data|results] openly."))
    settle(session)
    assert view.model.rowCount() == 8 and cell(view, 8, BRACKETS) == "1"
    assert view.current_principle().number == 3
    assert view.note_panel.editor.toPlainText() == "typing, not yet saved"
    assert view.text_panel.editor.toPlainText() == "a text edit in progress"

    session.apply(lambda rt: rt.principles.retitle(3, "Talent"))
    settle(session)
    assert cell(view, 3, TITLE) == "Talent" and view.heading.text() == "3. Talent"
    assert view.text_panel.editor.toPlainText() == "a text edit in progress"
    assert session.errors == []


def test_another_meeting_in_view_recounts_consensus(view, session):
    meeting = session.rt.meetings.list()[0]
    changed = []
    view.model.dataChanged.connect(lambda tl, br, roles: changed.append((tl.row(), br.row())))
    session.set_meeting(meeting.id)
    assert changed == [(0, view.model.rowCount() - 1)]
    expected = {c.principle: c.status.label for c in session.rt.consensus(meeting.id)}
    assert all(expected[n] in cell(view, n, STATUS) for n in expected)


# -- how it looks ----------------------------------------------------------------------------------------------------


def test_renders_at_1360_by_860(qtbot, view, session, tmp_path, hand_out):
    """PNGs for a person to look at; set QRT_SHOTS=/tmp/ui-shots to keep them."""
    out = Path(os.environ.get("QRT_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    view.show()
    qtbot.waitExposed(view)

    def shot(name):
        QApplication.processEvents()
        path = out / f"principles{name}.png"
        assert view.grab().save(str(path))
        assert path.stat().st_size > 10_000

    select(view, 5)
    shot("")
    view.tabs.setCurrentWidget(view.history_panel)
    shot("-history")
    select(view, 4)
    view.tabs.setCurrentWidget(view.amendments_panel)
    shot("-amendments")
    view.tabs.setCurrentWidget(view.note_panel)
    shot("-note")
    view.tabs.setCurrentWidget(view.text_panel)
    select(view, 2)
    view.text_panel.editor.setPlainText("Incorporate [subject-matter [and technical] expertise in policy "
                                        "discussions and decisions.")
    shot("-unbalanced")

    jp_path = tmp_path / "jp-shot.qrt"
    hand_out(session, jp_path, "JP")
    jp = open_session(jp_path)
    try:
        v = PrinciplesView(jp)
        qtbot.addWidget(v)
        v.resize(1360, 860)
        v.show()
        qtbot.waitExposed(v)
        select(v, 5)
        QApplication.processEvents()
        assert v.grab().save(str(out / "principles-delegation.png"))
    finally:
        jp.close()
