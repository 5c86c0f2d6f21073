"""Checks on what people type or files carry, before anything reaches the database."""

import re
import unicodedata
from datetime import date, datetime, timezone

from .errors import InvalidInput

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CODE = re.compile(r"[A-Z][A-Z0-9]{1,7}")


def _control_chars(text: str, allow_newlines: bool) -> list[str]:
    allowed = {"\n", "\t"} if allow_newlines else set()
    return [c for c in text if unicodedata.category(c) == "Cc" and c not in allowed]


def clean_text(value, what: str, *, multiline: bool = False, required: bool = True, max_len: int = 20_000) -> str:
    """`value` stripped, refused when empty (if required), too long, or holding control characters.

    Control characters are refused rather than dropped: they usually mean a paste
    from a broken source, and silently changing negotiated text is worse.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text")
    text = value.replace("\r\n", "\n").strip()
    bad = _control_chars(text, multiline)
    if bad:
        names = ", ".join(sorted({f"U+{ord(c):04X}" for c in bad}))
        raise InvalidInput(f"{what} contains control characters ({names}); remove them and try again")
    if required and not text:
        raise InvalidInput(f"{what} must not be empty")
    if len(text) > max_len:
        raise InvalidInput(f"{what} is too long ({len(text)} characters, at most {max_len})")
    return text


def delegation_code(value: str) -> str:
    """An ISO-3166 alpha-2 code (`JP`) or a short organisation code (`EU`, `OECD`), upper-cased."""
    code = clean_text(value, "delegation code").upper()
    if not _CODE.fullmatch(code):
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
