"""Whether a roll-call vote carries: the majorities, counted over the delegations expected to vote.

As in the UN's rules of procedure, a majority is one "of the members present and voting":
only yes and no count, an abstention counts for neither, and a delegation that did not vote
is listed as not voting. Only the expected delegations count (the vote's meeting's
attendees, or every delegation when the vote belongs to no meeting), as consensus does;
a ballot of anyone else is ignored. A vote by proxy counts as the vote of the delegation it
was cast for.

* ``simple``: more yes than no.
* ``two_thirds``: yes at least two thirds of yes + no (3·yes ≥ 2·(yes + no), exact), and at
  least one yes.
* ``consensus_minus_one``: no more than one no, and at least one yes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from .errors import InvalidInput
from .model import Majority, VoteChoice

NEEDED = {
    Majority.SIMPLE: "more yes than no",
    Majority.TWO_THIRDS: "two thirds of those voting yes or no",
    Majority.CONSENSUS_MINUS_ONE: "no more than one no",
}


@dataclass(frozen=True)
class VoteResult:
    yes: int
    no: int
    abstain: int
    not_voting: tuple[str, ...]  # expected codes with no vote, sorted
    adopted: bool
    majority: Majority
    needed: str  # what the majority asks for, in words


def majority_of(value) -> Majority:
    """`value` as a Majority, or InvalidInput naming the choices."""
    try:
        return Majority(value)
    except ValueError:
        names = ", ".join(m.value for m in Majority)
        raise InvalidInput(f"unknown majority {value!r}; choose one of {names}") from None


def choice_of(value) -> VoteChoice:
    try:
        return VoteChoice(str(value).strip().lower())
    except ValueError:
        raise InvalidInput(f"unknown vote {value!r}; choose yes, no or abstain") from None


def vote_result(ballots: Mapping[str, VoteChoice], expected: Collection[str], majority: Majority) -> VoteResult:
    """The count and outcome of `ballots` (code → choice) over the `expected` delegations."""
    counted = {code: VoteChoice(choice) for code, choice in ballots.items() if code in expected}
    yes = sum(1 for c in counted.values() if c == VoteChoice.YES)
    no = sum(1 for c in counted.values() if c == VoteChoice.NO)
    abstain = len(counted) - yes - no
    if majority == Majority.SIMPLE:
        adopted = yes > no
    elif majority == Majority.TWO_THIRDS:
        adopted = yes > 0 and 3 * yes >= 2 * (yes + no)
    else:
        adopted = yes > 0 and no <= 1
    not_voting = tuple(sorted(code for code in expected if code not in counted))
    return VoteResult(yes, no, abstain, not_voting, adopted, majority, NEEDED[majority])
