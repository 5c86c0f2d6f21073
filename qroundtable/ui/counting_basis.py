"""Whose stances count: the meeting in view (its attendees) or every delegation, said in one way.

The meeting chosen in the Tour, the Positions grid or the Consensus view is the session's
one counting basis: every view's consensus follows it. So the status bar and the Tour
say it in the same words, and changing it is never silent.
"""

from __future__ import annotations

from ..errors import RoundtableError
from ..model import Meeting


def counting_meeting(rt, meeting_id: str | None) -> Meeting | None:
    """The meeting whose attendees are counted, or None when every delegation is (no meeting, or none listed)."""
    if rt is None or not meeting_id:
        return None
    try:
        meeting = rt.meetings.get(meeting_id)
    except RoundtableError:
        return None
    return meeting if meeting is not None and meeting.attending else None


def counted(rt, meeting_id: str | None) -> str:
    """`the 8 delegations attending “October 2023 meeting”` or `all 11 delegations`."""
    meeting = counting_meeting(rt, meeting_id)
    if meeting is not None:
        return f"the {len(meeting.attending)} delegations attending “{meeting.title}”"
    return f"all {len(rt.delegations.list())} delegations"


def counting_phrase(rt, meeting_id: str | None) -> str:
    """`Counting: …` as the status bar and the Tour say it; empty with no file open."""
    return f"Counting: {counted(rt, meeting_id)}" if rt is not None else ""


def counting_short(rt, meeting_id: str | None) -> str:
    """The status bar's short form: `Counting: October 2023 roundtable (11)` or `Counting: all 12`."""
    if rt is None:
        return ""
    meeting = counting_meeting(rt, meeting_id)
    if meeting is not None:
        return f"Counting: {meeting.title} ({len(meeting.attending)})"
    return f"Counting: all {len(rt.delegations.list())}"
