"""Whether a principle is agreed: the decision rules, the silence procedure, and the tally.

A delegation's position counts only when it was given on the principle's *current*
version; a position on an older version is stale and counts as `no_position`, the
same as never having spoken. Only the *expected* delegations (a meeting's
attendees, or every delegation) are counted; anyone else's position is ignored.

Rules (per principle, over the expected delegations):

* ``consensus`` (default): ``agreed`` when every expected delegation has a current
  stance and none is object, reservation or support_with_amendments; ``contested``
  when any objects; ``near`` otherwise (reservations, amendments or silence left).
* ``consensus_minus_one``: as ``consensus``, but a single object leaves it ``near``;
  two or more objects make it ``contested``.
* ``majority:P`` (0 < P <= 100): ``agreed`` when support + support_with_amendments
  are at least P percent of the current stances; otherwise ``contested`` if anyone
  objects, else ``near``. The comparison is exact (66.7 means 667/1000, not the
  nearest binary float).

Under every rule the status is ``not_discussed`` when no expected delegation has a
current stance, including when nobody is expected.

Roll-call vote: a closed vote that adopted the current version makes the principle
``agreed`` (``by_vote``) whatever the rule and the tally say; a vote on an older version
is ignored (`voting.py` decides whether a vote carries).

Silence procedure: a silence opened on the current version whose deadline has
passed without being broken makes the principle ``agreed`` (``by_silence``)
whatever the rule and the tally say. Whether it was broken (an ``object`` recorded
on that version before the deadline) is for the caller to work out from history;
an objection recorded after the deadline does not break it. A silence on an
older version is ignored, and before the deadline the normal rule applies.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, KeysView, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .errors import InvalidInput
from .stances import NO_POSITION, NO_POSITION_LABEL, STANCE_LABELS, STANCE_ORDER, Stance, Status

__all__ = [
    "CONSENSUS",
    "ConsensusResult",
    "Given",
    "Rule",
    "Silence",
    "agreed_by_meeting_in_words",
    "consensus_status",
    "meeting_tally_in_words",
    "parse_rule",
    "stances_in_words",
    "status_of_tally",
    "status_rank",
]

_CONSENSUS = "consensus"
_MINUS_ONE = "consensus_minus_one"
_MAJORITY = "majority"
_KINDS = (_CONSENSUS, _MINUS_ONE, _MAJORITY)
_RULE_HELP = "use consensus, consensus_minus_one or majority:P with 0 < P <= 100 (e.g. majority:66.7)"


def _valid_percent(percent) -> bool:
    return (
        isinstance(percent, (int, float))
        and not isinstance(percent, bool)
        and math.isfinite(percent)
        and 0 < percent <= 100
    )


def _percent_text(percent: float) -> str:
    """`percent` written out in full, without exponent or a trailing ".0": 50, 66.7, 0.00001."""
    text = format(Decimal(repr(float(percent))), "f")
    return text[:-2] if text.endswith(".0") else text


@lru_cache(maxsize=64)
def _ratio(percent: float) -> tuple[int, int]:
    """`percent` as the exact fraction its shortest decimal spelling means (66.7 -> 667/10)."""
    return Decimal(repr(float(percent))).as_integer_ratio()


@dataclass(frozen=True)
class Rule:
    """How a principle's stances add up to a status. `percent` only for ``majority``."""

    kind: str  # "consensus" | "consensus_minus_one" | "majority"
    percent: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise InvalidInput(f"unknown decision rule {self.kind!r}; {_RULE_HELP}")
        if self.kind == _MAJORITY:
            if not _valid_percent(self.percent):
                raise InvalidInput(
                    f"majority needs a percentage above 0 and at most 100, not {self.percent!r}"
                )
            object.__setattr__(self, "percent", float(self.percent))
        elif self.percent is not None:
            raise InvalidInput(f"the {self.kind} rule takes no percentage")

    def __str__(self) -> str:
        if self.kind == _MAJORITY:
            return f"{_MAJORITY}:{_percent_text(self.percent)}"
        return self.kind


CONSENSUS = Rule(_CONSENSUS)

_MAJORITY_TEXT = re.compile(r"majority\s*:\s*(\d+(?:\.\d*)?|\.\d+)\s*%?", re.ASCII)


def _shown(text: str, limit: int = 40) -> str:
    """`text` quoted on one line, shortened if long, for an error message."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def parse_rule(text: str) -> Rule:
    """The rule named by `text`: ``consensus``, ``consensus_minus_one`` or ``majority:P``.

    Case, surrounding blanks, ``-`` or a space for ``_`` and a trailing ``%`` are
    accepted; anything else raises InvalidInput with a one-line message.
    """
    if not isinstance(text, str):
        raise InvalidInput(f"the decision rule must be text; {_RULE_HELP}")
    value = text.strip().lower()
    kind = value.replace("-", "_").replace(" ", "_")
    if kind in (_CONSENSUS, _MINUS_ONE):
        return Rule(kind)
    if kind == _MAJORITY:
        raise InvalidInput("majority needs a percentage, e.g. majority:66.7")
    match = _MAJORITY_TEXT.fullmatch(value)
    if match is None:
        raise InvalidInput(f"unknown decision rule {_shown(text)}; {_RULE_HELP}")
    try:
        exact = Decimal(match.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        raise InvalidInput(f"unknown decision rule {_shown(text)}; {_RULE_HELP}") from None
    percent = float(exact)
    if not (0 < exact <= 100) or percent == 0:
        raise InvalidInput(
            f"majority needs a percentage above 0 and at most 100, not {_shown(match.group(1))}"
        )
    return Rule(_MAJORITY, percent)


@dataclass(frozen=True)
class Given:
    """A delegation's position as stored: its stance and the principle version it was given on."""

    stance: Stance
    version_id: str

    def __post_init__(self) -> None:
        if type(self.stance) is not Stance:
            try:
                object.__setattr__(self, "stance", Stance(self.stance))
            except ValueError:
                names = ", ".join(s.value for s in Stance)
                raise InvalidInput(f"unknown stance {self.stance!r}; choose one of {names}") from None


@dataclass(frozen=True)
class Silence:
    """A silence procedure opened on `version_id`, ending at `deadline` (timezone-aware).

    `broken` is True when an `object` was recorded on that version before the
    deadline; the caller computes it from the history.
    """

    version_id: str
    deadline: datetime
    broken: bool

    def __post_init__(self) -> None:
        if not isinstance(self.deadline, datetime) or self.deadline.utcoffset() is None:
            raise InvalidInput("the silence deadline must be a date and time with its time zone (UTC)")


@dataclass(frozen=True)
class ConsensusResult:
    """The status of one principle and the tally behind it (expected delegations only)."""

    status: Status
    counts: dict[str, int]  # every Stance value and "no_position", 0 when none
    missing: tuple[str, ...]  # expected codes with no current stance, sorted
    objecting: tuple[str, ...]  # expected codes whose current stance is object, sorted
    by_silence: bool = False  # agreed because a silence procedure passed
    by_vote: bool = False  # agreed because a roll-call vote adopted the current text


_RANK = {
    Status.CONTESTED: 0,
    Status.NEAR: 1,
    Status.NOT_DISCUSSED: 1,
    Status.AGREED: 2,
}


def status_rank(status: Status | str) -> int:
    """How far toward agreement `status` is: contested 0, near 1, agreed 2.

    ``not_discussed`` ranks 1, level with ``near``: like ``near`` it is open,
    neither agreed nor blocked. This keeps the rank monotone: recording an
    objection never raises it (a first objection on an undiscussed principle
    gives ``contested`` or, under consensus_minus_one, ``near``). Sort on
    ``(status_rank(s), s == Status.NEAR)`` or similar to tell the two apart.
    """
    try:
        return _RANK[status]
    except KeyError:
        raise InvalidInput(f"unknown status {status!r}") from None


_SUPPORT = Stance.SUPPORT
_AMEND = Stance.SUPPORT_WITH_AMENDMENTS
_RESERVATION = Stance.RESERVATION
_ABSTAIN = Stance.ABSTAIN
_OBJECT = Stance.OBJECT
_NOTHING = ()


def consensus_status(
    positions: Mapping[str, Given],
    expected: Collection[str],
    current_version_id: str,
    rule: Rule = CONSENSUS,
    silence: Silence | None = None,
    now: datetime | None = None,
    adopted_by_vote: str | None = None,
) -> ConsensusResult:
    """The status of one principle under `rule`, counting only the `expected` delegations.

    `positions` maps delegation codes to their stored positions (anyone's; those
    of delegations not expected are ignored). A position on a version other than
    `current_version_id` is stale and counts as no position. `now` (timezone-aware,
    default the current UTC time) is only consulted for a silence on the current version.
    `adopted_by_vote`: the version a closed roll-call vote adopted, if any; on the current version it
    makes the principle agreed (`by_vote`) whatever the stances say, as a silence that passed does.
    """
    if isinstance(expected, str):
        raise TypeError("expected must be a collection of delegation codes, not one string")
    if not isinstance(expected, (set, frozenset, KeysView)):
        expected = dict.fromkeys(expected)  # a code listed twice still counts once

    # One pass, plain integer counters: this runs for every principle on every refresh.
    support = amend = reservation = abstain = 0
    missing: list[str] | None = None
    objecting: list[str] | None = None
    get = positions.get
    for code in expected:
        given = get(code)
        if given is None or given.version_id != current_version_id:
            if missing is None:
                missing = [code]
            else:
                missing.append(code)
            continue
        stance = given.stance
        if stance is _SUPPORT:
            support += 1
        elif stance is _AMEND:
            amend += 1
        elif stance is _OBJECT:
            if objecting is None:
                objecting = [code]
            else:
                objecting.append(code)
        elif stance is _RESERVATION:
            reservation += 1
        elif stance is _ABSTAIN:
            abstain += 1
        else:  # not a Stance member (Given normally converts): compare by value
            stance = Stance(stance)
            if stance is _OBJECT:
                objecting = [code] if objecting is None else objecting + [code]
            else:
                support += stance is _SUPPORT
                amend += stance is _AMEND
                reservation += stance is _RESERVATION
                abstain += stance is _ABSTAIN

    n_missing = len(missing) if missing is not None else 0
    n_object = len(objecting) if objecting is not None else 0

    by_vote = adopted_by_vote is not None and adopted_by_vote == current_version_id
    by_silence = not by_vote and (
        silence is not None
        and not silence.broken
        and silence.version_id == current_version_id
        and _after_deadline(silence.deadline, now)
    )
    if by_vote or by_silence:
        status = Status.AGREED
    else:
        status = status_of_tally(rule, support, amend, reservation, abstain, n_object, n_missing)

    counts = {
        "support": support,
        "support_with_amendments": amend,
        "reservation": reservation,
        "abstain": abstain,
        "object": n_object,
        NO_POSITION: n_missing,
    }
    return ConsensusResult(
        status,
        counts,
        tuple(sorted(missing)) if missing is not None else _NOTHING,
        tuple(sorted(objecting)) if objecting is not None else _NOTHING,
        by_silence,
        by_vote,
    )


def status_of_tally(rule: Rule, support: int, amend: int, reservation: int, abstain: int, n_object: int,
                    n_missing: int) -> Status:
    """What `rule` makes of a principle's tally (current stances of the expected delegations, and how many of
    them have none), before a vote or a silence is considered: the rules of the module docstring, in one place."""
    current = support + amend + reservation + abstain + n_object
    if current == 0:
        return Status.NOT_DISCUSSED
    if rule.kind == _MAJORITY:
        num, den = _ratio(rule.percent)
        # favour / current >= num / (den * 100), in integers so 66.7 means exactly 66.7.
        if (support + amend) * 100 * den >= num * current:
            return Status.AGREED
        return Status.CONTESTED if n_object else Status.NEAR
    if n_object > (1 if rule.kind == _MINUS_ONE else 0):
        return Status.CONTESTED
    if n_object or reservation or amend or n_missing:
        return Status.NEAR
    return Status.AGREED


def _after_deadline(deadline: datetime, now: datetime | None) -> bool:
    if now is None:
        now = datetime.now(timezone.utc)
    elif now.utcoffset() is None:
        raise InvalidInput("the time to judge a silence by must carry its time zone (UTC)")
    return now >= deadline


def consensus_rows(results) -> list[dict]:
    """Each principle's consensus as one flat row: what `consensus --format csv` and the app's CSV export write.

    `results` are the façade's PrincipleConsensus values; delegations are listed as codes joined by commas.
    """
    rows = []
    for c in results:
        rows.append({"principle": c.principle, "title": c.title,
                     "status": c.status.value + (f" ({c.agreed_by})" if c.agreed_by else ""),
                     **{s.value: c.counts[s.value] for s in Stance}, NO_POSITION: c.counts[NO_POSITION],
                     "missing": ",".join(c.missing), "objecting": ",".join(c.objecting)})
    return rows


# The charts in words, for those who cannot see them: the readout's picture description and the app's
# accessible description of its charts say the same, from here.
_STANCE_WORDS = [(s.value, STANCE_LABELS[s].lower()) for s in STANCE_ORDER]
_STANCE_WORDS.append((NO_POSITION, NO_POSITION_LABEL.lower()))


def stances_in_words(results) -> str:
    """The stances-per-principle chart in words: 'Principle 1: 5 support, 1 object; …'.

    `results` are PrincipleConsensus values (anything with `principle` and `counts`); one string join,
    cheap enough for 200 principles whenever the counts change.
    """
    parts = []
    for c in results:
        counts = ", ".join(f"{c.counts[key]} {label}" for key, label in _STANCE_WORDS if c.counts.get(key))
        parts.append(f"Principle {c.principle}: {counts or 'no stances'}")
    return "Stances per principle. " + ("; ".join(parts) if parts else "No principles yet") + "."


def meeting_tally_in_words(t) -> str:
    """One meeting's column of that chart in words (also the chart's tooltip line)."""
    return f"{t.title} ({t.date}): " + (f"{t.agreed} of {t.total} principles agreed" if t.agreed is not None
                                        else "no attendance recorded")


def agreed_by_meeting_in_words(tallies) -> str:
    """The chart of principles agreed per meeting in words: 'Plenary (2024-03-01): 3 of 12 principles agreed'.

    `tallies` hold `title`, `date`, `agreed` (None: no attendance recorded) and `total`.
    """
    parts = [meeting_tally_in_words(t) for t in tallies]
    return "Principles agreed per meeting. " + ("; ".join(parts) if parts else "No meetings yet") + "."
