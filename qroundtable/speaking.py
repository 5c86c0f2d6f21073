"""The speaking clock and speaking time: plain arithmetic over when a speaker was given the floor.

The time shown is always worked out afresh as `now − started_at`, never by adding up the
ticks of a timer: a tick that comes late (a busy laptop) only shows the right time a little
later, it never puts the clock behind. A speaker is warned `WARNING_S` seconds before the
end of the time the meeting gives each speaker, and past it the clock counts the overrun.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

WARNING_S = 30


@dataclass(frozen=True)
class TimerState:
    elapsed_ms: int
    limit_ms: int | None  # None: the meeting sets no limit
    remaining_ms: int | None  # negative once over time; None without a limit
    warning: bool  # 30 seconds or less left
    overrun: bool  # past the limit


def timer_state(started_at: datetime, now: datetime, limit_s: int | None) -> TimerState:
    """Where the clock of a speaker given the floor at `started_at` stands at `now` (both timezone-aware)."""
    elapsed = max(0, round((now - started_at).total_seconds() * 1000))
    if not limit_s:
        return TimerState(elapsed, None, None, False, False)
    limit = limit_s * 1000
    remaining = limit - elapsed
    return TimerState(elapsed, limit, remaining, 0 < remaining <= WARNING_S * 1000, remaining < 0)


def clock_in_words(ms: int, *, counting_down: bool = False) -> str:
    """'2:05' (minutes and seconds; '1:02:05' past an hour); '-0:12' for a negative time.

    A time spoken shows the whole seconds gone by, as a stopwatch does; a time left (`counting_down`)
    the seconds begun, so the clock shows 0:01 until the very end and 0:00 only when time is up."""
    sign = "-" if ms < 0 else ""
    seconds = (abs(ms) + 999) // 1000 if counting_down and ms > 0 else abs(ms) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"


def speaking_time(turns: Iterable[tuple[str, int | None]]) -> dict[str, tuple[int, int]]:
    """code → (turns, milliseconds) summed over (code, spoken ms) turns; a turn not yet ended counts 0 ms."""
    totals: dict[str, tuple[int, int]] = {}
    for code, ms in turns:
        n, total = totals.get(code, (0, 0))
        totals[code] = (n + 1, total + (ms or 0))
    return totals
