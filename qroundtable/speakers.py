"""Speakers lists: who asked for the floor at a meeting, on an agenda item, in what order, and for how long.

An agenda item is a principle, or None for the general debate. A point of order goes before
every speaker waiting (after earlier points of order); the chair reorders the others. One
speaker at a time has the floor: `next` ends that turn (its time kept) and gives the floor
to the first speaker waiting, `yield_floor` ends it early. The time a speaker has is set per
meeting (`set_limit`); the clock itself is `speaking.py`. The secretariat's copy (the
chair's table) keeps the lists; they travel to the delegations in releases.
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime, timezone
from pathlib import Path

from .cells import csv_table
from .errors import FileProblem, InvalidInput
from .model import OpChanges, Speaker, SpeakerKind, SpeakerState, SpeakingTime
from .section import Section
from .speaking import TimerState, speaking_time, timer_state
from .storage import now_iso, queries
from .validation import stored_time

LIMIT_RANGE = (10, 3600)  # seconds a speaker may be given: from a reply to an hour


def _speaker(r: dict) -> Speaker:
    return Speaker(id=r["id"], meeting_id=r["meeting_id"], principle=r["principle"], delegation=r["delegation"],
                   name=r["name"], place=r["place"], kind=SpeakerKind(r["kind"]), state=SpeakerState(r["state"]),
                   requested_at=r["requested_at"], started_at=r["started_at"], ended_at=r["ended_at"],
                   spoken_ms=r["spoken_ms"])


def _stamp(at: datetime | None) -> str:
    """`at` (timezone-aware; default now) as the roundtable writes times."""
    if at is None:
        return now_iso()
    if at.utcoffset() is None:
        raise InvalidInput("a speaking time must be a date and time with its time zone")
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _spoken_ms(started_at: str | None, ended_at: str) -> int:
    if not started_at:
        return 0
    return max(0, round((stored_time(ended_at) - stored_time(started_at)).total_seconds() * 1000))


class Speakers(Section):
    # -- reading --------------------------------------------------------------------------

    def list(self, meeting: str, principle=None) -> list[Speaker]:
        """The meeting's list on `principle` (None: the general debate), in order, done turns included."""
        meeting_id, principle_id = self._item(meeting, principle)
        return [_speaker(r) for r in queries.speakers(self.store, meeting_id, principle_id)]

    def active_items(self, meeting: str) -> list[int | None]:
        """The agenda items (principle numbers; None: the general debate) with someone speaking or waiting at
        `meeting`, the most recently asked first: where the floor is."""
        numbers = queries.principle_numbers(self.store)
        meeting_id = self.meeting_row(meeting)["id"]
        return [numbers.get(p) if p else None for p in queries.active_items(self.store, meeting_id)]

    def current(self, meeting: str, principle=None) -> Speaker | None:
        return next((s for s in self.list(meeting, principle) if s.state == SpeakerState.SPEAKING), None)

    def timer(self, meeting: str, principle=None, *, at: datetime | None = None) -> TimerState | None:
        """The clock of the speaker who has the floor (None: nobody has it)."""
        speaker = self.current(meeting, principle)
        if speaker is None or not speaker.started_at:
            return None
        limit = self.meeting_row(meeting)["speaking_limit"]
        return timer_state(stored_time(speaker.started_at), at or datetime.now(timezone.utc), limit)

    def speaking_time(self, meeting: str | None = None) -> list[SpeakingTime]:
        """Per delegation, its turns and the time it spoke, at `meeting` or at every meeting; most time first."""
        meeting_id = self.meeting_row(meeting)["id"] if meeting else None
        turns = queries.speaking_turns(self.store, meeting_id)
        names = {code: name for code, name, _ in turns}
        totals = speaking_time((code, ms) for code, _, ms in turns)
        rows = [SpeakingTime(code, names[code], n, ms) for code, (n, ms) in totals.items()]
        return sorted(rows, key=lambda t: (-t.spoken_ms, t.delegation))

    def export_speaking_time(self, path: str | Path, meeting: str | None = None, overwrite: bool = False) -> Path:
        """Speaking time per delegation as CSV (names stay text in a spreadsheet, never a formula)."""
        path = Path(path)
        rows = [{"delegation": t.delegation, "name": t.name, "turns": t.turns,
                 "seconds": round(t.spoken_ms / 1000)} for t in self.speaking_time(meeting)]
        text = csv_table(rows, [("delegation", "delegation"), ("name", "name"), ("turns", "turns"),
                                ("seconds", "seconds")])
        if path.is_dir():
            raise FileProblem(f"{path} is a folder; name a file to write")
        if path.exists() and not overwrite:
            raise FileProblem(f"{path} already exists; choose another name or allow replacing it")
        partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
        try:
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise FileProblem(f"could not write {path}: {exc.strerror or exc}") from None
        return path

    # -- the chair's moves -------------------------------------------------------------------

    def add(self, meeting: str, delegation: str, principle=None, *, point_of_order: bool = False) -> OpChanges:
        """Put `delegation` on the list; a point of order goes before every speaker waiting."""
        self.require_secretariat("keep the speakers list")
        meeting_id, principle_id = self._item(meeting, principle)
        d = self.delegation_row(delegation)
        rows = queries.speakers(self.store, meeting_id, principle_id)
        waiting = [r for r in rows if r["state"] == SpeakerState.WAITING]
        if any(r["delegation"] == d["code"] for r in waiting):
            raise InvalidInput(f"{d['code']} is already waiting to speak on {self._item_name(principle)}")
        kind = SpeakerKind.POINT_OF_ORDER if point_of_order else SpeakerKind.SPEAKER
        # A point of order goes after earlier points of order, before everyone else waiting.
        ahead = sum(1 for r in waiting if r["kind"] == SpeakerKind.POINT_OF_ORDER) if point_of_order else len(waiting)
        place = waiting[ahead]["place"] if ahead < len(waiting) else self._last(rows) + 1
        what = "a point of order" if point_of_order else "the floor"
        with self.mutation(f"{d['code']} asks for {what}") as m:
            for r in waiting:  # make room
                if r["place"] >= place:
                    self.store.update("speakers", r["id"], {"place": r["place"] + 1})
            self.store.insert("speakers", {
                "meeting_id": meeting_id, "principle_id": principle_id, "delegation_id": d["id"], "place": place,
                "kind": kind.value, "state": SpeakerState.WAITING.value, "requested_at": now_iso()})
        return m.changes

    def move(self, speaker_id: str, place: int) -> OpChanges:
        """Move a waiting speaker to `place` among those waiting (1: next to speak)."""
        self.require_secretariat("keep the speakers list")
        row = self._speaker_row(speaker_id)
        if row["state"] != SpeakerState.WAITING:
            raise InvalidInput(f"{row['delegation']} is not waiting to speak: only the waiting can be moved")
        rows = queries.speakers(self.store, row["meeting_id"], row["principle_id"])
        waiting = [r for r in rows if r["state"] == SpeakerState.WAITING]
        if not isinstance(place, int) or not 1 <= place <= len(waiting):
            raise InvalidInput(f"place {place!r} is not on the list: choose 1 to {len(waiting)}")
        order = [r for r in waiting if r["id"] != row["id"]]
        order.insert(place - 1, row)
        slots = sorted(r["place"] for r in waiting)  # the same places, in the new order
        with self.mutation(f"{row['delegation']} to place {place} on the speakers list") as m:
            for r, slot in zip(order, slots):
                self.store.update("speakers", r["id"], {"place": slot}, current=r)
        return m.changes

    def withdraw(self, speaker_id: str) -> OpChanges:
        """Take a waiting speaker off the list (kept on record as withdrawn)."""
        self.require_secretariat("keep the speakers list")
        row = self._speaker_row(speaker_id)
        if row["state"] != SpeakerState.WAITING:
            raise InvalidInput(f"{row['delegation']} is not waiting to speak")
        with self.mutation(f"{row['delegation']} taken off the speakers list") as m:
            self.store.update("speakers", row["id"], {"state": SpeakerState.WITHDRAWN.value})
        return m.changes

    def next(self, meeting: str, principle=None, *, at: datetime | None = None) -> OpChanges:
        """End the current turn and give the floor to the first speaker waiting (at `at`, default now)."""
        self.require_secretariat("give the floor")
        meeting_id, principle_id = self._item(meeting, principle)
        rows = queries.speakers(self.store, meeting_id, principle_id)
        current = next((r for r in rows if r["state"] == SpeakerState.SPEAKING), None)
        waiting = [r for r in rows if r["state"] == SpeakerState.WAITING]
        if current is None and not waiting:
            raise InvalidInput(f"nobody is waiting to speak on {self._item_name(principle)}")
        now = _stamp(at)
        label = f"{waiting[0]['delegation']} has the floor" if waiting else f"{current['delegation']} ends"
        with self.mutation(label) as m:
            if current is not None:
                self._end(current, SpeakerState.SPOKE, now)
            if waiting:
                self.store.update("speakers", waiting[0]["id"], {"state": SpeakerState.SPEAKING.value,
                                                                 "started_at": now})
        return m.changes

    def yield_floor(self, meeting: str, principle=None, *, at: datetime | None = None) -> OpChanges:
        """The speaker who has the floor yields the rest of their time (their time so far is kept)."""
        self.require_secretariat("record a speaker yielding")
        meeting_id, principle_id = self._item(meeting, principle)
        current = next((r for r in queries.speakers(self.store, meeting_id, principle_id)
                        if r["state"] == SpeakerState.SPEAKING), None)
        if current is None:
            raise InvalidInput(f"nobody has the floor on {self._item_name(principle)}")
        with self.mutation(f"{current['delegation']} yields the floor") as m:
            self._end(current, SpeakerState.YIELDED, _stamp(at))
        return m.changes

    def set_limit(self, meeting: str, seconds: int | None) -> OpChanges:
        """The time each speaker has at `meeting`, in seconds (None: no limit)."""
        self.require_secretariat("set the speaking time")
        row = self.meeting_row(meeting)
        if seconds is not None:
            low, high = LIMIT_RANGE
            if isinstance(seconds, bool) or not isinstance(seconds, int) or not low <= seconds <= high:
                raise InvalidInput(f"a speaking time is {low} seconds to {high // 60} minutes, not {seconds!r}")
        with self.mutation(f"Speaking time at {row['title']}") as m:
            self.store.update("meetings", row["id"], {"speaking_limit": seconds}, current=row)
        return m.changes

    # -- helpers ------------------------------------------------------------------------------

    def _end(self, row: dict, state: SpeakerState, ended_at: str) -> None:
        self.store.update("speakers", row["id"], {"state": state.value, "ended_at": ended_at,
                                                  "spoken_ms": _spoken_ms(row["started_at"], ended_at)})

    def _item(self, meeting: str, principle) -> tuple[str, str | None]:
        meeting_id = self.meeting_row(meeting)["id"]
        return meeting_id, (self.principle_row(principle)["id"] if principle is not None else None)

    @staticmethod
    def _item_name(principle) -> str:
        return "the general debate" if principle is None else f"principle {principle}"

    @staticmethod
    def _last(rows: list[dict]) -> int:
        return max((r["place"] for r in rows), default=0)

    def _speaker_row(self, ref: str) -> dict:
        return self.by_ref(queries.speakers_by_ref(self.store, ref.strip()), ref, "speaker")
