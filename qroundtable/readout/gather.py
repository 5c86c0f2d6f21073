"""Everything a readout shows, read from the façade once (and nothing private)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from ..model import (ActionItem, Amendment, AmendmentState, Ballot, Delegation, Meeting, Member, Position, Principle,
                     PrincipleConsensus, SilenceBreak, SilenceProcedure, SpeakingTime, Statement, Vote)
from ..progress import NegotiationProgress
from ..voting import VoteResult
from ..words import plural


@dataclass(frozen=True)
class VoteRecord:
    """A roll-call vote as the readout prints it: the vote, every ballot by code, the count, whom it counts."""

    vote: Vote
    ballots: dict[str, Ballot]
    result: VoteResult
    expected: list[str]


@dataclass
class ReadoutData:
    """The roundtable as one readout presents it; private notes are deliberately not read."""

    title: str
    rule: str
    owner_name: str
    meeting: Meeting | None
    delegations: list[Delegation]
    expected: list[str]  # codes whose stance counts: the meeting's attendees, or every delegation
    expected_note: str  # why `expected` is what it is, in a sentence for the reader
    members: dict[str, list[Member]]
    principles: list[Principle]
    consensus: dict[int, PrincipleConsensus]
    positions: dict[int, dict[str, Position]]
    amendments: dict[int, list[Amendment]]  # proposed ones only, oldest first
    silences: dict[int, SilenceProcedure]
    actions: list[ActionItem]
    generated: datetime
    today: date  # the day overdue action items are judged by
    meetings_held: int
    names: dict[str, str] = field(default_factory=dict)  # delegation code -> name
    # Amendments the secretariat accepted or rejected, oldest first: each with its decision and any reason.
    decided: dict[int, list[Amendment]] = field(default_factory=dict)
    # The meeting itself: its roll-call votes (of the whole roundtable without a meeting), speaking time, and per
    # principle the adoption record (statements, who broke its latest silence).
    votes: list[VoteRecord] = field(default_factory=list)
    speaking: list[SpeakingTime] = field(default_factory=list)
    statements: dict[int, list[Statement]] = field(default_factory=dict)
    silence_breaks: dict[int, tuple[SilenceBreak, ...]] = field(default_factory=dict)
    meeting_dates: dict[str, str] = field(default_factory=dict)  # meeting id → its date
    meetings_by_id: dict[str, Meeting] = field(default_factory=dict)
    made_on: dict[str, str] = field(default_factory=dict)  # proposed amendment id → the text it was made on
    # Negotiation progress (`progress.py`): milestones up to the meeting (all, and today, for the whole roundtable).
    progress: NegotiationProgress | None = None

    def votes_on(self, number: int) -> list[VoteRecord]:
        return [v for v in self.votes if v.vote.principle == number]

    def name(self, code: str) -> str:
        """'Japan (JP)': how the readout names a delegation."""
        name = self.names.get(code)
        return f"{name} ({code})" if name and name != code else code

    @property
    def is_empty(self) -> bool:
        return not self.principles and not self.meetings_held


def resolve_meeting(rt, ref: str | None) -> Meeting | None:
    """The meeting a readout covers: by id, the latest one, or none (the whole roundtable)."""
    if ref is None:
        return None
    if ref == "latest":
        return rt.meetings.latest()  # a roundtable without meetings gets a whole-roundtable readout
    return rt.meetings.get(ref)


def gather(rt, meeting_ref: str | None, *, with_progress: bool = True) -> ReadoutData:
    meeting = resolve_meeting(rt, meeting_ref)
    delegations = rt.delegations.list()
    names = {d.code: d.name for d in delegations}
    if meeting is not None and meeting.attending:
        expected = [c for c in meeting.attending if c in names]
        note = f"Consensus counts the {plural(len(expected), 'delegation')} attending {meeting.title}."
        consensus = rt.consensus(meeting.id)
    else:
        expected = [d.code for d in delegations]
        every = f"{'all' if len(expected) > 1 else 'the'} {plural(len(expected), 'delegation')}"
        note = (f"No attendance was recorded for {meeting.title}: consensus counts {every}." if meeting
                else f"Consensus counts {every}.")
        consensus = rt.consensus()

    members: dict[str, list[Member]] = defaultdict(list)
    for m in rt.delegations.members():
        members[m.delegation].append(m)
    positions: dict[int, dict[str, Position]] = defaultdict(dict)
    for p in rt.positions.list():
        positions[p.principle][p.delegation] = p
    amendments: dict[int, list[Amendment]] = defaultdict(list)
    decided: dict[int, list[Amendment]] = defaultdict(list)
    for a in rt.amendments.list():
        if a.state == AmendmentState.PROPOSED:
            amendments[a.principle].append(a)
        elif a.state in (AmendmentState.ACCEPTED, AmendmentState.REJECTED):
            decided[a.principle].append(a)
    actions = sorted(rt.actions.list(), key=lambda a: (a.due is None, a.due or "", a.title.casefold()))
    current_ids = {p.number: p.current.id for p in rt.principles.list()}
    votes = [VoteRecord(v, {b.delegation: b for b in rt.votes.ballots(v.id)}, rt.votes.result(v.id),
                        rt.votes.expected(v.id))
             for v in rt.votes.list() if meeting is None or v.meeting_id == meeting.id]
    statements: dict[int, list[Statement]] = defaultdict(list)
    for s in rt.statements.list():
        statements[s.principle].append(s)
    breaks = {}
    for s in sorted(rt.principles.silences(include_closed=True), key=lambda s: s.opened_at):
        breaks[s.principle] = s.broken_by  # the latest silence on each principle
    now = datetime.now(timezone.utc)
    meetings = rt.meetings.list()
    progress = rt.progress(until=meeting.date if meeting else None) if with_progress else None
    return ReadoutData(
        title=rt.info.title, rule=rt.info.consensus_rule, owner_name=rt.info.owner,
        meeting=meeting, delegations=delegations, expected=expected, expected_note=note, members=dict(members),
        principles=rt.principles.list(), consensus={c.principle: c for c in consensus},
        positions=dict(positions), amendments=dict(amendments),
        silences={s.principle: s for s in rt.principles.silences()}, actions=actions,
        generated=now, today=date.today(), meetings_held=len(meetings), names=names,
        decided={n: sorted(found, key=lambda a: a.decided_at or "") for n, found in decided.items()},
        votes=votes, speaking=rt.speakers.speaking_time(meeting.id if meeting else None),
        statements=dict(statements), silence_breaks={n: b for n, b in breaks.items() if b},
        meeting_dates={m.id: m.date for m in meetings}, meetings_by_id={m.id: m for m in meetings},
        made_on={a.id: rt.principles.version(a.base_version_id).text
                 for found in amendments.values() for a in found if a.base_version_id != current_ids.get(a.principle)},
        progress=progress)
