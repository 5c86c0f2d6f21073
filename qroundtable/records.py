"""Looking through the roundtable: Find (principles, delegations, comments) and its history
(who changed what, when). Reads only."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidInput
from .section import Section
from .stances import STANCE_LABELS, Stance
from .storage import queries
from .validation import delegation_code

FIND_LIMIT = 200  # a word in every comment of a large file must not build 39,000 rows of results
HISTORY_LIMIT_MAX = 10_000


@dataclass(frozen=True)
class Found:
    """One place where the text was found: `kind` is principle, delegation or comment."""

    kind: str
    principle: int | None
    delegation: str | None
    title: str  # what to show first: "P4 Research security…", "JP — Japan", "JP on P4 (Object)"
    excerpt: str  # the words around what was found

    def as_json(self) -> dict:
        return {"kind": self.kind, "principle": self.principle, "delegation": self.delegation,
                "title": self.title, "excerpt": self.excerpt}


@dataclass(frozen=True)
class HistoryEntry:
    """One thing that changed: when, by whose copy, what kind, about which delegation and principle."""

    at: str
    who: str | None
    kind: str  # position | text | amendment | decision | action | edit
    delegation: str | None
    principle: int | None
    what: str  # one line a person reads

    def as_json(self) -> dict:
        return {"at": self.at, "who": self.who, "kind": self.kind, "delegation": self.delegation,
                "principle": self.principle, "what": self.what}


def excerpt(text: str, start: int, length: int, around: int = 40) -> str:
    """The words around text[start:start+length], with … where it was cut."""
    lo, hi = max(0, start - around), min(len(text), start + length + around)
    if lo and " " in text[lo:start]:
        lo = text.index(" ", lo) + 1  # whole words: "…protection", not "…logy protection"
    if hi < len(text) and " " in text[start + length:hi]:
        hi = text.rindex(" ", start + length, hi)
    return ("…" if lo else "") + " ".join(text[lo:hi].split()) + ("…" if hi < len(text) else "")


def _stance(value: str | None) -> str:
    try:
        return STANCE_LABELS[Stance(value)]
    except ValueError:
        return value or "no position"


class Records(Section):
    """`rt.records.find("security")`, `rt.records.history(delegation="JP", limit=50)`."""

    def find(self, text: str, limit: int = FIND_LIMIT) -> list[Found]:
        """Principles (title or current text), delegations (code or name) and position comments
        containing `text`, ignoring case; principles first, then delegations, then comments."""
        needle = " ".join(str(text).split()).casefold()
        if not needle:
            raise InvalidInput("type something to find")
        found: list[Found] = []

        def where(haystack: str) -> int:
            return (haystack or "").casefold().find(needle)

        for p in queries.principles(self.store):
            label = f"P{p['number']} {p['title']}"
            if (i := where(p["title"])) >= 0:
                found.append(Found("principle", p["number"], None, label, excerpt(p["title"], i, len(needle))))
            elif (i := where(p["text"])) >= 0:
                found.append(Found("principle", p["number"], None, label, excerpt(p["text"], i, len(needle))))
        for code, name in queries.delegations_plain(self.store):
            if where(code) >= 0 or where(name) >= 0:
                found.append(Found("delegation", None, code, f"{code} — {name}", name))
        for code, number, stance, comment in queries.commented_positions(self.store):
            if len(found) >= limit:
                break
            if (i := where(comment)) >= 0:
                found.append(Found("comment", number, code, f"{code} on P{number} ({_stance(stance)})",
                                   excerpt(comment, i, len(needle))))
        return found[:limit]

    def history(self, delegation: str | None = None, limit: int = 100, offset: int = 0) -> list[HistoryEntry]:
        """Who changed what, when, newest first: stances, principle texts, amendments and their
        decisions, action items and other edits; only those by or about `delegation` if given."""
        if not isinstance(limit, int) or not 1 <= limit <= HISTORY_LIMIT_MAX:
            raise InvalidInput(f"the limit must be a whole number from 1 to {HISTORY_LIMIT_MAX}")
        if not isinstance(offset, int) or offset < 0:
            raise InvalidInput("the offset must be a whole number, 0 or more")
        code = None
        if delegation:
            code = self.delegation_row(delegation_code(delegation))["code"]
        return [HistoryEntry(at, who, kind, d, p, _what(kind, d, p, a, b, c))
                for at, who, kind, d, p, a, b, c in queries.history(self.store, code, limit, offset)]


def _what(kind: str, delegation, principle, a, b, c) -> str:
    if kind == "position":
        version = f" (text v{c})" if c else ""
        return f"{delegation} on P{principle}: {_stance(a)}{version}" + (f" — “{b}”" if b else "")
    if kind == "text":
        return f"P{principle}: text version {c}" + (f" — {a}" if a else "")
    if kind == "amendment":
        return f"{delegation} proposed an amendment to P{principle}" + (f" — {a}" if a else "")
    if kind == "decision":
        return f"{delegation}'s amendment to P{principle} {a}"
    if kind == "action":
        return f"Action item for {delegation}: {a}" + (f" (P{principle})" if principle else "")
    undone = " (undone)" if c else ""
    return f"{a}{undone}"
