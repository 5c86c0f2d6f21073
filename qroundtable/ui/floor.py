"""The floor in view: one meeting's speakers list on one agenda item, and its speaking timer.

The Floor view chooses the list; the Tour and the audience window show who has the
floor there, the time left and who is next. The timer's time is always worked out
afresh from when the speaker was given the floor (`speaking.timer_state`), never by
adding up ticks, so however late the ticks come it cannot drift. `clock` is the seam
tests replace with a fake one; every "next speaker" is stamped with it too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from PySide6.QtCore import QObject, QTimer, Signal

from ..errors import RoundtableError
from ..model import Meeting, OpChanges, Speaker, SpeakerState
from ..speaking import TimerState, clock_in_words, timer_state
from ..validation import stored_time

TICK_MS = 200  # five times a second: the seconds shown change on time, give or take a fifth


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Floor(QObject):
    """Who has the floor and who waits, on the list in view; `ticked` while someone speaks."""

    changed = Signal()  # another list in view, or its speakers changed
    ticked = Signal(object)  # TimerState, or None when nobody has the floor

    def __init__(self, session, clock: Callable[[], datetime] = _utc_now):
        super().__init__(session)
        self.session = session
        self.clock = clock
        self.meeting: Meeting | None = None
        self.principle: int | None = None  # the agenda item: a principle, or None for the general debate
        self.speakers: list[Speaker] = []
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        session.opened.connect(self._opened)
        session.changed.connect(self._changed)

    # -- which list ---------------------------------------------------------------------

    def show(self, meeting_id: str | None, principle: int | None) -> None:
        """Put this meeting's list on this agenda item in view."""
        rt = self.session.rt
        self.meeting = None
        if rt is not None and meeting_id is not None:
            self.meeting = next((m for m in rt.meetings.list() if m.id == meeting_id), None)
        self.principle = principle
        self.reload()

    def _opened(self) -> None:
        """Another file (or one rewritten by an import): the list in view stays if the file has it; else the
        latest meeting, on the agenda item where someone speaks or waits (the general debate if none)."""
        rt = self.session.rt
        meetings = rt.meetings.list() if rt is not None else []
        if self.meeting is not None and any(m.id == self.meeting.id for m in meetings):
            self.show(self.meeting.id, self.principle)
            return
        latest = max(meetings, key=lambda m: (m.date, m.id)) if meetings else None
        items = rt.speakers.active_items(latest.id) if latest else []
        self.show(latest.id if latest else None, items[0] if items else None)

    def _changed(self, changes: OpChanges) -> None:
        if changes.touches_speakers or changes.touches_meetings or changes.reshapes_roundtable:
            if self.meeting is not None and changes.touches_meetings:
                self.show(self.meeting.id, self.principle)  # its speaking time may have changed
            else:
                self.reload()

    def reload(self) -> None:
        rt = self.session.rt
        self.speakers = []
        if rt is not None and self.meeting is not None:
            try:
                self.speakers = rt.speakers.list(self.meeting.id, self.principle)
            except RoundtableError:  # the meeting or principle went (an import, an undo)
                self.meeting, self.principle = None, None
        running = self.current() is not None
        if running and not self._timer.isActive():
            self._timer.start()
        elif not running:
            self._timer.stop()
        self.changed.emit()
        self.tick()

    # -- what it shows ------------------------------------------------------------------

    @property
    def limit(self) -> int | None:
        """Seconds each speaker has at this meeting (None: no limit set)."""
        return self.meeting.speaking_limit if self.meeting is not None else None

    def current(self) -> Speaker | None:
        return next((s for s in self.speakers if s.state == SpeakerState.SPEAKING), None)

    def waiting(self) -> list[Speaker]:
        return [s for s in self.speakers if s.state == SpeakerState.WAITING]

    def heard(self) -> list[Speaker]:
        return [s for s in self.speakers if s.state in (SpeakerState.SPOKE, SpeakerState.YIELDED)]

    def state(self) -> TimerState | None:
        speaker = self.current()
        if speaker is None or not speaker.started_at:
            return None
        return timer_state(stored_time(speaker.started_at), self.clock(), self.limit)

    def tick(self) -> None:
        self.ticked.emit(self.state())

    def item_name(self) -> str:
        """'the general debate' or 'principle 4', as the Tour and the audience window say it."""
        return "the general debate" if self.principle is None else f"principle {self.principle}"


def floor_lines(floor: Floor, state: TimerState | None, *, following: int = 3) -> tuple[str, str]:
    """(who has the floor and the time left, who is next), as the Tour and the audience window write them;
    ('', '') when nobody speaks or waits on the list in view."""
    current, waiting = floor.current(), floor.waiting()
    if current is None and not waiting:
        return "", ""
    if current is None:
        now = "Nobody has the floor"
    elif state is None or state.remaining_ms is None:
        now = f"{current.name} has the floor" + (f" · {clock_in_words(state.elapsed_ms)}" if state else "")
    elif state.overrun:
        now = f"{current.name} has the floor · over time by {clock_in_words(-state.remaining_ms)}"
    else:
        now = f"{current.name} has the floor · {clock_in_words(state.remaining_ms, counting_down=True)} left"
    names = [s.name for s in waiting[:following]]
    more = len(waiting) - len(names)
    after = ("Next: " + ", ".join(names) + (f" and {more} more" if more > 0 else "")) if names else "Nobody waiting"
    return now, after
