"""Rules that relate the changes of one snapshot to each other and to time: what `rules` cannot see alone.

A position history entry is the record of a position change, so it travels only with
one: the same snapshot must change that delegation's position on that principle, and
the entry must fit that change.
- The newest entry agrees with the position as the snapshot leaves it (the master's
  row with the snapshot's changes on top): the same position id, stance and version
  always (what consensus and silence procedures count), and the same comment,
  recorder and time wherever the snapshot sets them (the master may have its own,
  after a conflict kept them); for a cleared position: no stance. Earlier entries
  are the stances recorded in between, each with its own values.
- No entry is dated after the position change it records, nor backdated: not before
  the sender's previous snapshot was made (the same laptop's clock, within
  `SAME_CLOCK`), nor before the principle version it is on existed (the secretariat's
  clock, within `CLOCK_SKEW`).
- An entry names the position it records: never another delegation's position or one
  on another principle.

Times follow from one clock, the sender's: nothing in a snapshot is dated after the
snapshot was made (within `SAME_CLOCK`), and the snapshot itself is not dated more than
`CLOCK_SKEW` after the secretariat's own clock (`importing` checks that). Dates before
2000 are no times at all (`validation.parse_time`). What breaks these rules is rejected
change by change, with its reason; the rest of the snapshot applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..validation import parse_time
from .changes import ROW, Entry, full_row
from .merge import Ground, position_pair

SAME_CLOCK = timedelta(minutes=10)  # one laptop's clock against itself (it may be set back a little)
CLOCK_SKEW = timedelta(days=1)  # a delegation's laptop against the secretariat's (a wrong time zone, say)
# Columns holding a time, in the tables a delegation writes.
TIME_COLUMNS = {"positions": ("recorded_at",), "position_history": ("recorded_at",),
                "amendments": ("created_at", "decided_at"), "action_items": ("created_at",),
                "cosponsors": ("created_at", "withdrawn_at"), "statements": ("created_at",)}
_ALWAYS_AGREE = ("stance", "version_id")
_AGREE_WHEN_SENT = ("comment", "recorded_by", "recorded_at")


@dataclass
class Sending:
    """What is known of one snapshot beyond its changes: who sent it and when it (and the one before) was made."""

    sender: str
    created_at: datetime
    previous_created_at: datetime | None = None  # the sender's previous snapshot, when the master has it


@dataclass
class _PairChange:
    """What one snapshot does to one delegation's position on one principle."""

    ids: set[str] = field(default_factory=set)  # every position id the snapshot names for the pair
    inserted: dict | None = None
    updated: dict[str, dict] = field(default_factory=dict)  # position id → {field: new value}
    deleted: set[str] = field(default_factory=set)

    def final(self, ground: Ground) -> tuple[dict | None, frozenset[str]]:
        """The position as the snapshot leaves it (None: cleared), and the fields the snapshot sets."""
        if self.inserted is not None:
            return self.inserted, frozenset(self.inserted)
        for position_id, values in self.updated.items():
            row = ground.rows.get(("positions", position_id))
            if row is not None:
                return {**row, **values}, frozenset(values) | {"id"}
        return None, frozenset()


def check_snapshot(entries: list[Entry], sending: Sending, ground: Ground) -> dict[int, str]:
    """change number → why it is refused, for the changes of one snapshot that break these rules."""
    times = _Times()
    refused = _dated_after_the_snapshot(entries, sending, times)
    pairs: dict[tuple[str, str], _PairChange] = {}
    changes: dict[str, _PairChange | None] = {}  # position id → its pair's change
    history: list[Entry] = []
    for e in entries:
        table = e.table
        if table != "position_history" and table != "positions" or refused and e.n in refused:
            continue
        insert = e.field == ROW and e.old is None
        if table == "position_history":
            if insert:
                history.append(e)
            continue
        change = changes.get(e.row_id, False)
        if change is False or insert:
            pair = position_pair(e, ground)
            change = changes[e.row_id] = None if pair is None else pairs.setdefault(pair, _PairChange())
        if change is None:
            continue  # a change of a position the master does not have: the merge says so
        change.ids.add(e.row_id)
        if insert:
            change.inserted = full_row("positions", e.new)
        elif e.is_delete:
            change.deleted.add(e.row_id)
        else:
            change.updated.setdefault(e.row_id, {})[e.field] = e.new
    if history:
        refused.update(_check_history(history, pairs, sending, ground, times))
    return refused


def _check_history(history: list[Entry], pairs: dict, sending: Sending, ground: Ground,
                   times: _Times) -> dict[int, str]:
    refused: dict[int, str] = {}
    by_pair: dict[tuple[str, str], list[tuple[datetime, Entry]]] = {}
    for e in history:
        row = e.new
        moment = times(row.get("recorded_at"))
        if moment is None:
            continue  # not a time: `rules` rejects it
        pair = (row.get("delegation_id"), row.get("principle_id"))
        change = pairs.get(pair)
        if change is None:
            refused[e.n] = ("a position history entry comes only with the position change it records, and this "
                            "snapshot does not change that position")
            continue
        reason = _names_its_position(row, pair, change, ground) or _not_backdated(row, moment, sending, ground)
        if reason:
            refused[e.n] = reason
            continue
        by_pair.setdefault(pair, []).append((moment, e))
    for pair, dated in by_pair.items():
        final, sent = pairs[pair].final(ground)
        final_at = times(final.get("recorded_at")) if final is not None and "recorded_at" in sent else None
        # The newest entry (by time, then by its place in the snapshot, which follows the order of recording).
        newest = max(((moment, e.n) for moment, e in dated if final_at is None or moment <= final_at),
                     default=None)
        for moment, e in dated:
            if final_at is not None and moment > final_at:
                refused[e.n] = (f"is dated {e.new.get('recorded_at')}, after the position change it records "
                                f"({final.get('recorded_at')})")
            elif (moment, e.n) == newest and (final_at is None or moment == final_at):
                disagreement = _disagreement(e.new, final, sent, pairs[pair])
                if disagreement:
                    refused[e.n] = f"does not agree with the position change it records ({disagreement})"
    return refused


def _names_its_position(row: dict, pair: tuple, change: _PairChange, ground: Ground) -> str | None:
    position_id = row.get("position_id")
    if position_id in change.ids or position_id == ground.positions.get(pair):
        return None
    other = ground.rows.get(("positions", position_id)) or ground.deleted.get(("positions", position_id))
    if other is not None and (other.get("delegation_id"), other.get("principle_id")) != pair:
        owner = ground.delegation_codes.get(other.get("delegation_id"), "another delegation")
        return f"records a position that is not this one: it names {owner}'s position on another principle" \
            if other.get("delegation_id") == pair[0] else f"records a position that belongs to {owner}"
    return None  # a position made and cleared again since the last snapshot: only its history travels


def _not_backdated(row: dict, moment: datetime, sending: Sending, ground: Ground) -> str | None:
    previous = sending.previous_created_at
    if previous is not None and moment < previous - SAME_CLOCK:
        return (f"is backdated: recorded {row.get('recorded_at')}, before {sending.sender}'s previous snapshot "
                f"was made ({_iso(previous)})")
    version = parse_time(ground.version_times.get(row.get("version_id")))
    if version is not None and moment < version - CLOCK_SKEW:
        return (f"is backdated: recorded {row.get('recorded_at')}, before the principle text it is on existed "
                f"({_iso(version)})")
    return None


def _disagreement(row: dict, final: dict | None, sent: frozenset[str], change: _PairChange) -> str | None:
    if final is None:  # the position was cleared
        if row.get("stance") is not None:
            return f"stance {row.get('stance')}, but the position was cleared"
        if row.get("position_id") not in change.deleted:
            return "it names another position than the one cleared"
        return None
    if row.get("position_id") != final.get("id"):
        return "it names another position"
    for name in _ALWAYS_AGREE + tuple(n for n in _AGREE_WHEN_SENT if n in sent):
        if _plain(row.get(name)) != _plain(final.get(name)):
            here, there = _plain(row.get(name)), _plain(final.get(name))
            return f"{name.replace('_', ' ')} {here!r} here, {there!r} in the position"
    return None


def _plain(value):
    return "" if value is None else value


def _dated_after_the_snapshot(entries: list[Entry], sending: Sending, times: _Times) -> dict[int, str]:
    """Changes dated (or carrying a time) after the snapshot was made. Each distinct time is judged once:
    a snapshot of 200,000 changes holds a handful."""
    latest = sending.created_at + SAME_CLOCK
    values = {e.at for e in entries}
    for e in entries:
        columns = TIME_COLUMNS.get(e.table)
        if columns:
            if e.field == ROW and e.old is None:  # an insert
                values.update(e.new.get(c) for c in columns)
            elif e.field in columns:
                values.add(e.new)
    late = {v for v in values if (moment := times(v)) is not None and moment > latest}
    if not late:
        return {}
    refused = {}
    for e in entries:
        columns = TIME_COLUMNS.get(e.table, ())
        found = e.at if e.at in late else next(
            (v for v in ([e.new.get(c) for c in columns] if e.is_insert else [e.new] if e.field in columns else [])
             if type(v) is str and v in late), None)
        if found is not None:
            refused[e.n] = f"is dated {found}, after the snapshot was made ({_iso(sending.created_at)})"
    return refused


class _Times:
    """`parse_time`, remembered: a snapshot's changes share few distinct times."""

    def __init__(self):
        self.seen: dict[str, datetime | None] = {}

    def __call__(self, value) -> datetime | None:
        if type(value) is not str:
            return None
        try:
            return self.seen[value]
        except KeyError:
            moment = self.seen[value] = parse_time(value)
            return moment


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
