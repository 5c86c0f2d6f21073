"""The roundtable's records as plain values, the shapes the façade hands to the UI and CLI.

Plain values only: nothing here reads or writes the file (tests/test_architecture.py
checks that this module imports nothing from storage).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol

from .stances import Stance, Status


class Change(Protocol):
    """One field of one row changed (or a whole row created/deleted, with field `*`), as the store records it."""

    table: str
    row_id: str
    field: str
    old: object
    new: object


class CopyKind(StrEnum):
    SECRETARIAT = "secretariat"
    DELEGATION = "delegation"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        """'In progress', as tables and the readout write it."""
        return self.value.replace("_", " ").capitalize()

    @property
    def pending(self) -> bool:
        """Still to be done: open or in progress."""
        return self in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class AmendmentState(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Stage(StrEnum):
    """Where a principle's text stands in the negotiation, set by the pen-holder."""

    DRAFT = "draft"
    ADOPTED = "adopted"
    WITHDRAWN = "withdrawn"


class SponsorshipState(StrEnum):
    """A delegation's co-sponsorship of another's amendment."""

    COSPONSORING = "cosponsoring"
    WITHDRAWN = "withdrawn"


class StatementKind(StrEnum):
    """What a delegation may attach to an agreed principle, for the adoption record."""

    EXPLANATION = "explanation"
    INTERPRETATIVE = "interpretative"
    RESERVATION = "reservation"

    @property
    def label(self) -> str:
        """'Explanation of position', as the app and the readout write it."""
        return {"explanation": "Explanation of position", "interpretative": "Interpretative statement",
                "reservation": "Formal reservation"}[self.value]


class SpeakerKind(StrEnum):
    SPEAKER = "speaker"
    POINT_OF_ORDER = "point_of_order"  # goes to the top of the list


class SpeakerState(StrEnum):
    WAITING = "waiting"
    SPEAKING = "speaking"
    SPOKE = "spoke"
    YIELDED = "yielded"  # gave up the floor (or the rest of its time) before its turn ended
    WITHDRAWN = "withdrawn"  # taken off the list before speaking


class VoteChoice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Majority(StrEnum):
    """The majority a roll-call vote needs."""

    SIMPLE = "simple"
    TWO_THIRDS = "two_thirds"
    CONSENSUS_MINUS_ONE = "consensus_minus_one"

    @property
    def label(self) -> str:
        return {"simple": "Simple majority", "two_thirds": "Two-thirds majority",
                "consensus_minus_one": "Consensus minus one"}[self.value]


class VoteState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class RoundtableInfo:
    title: str
    consensus_rule: str
    secretariat: str
    copy_kind: CopyKind
    copy_owner: str
    owner_name: str
    read_only: str = ""  # why nothing at all can be written in this copy now ('' when it can), for a banner

    @property
    def is_secretariat(self) -> bool:
        return self.copy_kind == CopyKind.SECRETARIAT

    @property
    def owner(self) -> str:
        """Whose copy this is, as messages name it: the owning delegation's name, or its code."""
        return self.owner_name or self.copy_owner

    @property
    def copy_label(self) -> str:
        """Whose copy this is, as the status bar says it: 'Secretariat — US', 'Delegation — Japan'."""
        if self.is_secretariat:
            return f"Secretariat — {self.copy_owner}"
        return f"Delegation — {self.owner}"


@dataclass(frozen=True)
class Delegation:
    id: str
    code: str
    name: str


@dataclass(frozen=True)
class Member:
    id: str
    delegation: str
    name: str
    agency: str
    role: str


@dataclass(frozen=True)
class Meeting:
    id: str
    title: str
    date: str
    place: str
    summary: str
    hosts: tuple[str, ...] = ()
    attending: tuple[str, ...] = ()
    speaking_limit: int | None = None  # seconds each speaker has at this meeting (None: no limit)
    chair: str = ""  # who chaired it ("Ambassador Jane Doe (US)")
    agenda: str = ""  # its agenda, an item a line

    @property
    def agenda_items(self) -> list[str]:
        """The agenda's items: its non-blank lines, without a number typed before them ("1. ", "2) ")."""
        return [re.sub(r"^\(?\d{1,3}[.)]\s+", "", line.strip()) for line in self.agenda.splitlines() if line.strip()]


@dataclass(frozen=True)
class PrincipleVersion:
    id: str
    principle: int
    seq: int
    text: str
    brackets: int
    author: str
    note: str
    created_at: str


@dataclass(frozen=True)
class Principle:
    id: str
    number: int
    title: str
    stage: Stage
    current: PrincipleVersion

    @property
    def text(self) -> str:
        return self.current.text


@dataclass(frozen=True)
class Amendment:
    id: str
    principle: int
    delegation: str
    base_version_id: str
    base_seq: int
    text: str
    rationale: str
    state: AmendmentState
    created_at: str
    decided_at: str | None
    reason: str = ""  # the secretariat's reason for its decision (a rejection's, usually)
    cosponsors: tuple[str, ...] = ()  # codes of the delegations co-sponsoring it now, in the order they joined
    untracked: bool = False  # read from a marked-up copy that was edited without tracking: to review


@dataclass(frozen=True)
class Statement:
    """An explanation of position, interpretative statement or formal reservation on an agreed principle."""

    id: str
    principle: int
    version_id: str
    version_seq: int
    delegation: str
    name: str
    kind: StatementKind
    text: str
    made_on: str
    recorded_by: str
    created_at: str


@dataclass(frozen=True)
class Position:
    delegation: str
    principle: int
    stance: Stance
    comment: str
    version_id: str
    version_seq: int
    recorded_by: str
    recorded_at: str
    stale: bool


@dataclass(frozen=True)
class ActionItem:
    id: str
    title: str
    detail: str
    owner: str
    assignee: str
    due: str | None
    status: ActionStatus
    principle: int | None
    meeting_id: str | None

    def is_overdue(self, today: date) -> bool:
        """Due before `today` and still open or in progress: the one rule the app, CLI, readout and workbook show."""
        # ISO dates compare as text, which keeps this cheap for a table asking it for every cell.
        return bool(self.due) and self.status.pending and self.due < today.isoformat()


@dataclass(frozen=True)
class SilenceProcedure:
    id: str
    principle: int
    version_id: str
    version_seq: int
    deadline: str
    opened_at: str
    opened_by: str
    state: str
    broken_by: tuple[SilenceBreak, ...] = ()  # who objected on the silenced text before the deadline


@dataclass(frozen=True)
class SilenceBreak:
    """A delegation that broke a silence procedure: when, its objection, and the amendment it put forward."""

    delegation: str
    name: str
    at: str
    objection: str
    amendment_id: str | None
    amendment_text: str | None


@dataclass(frozen=True)
class Revision:
    """Rev.N of the negotiation text as issued: when, by whom, and the version of each principle it holds."""

    id: str
    number: int
    issued_at: str
    issued_by: str
    versions: dict[int, str]  # principle number → the version id this revision holds

    @property
    def name(self) -> str:
        return f"Rev.{self.number}"


@dataclass(frozen=True)
class Speaker:
    """One turn on a meeting's speakers list (agenda item: a principle, or None for the general debate)."""

    id: str
    meeting_id: str
    principle: int | None
    delegation: str
    name: str
    place: int
    kind: SpeakerKind
    state: SpeakerState
    requested_at: str
    started_at: str | None
    ended_at: str | None
    spoken_ms: int | None


@dataclass(frozen=True)
class SpeakingTime:
    """How long a delegation spoke, over how many turns (at a meeting, or at all of them)."""

    delegation: str
    name: str
    turns: int
    spoken_ms: int


@dataclass(frozen=True)
class Vote:
    """A roll-call vote on one version of a principle."""

    id: str
    principle: int
    version_id: str
    version_seq: int
    meeting_id: str | None
    question: str
    majority: Majority
    state: VoteState
    opened_at: str
    opened_by: str
    closed_at: str | None
    result: str | None  # adopted / not_adopted, once closed


@dataclass(frozen=True)
class Ballot:
    """One delegation's vote; `proxy` the delegation that cast it for it, `on_behalf` entered by `entered_by`."""

    delegation: str
    name: str
    choice: VoteChoice
    proxy: str | None
    on_behalf: bool
    entered_by: str | None
    recorded_at: str


@dataclass(frozen=True)
class PrincipleConsensus:
    principle: int
    title: str
    status: Status
    counts: dict[str, int]
    missing: tuple[str, ...]
    objecting: tuple[str, ...]
    by_silence: bool = False
    silence_deadline: str | None = None
    by_vote: bool = False  # agreed because a roll-call vote adopted its current text

    @property
    def agreed_by(self) -> str:
        """'silence' or 'vote' when that, not the stances, made it agreed; '' otherwise."""
        return "vote" if self.by_vote else ("silence" if self.by_silence else "")


@dataclass(frozen=True)
class OpChanges:
    """What one façade call changed: the UI refreshes only what these name."""

    op_id: str | None
    label: str
    changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(c.table for c in self.changes)

    def rows(self, table: str) -> set[str]:
        return {c.row_id for c in self.changes if c.table == table}

    def position_cells(self) -> set[tuple[str, str]]:
        """(delegation id, principle id) of every position touched, for a one-cell refresh.

        Each position change (undo included) also writes a history row, and history
        rows always carry both ids, so they are enough to find the cells.
        """
        cells = set()
        for c in self.changes:
            if c.table in ("positions", "position_history") and c.field == "*":
                row = c.new or c.old
                cells.add((row["delegation_id"], row["principle_id"]))
        return cells

    def principle_ids(self) -> set[str]:
        """Ids of principles whose text, title, positions or silence this change touched."""
        ids = {principle_id for _, principle_id in self.position_cells()}
        for c in self.changes:
            if c.table == "principles":
                ids.add(c.row_id)
            elif c.table in ("principle_versions", "silence_procedures", "amendments", "statements", "votes") \
                    and c.field == "*":
                ids.add((c.new or c.old)["principle_id"])
        return ids

    # -- what a change means: decided here, once, for every view --------------------------------
    # A view asks these rather than reading table names itself, so two views can never
    # disagree about, say, whether editing a meeting can move the consensus they show.

    def adds_or_removes(self, table: str) -> bool:
        """Rows of `table` came or went (an add, a removal, or the undo of either)."""
        return any(c.table == table and c.field == "*" for c in self.changes)

    @property
    def reshapes_roundtable(self) -> bool:
        """Delegations or principles came or went, or the roundtable's own record changed:
        the matrix and the tour (one row or column per delegation and principle) start over."""
        return (self.adds_or_removes("delegations") or self.adds_or_removes("principles")
                or "roundtable" in self.tables)

    @property
    def touches_meetings(self) -> bool:
        """The list of meetings or who attends them (the meeting choosers, the meetings list)."""
        return bool(self.tables & {"meetings", "meeting_delegations"})

    @property
    def touches_delegations(self) -> bool:
        """A delegation's code, name or members (lists of delegations, owner choosers)."""
        return bool(self.tables & {"delegations", "members"})

    @property
    def touches_principle_text(self) -> bool:
        """A principle's title, stage or text (a new version)."""
        return bool(self.tables & {"principles", "principle_versions"})

    @property
    def touches_amendments(self) -> bool:
        return "amendments" in self.tables

    @property
    def touches_actions(self) -> bool:
        return "action_items" in self.tables

    @property
    def touches_speakers(self) -> bool:
        """A speakers list, or a meeting's speaking time (the Floor view, the Tour, the audience window)."""
        return "speakers" in self.tables or any(c.table == "meetings" and c.field == "speaking_limit"
                                                for c in self.changes)

    @property
    def touches_votes(self) -> bool:
        """A roll-call vote opened, cast, closed (or one of those undone)."""
        return bool(self.tables & {"votes", "ballots"})

    @property
    def touches_adoption_record(self) -> bool:
        """A statement on an agreed principle, or a co-sponsorship of an amendment."""
        return bool(self.tables & {"statements", "cosponsors"})

    @property
    def moves_all_consensus(self) -> bool:
        """Every principle's consensus may move: who is counted, or the rule.

        The rule lives on the roundtable; who is counted is every delegation or a meeting's
        attendees, so a delegation, an attendance or a meeting that came or went can move
        every row. A meeting's new title or date cannot. Closing a silence, or a vote (which may
        make its principle agreed), is a field update that does not name its principle, so it
        counts here too (both are rare).
        """
        return bool(self.tables & {"roundtable", "delegations", "meeting_delegations"}
                    or self.adds_or_removes("meetings")
                    or any(c.table in ("silence_procedures", "votes") and c.field != "*" for c in self.changes))

    def __bool__(self) -> bool:
        return bool(self.changes)
