"""The meetings and delegations views on the demo roundtable, as the secretariat and as a delegation."""

import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from qroundtable.ui.views.delegations import DelegationDialog, DelegationsView, MemberDialog
from qroundtable.ui.views.meetings import MeetingsView

# Renders for a person to look at: kept where QRT_SHOTS points, else in a throwaway folder.
SHOTS = Path(os.environ.get("QRT_SHOTS") or tempfile.mkdtemp(prefix="qrt-shots-"))


@pytest.fixture
def meetings(qtbot, session):
    v = MeetingsView(session)
    qtbot.addWidget(v)
    return v


@pytest.fixture
def delegations(qtbot, session):
    v = DelegationsView(session)
    qtbot.addWidget(v)
    return v


@pytest.fixture
def de_session(tmp_path, session, hand_out):
    """Germany's copy of the demo roundtable, in a Session of its own."""
    from qroundtable.ui.session import Session

    hand_out(session, tmp_path / "de.qrt", "DE")
    s = Session()
    s.errors = []
    s.report_error = s.errors.append
    assert s.open(tmp_path / "de.qrt").wait()
    yield s
    s.close()


def checked(widget) -> list[str]:
    return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


# -- meetings -----------------------------------------------------------------------------------


def test_the_newest_meeting_is_shown_first(meetings, session):
    assert meetings.meeting_list.count() == 2
    assert meetings.title_edit.text() == "October 2023 roundtable"
    assert meetings.date_edit.date() == QDate(2023, 10, 24)
    assert checked(meetings.hosts_list) == ["DK", "NL"]
    assert "CH" not in checked(meetings.attending_list) and len(checked(meetings.attending_list)) == 11


def test_creating_a_meeting_and_setting_its_attendance(meetings, session, settle):
    meetings.new_meeting()
    assert meetings.save_button.text() == "Create meeting"
    meetings.title_edit.setText("Spring 2025 roundtable")
    meetings.date_edit.setDate(QDate(2025, 4, 8))
    meetings.place_edit.setText("Helsinki")
    meetings.summary_edit.setPlainText("Tour de table on principles 5 to 7.")
    meetings.set_checked("host", ["FI"])
    meetings.set_checked("attendee", ["FI", "SE", "US"])
    assert meetings.save().wait()
    created = next(m for m in session.rt.meetings.list() if m.title == "Spring 2025 roundtable")
    assert (created.date, created.place, created.summary) == ("2025-04-08", "Helsinki",
                                                              "Tour de table on principles 5 to 7.")
    assert created.hosts == ("FI",) and set(created.attending) == {"FI", "SE", "US"}
    assert meetings.editing_id == created.id
    assert meetings.meeting_list.currentItem().text().startswith("2025-04-08")

    # Change the title and attendance together: one save, one undo step.
    meetings.title_edit.setText("Helsinki roundtable")
    meetings.set_checked("attendee", ["FI", "SE", "US", "JP", "KR"])
    assert meetings.dirty and meetings.save_button.isEnabled()
    assert meetings.save().wait()
    again = session.rt.meetings.get(created.id)
    assert again.title == "Helsinki roundtable" and set(again.attending) == {"FI", "SE", "US", "JP", "KR"}
    assert not meetings.dirty
    session.undo()
    settle(session)
    again = session.rt.meetings.get(created.id)
    assert again.title == "Spring 2025 roundtable" and set(again.attending) == {"FI", "SE", "US"}
    assert meetings.title_edit.text() == "Spring 2025 roundtable"
    assert session.errors == []


def test_the_chair_and_agenda_are_typed_in_the_form_and_saved(qtbot, meetings, session, settle):
    october = session.rt.meetings.latest()
    meetings.select_meeting(october.id)
    assert meetings.chair_edit.text() == october.chair and meetings.agenda_edit.toPlainText() == october.agenda
    meetings.chair_edit.clear()
    qtbot.keyClicks(meetings.chair_edit, "Ambassador A. Chair (DK)")
    meetings.agenda_edit.setFocus()
    meetings.agenda_edit.selectAll()
    qtbot.keyClicks(meetings.agenda_edit, "Opening")
    qtbot.keyClick(meetings.agenda_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(meetings.agenda_edit, "Principle 4")
    assert meetings.dirty
    assert meetings.save().wait()
    saved = session.rt.meetings.get(october.id)
    assert saved.chair == "Ambassador A. Chair (DK)" and saved.agenda_items == ["Opening", "Principle 4"]
    assert saved.title == october.title and saved.summary == october.summary  # only what was typed changed
    session.undo()
    settle(session)
    assert meetings.chair_edit.text() == october.chair and session.errors == []


def test_attendance_alone_goes_through_set_delegations(meetings, session):
    october = meetings.editing_id
    meetings.set_checked("attendee", [c for c in checked(meetings.attending_list) if c != "KR"])
    assert meetings.save().wait()
    assert "KR" not in session.rt.meetings.get(october).attending
    assert session.rt.undo_label().startswith("Attendance of")


def test_a_refused_meeting_is_reported(meetings, session):
    meetings.new_meeting()
    meetings.title_edit.setText("")
    assert not meetings.save().wait()
    assert session.errors and "title" in session.errors[0]
    assert len(session.rt.meetings.list()) == 2


def test_count_consensus_over_a_meetings_attendees(meetings, session):
    october = meetings.editing_id
    assert meetings.count_button.isEnabled()
    meetings.count_button.click()
    assert session.meeting_id == october
    assert meetings.count_button.text() == "Count all delegations instead"
    assert "October 2023 roundtable" in meetings.counting_label.text()
    meetings.count_button.click()
    assert session.meeting_id is None


def test_removing_the_meeting_in_view_counts_everyone_again(meetings, session):
    october = meetings.editing_id
    session.set_meeting(october)
    meetings.confirm = lambda question: True
    assert meetings.remove_selected().wait()
    assert all(m.id != october for m in session.rt.meetings.list())
    assert session.meeting_id is None
    assert meetings.meeting_list.count() == 1


def test_a_delegation_copy_reads_meetings_but_cannot_edit_them(qtbot, de_session):
    view = MeetingsView(de_session)
    qtbot.addWidget(view)
    assert view.title_edit.isReadOnly()
    assert not view.save_button.isEnabled() and not view.new_button.isEnabled()
    assert not view.attending_list.isEnabled()
    assert "Only the secretariat's copy" in view.save_button.toolTip()
    assert view.count_button.isEnabled()  # reading consensus per meeting is for everyone


# -- delegations -------------------------------------------------------------------------------


def test_delegations_list_codes_names_and_member_counts(delegations, session):
    table = delegations.delegation_table
    assert table.rowCount() == 12
    rows = {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())}
    assert rows["JP"] == ("Japan", "0")
    assert rows["US"] == ("United States  (secretariat)", "3")
    assert delegations.selected_code() == "US"  # this copy's own delegation comes first
    assert delegations.member_table.rowCount() == 3


def test_adding_a_delegation_and_a_member(delegations, session):
    delegations.ask_delegation = lambda: ("it", "Italy")
    assert delegations.add_delegation().wait()
    assert session.rt.delegations.get("IT").name == "Italy"
    assert delegations.selected_code() == "IT"
    assert delegations.members_box.title() == "Members of Italy (IT)"

    delegations.ask_member = lambda code, member=None: {"name": "Giulia Rossi", "agency": "MUR",
                                                         "role": "Head of delegation"}
    assert delegations.add_member().wait()
    (member,) = session.rt.delegations.members("IT")
    assert (member.name, member.agency, member.role) == ("Giulia Rossi", "MUR", "Head of delegation")
    assert delegations.member_table.rowCount() == 1 and delegations.selected_member_id() == member.id
    row = next(r for r in range(delegations.delegation_table.rowCount())
               if delegations.delegation_table.item(r, 0).text() == "IT")
    assert delegations.delegation_table.item(row, 2).text() == "1"

    delegations.ask_member = lambda code, member=None: {"name": member.name, "agency": member.agency,
                                                         "role": "Deputy head"}
    assert delegations.edit_member().wait()
    assert session.rt.delegations.members("IT")[0].role == "Deputy head"
    assert delegations.member_table.item(0, 2).text() == "Deputy head"

    delegations.confirm = lambda question: True
    assert delegations.remove_member().wait()
    assert session.rt.delegations.members("IT") == []

    delegations.ask_name = lambda code, current: "Italian Republic"
    assert delegations.rename_selected().wait()
    assert session.rt.delegations.get("IT").name == "Italian Republic"

    assert delegations.remove_selected().wait()
    assert "IT" not in session.rt.delegations.codes()
    assert session.errors == []


def test_a_delegation_in_use_cannot_be_removed(delegations, session):
    delegations.select_delegation("CH")
    delegations.confirm = lambda question: True
    assert not delegations.remove_selected().wait()
    assert session.errors and "cannot be removed" in session.errors[0]
    assert "CH" in session.rt.delegations.codes()


def test_the_dialogs_collect_their_fields(qtbot, session):
    d = DelegationDialog()
    qtbot.addWidget(d)
    d.code.setText("EU")
    d.name.setText("European Union")
    assert d.values() == ("EU", "European Union")
    member = session.rt.delegations.members("US")[0]
    m = MemberDialog("US", member)
    qtbot.addWidget(m)
    assert m.values() == {"name": member.name, "agency": member.agency, "role": member.role}


def test_a_delegation_copy_keeps_only_its_own_members(qtbot, de_session):
    view = DelegationsView(de_session)
    qtbot.addWidget(view)
    assert view.selected_code() == "DE"
    for button in (view.add_button, view.rename_button, view.remove_button):
        assert not button.isEnabled()
        assert "Only the secretariat's copy" in button.toolTip()
    assert view.add_member_button.isEnabled()
    view.ask_member = lambda code, member=None: {"name": "Jana Weber", "agency": "BMBF", "role": "Expert"}
    assert view.add_member().wait()
    assert [m.name for m in de_session.rt.delegations.members("DE")] == ["Jana Weber"]

    view.select_delegation("FR")
    assert not view.add_member_button.isEnabled()
    assert "it keeps only DE's member list" in view.add_member_button.toolTip()
    assert de_session.errors == []


@pytest.mark.parametrize("view_class", [MeetingsView, DelegationsView])
def test_views_made_before_a_file_is_opened_fill_when_it_opens(qtbot, demo_path, view_class):
    from qroundtable.ui.session import Session

    s = Session()
    view = view_class(s)
    qtbot.addWidget(view)
    assert s.open(demo_path).wait()
    try:
        if view_class is MeetingsView:
            assert view.meeting_list.count() == 2 and view.title_edit.text() == "October 2023 roundtable"
        else:
            assert view.delegation_table.rowCount() == 12 and view.selected_code() == "US"
    finally:
        s.close()


# -- screenshots ------------------------------------------------------------------------------------
