"""Roll-call votes: the secretariat puts a principle's current text to the vote and records each vote.

A vote counts the delegations expected at its meeting (every delegation when it belongs to
no meeting), as consensus does; `voting.py` decides whether it carries. A vote may be cast
by proxy (another delegation casts it; the proxy is recorded) or entered by the secretariat
on a delegation's behalf (marked, with who entered it). Closing fixes the result: a closed
vote never changes again, and one that adopted the current text makes the principle agreed.
Votes are the secretariat's record; they travel to the delegations in releases.
"""

from __future__ import annotations

from .errors import InvalidInput
from .model import Ballot, Majority, OpChanges, Vote, VoteChoice, VoteState
from .section import Section
from .storage import now_iso, queries
from .validation import clean_text
from .voting import VoteResult, choice_of, majority_of, vote_result


def _vote(r: dict) -> Vote:
    return Vote(id=r["id"], principle=r["principle"], version_id=r["version_id"], version_seq=r["version_seq"],
                meeting_id=r["meeting_id"], question=r["question"], majority=Majority(r["majority"]),
                state=VoteState(r["state"]), opened_at=r["opened_at"], opened_by=r["opened_by"] or "",
                closed_at=r["closed_at"], result=r["result"])


def _ballot(r: dict) -> Ballot:
    return Ballot(delegation=r["delegation"], name=r["name"], choice=VoteChoice(r["choice"]), proxy=r["proxy"],
                  on_behalf=bool(r["on_behalf"]), entered_by=r["entered_by"], recorded_at=r["recorded_at"])


class Votes(Section):
    # -- reading --------------------------------------------------------------------------

    def list(self, principle=None) -> list[Vote]:
        principle_id = self.principle_row(principle)["id"] if principle is not None else None
        return [_vote(r) for r in queries.votes(self.store, principle_id)]

    def get(self, ref: str) -> Vote:
        return _vote(self._row(ref))

    def ballots(self, ref: str) -> list[Ballot]:
        return [_ballot(r) for r in queries.ballots(self.store, self._row(ref)["id"])]

    def expected(self, ref: str) -> list[str]:
        """The codes of the delegations this vote counts, in roll-call order."""
        row = self._row(ref)
        if row["meeting_id"]:
            attending = [link["code"] for link in queries.meeting_links(self.store, row["meeting_id"])
                         if link["role"] == "attendee"]
            if attending:
                return sorted(attending)
        return sorted(code for code in queries.delegation_ids(self.store))

    def result(self, ref: str) -> VoteResult:
        row = self._row(ref)
        ballots = {r["delegation"]: VoteChoice(r["choice"]) for r in queries.ballots(self.store, row["id"])}
        return vote_result(ballots, frozenset(self.expected(row["id"])), Majority(row["majority"]))

    # -- the secretariat's record ---------------------------------------------------------------

    def open(self, principle, question: str, majority: str | Majority = Majority.SIMPLE,
             meeting: str | None = None) -> OpChanges:
        """Put principle `principle`'s current text to a roll-call vote; returns the change (the vote's id in it)."""
        self.require_secretariat("open a vote")
        row = self.principle_row(principle)
        question = clean_text(question, "question", multiline=True, max_len=2000)
        majority = majority_of(majority)
        meeting_id = self.meeting_row(meeting)["id"] if meeting else None
        if any(v["state"] == VoteState.OPEN for v in queries.votes(self.store, row["id"])):
            raise InvalidInput(f"principle {row['number']} already has an open vote: close it first")
        with self.mutation(f"Vote on principle {row['number']}") as m:
            self.store.insert("votes", {
                "principle_id": row["id"], "version_id": row["version_id"], "meeting_id": meeting_id,
                "question": question, "majority": majority.value, "state": VoteState.OPEN.value,
                "opened_at": now_iso(), "opened_by": self.copy.actor})
        return m.changes

    def record(self, ref: str, delegation: str, choice, *, proxy: str | None = None,
               on_behalf: bool = False) -> OpChanges:
        """Record `delegation`'s vote (replacing an earlier one while the vote is open)."""
        self.require_secretariat("record a vote")
        vote = self._open_row(ref)
        d = self.delegation_row(delegation)
        choice = choice_of(choice)
        proxy_row = self.delegation_row(proxy) if proxy else None
        if proxy_row is not None and proxy_row["id"] == d["id"]:
            raise InvalidInput(f"{d['code']} cannot hold its own proxy")
        values = {"choice": choice.value, "proxy_id": proxy_row["id"] if proxy_row else None,
                  "on_behalf": 1 if on_behalf else 0, "entered_by": self.copy.actor, "recorded_at": now_iso()}
        by = f" by proxy of {proxy_row['code']}" if proxy_row else (" on its behalf" if on_behalf else "")
        existing = queries.ballot_id(self.store, vote["id"], d["id"])
        with self.mutation(f"{d['code']} votes {choice.value}{by} on principle {vote['principle']}") as m:
            if existing:
                self.store.update("ballots", existing, values)
            else:
                self.store.insert("ballots", {"vote_id": vote["id"], "delegation_id": d["id"], **values})
        return m.changes

    def withdraw_ballot(self, ref: str, delegation: str) -> OpChanges:
        """Take `delegation`'s vote back while the vote is open (a vote keyed on the wrong line)."""
        self.require_secretariat("record a vote")
        vote = self._open_row(ref)
        d = self.delegation_row(delegation)
        existing = queries.ballot_id(self.store, vote["id"], d["id"])
        if existing is None:
            raise InvalidInput(f"{d['code']} has not voted on this question")
        with self.mutation(f"{d['code']}'s vote taken back") as m:
            self.store.delete("ballots", existing)
        return m.changes

    def close(self, ref: str) -> OpChanges:
        """Count the vote and fix its result; from now on it is final, undo included."""
        self.require_secretariat("close a vote")
        vote = self._open_row(ref)
        result = self.result(vote["id"])
        outcome = "adopted" if result.adopted else "not_adopted"
        # A `final` step: neither it nor anything before it can be undone (storage: undo_candidate).
        with self.copy.mutation(f"Vote on principle {vote['principle']} closed: {outcome.replace('_', ' ')}",
                                kind="final") as m:
            self.store.update("votes", vote["id"], {"state": VoteState.CLOSED.value, "closed_at": now_iso(),
                                                    "result": outcome})
        return m.changes

    # -- helpers ----------------------------------------------------------------------------------

    def _row(self, ref: str) -> dict:
        return self.by_ref(queries.votes_by_ref(self.store, str(ref).strip()), str(ref), "vote")

    def _open_row(self, ref: str) -> dict:
        row = self._row(ref)
        if row["state"] != VoteState.OPEN:
            raise InvalidInput(f"the vote {row['id'][-8:]} on principle {row['principle']} is closed: "
                               "its record cannot change")
        return row
