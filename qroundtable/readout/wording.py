"""How a readout words dates, consensus rules, statuses and stances, and the colours it gives them."""

from __future__ import annotations

from datetime import date, datetime

from ..model import ActionItem, ActionStatus
from ..stances import STANCE_LABELS, STANCE_SHORT, Stance, Status

# The app's Okabe–Ito stance palette (qroundtable/ui/style.py, which the core may not import),
# safe for the common colour-vision deficiencies; every coloured cell also carries a label.
STANCE_FILL = {
    Stance.SUPPORT: "009E73",
    Stance.SUPPORT_WITH_AMENDMENTS: "56B4E9",
    Stance.RESERVATION: "E69F00",
    Stance.ABSTAIN: "BBBBBB",
    Stance.OBJECT: "D55E00",
}
STANCE_INK = {
    Stance.SUPPORT: "FFFFFF",
    Stance.SUPPORT_WITH_AMENDMENTS: "0B2233",
    Stance.RESERVATION: "2B1D00",
    Stance.ABSTAIN: "202020",
    Stance.OBJECT: "FFFFFF",
}
STALE_FILL, STALE_INK = "F2F2F2", "6B6B6B"
NONE_FILL, NONE_INK = "FFFFFF", "8C8C8C"

# Light tints of the status colours: a whole table column in the full colours would shout.
STATUS_TINT = {
    Status.AGREED: "D4F0E6",
    Status.NEAR: "FBE8C4",
    Status.CONTESTED: "F8D3BF",
    Status.NOT_DISCUSSED: "EDEDED",
}
STATUS_SYMBOL = {Status.AGREED: "✔", Status.NEAR: "◐", Status.CONTESTED: "✖", Status.NOT_DISCUSSED: "○"}

STANCE_LABEL, STANCE_SHORT_LABEL = STANCE_LABELS, STANCE_SHORT
NO_POSITION_LABEL = "No position"
STALE_SHORT = "({})"  # a stale stance keeps its label, in brackets: readable in greyscale too
NONE_SHORT = "–"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def long_date(text: str | None) -> str:
    """'2023-10-24' (or an ISO timestamp) as '24 October 2023'; anything else unchanged."""
    if not text:
        return ""
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    # Not strftime's %B: the desktop app sets the user's locale, and the readout is in English.
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def moment(text: str | None) -> str:
    """An ISO UTC timestamp as '24 October 2023, 14:05 UTC'."""
    if not text:
        return ""
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    return f"{long_date(text)}, {at:%H:%M} UTC"


def word_date(text: str) -> str:
    """An ISO timestamp as Word wants `w:date`: seconds precision, UTC 'Z'."""
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return "1970-01-01T00:00:00Z"
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def rule_text(rule: str) -> str:
    if rule == "consensus":
        return "consensus (no formal objection)"
    if rule == "consensus_minus_one":
        return "consensus minus one (a single objection leaves a principle near consensus)"
    if rule.startswith("majority:"):
        return f"majority: agreed when at least {rule.split(':', 1)[1]} % of stances support"
    return rule


def status_text(status: Status, by_silence: bool = False) -> str:
    label = f"{STATUS_SYMBOL[status]} {status.label}"
    return label + " (silence)" if by_silence else label


def is_overdue(item: ActionItem, today: date) -> bool:
    """Past its due date and still to be done."""
    return (item.due is not None and item.due < today.isoformat()
            and item.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS))


def status_label(status: ActionStatus) -> str:
    return status.value.replace("_", " ").capitalize()


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
