"""The tour de table, driven from the keyboard as a chair would drive it."""

import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from qroundtable.stances import STANCE_ORDER, Stance
from qroundtable.ui.views.tour import MAX_FONT, MIN_FONT, TourView

# Renders for a person to look at: kept where QRT_SHOTS points, else in a throwaway folder.
SHOTS = Path(os.environ.get("QRT_SHOTS") or tempfile.mkdtemp(prefix="qrt-shots-"))


@pytest.fixture
def view(qtbot, session):
    v = TourView(session)
    qtbot.addWidget(v)
    v.resize(1360, 860)
    v.show()
    qtbot.waitExposed(v)
    return v


def shot(view, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.resize(1360, 860)
    QApplication.processEvents()
    assert view.grab().save(str(SHOTS / name))


def latest_meeting(session):
    return session.rt.meetings.latest()


def start(view, session, number):
    view.choose_meeting(latest_meeting(session).id)
    view.choose_principle(number)


def test_keys_record_every_attendee_in_order(qtbot, view, session, settle):
    rt = session.rt
    meeting = latest_meeting(session)
    start(view, session, 7)  # nobody has spoken on principle 7 yet
    assert [d.code for d in view.expected] == list(meeting.attending)
    assert view.speaker.text() == f"{view.expected[0].name} — 1 of {len(meeting.attending)}"
    assert "Not discussed" in view.status_text()
    wanted = {}
    for i, code in enumerate(meeting.attending):
        assert view.current_delegation().code == code
        stance = STANCE_ORDER[i % 5] if i != 4 else Stance.SUPPORT  # one objection at most
        if code in ("KR",):
            stance = Stance.OBJECT
        wanted[code] = stance
        qtbot.keyClick(view, str(STANCE_ORDER.index(stance) + 1))
        settle(session)
        # the tally is live: what was just recorded is counted
        assert view.tally.counts[stance.value].text() == str(sum(1 for s in wanted.values() if s == stance))
    assert view.current_delegation() is None and view.speaker.text() == "Tour complete"
    for code, stance in wanted.items():
        assert rt.positions.get(code, 7).stance == stance
    assert "CH" not in wanted and rt.positions.get("CH", 7) is None  # not at the meeting, not asked
    assert "Contested" in view.status_text()
    assert session.errors == []
    shot(view, "tour-complete.png")


def test_status_turns_agreed_live(qtbot, view, session, settle):
    start(view, session, 7)
    n = len(view.expected)
    for i in range(n):
        qtbot.keyClick(view, "1")
        settle(session)
        expected = "Agreed" if i == n - 1 else "Near"
        assert expected in view.status_text()
    # one reservation and it is near again
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    settle(session)
    qtbot.keyClick(view, "3")
    settle(session)
    assert "Near" in view.status_text()
    assert view.tally.counts["reservation"].text() == "1"


def test_enter_skips_and_backspace_goes_back(qtbot, view, session, settle):
    start(view, session, 7)
    first, second, third = (d.code for d in view.expected[:3])
    qtbot.keyClick(view, Qt.Key.Key_Return)
    settle(session)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    settle(session)
    assert view.current_delegation().code == third
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    settle(session)
    assert view.current_delegation().code == second
    qtbot.keyClick(view, "2")
    settle(session)
    assert session.rt.positions.get(second, 7).stance == Stance.SUPPORT_WITH_AMENDMENTS
    assert session.rt.positions.get(first, 7) is None  # skipped, never recorded
    assert view.current_delegation().code == third
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    settle(session)
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    settle(session)
    qtbot.keyClick(view, Qt.Key.Key_Backspace)  # can't go before the first
    settle(session)
    assert view.current_delegation().code == first


def test_comment_line_takes_typing_and_enter_records(qtbot, view, session, settle):
    rt = session.rt
    start(view, session, 7)
    first, second = (d.code for d in view.expected[:2])
    view.comment_edit.setFocus()
    view.comment_edit.clear()
    qtbot.keyClicks(view.comment_edit, "Ad ref 2 weeks")
    assert view.comment_edit.text() == "Ad ref 2 weeks"
    assert rt.positions.get(first, 7) is None  # the "2" was typed, not recorded
    # no stance yet: Enter keeps the comment and asks for one
    qtbot.keyClick(view.comment_edit, Qt.Key.Key_Return)
    settle(session)
    assert rt.positions.get(first, 7) is None and view.current_delegation().code == first
    assert "press 1–5" in view.message.text()
    qtbot.keyClick(view, "3")
    settle(session)
    position = rt.positions.get(first, 7)
    assert (position.stance, position.comment) == (Stance.RESERVATION, "Ad ref 2 weeks")
    assert view.current_delegation().code == second
    # a delegation with a stance: Enter in the comment line records the comment and moves on
    qtbot.keyClick(view, "1")
    settle(session)
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    settle(session)
    assert view.current_delegation().code == second
    view.comment_edit.clear()
    qtbot.keyClicks(view.comment_edit, "Can join consensus")
    qtbot.keyClick(view.comment_edit, Qt.Key.Key_Return)
    settle(session)
    position = rt.positions.get(second, 7)
    assert (position.stance, position.comment) == (Stance.SUPPORT, "Can join consensus")
    assert view.current_delegation().code == view.expected[2].code


def test_all_delegations_without_a_meeting(view, session):
    view.choose_meeting(None)
    view.choose_principle(1)
    assert [d.code for d in view.expected] == session.rt.delegations.codes()
    assert "of 12" in view.speaker.text()


def test_undo_elsewhere_updates_the_tour(qtbot, view, session, settle):
    start(view, session, 7)
    qtbot.keyClick(view, "5")
    settle(session)
    assert "Contested" in view.status_text()
    session.undo()
    settle(session)
    assert "Not discussed" in view.status_text()
    assert view.round.topLevelItem(0).text(2) == ""


def test_font_size_is_clamped(view):
    view.set_font_size(100)
    assert view.font_size == MAX_FONT and not view.larger.isEnabled()
    view.set_font_size(1)
    assert view.font_size == MIN_FONT and not view.smaller.isEnabled()
    view.larger.click()
    assert view.font_size == MIN_FONT + 2


def test_screenshot_mid_tour(qtbot, view, session, settle):
    start(view, session, 4)
    for key in ("1", "1", "2", "1"):
        qtbot.keyClick(view, key)
        settle(session)
    shot(view, "tour.png")
    view.set_font_size(32)
    start(view, session, 5)
    shot(view, "tour-large-text.png")


def test_page_down_and_page_up_go_to_the_next_and_previous_principle(qtbot, view, session):
    start(view, session, 2)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.principle_number() == 3 and view.principle_heading.text().startswith("<b>Principle 3 ")
    assert view.current == 0  # a new principle starts a new round
    view.comment_edit.setFocus()  # also from the comment line
    qtbot.keyClick(view.comment_edit, Qt.Key.Key_PageUp)
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert view.principle_number() == 1
    qtbot.keyClick(view, Qt.Key.Key_PageUp)  # stays at the first
    assert view.principle_number() == 1
    last = session.rt.principles.list()[-1].number
    view.choose_principle(last)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)  # and at the last
    assert view.principle_number() == last


def test_plus_and_minus_change_the_text_size(qtbot, view):
    size = view.font_size
    qtbot.keyClick(view, "+")
    assert view.font_size == size + 2
    qtbot.keyClick(view, "=")  # the same key without Shift
    assert view.font_size == size + 4
    qtbot.keyClick(view, "-")
    assert view.font_size == size + 2
    view.comment_edit.setFocus()
    qtbot.keyClicks(view.comment_edit, "+-")  # typed into the comment, not a size change
    assert view.font_size == size + 2 and view.comment_edit.text().endswith("+-")


def test_everything_in_the_tour_grows_with_the_text_size(qtbot, view, session):
    start(view, session, 4)

    def measured():
        tally = view.tally
        return {
            "principle text": view.text.font().pointSizeF(),
            "round": view.round.font().pointSizeF(),
            "tally badge": tally.badge.font().pointSizeF(),
            "tally counts": tally.counts["support"].font().pointSizeF(),
            "tally labels": tally.texts[2].font().pointSizeF(),
            "still to hear": tally.detail.font().pointSizeF(),
            "side headings": view.headings[0].font().pointSizeF(),
        }

    def big_lines():  # large already: they grow less, or two of them would fill the screen
        return (view.round.header().sectionSize(2),  # the round's stance column, its padding fixed
                view.principle_heading.font().pointSizeF(), view.speaker.font().pointSizeF(),
                view.speaker_stance.font().pointSizeF())

    view.set_font_size(20)
    small, small_lines = measured(), big_lines()
    view.set_font_size(MAX_FONT)
    large, large_lines = measured(), big_lines()
    assert large["principle text"] == MAX_FONT
    for name in small:
        assert large[name] >= small[name] * 1.5, name  # 40 pt is twice 20: all of it reads from the back
    for before, after in zip(small_lines, large_lines):
        assert after > before * 1.1
    assert view.side.width() > 330
    assert "Still to hear" in view.tally.detail.text()
    # a row of the round is tall enough for its larger text
    assert view.round.visualItemRect(view.round.topLevelItem(0)).height() >= view.round.fontMetrics().height()


def test_the_selectors_and_text_size_take_the_keyboard(qtbot, view, session):
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    view.setFocus()
    # Alt+P and Alt+T go to the principle and the counting basis, Alt+Z to the text size
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is view.principle_combo
    qtbot.keyClick(view.principle_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.meeting_combo
    qtbot.keyClick(view.meeting_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.smaller
    qtbot.keyClick(view.smaller, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.larger
    size = view.font_size
    qtbot.keyClick(view.larger, Qt.Key.Key_Space)
    assert view.font_size == size + 2
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is view.smaller
    qtbot.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is view.meeting_combo
    # choosing a meeting from the keyboard: the Tour says it is the counting basis of every view
    meeting = latest_meeting(session)
    qtbot.keyClick(view.meeting_combo, Qt.Key.Key_Down)
    assert session.meeting_id == meeting.id
    assert view.counting.text().startswith(f"Counting: the {len(meeting.attending)} delegations attending")
    assert "every view" in view.counting.text()
    assert [d.code for d in view.expected] == list(meeting.attending)
