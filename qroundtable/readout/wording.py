"""How a readout words dates, consensus rules, statuses and stances, and the colours it gives them."""

from __future__ import annotations

from datetime import date

from .. import palette
from ..model import ActionItem, ActionStatus
from ..stances import STANCE_LABELS, STANCE_SHORT, Status
from ..validation import stored_time

# The colours of the app and the spreadsheet (qroundtable/palette.py), as Word writes them: no "#".
STANCE_FILL = {stance: palette.bare(color) for stance, color in palette.STANCE_FILL.items()}
STANCE_INK = {stance: palette.bare(color) for stance, color in palette.STANCE_INK.items()}
STALE_FILL, STALE_INK = palette.bare(palette.STALE_FILL), palette.bare(palette.STALE_INK)
NONE_FILL, NONE_INK = palette.bare(palette.NO_POSITION_FILL), palette.bare(palette.NO_POSITION_INK)
STATUS_TINT = {status: palette.bare(color) for status, color in palette.STATUS_TINT.items()}

STANCE_LABEL, STANCE_SHORT_LABEL = STANCE_LABELS, STANCE_SHORT
STALE_SHORT = "({})"  # a stale stance keeps its label, in brackets: readable in greyscale too
NONE_SHORT = "–"
# The character styles of the matrix's labels (the template defines them in these inks): restyling one restyles
# every cell that shows it. A cell's fill stays direct: Word has no style that shades a cell by what it holds.
STANCE_STYLE = {stance: f"Stance {short}" for stance, short in STANCE_SHORT.items()}
STALE_STYLE, NONE_STYLE = "Stance Stale", "Stance None"


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
        at = stored_time(text)
    except ValueError:
        return text
    return f"{long_date(text)}, {at:%H:%M} UTC"


def word_date(text: str) -> str:
    """An ISO timestamp as Word wants `w:date`: seconds precision, UTC 'Z'."""
    try:
        at = stored_time(text)
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


def status_text(status: Status, agreed_by: str = "") -> str:
    """'Agreed (silence)', 'Agreed (vote)': the badge, and what made it agreed when not the stances."""
    return f"{status.badge} ({agreed_by})" if agreed_by else status.badge


def is_overdue(item: ActionItem, today: date) -> bool:
    """Past its due date and still to be done (the one rule: `ActionItem.is_overdue`)."""
    return item.is_overdue(today)


def status_label(status: ActionStatus) -> str:
    return status.label
