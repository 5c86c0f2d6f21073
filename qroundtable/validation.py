"""Checks on what people type or files carry, before anything reaches the database; the one home of the
patterns of ids (`UUID`), delegation codes (`CODE`), dates and times.

Typed text and text imported from a snapshot or release pass the same `clean_text`:
no control characters (but line breaks and tabs where text may span lines), no
bidirectional overrides or isolates (U+202A–U+202E, U+2066–U+2069, which can make
"object" display as something else), and no lone surrogates (not text at all: what
Python makes of a byte that is not UTF-8, e.g. a Latin-1 "é" typed in a terminal).
"""

import functools
import os
import re
from datetime import date, datetime, timezone

from .errors import InvalidInput

# A row id as `ids.new_id` writes it (and any UUID in its canonical lower-case form).
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# A delegation code: ISO-3166 alpha-2 (`JP`) or a short organisation code (`EU`, `OECD`).
CODE = re.compile(r"[A-Z][A-Z0-9]{1,7}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z")
# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, and surrogates: never in a roundtable's text.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = frozenset("\n\t")
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)  # no roundtable record predates this


def forbidden_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The characters of `text` that `clean_text` refuses (line breaks and tabs allowed when `multiline`)."""
    found = _FORBIDDEN.findall(text)
    return [c for c in found if c not in _LINE_BREAKS] if multiline else found


def _describe(chars: list[str]) -> str:
    names = ", ".join(sorted({f"U+{ord(c):04X}" for c in chars}))
    if any("\ud800" <= c <= "\udfff" for c in chars):
        return (f"characters that are not text ({names}: bytes that are not UTF-8; is the terminal or the file "
                "set to UTF-8?)")
    if any("\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069" for c in chars):
        return f"bidirectional control characters ({names}), which can make text display as something it is not"
    return f"control characters ({names})"


def clean_text(value, what: str, *, multiline: bool = False, required: bool = True, max_len: int = 20_000) -> str:
    """`value` stripped, refused when empty (if required), too long, or holding forbidden characters.

    Control characters are refused rather than dropped: they usually mean a paste
    from a broken source, and silently changing negotiated text is worse.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text")
    text = value.replace("\r\n", "\n").strip()
    bad = forbidden_characters(text, multiline=multiline)
    if bad:
        raise InvalidInput(f"{what} contains {_describe(bad)}; remove them and try again")
    if required and not text:
        raise InvalidInput(f"{what} must not be empty")
    if len(text) > max_len:
        raise InvalidInput(f"{what} is too long ({len(text)} characters, at most {max_len})")
    return text


def delegation_code(value: str) -> str:
    """An ISO-3166 alpha-2 code (`JP`) or a short organisation code (`EU`, `OECD`), upper-cased."""
    code = clean_text(value, "delegation code").upper()
    if not CODE.fullmatch(code):
        raise InvalidInput(f"{value!r} is not a delegation code: use 2 to 8 letters or digits, like JP or EU")
    return code


def iso_date(value: str, what: str = "date") -> str:
    """A calendar date as YYYY-MM-DD; anything else (31 February, 24/11/2026) is refused."""
    text = clean_text(value, what)
    if _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise InvalidInput(f"{what} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-24")


def deadline(value: str) -> str:
    """A deadline as an ISO UTC timestamp: `YYYY-MM-DD` means the end of that day (UTC)."""
    text = clean_text(value, "deadline")
    if _DATE.fullmatch(text):
        day = iso_date(text, "deadline")
        return f"{day}T23:59:59Z"
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"deadline {value!r} is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def codes(values, what: str = "delegations") -> list[str]:
    """A comma-separated string or an iterable of delegation codes, de-duplicated in order."""
    if isinstance(values, str):
        values = [v for v in values.split(",") if v.strip()]
    seen: dict[str, None] = {}
    for v in values or ():
        seen[delegation_code(v)] = None
    return list(seen)


def parse_time(value, earliest: datetime | None = EARLIEST) -> datetime | None:
    """A UTC time as the roundtable writes it (`2026-11-24T09:30:00.125Z`), or None if `value` is no such time.

    A real calendar time only (no month 13, no 25:61, no 31 February) and not before `earliest` (2000).
    """
    if type(value) is not str:
        return None
    return _parse_time(value, earliest)


def stored_time(text: str) -> datetime:
    """A time the roundtable wrote (a change's, a deadline) as UTC; ValueError if `text` is no such time."""
    moment = parse_time(text, earliest=None)
    if moment is None:
        raise ValueError(f"{text!r} is not a time as the roundtable writes it")
    return moment


@functools.lru_cache(maxsize=4096)  # an import meets the same few times thousands of times
def _parse_time(value: str, earliest: datetime | None) -> datetime | None:
    m = _TIME.fullmatch(value)
    if m is None:
        return None
    year, month, day, hour, minute, second, fraction = m.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                          int((fraction or "0").ljust(6, "0")), tzinfo=timezone.utc)
    except ValueError:
        return None
    return moment if earliest is None or moment >= earliest else None


def shown(text) -> str:
    """`text` safe to print, log or store: a byte that was not UTF-8 (a surrogate) becomes U+FFFD.

    For names that come from outside (file names, titles in files): a path whose name is
    not UTF-8 reaches Python with surrogates, which no terminal, JSON or SQLite takes.
    """
    text = os.fspath(text) if isinstance(text, os.PathLike) else str(text)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    if all(not ("\ud800" <= c <= "\udfff") or "\udc80" <= c <= "\udcff" for c in text):
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")  # bytes of a file name
    return _SURROGATES.sub("\ufffd", text)
