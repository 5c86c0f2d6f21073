"""What a release changes in a delegation's own values: said, field by field, never silently.

The secretariat may record a delegation's stance in the room, decide its amendment, or
reword its action item. When the delegation takes that release, its own values change
without any clash (nothing of its own was waiting to be sent), so the merge counts no
conflict. These are named instead: "The secretariat's release sets JP's stance on
principle 4 to Object (yours: Support)". Computed by comparing the delegation's own rows
before the release is taken and after its own edits are replayed on top.
"""

from __future__ import annotations

from ..stances import Stance
from ..storage import Store, queries
from .model import Override

# Per table of a delegation's own rows: its owner column, and the fields a person reads (not stamps or plumbing).
OWN = {
    "positions": ("delegation_id", ("stance", "comment")),
    "amendments": ("delegation_id", ("state", "text", "rationale")),
    "action_items": ("owner_id", ("title", "detail", "assignee", "due", "status", "principle_id", "meeting_id",
                                  "owner_id")),
    "members": ("delegation_id", ("name", "agency", "role")),
}
_FIELD_NAMES = {"principle_id": "principle", "meeting_id": "meeting", "owner_id": "owner"}
_SHORT = 80  # characters of a text value quoted in a sentence


class OwnValues:
    """A delegation's own rows as they are now, by table and id."""

    def __init__(self, store: Store, code: str):
        self.code = code
        delegation = queries.delegation_by_code(store, code)
        self.delegation_id = delegation["id"] if delegation else None
        self.rows: dict[tuple[str, str], dict] = {}
        if self.delegation_id is None:
            return
        for table, (owner, _fields) in OWN.items():
            for row in queries.owned_rows(store, table, owner, self.delegation_id):
                self.rows[(table, row["id"])] = row


def overrides(before: OwnValues, store: Store) -> list[Override]:
    """Each own value of `before`'s delegation that `store` now holds otherwise, in words."""
    after = OwnValues(store, before.code)
    names = _Names(store)
    found: list[Override] = []
    for key in list(before.rows) + [k for k in after.rows if k not in before.rows]:
        table, _row_id = key
        old, new = before.rows.get(key), after.rows.get(key)
        if new is None and table == "action_items":
            new = store.get(table, key[1])  # handed to another delegation (or else removed)
        row = new or old
        if new is None:
            found.append(Override(before.code, table, "*", _what(table, old, names, before.code), None, None,
                                  f"The secretariat's release removes {_what(table, old, names, before.code)}."))
            continue
        for field in OWN[table][1]:
            mine = old.get(field) if old else None
            theirs = new.get(field)
            if mine == theirs or (old is None and theirs in (None, "")):
                continue
            label = _FIELD_NAMES.get(field, field)
            yours, released = _value(field, mine, names), _value(field, theirs, names)
            subject = _subject(table, row, label, names, before.code)
            found.append(Override(before.code, table, label, _what(table, row, names, before.code), yours, released,
                                  f"The secretariat's release sets {subject} to {released} (yours: {yours})."))
    return found


class _Names:
    def __init__(self, store: Store):
        self.codes = queries.delegation_codes(store)
        self.numbers = queries.principle_numbers(store)
        self.meetings = {m["id"]: m["title"] for m in queries.meetings(store)}


def _what(table: str, row: dict, names: _Names, code: str) -> str:
    """The row in words: "JP's position on principle 4", "JP's action item “Brief the minister”"."""
    if table == "positions":
        return f"{code}'s position on principle {names.numbers.get(row.get('principle_id'), '?')}"
    if table == "amendments":
        return f"{code}'s amendment to principle {names.numbers.get(row.get('principle_id'), '?')}"
    if table == "action_items":
        return f"{code}'s action item “{_short(row.get('title') or '')}”"
    return f"{code}'s member {row.get('name', '')}"


def _subject(table: str, row: dict, label: str, names: _Names, code: str) -> str:
    """Which value: "JP's stance on principle 4", "the status of JP's action item “…”"."""
    if table == "positions":
        return f"{code}'s {label} on principle {names.numbers.get(row.get('principle_id'), '?')}"
    return f"the {label} of {_what(table, row, names, code)}"


def _value(field: str, value, names: _Names) -> str:
    """A value as a person reads it: a stance by its label, a principle by its number, text quoted."""
    if value is None or value == "":
        return "none"
    if field == "stance" and value in {s.value for s in Stance}:
        return Stance(value).label
    if field in ("state", "status"):
        return str(value).replace("_", " ").capitalize()
    if field == "principle_id":
        return f"principle {names.numbers.get(value, '?')}"
    if field == "meeting_id":
        return f"“{_short(names.meetings.get(value, '?'))}”"
    if field == "owner_id":
        return names.codes.get(value, "?")
    return f"“{_short(str(value))}”"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHORT else text[:_SHORT - 1] + "…"
