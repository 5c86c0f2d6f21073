"""Who may send what: the changes a delegation's snapshot may make, and the values they may hold.

A delegation writes only its own positions (and their history), its own
amendments, the action items it owns and its own delegation's members, exactly
what its copy lets it edit. Everything else in a snapshot is rejected with a
reason; the rest of the snapshot still applies. In particular:
- a row id that exists and belongs to another delegation is never taken over, and a
  row that exists is never created again with other values (rejected, not a conflict);
- an amendment the secretariat accepted or rejected is final for its proposer;
- text follows `validation.clean_text`, the rule for typed text, and times are real
  calendar times since 2000 (`validation.parse_time`).
Rules that relate several changes of one snapshot (history only with its position
change, never backdated) are in `consistency`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import InvalidInput
from ..ids import pair_id
from ..model import ActionStatus, AmendmentState, SponsorshipState, StatementKind
from ..stances import Stance
from ..validation import UUID, clean_text, iso_date, parse_time
from .changes import ROW, Entry, full_row

Check = Callable[[object, str], "str | None"]  # (value, sender code) → reason, or None when acceptable


def _text(what: str, *, multiline: bool = False, required: bool = True, max_len: int = 20_000) -> Check:
    def check(value, _sender):
        if value is None:
            return f"{what} must not be empty" if required else None
        try:
            ok = clean_text(value, what, multiline=multiline, required=required, max_len=max_len) == value
        except InvalidInput as exc:
            return str(exc)
        return None if ok else f"{what} has stray spaces or line breaks"
    return check


def _one_of(what: str, values, *, optional: bool = False) -> Check:
    allowed = {str(v) for v in values}

    def check(value, _sender):
        if value is None and optional:
            return None
        return None if type(value) is str and value in allowed else f"{_short(value)} is not a valid {what}"
    return check


def _uuid(what: str, *, optional: bool = False) -> Check:
    def check(value, _sender):
        if value is None:
            return None if optional else f"{what} is missing"
        return None if isinstance(value, str) and UUID.fullmatch(value) else f"{what} is not an id"
    return check


def _timestamp(what: str, *, optional: bool = False) -> Check:
    def check(value, _sender):
        if value is None:
            return None if optional else f"{what} is missing"
        if parse_time(value) is None:
            return f"{what} {_short(value)} is not a real time (a date and time since 2000, in UTC)"
        return None
    return check


def _date(value, _sender):
    if value is None:
        return None
    try:
        iso_date(value, "due date")
    except InvalidInput as exc:
        return str(exc)
    return None


def _flag(what: str) -> Check:
    def check(value, _sender):
        if value in (None, 0, 1) and not isinstance(value, bool):
            return None
        return f"{_short(value)} is not a valid {what} flag"
    return check


def _date_required(what: str) -> Check:
    def check(value, _sender):
        if value is None:
            return f"{what} is missing"
        try:
            iso_date(value, what)
        except InvalidInput as exc:
            return str(exc)
        return None
    return check


def _sender(value, sender):
    return None if value == sender else f"recorded by {_short(value, 10)}, not by the sender {sender}"


def _short(value, length: int = 40) -> str:
    return repr(value[:length]) if isinstance(value, str) else repr(value)[:length]


@dataclass(frozen=True)
class Rule:
    what: str  # how a person names one row of the table
    owner: str  # the column naming the delegation a row belongs to
    checks: dict[str, Check]  # every column a delegation writes, with its check
    updatable: frozenset[str] = frozenset()
    deletable: bool = False
    stamps: frozenset[str] = field(default_factory=frozenset)


_STANCE = _one_of("stance", list(Stance))
RULES: dict[str, Rule] = {
    "positions": Rule(
        "position", "delegation_id",
        {"principle_id": _uuid("principle"), "stance": _STANCE, "version_id": _uuid("principle version"),
         "comment": _text("comment", multiline=True, required=False, max_len=5000), "recorded_by": _sender,
         "recorded_at": _timestamp("time recorded")},
        updatable=frozenset({"stance", "comment", "version_id", "recorded_by", "recorded_at"}), deletable=True,
        stamps=frozenset({"recorded_by", "recorded_at"})),
    "position_history": Rule(
        "position history entry", "delegation_id",
        {"principle_id": _uuid("principle"), "position_id": _uuid("position"),
         "stance": _one_of("stance", list(Stance), optional=True), "version_id": _uuid("version", optional=True),
         "comment": _text("comment", multiline=True, required=False, max_len=5000), "recorded_by": _sender,
         "recorded_at": _timestamp("time recorded")}),
    "amendments": Rule(
        "amendment", "delegation_id",
        {"principle_id": _uuid("principle"), "base_version_id": _uuid("principle version"),
         "text": _text("amendment text", multiline=True), "created_at": _timestamp("creation time"),
         "rationale": _text("rationale", multiline=True, required=False, max_len=5000),
         "state": _one_of("amendment state", [AmendmentState.PROPOSED, AmendmentState.WITHDRAWN]),
         "decided_at": _timestamp("decision time", optional=True), "untracked": _flag("untracked")},
        updatable=frozenset({"text", "rationale", "state", "decided_at"}), stamps=frozenset({"decided_at"})),
    "action_items": Rule(
        "action item", "owner_id",
        {"title": _text("action title", max_len=300), "detail": _text("detail", multiline=True, required=False),
         "assignee": _text("assignee", required=False, max_len=200), "due": _date,
         "status": _one_of("action status", list(ActionStatus)), "principle_id": _uuid("principle", optional=True),
         "meeting_id": _uuid("meeting", optional=True), "created_at": _timestamp("creation time", optional=True)},
        updatable=frozenset({"title", "detail", "assignee", "due", "status", "principle_id", "meeting_id"}),
        deletable=True),
    "members": Rule(
        "member", "delegation_id",
        {"name": _text("member name", max_len=200), "agency": _text("agency", required=False, max_len=200),
         "role": _text("role", required=False, max_len=200)},
        updatable=frozenset({"name", "agency", "role"}), deletable=True),
    "cosponsors": Rule(
        "co-sponsorship", "delegation_id",
        {"amendment_id": _uuid("amendment"), "state": _one_of("co-sponsorship state", list(SponsorshipState)),
         "created_at": _timestamp("time co-sponsored"), "withdrawn_at": _timestamp("time withdrawn", optional=True)},
        updatable=frozenset({"state", "withdrawn_at"}), stamps=frozenset({"withdrawn_at"})),
    "statements": Rule(
        "statement", "delegation_id",
        {"principle_id": _uuid("principle"), "version_id": _uuid("principle version"),
         "kind": _one_of("kind of statement", list(StatementKind)),
         "text": _text("statement", multiline=True, max_len=10_000), "made_on": _date_required("date of statement"),
         "recorded_by": _sender, "created_at": _timestamp("time recorded")},
        updatable=frozenset({"text", "made_on", "recorded_by"}), deletable=True,
        stamps=frozenset({"recorded_by"})),
}

_SECRETARIAT_ONLY = {
    "principles": "only the secretariat edits principles",
    "principle_versions": "only the secretariat edits principle text (the pen-holder's task)",
    "private_notes": "private notes never travel",
    "roundtable": "only the secretariat changes the roundtable's settings",
    "delegations": "only the secretariat adds, renames or removes delegations",
    "trusted_keys": "only the secretariat decides which keys it trusts",
    "meetings": "only the secretariat records meetings",
    "meeting_delegations": "only the secretariat records hosts and attendance",
    "silence_procedures": "only the secretariat opens and closes silence procedures",
    "speakers": "only the secretariat (the chair's table) keeps the speakers list",
    "votes": "only the secretariat opens, closes and counts votes",
    "ballots": "only the secretariat records votes, a delegation's own included (it enters them on its behalf)",
    "revisions": "only the secretariat issues revisions of the negotiation text",
    "revision_versions": "only the secretariat issues revisions of the negotiation text",
}


# Per table, the fields that say who last wrote a row and when: they follow the row, they are never a conflict.
STAMPS: dict[str, frozenset[str]] = {table: rule.stamps for table, rule in RULES.items() if rule.stamps}


_DECIDED = (AmendmentState.ACCEPTED, AmendmentState.REJECTED)


def check(entry: Entry, row: dict | None, sender: str, sender_id: str,
          codes: dict[str, str] | None = None) -> str | None:
    """Why `sender` may not make this change (None: it may). `row` is the master's row, or the deleted one.

    `codes` (delegation id → code) names the owner of a row the sender may not touch.
    """
    rule = RULES.get(entry.table)
    if rule is None:
        return _SECRETARIAT_ONLY.get(entry.table, f"a delegation does not write {entry.table}")
    whole = entry.field == ROW
    if whole and entry.old is None:  # an insert
        if row is not None:
            return _recreated(rule, entry, row, sender_id, codes)
        return _check_new_row(rule, entry.table, entry.new, sender, sender_id, entry.row_id)
    if row is None:
        return f"changes a {rule.what} the master does not have"
    if row.get(rule.owner) != sender_id:
        return f"{sender} may only change its own {rule.what}s; this one belongs to {_owner(row, rule, codes)}"
    if entry.table == "amendments" and row.get("state") in _DECIDED:
        return (f"the secretariat has already {row['state']} this amendment: it is final, its proposer can no "
                "longer withdraw or rewrite it")
    if whole and entry.new is None:  # a delete
        return None if rule.deletable else f"a {rule.what} is never deleted, only {_instead(entry.table)}"
    if entry.field not in rule.updatable:
        if entry.table == "amendments" and entry.field == "decision_reason":
            return "only the secretariat gives the reason for its decision on an amendment"
        if entry.table == "position_history":
            return "position history is never rewritten"
        return f"the {entry.field.replace('_', ' ')} of a {rule.what} cannot be changed by a delegation"
    if entry.table == "amendments" and entry.field == "state" and entry.new != AmendmentState.WITHDRAWN:
        return "a delegation can only withdraw its amendment; accepting or rejecting it is the secretariat's"
    return rule.checks[entry.field](entry.new, sender)


def _recreated(rule: Rule, entry: Entry, row: dict, sender_id: str, codes: dict[str, str] | None) -> str | None:
    """An insert of a row id the master already holds: the same row again is harmless, anything else is not."""
    if row.get(rule.owner) != sender_id:
        return f"creates a {rule.what} that already exists and belongs to {_owner(row, rule, codes)}: rejected"
    if content_equal(entry.table, row, full_row(entry.table, entry.new)):
        return None  # sent again (the merge finds nothing to do)
    if entry.table == "position_history":
        return "rewrites a position history entry that already exists: position history is never rewritten"
    if entry.table == "amendments" and row.get("state") in _DECIDED:
        return f"re-creates an amendment the secretariat has already {row['state']}: it is final"
    return f"creates a {rule.what} that already exists here with other values: rejected (a row is created once)"


def _owner(row: dict, rule: Rule, codes: dict[str, str] | None) -> str:
    return (codes or {}).get(row.get(rule.owner)) or "another delegation"


def _check_new_row(rule: Rule, table: str, row: dict, sender: str, sender_id: str, row_id: str) -> str | None:
    if row.get(rule.owner) != sender_id:
        return f"{sender} may only create its own {rule.what}s, not another delegation's"
    for column, check_value in rule.checks.items():
        reason = check_value(row.get(column), sender)
        if reason:
            return reason
    if table == "amendments" and (row.get("state") != AmendmentState.PROPOSED or row.get("result_version_id")):
        return "a new amendment must be proposed, not already decided"
    if table == "amendments" and row.get("decision_reason") is not None:
        return "a new amendment comes without a decision's reason: only the secretariat gives one"
    if table == "cosponsors" and row_id != pair_id(row["amendment_id"], sender_id):
        return "a co-sponsorship's id is made from its amendment and its delegation: this one is not"
    return None


def _instead(table: str) -> str:
    return "withdrawn" if table == "amendments" else "added to"


def content_equal(table: str, a: dict, b: dict) -> bool:
    """Two rows say the same thing (their ids and who-wrote-it-when aside)."""
    rule = RULES.get(table)
    skip = {"id"} | set(rule.stamps if rule else ())
    return all(a.get(k) == b.get(k) for k in set(a) | set(b) if k not in skip)
