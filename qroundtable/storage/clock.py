"""The time records are dated with: the real time, or, while the demo tells its story, the story's.

The demo roundtable's positions were taken at its meetings of 2022 and 2023; dating them on the day
the demo is built would show a negotiation that happened all at once (negotiation progress reads
the history by date). `dated` moves the clock for the records written inside it, keeping the real
time elapsed so they stay in the order they were made.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta, timezone

_offset: ContextVar[timedelta] = ContextVar("clock_offset", default=timedelta(0))


def now() -> datetime:
    """The time to date a record with (timezone-aware, UTC)."""
    return datetime.now(timezone.utc) + _offset.get()


@contextmanager
def dated(moment: datetime) -> Iterator[None]:
    """Date the records written inside from `moment` on (timezone-aware)."""
    token = _offset.set(moment - datetime.now(timezone.utc))
    try:
        yield
    finally:
        _offset.reset(token)
