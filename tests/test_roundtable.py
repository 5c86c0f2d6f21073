"""Tests of the façade's domain behaviour: positions, amendments, copies, silence, consensus, bad input."""

from datetime import datetime, timedelta, timezone

import pytest

from qroundtable.errors import InvalidInput, NotFound, NotPermitted, RoundtableError
from qroundtable.roundtable import Roundtable
from qroundtable.storage.database import TABLES

TEXT = "Promote scientific collaboration."  # principle 1 of the `rt` fixture


def dump(rt: Roundtable) -> dict[str, list[dict]]:
    """Every row of every table, the change record included."""
    return {t: rt.store.rows(f"SELECT * FROM [{t}] ORDER BY id") for t in sorted(TABLES | {"operations", "changes"})}


def change_count(rt: Roundtable) -> int:
    return rt.store.value("SELECT count(*) FROM changes")


def only_id(changes, table: str) -> str:
    [row_id] = changes.rows(table)
    return row_id


def status(rt: Roundtable, number: int = 1, **kwargs):
    [row] = rt.consensus(principles=[number], **kwargs)
    return row


# -- positions --------------------------------------------------------------------------------


def test_position_set_records_who_when_and_on_which_version(rt):
    changes = rt.positions.set("JP", 1, "support_with_amendments", "Minor wording.")
    assert changes.tables == {"positions", "position_history"}
    p = rt.positions.get("JP", 1)
    assert (p.stance, p.comment, p.version_seq, p.recorded_by, p.stale) == (
        "support_with_amendments", "Minor wording.", 1, "US", False)
    assert p.version_id == rt.principles.get(1).current.id
    assert rt.positions.get("DK", 1) is None


def test_stances_by_number_and_a_comment_kept_only_for_the_same_stance(rt):
    rt.positions.set("JP", 1, "3", "Needs capital.")
    assert rt.positions.set("JP", 1, "reservation").op_id is None  # restated: nothing new, the comment stays
    assert rt.positions.get("JP", 1).comment == "Needs capital."
    rt.positions.set("JP", 1, "Support")
    p = rt.positions.get("JP", 1)
    # A new stance never inherits the old one's comment; the history keeps what was said with it.
    assert (p.stance, p.comment) == ("support", "")
    assert [(h["stance"], h["comment"]) for h in rt.positions.history("JP", 1)] == [
        ("reservation", "Needs capital."), ("support", "")]
    rt.positions.set("JP", 1, "object", "Cannot join.")
    rt.positions.set("JP", 1, "object", "")
    assert rt.positions.get("JP", 1).comment == ""


def test_edit_makes_positions_stale_and_they_stop_counting(rt):
    rt.positions.set("JP", 1, "support")
    rt.positions.set("DK", 1, "support")
    rt.positions.set("US", 1, "support")
    assert status(rt).status == "agreed"
    rt.principles.edit(1, "Promote [scientific|technical] collaboration.", note="JP asked")
    assert all(p.stale and p.version_seq == 1 for p in rt.positions.list())
    row = status(rt)
    assert (row.status, row.counts["no_position"], row.missing) == ("not_discussed", 3, ("DK", "JP", "US"))
    rt.positions.set("JP", 1, "support")  # the same stance on the new text is a new position
    assert not rt.positions.get("JP", 1).stale and rt.positions.get("DK", 1).stale
    assert [h["version_seq"] for h in rt.positions.history("JP", 1)] == [1, 2]
    assert (status(rt).status, status(rt).missing) == ("near", ("DK", "US"))


def test_history_keeps_every_change_including_clear(rt):
    rt.positions.set("JP", 1, "support", "Fine.")
    rt.positions.set("JP", 1, "object", "Not acceptable.")
    rt.positions.set("JP", 1, "object", "Not acceptable.")  # restated: nothing new to keep
    rt.positions.clear("JP", 1)
    rt.positions.set("JP", 1, "reservation")
    history = rt.positions.history("JP", 1)
    assert [(h["stance"], h["comment"]) for h in history] == [
        ("support", "Fine."), ("object", "Not acceptable."), (None, ""), ("reservation", "")]
    assert {h["recorded_by"] for h in history} == {"US"}
    assert rt.positions.history("DK", 1) == []


def test_clearing_a_missing_position_is_not_found(rt):
    before = dump(rt)
    with pytest.raises(NotFound):
        rt.positions.clear("JP", 1)
    assert dump(rt) == before


# -- delegations --------------------------------------------------------------------------------


def test_remove_an_unused_delegation_with_its_members(rt):
    rt.delegations.add("FR", "France")
    rt.delegations.add_member("FR", "Claire Dubois")
    changes = rt.delegations.remove("FR")
    assert changes.tables == {"delegations", "members"}
    assert rt.delegations.codes() == ["DK", "JP", "US"]
    assert rt.delegations.members() == []


def test_a_delegation_in_use_or_the_secretariat_cannot_be_removed(rt):
    rt.principles.add("Workforce", "Grow the workforce.")
    rt.positions.set("JP", 1, "support")
    rt.notes.set(1, "The secretariat's own note.")
    before = dump(rt)
    with pytest.raises(NotPermitted, match="positions"):
        rt.delegations.remove("JP")
    with pytest.raises(NotPermitted, match="secretariat"):
        rt.delegations.remove("US")
    assert dump(rt) == before
    assert rt.notes.get(1) == "The secretariat's own note."


# -- amendments -------------------------------------------------------------------------------


def propose(rt, code="DK", text="Promote open scientific collaboration."):
    return only_id(rt.amendments.propose(1, code, text, "Openness matters."), "amendments")


def test_accept_creates_a_version_by_the_proposer_and_stales_positions(rt):
    rt.positions.set("JP", 1, "support")
    ref = propose(rt)
    changes = rt.amendments.accept(ref)
    assert changes.tables == {"principle_versions", "amendments"}
    versions = rt.principles.versions(1)
    assert [(v.seq, v.text, v.author) for v in versions] == [
        (1, TEXT, "US"), (2, "Promote open scientific collaboration.", "DK")]
    assert "DK" in versions[1].note
    a = rt.amendments.get(ref)
    assert (a.state, a.base_seq) == ("accepted", 1) and a.decided_at
    assert rt.store.get("amendments", ref)["result_version_id"] == versions[1].id
    assert rt.positions.get("JP", 1).stale
    assert status(rt).status == "not_discussed"


@pytest.mark.parametrize("decide, state", [("reject", "rejected"), ("withdraw", "withdrawn")])
def test_reject_and_withdraw_leave_the_text_and_end_the_proposal(rt, decide, state):
    ref = propose(rt)
    getattr(rt.amendments, decide)(ref)
    assert rt.amendments.get(ref).state == state
    assert [v.text for v in rt.principles.versions(1)] == [TEXT]
    before = dump(rt)
    for again in (rt.amendments.accept, rt.amendments.reject, rt.amendments.withdraw):
        with pytest.raises(InvalidInput, match=state):
            again(ref)
    assert dump(rt) == before


def test_amendment_lookup_by_short_reference(rt):
    ref = propose(rt)
    assert rt.amendments.get(ref[-6:]).id == ref
    with pytest.raises(InvalidInput):
        rt.amendments.get(ref[-2:])
    with pytest.raises(NotFound):
        rt.amendments.get("ffffffff")


# -- a delegation's copy ------------------------------------------------------------------------


@pytest.fixture
def master(rt):
    """The `rt` master with rows of JP's, DK's and the secretariat's own, and a secret note."""
    rt.positions.set("DK", 1, "object", "Too vague.")
    rt.positions.set("JP", 1, "reservation")
    refs = {
        "dk_amendment": propose(rt, "DK"),
        "jp_amendment": propose(rt, "JP", "Promote scientific collaboration among partners."),
        "dk_action": only_id(rt.actions.add("Send comments", "DK"), "action_items"),
        "jp_action": only_id(rt.actions.add("Consult capital", "JP"), "action_items"),
    }
    rt.delegations.add_member("DK", "Lars Holm")
    rt.notes.set(1, "SECRETARIAT-ONLY fallback: drop 'scientific'.")
    rt.refs = refs
    return rt


@pytest.fixture
def jp(master, tmp_path):
    path = master.save_delegation_copy(tmp_path / "jp.qrt", "JP")
    copy = Roundtable.open(path)
    copy.refs = master.refs
    yield copy
    copy.close()


def test_copy_knows_whose_it_is_and_starts_with_nothing_unsent(jp, master):
    assert master.unsent_count() > 0
    assert (jp.info.copy_kind, jp.info.copy_owner, jp.actor) == ("delegation", "JP", "JP")
    assert jp.info.copy_label == "Delegation — Japan"
    assert jp.unsent_count() == 0
    assert jp.positions.list() == master.positions.list()
    assert jp.principles.list() == master.principles.list()


def test_copy_carries_none_of_the_secretariats_private_notes(master, tmp_path):
    path = master.save_delegation_copy(tmp_path / "jp.qrt", "JP")
    assert b"SECRETARIAT-ONLY" not in path.read_bytes()
    with Roundtable.open(path) as copy:
        assert copy.notes.get(1) == ""
        assert copy.store.value("SELECT count(*) FROM changes WHERE table_name = 'private_notes'") == 0
    assert master.notes.get(1).startswith("SECRETARIAT-ONLY")


FORBIDDEN = {
    "edit principle text": lambda c, r: c.principles.edit(1, "Promote collaboration."),
    "add a principle": lambda c, r: c.principles.add("Security", "Protect research."),
    "rename a principle": lambda c, r: c.principles.retitle(1, "Science"),
    "open a silence": lambda c, r: c.principles.open_silence(1, "2030-01-01"),
    "another's position": lambda c, r: c.positions.set("DK", 1, "support"),
    "clear another's position": lambda c, r: c.positions.clear("DK", 1),
    "amend as another": lambda c, r: c.amendments.propose(1, "DK", "Other text."),
    "accept an amendment": lambda c, r: c.amendments.accept(r["jp_amendment"]),
    "reject an amendment": lambda c, r: c.amendments.reject(r["dk_amendment"]),
    "withdraw another's amendment": lambda c, r: c.amendments.withdraw(r["dk_amendment"]),
    "action for another": lambda c, r: c.actions.add("Reply", "DK"),
    "edit another's action": lambda c, r: c.actions.update(r["dk_action"], status="done"),
    "remove another's action": lambda c, r: c.actions.remove(r["dk_action"]),
    "hand an action away": lambda c, r: c.actions.update(r["jp_action"], owner="DK"),
    "another's member": lambda c, r: c.delegations.add_member("DK", "Mette Friis"),
    "remove another's member": lambda c, r: c.delegations.remove_member(c.delegations.members("DK")[0].id),
    "add a delegation": lambda c, r: c.delegations.add("FR", "France"),
    "rename own delegation": lambda c, r: c.delegations.rename("JP", "Nippon"),
    "add a meeting": lambda c, r: c.meetings.add("Side event", "2026-11-24"),
    "rename the roundtable": lambda c, r: c.set_title("Ours now"),
    "change the rule": lambda c, r: c.set_rule("majority:50"),
    "hand out a copy": lambda c, r: c.save_delegation_copy(c.path.with_name("again.qrt"), "JP"),
}


@pytest.mark.parametrize("what", FORBIDDEN)
def test_copy_cannot_touch_what_is_not_its_own(jp, what):
    before = dump(jp)
    with pytest.raises(NotPermitted):
        FORBIDDEN[what](jp, jp.refs)
    assert dump(jp) == before
    assert jp.unsent_count() == 0
    assert not jp.path.with_name("again.qrt").exists()


def test_copy_edits_its_own_rows_and_counts_them_unsent(jp):
    refs, counts = jp.refs, [jp.unsent_count()]
    steps = [
        lambda: jp.positions.set("JP", 1, "support", "Capital agrees."),
        lambda: jp.amendments.propose(1, "JP", "Promote scientific collaboration with care."),
        lambda: jp.amendments.withdraw(refs["jp_amendment"]),
        lambda: jp.actions.add("Brief the minister", "JP", due="2026-12-01"),
        lambda: jp.actions.update(refs["jp_action"], status="in progress"),
        lambda: jp.delegations.add_member("JP", "Aiko Sato", "MEXT", "Head"),
        lambda: jp.positions.clear("JP", 1),
    ]
    for step in steps:
        step()
        counts.append(jp.unsent_count())
    assert counts[0] == 0
    # Each step adds to what the next snapshot carries, until withdrawing the position nets it down to
    # one deletion (and the history rows that record it).
    assert all(b > a for a, b in zip(counts, counts[1:-1])) and 0 < counts[-1] < counts[-2]
    mine = jp.store.rows("SELECT DISTINCT c.actor FROM changes c JOIN operations o ON o.id = c.op_id "
                         "WHERE o.kind = 'do'")
    assert mine == [{"actor": "JP"}]
    assert jp.actions.get(refs["jp_action"]).status == "in_progress"
    assert [m.name for m in jp.delegations.members("JP")] == ["Aiko Sato"]
    assert jp.positions.history("JP", 1)[-1]["recorded_by"] == "JP"


def test_private_notes_belong_to_the_copys_owner(jp, master):
    jp.notes.set(1, "Instructions from Tokyo: hold firm.")
    assert jp.notes.get(1) == "Instructions from Tokyo: hold firm."
    row = jp.store.row("SELECT delegation_id FROM private_notes")
    assert row["delegation_id"] == jp.delegations.get("JP").id
    assert master.notes.get(1).startswith("SECRETARIAT-ONLY")
    assert master.store.row("SELECT delegation_id FROM private_notes")["delegation_id"] == \
        master.delegations.get("US").id
    jp.notes.set(1, "")
    assert jp.store.value("SELECT count(*) FROM private_notes") == 0


def test_copy_of_an_unknown_delegation_or_onto_an_existing_file_is_refused(rt, tmp_path):
    taken = tmp_path / "taken.qrt"
    taken.write_text("keep me")
    with pytest.raises(NotFound):
        rt.save_delegation_copy(tmp_path / "xx.qrt", "XX")
    with pytest.raises(RoundtableError, match="already exists"):
        rt.save_delegation_copy(taken, "JP")
    assert taken.read_text() == "keep me"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("xx.qrt")]


def test_copy_into_a_new_folder(rt, tmp_path):
    path = rt.save_delegation_copy(tmp_path / "for delegations" / "jp.qrt", "DK")
    with Roundtable.open(path) as copy:
        assert copy.info.copy_owner == "DK"


# -- silence procedure ---------------------------------------------------------------------------


def test_silence_passes_unbroken_at_its_deadline(rt):
    rt.principles.open_silence(1, "2030-01-31")
    [s] = rt.principles.silences()
    assert (s.principle, s.version_seq, s.deadline, s.opened_by, s.state) == (
        1, 1, "2030-01-31T23:59:59Z", "US", "open")
    before = status(rt, now=datetime(2030, 1, 31, 23, 59, 58, tzinfo=timezone.utc))
    after = status(rt, now=datetime(2030, 1, 31, 23, 59, 59, tzinfo=timezone.utc))
    assert (before.status, before.by_silence) == ("not_discussed", False)
    assert (after.status, after.by_silence, after.silence_deadline) == ("agreed", True, "2030-01-31T23:59:59Z")


def test_objection_before_the_deadline_breaks_the_silence(rt):
    rt.principles.open_silence(1, "2030-01-31")
    rt.positions.set("DK", 1, "object")
    rt.positions.set("DK", 1, "support")  # withdrawn, but it was recorded in time
    rt.positions.set("JP", 1, "support")
    rt.positions.set("US", 1, "support")
    row = status(rt, now=datetime(2030, 2, 1, tzinfo=timezone.utc))
    assert (row.status, row.by_silence) == ("agreed", False)  # by the tally, not by silence
    rt.positions.set("JP", 1, "reservation")
    assert status(rt, now=datetime(2030, 2, 1, tzinfo=timezone.utc)).status == "near"


def test_objection_after_the_deadline_does_not_break_it(rt):
    # A deadline at the start of this very second: the objection comes a fraction of a second later.
    deadline = datetime.now(timezone.utc).replace(microsecond=0)
    rt.principles.open_silence(1, deadline.strftime("%Y-%m-%dT%H:%M:%S"))
    rt.positions.set("DK", 1, "object")
    row = status(rt, now=deadline + timedelta(hours=1))
    assert (row.status, row.by_silence, row.objecting) == ("agreed", True, ("DK",))


def test_silence_on_an_older_version_no_longer_counts(rt):
    rt.principles.open_silence(1, "2030-01-31")
    rt.principles.edit(1, "Promote [open] scientific collaboration.")
    row = status(rt, now=datetime(2030, 6, 1, tzinfo=timezone.utc))
    assert (row.status, row.by_silence) == ("not_discussed", False)


def test_silence_cannot_be_opened_twice_but_again_once_closed(rt):
    rt.principles.open_silence(1, "2030-01-31")
    before = dump(rt)
    with pytest.raises(InvalidInput, match="already"):
        rt.principles.open_silence(1, "2030-03-31")
    assert dump(rt) == before
    rt.principles.close_silence(1)
    assert rt.principles.silences() == []
    assert status(rt, now=datetime(2031, 1, 1, tzinfo=timezone.utc)).by_silence is False
    rt.principles.open_silence(1, "2030-03-31")
    assert [s.state for s in rt.principles.silences(include_closed=True)] == ["closed", "open"]
    with pytest.raises(NotFound):
        rt.principles.close_silence(2)


# -- consensus over whom -------------------------------------------------------------------------


def test_consensus_over_meeting_attendees_or_everyone(rt):
    rt.meetings.add("October meeting", "2023-10-05", hosts="DK", attending="JP,DK")
    meeting = rt.meetings.latest().id
    rt.positions.set("JP", 1, "support")
    rt.positions.set("DK", 1, "support")
    everyone, attendees = status(rt), status(rt, meeting=meeting)
    assert (everyone.status, everyone.missing) == ("near", ("US",))
    assert (attendees.status, attendees.missing, attendees.counts["support"]) == ("agreed", (), 2)
    rt.positions.set("US", 1, "object")  # not attending: does not count there
    assert status(rt, meeting=meeting).status == "agreed"
    assert (status(rt).status, status(rt).objecting) == ("contested", ("US",))
    assert rt.expected_delegations(meeting) == ["DK", "JP"]
    assert rt.expected_delegations() == ["DK", "JP", "US"]


def test_consensus_for_a_meeting_without_attendance_is_refused(rt):
    rt.meetings.add("Informal dinner", "2023-10-04")
    with pytest.raises(InvalidInput, match="no attendance"):
        rt.consensus(rt.meetings.latest().id)


def test_consensus_follows_the_roundtable_rule(rt):
    for code in ("JP", "US"):
        rt.positions.set(code, 1, "support")
    rt.positions.set("DK", 1, "object")
    assert status(rt).status == "contested"
    rt.set_rule("consensus_minus_one")
    assert (rt.info.consensus_rule, status(rt).status) == ("consensus_minus_one", "near")
    rt.set_rule("majority:66.6")
    assert status(rt).status == "agreed"
    rt.set_rule("majority:67")
    assert status(rt).status == "contested"


def test_consensus_lists_every_principle_in_order(rt):
    rt.principles.add("Workforce", "Grow the workforce.")
    rt.principles.add("Security", "Protect research.", number=7)
    assert [(r.principle, r.title) for r in rt.consensus()] == [(1, "Collaboration"), (2, "Workforce"), (7, "Security")]
    assert [r.principle for r in rt.consensus(principles=["7", 2])] == [2, 7]


# -- bad input changes nothing -------------------------------------------------------------------


BAD = {
    "unknown stance": (InvalidInput, lambda rt: rt.positions.set("JP", 1, "strongly agree")),
    "stance number out of range": (InvalidInput, lambda rt: rt.positions.set("JP", 1, "6")),
    "unknown delegation": (NotFound, lambda rt: rt.positions.set("XX", 1, "support")),
    "malformed delegation code": (InvalidInput, lambda rt: rt.positions.set("J", 1, "support")),
    "unknown principle": (NotFound, lambda rt: rt.positions.set("JP", 9, "support")),
    "principle not a number": (InvalidInput, lambda rt: rt.positions.set("JP", "one", "support")),
    "bell in a comment": (InvalidInput, lambda rt: rt.positions.set("JP", 1, "support", "ding\x07")),
    "31 February": (InvalidInput, lambda rt: rt.meetings.add("Meeting", "2026-02-30")),
    "day/month/year": (InvalidInput, lambda rt: rt.meetings.add("Meeting", "24/11/2026")),
    "date with a time": (InvalidInput, lambda rt: rt.meetings.add("Meeting", "2026-11-24T10:00")),
    "empty meeting title": (InvalidInput, lambda rt: rt.meetings.add("  ", "2026-11-24")),
    "unknown attendee": (NotFound, lambda rt: rt.meetings.add("Meeting", "2026-11-24", attending="JP,XX")),
    "bad due date": (InvalidInput, lambda rt: rt.actions.add("Reply", "JP", due="2026-02-30")),
    "slashed due date": (InvalidInput, lambda rt: rt.actions.add("Reply", "JP", due="24/11/2026")),
    "bell in an action title": (InvalidInput, lambda rt: rt.actions.add("Reply\x07", "JP")),
    "action on an unknown principle": (NotFound, lambda rt: rt.actions.add("Reply", "JP", principle=9)),
    "empty principle title": (InvalidInput, lambda rt: rt.principles.add("", "Some text.")),
    "blank principle text": (InvalidInput, lambda rt: rt.principles.add("Title", " \n ")),
    "escape in principle text": (InvalidInput, lambda rt: rt.principles.add("Title", "Text\x1b[0m")),
    "newline in a title": (InvalidInput, lambda rt: rt.principles.add("Two\nlines", "Text.")),
    "edit to the same text": (InvalidInput, lambda rt: rt.principles.edit(1, f"  {TEXT}  ")),
    "edit to empty text": (InvalidInput, lambda rt: rt.principles.edit(1, "")),
    "amendment same as the text": (InvalidInput, lambda rt: rt.amendments.propose(1, "JP", TEXT)),
    "empty amendment": (InvalidInput, lambda rt: rt.amendments.propose(1, "JP", "")),
    "amendment by nobody": (NotFound, lambda rt: rt.amendments.propose(1, "XX", "New text.")),
    "duplicate delegation": (InvalidInput, lambda rt: rt.delegations.add("jp", "Japan again")),
    "empty delegation name": (InvalidInput, lambda rt: rt.delegations.add("FR", "")),
    "bad silence deadline": (InvalidInput, lambda rt: rt.principles.open_silence(1, "2026-02-30")),
    "silence deadline in words": (InvalidInput, lambda rt: rt.principles.open_silence(1, "next week")),
    "unknown rule": (InvalidInput, lambda rt: rt.set_rule("unanimity")),
    "unknown stage": (InvalidInput, lambda rt: rt.principles.set_stage(1, "finished")),
    "unknown meeting": (NotFound, lambda rt: rt.meetings.update("abcdef", title="X")),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_raises_and_changes_nothing(rt, case):
    error, call = BAD[case]
    rt.positions.set("DK", 1, "support")
    count, before = change_count(rt), dump(rt)
    with pytest.raises(error) as raised:
        call(rt)
    assert type(raised.value) is error
    assert "\n" not in str(raised.value) and str(raised.value)
    assert change_count(rt) == count
    assert dump(rt) == before


def test_bad_action_status_changes_nothing(rt):
    ref = only_id(rt.actions.add("Reply", "JP"), "action_items")
    count = change_count(rt)
    with pytest.raises(InvalidInput, match="unknown status"):
        rt.actions.set_status(ref, "finished")
    assert change_count(rt) == count and rt.actions.get(ref).status == "open"


def test_text_is_stripped_and_multiline_where_allowed(rt):
    rt.positions.set("JP", 1, "support", "  First point.\r\n\tSecond point.  ")
    assert rt.positions.get("JP", 1).comment == "First point.\n\tSecond point."
    rt.meetings.add("  Kick-off  ", "2022-11-09", summary="One.\nTwo.")
    assert (rt.meetings.latest().title, rt.meetings.latest().summary) == ("Kick-off", "One.\nTwo.")


def test_a_delegation_copy_carries_nothing_the_master_once_deleted(master, tmp_path):
    """A master written where SQLite leaves deleted text in free pages (secure_delete off on many
    platforms): a note deleted there must not travel in the copy handed to a delegation."""
    import sqlite3

    master.close()
    raw = sqlite3.connect(master.path, isolation_level=None)
    raw.execute("PRAGMA secure_delete = OFF")
    (principle,) = raw.execute("SELECT id FROM principles WHERE number = 1").fetchone()
    (owner,) = raw.execute("SELECT id FROM delegations WHERE code = 'DK'").fetchone()
    raw.execute("INSERT INTO private_notes (id, principle_id, delegation_id, text) VALUES ('x', ?, ?, ?)",
                (principle, owner, "DELETED-FALLBACK " * 2000))  # long: its overflow pages go free on delete
    raw.execute("DELETE FROM private_notes WHERE id = 'x'")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    assert b"DELETED-FALLBACK" in master.path.read_bytes()  # still in the master's free pages
    with Roundtable.open(master.path) as again:
        copy = again.save_delegation_copy(tmp_path / "jp.qrt", "JP")
    assert b"DELETED-FALLBACK" not in copy.read_bytes()
    with Roundtable.open(copy) as jp:
        assert jp.info.copy_owner == "JP" and jp.positions.list()


def test_a_new_text_says_how_many_positions_it_made_stale(tmp_path):
    from qroundtable.roundtable import Roundtable

    with Roundtable.create(tmp_path / "rt.qrt", title="T", secretariat="US") as rt:
        rt.delegations.add("JP", "Japan")
        rt.principles.add("Collaboration", "Promote collaboration.")
        assert rt.positions.stale_notice(1) == ""
        rt.positions.set("JP", 1, "support")
        assert rt.positions.stale_notice(1) == ""  # given on the text in force
        rt.principles.edit(1, "Promote open collaboration.")
        assert rt.positions.stale_notice(1) == ("1 position on principle 1 was given on an earlier text and is "
                                                "now stale (S*) until the delegation confirms on the new text.")
