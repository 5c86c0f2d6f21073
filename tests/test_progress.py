"""Negotiation progress read back from the history: milestone by milestone, and each delegation's shifts."""

from datetime import date, datetime, timedelta, timezone

import pytest

from qroundtable.roundtable import Roundtable
from qroundtable.stances import Status
from qroundtable.storage.clock import dated

DAY1 = date.today() - timedelta(days=10)  # three days of last week; "now" comes after them
DAY2, DAY3 = DAY1 + timedelta(days=1), DAY1 + timedelta(days=2)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


@pytest.fixture
def story(tmp_path):
    """Three days of a negotiation, each record dated on its day.

    Day 1: two principles (three brackets); US and JP support 1, DK objects. Meeting A, everyone.
    Day 2: 1 loses its two brackets (a new version); all three support it; JP has a reservation on 2; Rev.1.
    Day 3: meeting B, JP and DK attending; JP moves to object on 2.
    """
    rt = Roundtable.create(tmp_path / "p.qrt", title="Progress", secretariat="US", secretariat_name="United States")
    with dated(at(DAY1, 9)):
        rt.delegations.add("JP", "Japan")
        rt.delegations.add("DK", "Denmark")
        rt.principles.add("Collaboration", "Promote [open] [scientific] collaboration.")
        rt.principles.add("Workforce", "Develop the [quantum] workforce.")
        for code, stance in (("US", "support"), ("JP", "support"), ("DK", "object")):
            rt.positions.set(code, 1, stance)
        rt.meetings.add("Meeting A", DAY1.isoformat(), attending=["US", "JP", "DK"])
        rt.meetings.add("Meeting B", DAY3.isoformat(), attending=["JP", "DK"])
    with dated(at(DAY2, 10)):
        rt.principles.edit(1, "Promote open scientific collaboration.")
        for code in ("US", "JP", "DK"):
            rt.positions.set(code, 1, "support")
        rt.positions.set("JP", 2, "reservation")
    with dated(at(DAY2, 12)):
        rt.revisions.issue()
    with dated(at(DAY3, 11)):
        rt.positions.set("JP", 2, "object")
    yield rt
    rt.close()


def rows(progress):
    return {r["label"]: r for r in progress.milestones.to_dict("records")}


def test_each_milestone_is_the_state_of_its_time(story):
    progress = story.progress()
    assert list(progress.milestones["label"]) == ["Meeting A", "Rev.1", "Meeting B", "Now"]
    got = rows(progress)
    a, rev, b, now = got["Meeting A"], got["Rev.1"], got["Meeting B"], got["Now"]
    assert (a["principles"], a["brackets"], a["agreed"]) == (2, 3, 0)
    assert (a["support"], a["object"], a["no_position"]) == (2, 1, 3)  # 2 principles × 3 delegations − 3
    assert (rev["brackets"], rev["agreed"], rev["support"], rev["reservation"], rev["no_position"]) == (1, 1, 3, 1, 2)
    # Meeting B counts its two attendees only: JP and DK both support 1 (agreed), JP objects to 2.
    assert (b["counted"], b["agreed"], b["support"], b["object"], b["no_position"]) == (2, 1, 2, 1, 1)
    assert (now["counted"], now["agreed"], now["support"], now["object"], now["no_position"]) == (3, 1, 3, 1, 2)


def test_now_is_what_the_consensus_view_shows(story):
    now = rows(story.progress())["Now"]
    statuses = story.consensus()
    assert now["agreed"] == sum(r.status is Status.AGREED for r in statuses)
    for stance in ("support", "support_with_amendments", "reservation", "abstain", "object", "no_position"):
        assert now[stance] == sum(r.counts[stance] for r in statuses)


def test_a_position_on_an_older_text_is_no_position_then(story):
    # DK's objection on day 1 was on the first version; on day 2 the text changed and DK supported the new one.
    with dated(at(DAY3, 15)):
        story.principles.edit(1, "Promote open and scientific collaboration.")
    now = rows(story.progress())["Now"]
    assert (now["agreed"], now["support"], now["no_position"]) == (0, 0, 5)  # only JP's objection on 2 is current


def test_a_silence_agrees_a_principle_only_after_its_deadline(story):
    with dated(at(DAY2, 13)):
        story.principles.open_silence(2, at(DAY3, 9).strftime("%Y-%m-%dT%H:%M:%SZ"))
    got = rows(story.progress())
    # JP's reservation stood when the silence opened; nobody objected before the deadline (JP did at 11:00).
    assert got["Rev.1"]["agreed"] == 1
    assert got["Meeting B"]["agreed"] == 2
    assert got["Now"]["agreed"] == 2 == sum(r.status is Status.AGREED for r in story.consensus())


def test_stance_shifts_per_delegation(story):
    shifts = {r["delegation"]: r for r in story.progress().shifts.to_dict("records")}
    assert list(story.progress().shifts["delegation"])[:2] in (["DK", "JP"], ["JP", "DK"])
    dk, jp, us = shifts["DK"], shifts["JP"], shifts["US"]
    assert (dk["shifts"], dk["towards"], dk["away"], dk["last_shift"]) == (1, 1, 0, DAY2.isoformat())
    assert (jp["shifts"], jp["towards"], jp["away"], jp["last_shift"]) == (1, 0, 1, DAY3.isoformat())
    # US restated support on the new text: a position recorded, no shift.
    assert (us["recorded"], us["shifts"], us["last_shift"]) == (2, 0, "")
    story.positions.clear("US", 1)
    assert {r["delegation"]: r["withdrawn"] for r in story.progress().shifts.to_dict("records")}["US"] == 1


def test_an_empty_roundtable_has_no_progress_yet(tmp_path):
    rt = Roundtable.create(tmp_path / "e.qrt", title="Empty", secretariat="US", secretariat_name="United States")
    try:
        progress = rt.progress()
        assert progress.empty and progress.milestones.empty
        assert list(progress.shifts["delegation"]) == ["US"]
    finally:
        rt.close()


def test_an_objection_just_before_a_deadline_without_milliseconds_breaks_the_silence(story):
    deadline = at(DAY3, 9)
    with dated(at(DAY2, 13)):
        story.principles.open_silence(2, deadline.strftime("%Y-%m-%dT%H:%M:%SZ"))
    with dated(deadline - timedelta(milliseconds=500)):
        story.positions.set("DK", 2, "object")
    got = rows(story.progress())
    assert got["Meeting B"]["agreed"] == 1 and got["Now"]["agreed"] == 1  # only principle 1
    assert got["Now"]["agreed"] == sum(r.status is Status.AGREED for r in story.consensus())


def test_a_delegation_added_later_leaves_past_milestones_as_they_were(story):
    before = story.progress().milestones.set_index("label")
    with dated(at(DAY3, 16)):
        story.delegations.add("FR", "France")
    after = story.progress().milestones.set_index("label")
    # Rev.1 counted the three delegations there were; France joined after it.
    assert after.loc["Rev.1"].equals(before.loc["Rev.1"])
    assert after.loc["Now", "counted"] == 4 and after.loc["Now", "no_position"] == before.loc["Now", "no_position"] + 2


def test_a_meeting_still_to_come_is_no_milestone(story):
    story.meetings.add("Next round", (date.today() + timedelta(days=30)).isoformat())
    labels = list(story.progress().milestones["label"])
    assert "Next round" not in labels and labels[-1] == "Now"


def test_as_it_stood_at_a_meeting(story):
    progress = story.progress(until=DAY2.isoformat())
    assert list(progress.milestones["label"]) == ["Meeting A", "Rev.1"]  # no Meeting B, no "Now"
    shifts = {r["delegation"]: r for r in progress.shifts.to_dict("records")}
    assert shifts["DK"]["shifts"] == 1 and shifts["JP"]["shifts"] == 0  # JP moved on day 3


def test_a_change_of_stance_across_a_withdrawal_is_a_shift(story):
    with dated(at(DAY3, 12)):
        story.positions.clear("JP", 2)  # JP objected at 11:00
    with dated(at(DAY3, 13)):
        story.positions.set("JP", 2, "support")
    jp = {r["delegation"]: r for r in story.progress().shifts.to_dict("records")}["JP"]
    # reservation → object (away), object → withdrawn → support (towards), one withdrawal
    assert (jp["shifts"], jp["towards"], jp["away"], jp["withdrawn"]) == (2, 1, 1, 1)


def test_a_time_recorded_without_milliseconds_counts_on_its_day(story, tmp_path):
    import sqlite3

    with dated(at(DAY1, 23) + timedelta(minutes=59, seconds=59)):
        story.positions.set("JP", 2, "abstain")
    path = story.path
    story.close()
    with sqlite3.connect(path) as con:  # as a synced copy may write it: whole seconds, no fraction
        con.execute("UPDATE position_history SET recorded_at = ? WHERE stance = 'abstain'",
                    (f"{DAY1.isoformat()}T23:59:59Z",))
    with Roundtable.open(path) as rt:
        assert rows(rt.progress())["Meeting A"]["abstain"] == 1


def test_the_command_line_prints_the_progress(story):
    import json

    from click.testing import CliRunner

    from qroundtable.cli import cli

    db = str(story.path)
    runner = CliRunner()
    got = runner.invoke(cli, ["--db", db, "progress", "--format", "json"])
    assert got.exit_code == 0, got.output
    printed = json.loads(got.output)
    assert [m["label"] for m in printed["milestones"]] == ["Meeting A", "Rev.1", "Meeting B", "Now"]
    assert printed["milestones"][0]["brackets"] == 3
    assert {s["delegation"]: s["shifts"] for s in printed["shifts"]} == {"DK": 1, "JP": 1, "US": 0}
    table = runner.invoke(cli, ["--db", db, "progress", "--until", DAY1.isoformat()])
    assert table.exit_code == 0 and "Meeting A" in table.output and "Rev.1" not in table.output
    assert "No delegation has changed its stance" in table.output  # DK moved on day 2
    csv_rows = runner.invoke(cli, ["--db", db, "progress", "--format", "csv"]).output.splitlines()
    assert csv_rows[0].startswith("kind,label,date,counted,principles,brackets,agreed") and len(csv_rows) == 5
    bad = runner.invoke(cli, ["--db", db, "progress", "--until", "yesterday"])
    assert bad.exit_code == 1 and "not a date" in bad.output and "Traceback" not in bad.output


def test_a_file_without_some_times_still_gives_its_progress(story):
    import sqlite3

    path = story.path
    story.close()
    with sqlite3.connect(path) as con:  # as a file made by an early version may hold them
        con.execute("UPDATE delegations SET created_at = NULL")
        con.execute("UPDATE revisions SET issued_at = 'not a time'")
    with Roundtable.open(path) as rt:
        got = rows(rt.progress())
        assert got["Now"]["counted"] == 3 and got["Meeting A"]["brackets"] == 3
