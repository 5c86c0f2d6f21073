"""Running the meeting, the core rules: speakers lists and their clock, roll-call votes, co-sponsors, statements,
and who broke a silence. Real files through the façade; the majorities also as plain functions."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from qroundtable.amendments import sponsorship_in_words
from qroundtable.errors import InvalidInput, NothingToUndo, NotPermitted
from qroundtable.model import Amendment, AmendmentState, Majority, SpeakerState, VoteChoice
from qroundtable.roundtable import Roundtable
from qroundtable.speaking import clock_in_words, speaking_time, timer_state
from qroundtable.voting import vote_result

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)
Y, N, A = VoteChoice.YES, VoteChoice.NO, VoteChoice.ABSTAIN


@pytest.fixture
def rt(tmp_path):
    rt = Roundtable.create(tmp_path / "floor.qrt", title="Floor", secretariat="US", secretariat_name="United States")
    for code, name in (("JP", "Japan"), ("DK", "Denmark"), ("FR", "France"), ("DE", "Germany")):
        rt.delegations.add(code, name)
    rt.meetings.add("First", "2026-12-05", attending="US,JP,DK,FR")  # DE is not attending
    rt.principles.add("Talent", "Grow the [quantum] workforce.")
    rt.principles.add("Security", "Protect research.")
    yield rt
    rt.close()


def meeting(rt):
    return rt.meetings.latest().id


# -- speakers lists and the clock ----------------------------------------------------------------------


def test_the_clock_counts_down_warns_and_counts_the_overrun():
    assert timer_state(T0, T0 + timedelta(seconds=100), 180) == timer_state(T0, T0 + timedelta(seconds=100), 180)
    s = timer_state(T0, T0 + timedelta(seconds=149.5), 180)
    assert (s.remaining_ms, s.warning, s.overrun) == (30_500, False, False)
    s = timer_state(T0, T0 + timedelta(seconds=150), 180)
    assert (s.remaining_ms, s.warning, s.overrun) == (30_000, True, False)
    s = timer_state(T0, T0 + timedelta(seconds=192), 180)
    assert (s.remaining_ms, s.warning, s.overrun) == (-12_000, False, True)
    assert timer_state(T0, T0 + timedelta(seconds=5), None).remaining_ms is None
    assert clock_in_words(125_000) == "2:05" and clock_in_words(3_725_000) == "1:02:05"
    assert clock_in_words(400, counting_down=True) == "0:01" and clock_in_words(400) == "0:00"
    assert speaking_time([("FR", 1000), ("DE", 500), ("FR", 2000), ("FR", None)]) == {"FR": (3, 3000),
                                                                                     "DE": (1, 500)}


def test_a_whole_speakers_list(rt):
    m = meeting(rt)
    rt.speakers.set_limit(m, 120)
    for code in ("FR", "JP", "DK"):
        rt.speakers.add(m, code, 1)
    with pytest.raises(InvalidInput, match="FR is already waiting to speak on principle 1"):
        rt.speakers.add(m, "FR", 1)
    rt.speakers.add(m, "DE", 1, point_of_order=True)
    rt.speakers.add(m, "US", 1, point_of_order=True)  # after the earlier point of order
    assert [s.delegation for s in rt.speakers.list(m, 1)] == ["DE", "US", "FR", "JP", "DK"]
    dk = rt.speakers.list(m, 1)[-1]
    rt.speakers.move(dk.id, 3)
    assert [s.delegation for s in rt.speakers.list(m, 1)] == ["DE", "US", "DK", "FR", "JP"]
    rt.speakers.withdraw(rt.speakers.list(m, 1)[1].id)
    with pytest.raises(InvalidInput, match="not on the list"):
        rt.speakers.move(dk.id, 9)
    # The general debate is another list.
    rt.speakers.add(m, "JP")
    assert [s.delegation for s in rt.speakers.list(m)] == ["JP"]

    rt.speakers.next(m, 1, at=T0)
    assert rt.speakers.current(m, 1).delegation == "DE"
    assert rt.speakers.timer(m, 1, at=T0 + timedelta(seconds=100)).remaining_ms == 20_000
    rt.speakers.next(m, 1, at=T0 + timedelta(seconds=95))
    rt.speakers.next(m, 1, at=T0 + timedelta(seconds=95 + 130))  # DK over time by 10 s
    rt.speakers.yield_floor(m, 1, at=T0 + timedelta(seconds=95 + 130 + 20))
    turns = {s.delegation: (s.state, s.spoken_ms) for s in rt.speakers.list(m, 1)}
    assert turns == {"DE": (SpeakerState.SPOKE, 95_000), "US": (SpeakerState.WITHDRAWN, None),
                     "DK": (SpeakerState.SPOKE, 130_000), "FR": (SpeakerState.YIELDED, 20_000),
                     "JP": (SpeakerState.WAITING, None)}
    rt.speakers.next(m, 1, at=T0 + timedelta(seconds=300))
    rt.speakers.next(m, 1, at=T0 + timedelta(seconds=360))  # JP ends; nobody is waiting any more
    with pytest.raises(InvalidInput, match="nobody is waiting to speak on principle 1"):
        rt.speakers.next(m, 1)
    with pytest.raises(InvalidInput, match="nobody has the floor"):
        rt.speakers.yield_floor(m, 1)
    # Speaking time sums per delegation, most first; the general debate's waiting JP has not spoken there.
    assert [(t.delegation, t.turns, t.spoken_ms) for t in rt.speakers.speaking_time(m)] == [
        ("DK", 1, 130_000), ("DE", 1, 95_000), ("JP", 1, 60_000), ("FR", 1, 20_000)]


def test_each_move_is_one_undo_step_and_the_limit_is_checked(rt):
    m = meeting(rt)
    rt.speakers.add(m, "FR", 2)
    rt.speakers.next(m, 2, at=T0)
    rt.undo()
    assert rt.speakers.current(m, 2) is None and rt.speakers.list(m, 2)[0].state == SpeakerState.WAITING
    rt.undo()
    assert rt.speakers.list(m, 2) == []
    for bad in (5, 7200, "3", True):
        with pytest.raises(InvalidInput, match="speaking time"):
            rt.speakers.set_limit(m, bad)
    rt.speakers.set_limit(m, 90)
    assert rt.meetings.get(m).speaking_limit == 90
    rt.speakers.set_limit(m, None)
    assert rt.meetings.get(m).speaking_limit is None
    rt.speakers.add(m, "FR", 2)
    with pytest.raises(InvalidInput, match="time zone"):
        rt.speakers.next(m, 2, at=datetime(2026, 12, 5, 9))


def test_speaking_time_as_csv(rt, tmp_path):
    m = meeting(rt)
    rt.speakers.add(m, "FR")
    rt.speakers.next(m, at=T0)
    rt.speakers.next(m, at=T0 + timedelta(seconds=61.4))
    out = rt.speakers.export_speaking_time(tmp_path / "time.csv", m)
    assert out.read_text(encoding="utf-8") == "delegation,name,turns,seconds\nFR,France,1,61\n"
    with pytest.raises(Exception, match="already exists"):
        rt.speakers.export_speaking_time(tmp_path / "time.csv", m)


# -- roll-call votes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("ballots, majority, adopted", [
    ({"A": Y, "B": Y, "C": N}, Majority.SIMPLE, True),
    ({"A": Y, "B": N, "C": A}, Majority.SIMPLE, False),  # a tie is not a majority
    ({"A": Y, "B": A, "C": A}, Majority.SIMPLE, True),  # abstentions count for neither side
    ({"A": Y, "B": Y, "C": N}, Majority.TWO_THIRDS, True),  # exactly two thirds
    ({"A": Y, "B": Y, "C": N, "D": N}, Majority.TWO_THIRDS, False),
    ({"A": A, "B": A, "C": A}, Majority.TWO_THIRDS, False),  # nobody for it
    ({"A": Y, "B": Y, "C": N, "D": A}, Majority.CONSENSUS_MINUS_ONE, True),
    ({"A": Y, "B": N, "C": N}, Majority.CONSENSUS_MINUS_ONE, False),
])
def test_vote_results_under_each_majority(ballots, majority, adopted):
    result = vote_result(ballots, {"A", "B", "C", "D"}, majority)
    assert result.adopted is adopted
    assert result.yes + result.no + result.abstain == len(ballots)
    assert result.not_voting == tuple(sorted({"A", "B", "C", "D"} - set(ballots)))


def test_only_the_expected_delegations_count():
    result = vote_result({"A": Y, "X": N, "Y": N}, {"A", "B"}, Majority.SIMPLE)
    assert (result.yes, result.no, result.not_voting, result.adopted) == (1, 0, ("B",), True)


def test_a_roll_call_with_proxies_and_votes_entered_on_behalf(rt):
    m = meeting(rt)
    vote = next(iter(rt.votes.open(1, "Adopt principle 1?", "two_thirds", m).rows("votes")))
    assert rt.votes.expected(vote) == ["DK", "FR", "JP", "US"]  # the meeting's attendees: DE is not counted
    rt.votes.record(vote, "US", "yes")
    rt.votes.record(vote, "JP", "yes", proxy="DK")
    rt.votes.record(vote, "DK", "no", on_behalf=True)
    rt.votes.record(vote, "DE", "no")  # recorded, but DE is not expected at this meeting
    rt.votes.record(vote, "FR", "no")
    rt.votes.record(vote, "FR", "Abstain")  # a second vote replaces the first while the vote is open
    ballots = {b.delegation: b for b in rt.votes.ballots(vote)}
    assert ballots["JP"].proxy == "DK" and not ballots["JP"].on_behalf
    assert ballots["DK"].on_behalf and ballots["DK"].entered_by == "US" and ballots["FR"].choice == A
    r = rt.votes.result(vote)
    assert (r.yes, r.no, r.abstain, r.not_voting, r.adopted) == (2, 1, 1, (), True)
    with pytest.raises(InvalidInput, match="cannot hold its own proxy"):
        rt.votes.record(vote, "JP", "yes", proxy="JP")
    with pytest.raises(InvalidInput, match="choose yes, no or abstain"):
        rt.votes.record(vote, "JP", "maybe")
    with pytest.raises(InvalidInput, match="already has an open vote"):
        rt.votes.open(1, "Again?")
    rt.votes.withdraw_ballot(vote, "US")
    assert rt.votes.result(vote).not_voting == ("US",)
    rt.votes.record(vote, "US", "yes")
    rt.votes.close(vote)
    closed = rt.votes.get(vote)
    assert (closed.state.value, closed.result) == ("closed", "adopted")
    (c,) = rt.consensus(principles=[1])
    assert c.status.value == "agreed" and c.by_vote and c.agreed_by == "vote"


def test_a_closed_vote_refuses_every_change(rt):
    vote = next(iter(rt.votes.open(2, "Adopt?", "simple").rows("votes")))
    assert rt.votes.expected(vote) == ["DE", "DK", "FR", "JP", "US"]  # no meeting: every delegation
    rt.votes.record(vote, "JP", "no")
    rt.votes.close(vote)
    for change in (lambda: rt.votes.record(vote, "JP", "yes"), lambda: rt.votes.record(vote, "FR", "yes"),
                   lambda: rt.votes.withdraw_ballot(vote, "JP"), lambda: rt.votes.close(vote)):
        with pytest.raises(InvalidInput, match="is closed: its record cannot change"):
            change()
    assert rt.votes.get(vote).result == "not_adopted"
    # Undo neither reopens it nor takes back a vote cast before it closed.
    with pytest.raises(NothingToUndo):
        rt.undo()
    assert rt.votes.get(vote).state.value == "closed" and len(rt.votes.ballots(vote)) == 1
    (c,) = rt.consensus(principles=[2])
    assert not c.by_vote
    # A new version moves on: a vote adopted on an older text no longer makes it agreed.
    vote2 = next(iter(rt.votes.open(2, "Adopt now?", "simple").rows("votes")))
    rt.votes.record(vote2, "JP", "yes")
    rt.votes.close(vote2)
    assert rt.consensus(principles=[2])[0].by_vote
    rt.principles.edit(2, "Protect research, openly.")
    assert not rt.consensus(principles=[2])[0].by_vote


def test_a_delegation_copy_cannot_run_the_floor(rt, tmp_path):
    rt.save_delegation_copy(tmp_path / "jp.qrt", "JP")
    with Roundtable.open(tmp_path / "jp.qrt") as jp:
        m = jp.meetings.latest().id
        for act in (lambda: jp.speakers.add(m, "JP"), lambda: jp.votes.open(1, "Ours?"),
                    lambda: jp.speakers.set_limit(m, 60)):
            with pytest.raises(NotPermitted, match="only the secretariat"):
                act()


# -- co-sponsors and statements ------------------------------------------------------------------------


def test_sponsorship_in_words():
    a = Amendment(id="x", principle=1, delegation="FR", base_version_id="v", base_seq=1, text="t", rationale="",
                  state=AmendmentState.PROPOSED, created_at="", decided_at=None)
    assert sponsorship_in_words(a) == "proposed by FR"
    assert sponsorship_in_words(Amendment(**{**a.__dict__, "cosponsors": ("DE",)})) == \
        "proposed by FR, co-sponsored by DE"
    assert sponsorship_in_words(Amendment(**{**a.__dict__, "cosponsors": ("DE", "NL")})) == \
        "proposed by FR, co-sponsored by DE and NL"
    assert sponsorship_in_words(Amendment(**{**a.__dict__, "cosponsors": ("DE", "NL", "SE")}), str.lower) == \
        "proposed by fr, co-sponsored by de, nl and se"


def test_cosponsors_join_leave_and_come_back(rt, tmp_path):
    ref = next(iter(rt.amendments.propose(1, "FR", "Grow the workforce.", "").rows("amendments")))
    rt.amendments.cosponsor(ref, "DE")
    rt.amendments.cosponsor(ref, "JP")
    assert rt.amendments.get(ref).cosponsors == ("DE", "JP")
    with pytest.raises(InvalidInput, match="cannot co-sponsor its own"):
        rt.amendments.cosponsor(ref, "FR")
    with pytest.raises(InvalidInput, match="already co-sponsors"):
        rt.amendments.cosponsor(ref, "DE")
    rt.amendments.withdraw_cosponsor(ref, "DE")
    assert rt.amendments.get(ref).cosponsors == ("JP",)
    with pytest.raises(InvalidInput, match="does not co-sponsor"):
        rt.amendments.withdraw_cosponsor(ref, "DE")
    rt.amendments.cosponsor(ref, "DE")  # the same row again, keeping when DE first joined
    assert rt.amendments.get(ref).cosponsors == ("DE", "JP")
    assert rt.store.value("SELECT count(*) FROM cosponsors") == 2
    rt.undo()
    assert rt.amendments.get(ref).cosponsors == ("JP",)
    # A delegation's copy co-sponsors only for itself; a decided amendment takes no more co-sponsors.
    rt.save_delegation_copy(tmp_path / "dk.qrt", "DK")
    with Roundtable.open(tmp_path / "dk.qrt") as dk:
        with pytest.raises(NotPermitted):
            dk.amendments.cosponsor(ref, "DE")
        dk.amendments.cosponsor(ref, "DK")
    rt.amendments.reject(ref, "Out of scope.")
    with pytest.raises(InvalidInput, match="already rejected"):
        rt.amendments.cosponsor(ref, "DK")


def test_statements_belong_to_an_agreed_principle(rt, tmp_path):
    with pytest.raises(InvalidInput, match="principle 1 is not agreed"):
        rt.statements.add(1, "JP", "reservation", "Not yet.")
    for code in ("US", "JP", "DK", "FR", "DE"):
        rt.positions.set(code, 1, "support")
    rt.statements.add(1, "JP", "interpretative", "We read [quantum] broadly.", "2026-12-05")
    rt.statements.add(1, "DK", "reservation", "Ad referendum.", "2026-12-06")
    with pytest.raises(InvalidInput, match="kind of statement"):
        rt.statements.add(1, "FR", "veto", "No.")
    with pytest.raises(InvalidInput, match="not a date"):
        rt.statements.add(1, "FR", "explanation", "Fine.", "05/12/2026")
    with pytest.raises(InvalidInput):
        rt.statements.add(1, "FR", "explanation", "Hidden \u202eright-to-left\u202c text.")
    listed = rt.statements.list(1)
    assert [(s.delegation, s.kind.value) for s in listed] == [("JP", "interpretative"), ("DK", "reservation")]
    jp = next(s for s in listed if s.delegation == "JP")
    assert (jp.made_on, jp.version_seq, jp.recorded_by) == ("2026-12-05", 1, "US")
    rt.save_delegation_copy(tmp_path / "fr.qrt", "FR")
    with Roundtable.open(tmp_path / "fr.qrt") as fr:
        with pytest.raises(NotPermitted):
            fr.statements.add(1, "JP", "explanation", "For Japan.")
        with pytest.raises(NotPermitted):
            fr.statements.withdraw(jp.id)
        fr.statements.add(1, "FR", "explanation", "France joins.")
    rt.statements.withdraw(jp.id)
    assert [s.delegation for s in rt.statements.list(1)] == ["DK"]
    rt.undo()
    assert len(rt.statements.list(1)) == 2


def test_a_silence_broken_by_an_objection_names_who_and_with_what(rt):
    rt.principles.open_silence(2, "2099-12-31")
    rt.positions.set("JP", 2, "support")
    rt.positions.set("DK", 2, "object", "The text goes too far.")
    ref = next(iter(rt.amendments.propose(2, "DK", "Protect research where needed.", "Narrower.")
                    .rows("amendments")))
    rt.positions.set("DK", 2, "object", "Still too far.")  # a second objection: DK is named once
    (broken,) = rt.principles.silence_breaks(2)
    assert (broken.delegation, broken.name, broken.objection) == ("DK", "Denmark", "The text goes too far.")
    assert (broken.amendment_id, broken.amendment_text) == (ref, "Protect research where needed.")
    (silence,) = rt.principles.silences()
    assert silence.broken_by == (broken,)
    assert rt.principles.silence_breaks(1) == []
