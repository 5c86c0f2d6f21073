"""The Floor view, driven from the keyboard as a chair runs a meeting: the speakers list on a fake clock, and a
roll-call vote of twelve delegations."""

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from qroundtable.model import SpeakerKind, SpeakerState, VoteChoice, VoteState
from qroundtable.ui.audience import AudienceWindow
from qroundtable.ui.views.floor import FloorView
from qroundtable.ui.views.tour import TourView


class FakeClock:
    """The time the floor reads: moved on by the test, never by the machine."""

    def __init__(self):
        self.now = datetime(2026, 12, 5, 9, 30, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(session):
    fake = FakeClock()
    session.floor.clock = fake
    return fake


@pytest.fixture
def view(qtbot, session, clock):
    v = FloorView(session)
    qtbot.addWidget(v)
    v.resize(1280, 720)
    v.show()
    v.activateWindow()  # the chair's window: its shortcuts (Ctrl+Enter) answer
    qtbot.waitExposed(v)
    return v


def inaugural(session):
    return min(session.rt.meetings.list(), key=lambda m: m.date)


def ask_for_floor(qtbot, view, session, settle, typed: str, *, point_of_order: bool = False) -> None:
    panel = view.speakers
    panel.add_edit.setFocus()
    qtbot.keyClicks(panel.add_edit, typed)
    if point_of_order:
        panel.order_button.setFocus()
        qtbot.keyClick(panel.order_button, Qt.Key.Key_Space)
    else:
        qtbot.keyClick(panel.add_edit, Qt.Key.Key_Return)
    settle(session)


def waiting_codes(session):
    return [s.delegation for s in session.floor.waiting()]


def test_a_whole_speakers_list_with_its_clock(qtbot, view, session, settle, clock):
    meeting = inaugural(session)
    session.floor.show(meeting.id, 3)
    assert view.meeting_combo.currentData() == meeting.id and view.item_combo.currentData() == 3
    # The chair sets three minutes a speaker, by keyboard in the time box.
    view.limit.setFocus()
    view.limit.setTime(view.limit.time().addSecs(180))
    qtbot.keyClick(view.limit, Qt.Key.Key_Return)
    view.limit.editingFinished.emit()
    settle(session)
    assert session.rt.meetings.get(meeting.id).speaking_limit == 180
    assert session.floor.limit == 180

    # Four delegations ask for the floor: by code, by code in lower case, by name; a point of order goes first.
    ask_for_floor(qtbot, view, session, settle, "FR")
    ask_for_floor(qtbot, view, session, settle, "de")
    ask_for_floor(qtbot, view, session, settle, "Japan")
    assert waiting_codes(session) == ["FR", "DE", "JP"]
    ask_for_floor(qtbot, view, session, settle, "NL", point_of_order=True)
    assert waiting_codes(session) == ["NL", "FR", "DE", "JP"]
    assert session.floor.waiting()[0].kind == SpeakerKind.POINT_OF_ORDER
    assert view.speakers.waiting.count() == 4 and "point of order" in view.speakers.waiting.item(0).text()
    # An unknown delegation is said so, and nothing is added.
    ask_for_floor(qtbot, view, session, settle, "Atlantis")
    assert "Atlantis" in view.speakers.message.text() and len(waiting_codes(session)) == 4

    # Japan moves up one place with Alt+Up; Delete takes Germany off the list.
    waiting = view.speakers.waiting
    waiting.setFocus()
    waiting.setCurrentRow(3)
    qtbot.keyClick(waiting, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    settle(session)
    assert waiting_codes(session) == ["NL", "FR", "JP", "DE"]
    waiting.setCurrentRow(3)
    qtbot.keyClick(waiting, Qt.Key.Key_Delete)
    settle(session)
    assert waiting_codes(session) == ["NL", "FR", "JP"]

    # Ctrl+Enter: the Netherlands have the floor; the clock counts down from 3:00 on the fake clock.
    qtbot.keyClick(waiting, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(session)
    assert session.floor.current().delegation == "NL"
    session.floor.tick()
    assert view.speakers.clock.text() == "3:00"
    clock.advance(95)
    session.floor.tick()
    assert view.speakers.clock.text() == "1:25"
    assert "30 seconds" not in view.speakers.clock_note.text()
    clock.advance(60)  # 25 s left: the warning
    session.floor.tick()
    assert view.speakers.clock.text() == "0:25" and "30 seconds" in view.speakers.clock_note.text()
    clock.advance(37)  # 12 s over
    session.floor.tick()
    assert view.speakers.clock.text() == "+0:12" and "Over time" in view.speakers.clock_note.text()

    # The Tour and the audience window show who has the floor, the time left and who is next.
    tour = TourView(session)
    qtbot.addWidget(tour)
    audience = AudienceWindow(session, tour)
    qtbot.addWidget(audience)
    session.floor.tick()
    assert "Netherlands has the floor · over time by 0:12" in tour.floor_strip.now
    assert tour.floor_strip.next == "Next: France, Japan"
    assert audience.floor_now.text() == tour.floor_strip.now
    assert audience.floor_next.text() == "Next: France, Japan"

    # Next speaker: the Netherlands spoke 3:12; France has the floor and yields after 40 s.
    qtbot.keyClick(view.speakers.add_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(session)
    assert session.floor.current().delegation == "FR"
    assert "France has the floor · 3:00 left" in tour.floor_strip.now
    clock.advance(40)
    view.speakers.yield_button.setFocus()
    qtbot.keyClick(view.speakers.yield_button, Qt.Key.Key_Space)
    settle(session)
    assert session.floor.current() is None
    states = {s.delegation: (s.state, s.spoken_ms) for s in session.rt.speakers.list(meeting.id, 3)}
    assert states["NL"] == (SpeakerState.SPOKE, 192_000)
    assert states["FR"] == (SpeakerState.YIELDED, 40_000)
    assert states["DE"][0] == SpeakerState.WITHDRAWN
    # Heard and the meeting's speaking time, in the view.
    heard = [view.speakers.heard.topLevelItem(i).text(1) for i in range(view.speakers.heard.topLevelItemCount())]
    assert heard == ["3:12", "0:40"]
    totals = {view.speakers.totals.topLevelItem(i).text(0): view.speakers.totals.topLevelItem(i).text(2)
              for i in range(view.speakers.totals.topLevelItemCount())}
    assert totals["Netherlands (NL)"] == "3:12" and totals["France (FR)"] == "0:40"
    assert tour.floor_strip.next == "Next: Japan"

    # Undo puts France back on the floor, as the file had it.
    session.undo()
    settle(session)
    assert session.floor.current().delegation == "FR"


def test_a_roll_call_of_twelve_by_keyboard(qtbot, view, session, settle, clock):
    meeting = inaugural(session)
    session.floor.show(meeting.id, 5)
    view.tabs.setCurrentWidget(view.roll_call)
    panel = view.roll_call

    # Open a vote with the keyboard: the dialog comes up on principle 2 with a question; Enter opens it.
    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog) and dialog.principle.currentData() == 5
        dialog.majority.setFocus()
        qtbot.keyClick(dialog.majority, Qt.Key.Key_Down)  # two-thirds
        qtbot.keyClick(dialog.question, Qt.Key.Key_Return)
    QTimer.singleShot(100, answer)
    panel.open_button.setFocus()
    qtbot.keyClick(panel.open_button, Qt.Key.Key_Space)
    settle(session)
    qtbot.waitUntil(lambda: panel.vote is not None)
    vote = panel.vote
    assert vote.principle == 5 and vote.majority.value == "two_thirds" and vote.state == VoteState.OPEN
    codes = [d.code for d in panel.expected]
    assert len(codes) == 12 and panel.table.rowCount() == 12

    # Down the list: Y, N, A; Korea's vote cast by proxy of Japan; Finland's entered on its behalf.
    panel.table.setFocus()
    panel.table.setCurrentCell(0, 0)
    keys = {"AU": "Y", "CH": "Y", "DE": "Y", "DK": "N", "FI": "Y", "FR": "A", "GB": "Y", "JP": "Y", "KR": "N",
            "NL": "Y", "SE": "Y", "US": "Y"}
    for i, code in enumerate(codes):
        if code == "KR":
            panel.proxy.setFocus()
            panel.proxy.setCurrentIndex(panel.proxy.findData("JP"))
            panel.table.setFocus()
        if code in ("FI", "FR"):  # on Finland's behalf, then France votes itself again
            panel.on_behalf.setFocus()
            qtbot.keyClick(panel.on_behalf, Qt.Key.Key_Space)
            assert panel.on_behalf.isChecked() == (code == "FI")
            panel.table.setFocus()
        assert panel.table.currentRow() == i
        qtbot.keyClick(panel.table, getattr(Qt.Key, f"Key_{keys[code]}"))
        settle(session)
    ballots = {b.delegation: b for b in session.rt.votes.ballots(vote.id)}
    assert {c: b.choice for c, b in ballots.items()} == {
        c: {"Y": VoteChoice.YES, "N": VoteChoice.NO, "A": VoteChoice.ABSTAIN}[k] for c, k in keys.items()}
    assert ballots["KR"].proxy == "JP" and ballots["NL"].proxy is None  # a proxy is for one vote
    assert ballots["FI"].on_behalf and ballots["FI"].entered_by == "US" and not ballots["FR"].on_behalf
    row = codes.index("KR")
    assert panel.table.item(row, 1).text() == "No" and panel.table.item(row, 2).text() == "JP"
    assert "on behalf" in panel.table.item(codes.index("FI"), 3).text()
    # 9 yes, 2 no: two thirds of those voting yes or no.
    assert "Yes 9 · No 2 · Abstain 1" in panel.result.text() and "adopted" in panel.result.text()

    # A vote taken back with Delete, and given again.
    panel.table.setCurrentCell(codes.index("DK"), 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    settle(session)
    assert "DK" not in {b.delegation for b in session.rt.votes.ballots(vote.id)}
    assert "not voting: DK" in panel.result.text()
    qtbot.keyClick(panel.table, Qt.Key.Key_N)
    settle(session)

    # Closing it, by keyboard; the closed vote is final: keys no longer change it.
    def confirm():
        box = QApplication.activeModalWidget()
        assert "Yes 9 · No 2 · Abstain 1" in box.text() and "adopted" in box.text()
        qtbot.keyClick(box, Qt.Key.Key_Return)  # its default button: close it
    QTimer.singleShot(100, confirm)
    panel.close_button.setFocus()
    qtbot.keyClick(panel.close_button, Qt.Key.Key_Space)
    settle(session)
    closed = session.rt.votes.get(vote.id)
    assert closed.state == VoteState.CLOSED and closed.result == "adopted"
    assert "Result: adopted" in panel.result.text() and "final" in panel.message.text()
    panel.table.setFocus()
    panel.table.setCurrentCell(0, 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_N)
    settle(session)
    assert session.rt.votes.ballots(vote.id)[0].choice == VoteChoice.YES
    assert not session.errors


def test_a_delegation_copy_sees_the_floor_but_cannot_run_it(qtbot, session, settle, tmp_path, hand_out, clock):
    meeting = inaugural(session)
    assert session.apply(lambda w: w.speakers.add(meeting.id, "FR")).wait()
    hand_out(session, tmp_path / "jp.qrt", "JP")
    session.open(tmp_path / "jp.qrt").wait()
    view = FloorView(session)
    qtbot.addWidget(view)
    view.show()
    session.floor.show(meeting.id, None)
    assert waiting_codes(session) == ["FR"]
    assert not view.speakers.add_edit.isEnabled() and not view.speakers.next_button.isEnabled()
    assert "secretariat" in view.speakers.message.text()
    assert not view.roll_call.open_button.isEnabled()


def test_the_roll_call_says_every_cell_to_a_screen_reader(qtbot, view, session):
    from test_accessibility import unnamed_controls

    view.tabs.setCurrentWidget(view.roll_call)
    qtbot.wait(50)
    assert view.roll_call.table.rowCount() == 11  # the demo's roll call at the October meeting
    assert unnamed_controls(view) == []
    table = view.roll_call.table
    korea = next(r for r in range(table.rowCount()) if "(KR)" in table.item(r, 0).text())
    said = [table.item(korea, c).data(Qt.ItemDataRole.AccessibleTextRole) for c in range(4)]
    assert said == ["Republic of Korea", "Republic of Korea, vote: Yes", "Republic of Korea, proxy: cast by JP",
                    "Republic of Korea, entered: entered as cast"]
