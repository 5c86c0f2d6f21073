"""Running the meeting on the large roundtable: a roll call of every delegation, and the speaking clock's drift.

- ``vote_roll_call_195_ms``: open a roll-call vote and record every delegation's vote through the façade,
  each one committed and one undo step, as the Floor view does down the list (195 on the full size); total ms.
- ``speaker_timer_drift_ms``: a speaker given the floor through the façade, then ten minutes of clock ticks
  on a simulated clock, each tick 1 s after the last plus a random 0-50 ms of lateness (a busy laptop); at
  each tick the façade's timer is read and compared with the time really gone by. The largest difference.
  A clock that added up its ticks would be 15 s behind by the end; one worked out from the start is not.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from qroundtable.roundtable import Roundtable

TEN_MINUTES_S = 600


def measure(path: Path, size: dict, t0: float, log) -> dict:
    log("running the meeting: a roll call and the speaking clock", t0)
    with Roundtable.open(path) as rt:
        principle = rt.principles.list()[0].number
        codes = rt.delegations.codes()
        start = time.perf_counter()
        vote = next(iter(rt.votes.open(principle, "Adopt the text as it stands?", "two_thirds").rows("votes")))
        for i, code in enumerate(codes):
            rt.votes.record(vote, code, ("yes", "no", "abstain")[i % 3], proxy=codes[i - 1] if i % 17 == 5 else None,
                            on_behalf=i % 23 == 7)
        roll_call_ms = (time.perf_counter() - start) * 1000
        if rt.votes.result(vote).yes + rt.votes.result(vote).no + rt.votes.result(vote).abstain != len(codes):
            raise AssertionError("the roll call lost a vote")

        meeting = rt.meetings.list()[0].id
        rt.speakers.set_limit(meeting, 600)
        rt.speakers.add(meeting, codes[0])
        started = datetime(2026, 12, 5, 9, 0, 0, 123_456, tzinfo=timezone.utc)  # sub-millisecond: stored as ms
        rt.speakers.next(meeting, at=started)
        rnd = random.Random(11)
        now, drift = started, 0.0
        for _ in range(TEN_MINUTES_S):
            now += timedelta(seconds=1, milliseconds=rnd.uniform(0, 50))
            state = rt.speakers.timer(meeting, at=now)
            truth = (now - started).total_seconds() * 1000
            drift = max(drift, abs(state.elapsed_ms - truth))
        if (now - started).total_seconds() < TEN_MINUTES_S:
            raise AssertionError("the simulated clock did not run ten minutes")
    return {"vote_roll_call_195_ms" if len(codes) == 195 else f"vote_roll_call_{len(codes)}_ms": round(roll_call_ms, 1),
            "speaker_timer_drift_ms": round(drift, 2)}
