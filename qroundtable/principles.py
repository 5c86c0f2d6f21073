"""Guiding principles: numbered, titled, and an immutable chain of text versions."""

from __future__ import annotations

from .brackets import count_brackets
from .errors import InvalidInput, NotFound
from .model import OpChanges, Principle, PrincipleVersion, SilenceBreak, SilenceProcedure, Stage
from .section import Section
from .storage import now_iso, queries
from .validation import clean_text, deadline


def _version(row: dict, number: int) -> PrincipleVersion:
    return PrincipleVersion(id=row["id"], principle=number, seq=row["seq"], text=row["text"],
                            brackets=row["brackets"], author=row["author"] or "", note=row["note"] or "",
                            created_at=row["created_at"])


def _principle(row: dict) -> Principle:
    current = PrincipleVersion(id=row["version_id"], principle=row["number"], seq=row["seq"], text=row["text"],
                               brackets=row["brackets"], author=row["author"] or "", note=row["note"] or "",
                               created_at=row["version_at"])
    return Principle(id=row["id"], number=row["number"], title=row["title"], stage=Stage(row["stage"]),
                     current=current)


class Principles(Section):
    def list(self) -> list[Principle]:
        return [_principle(r) for r in queries.principles(self.store)]

    def get(self, number) -> Principle:
        return _principle(self.principle_row(number))

    def versions(self, number) -> list[PrincipleVersion]:
        row = self.principle_row(number)
        return [_version(v, row["number"]) for v in queries.versions(self.store, row["id"])]

    def version(self, version_id: str) -> PrincipleVersion:
        row = queries.version(self.store, version_id)
        if row is None:
            raise NotFound("no such principle version")
        number = queries.principle_by_id(self.store, row["principle_id"])["number"]
        return _version(row, number)

    def add(self, title: str, text: str, *, note: str = "", number: int | None = None) -> OpChanges:
        self.require_secretariat("add a principle")
        title = clean_text(title, "principle title", max_len=300)
        text = clean_text(text, "principle text", multiline=True)
        note = clean_text(note, "note", required=False, max_len=2000)
        if number is None:
            number = queries.next_principle_number(self.store)
        elif queries.principle(self.store, number):
            raise InvalidInput(f"principle {number} already exists")
        with self.mutation(f"Add principle {number}") as m:
            principle_id = self.store.insert("principles", {"number": number, "title": title,
                                                            "stage": Stage.DRAFT.value, "created_at": now_iso()})
            self._insert_version(principle_id, 1, text, note or "first draft")
        return m.changes

    def edit(self, number, text: str, *, note: str = "", author: str | None = None) -> OpChanges:
        """Save `text` as a new version; the older versions stay as they were."""
        self.require_secretariat("edit principle text (the pen-holder's task)")
        row = self.principle_row(number)
        text = clean_text(text, "principle text", multiline=True)
        note = clean_text(note, "note", required=False, max_len=2000)
        if text == row["text"]:
            raise InvalidInput(f"principle {row['number']} already reads exactly so; nothing to save")
        with self.mutation(f"Edit principle {row['number']}") as m:
            self._insert_version(row["id"], row["seq"] + 1, text, note, author)
        return m.changes

    def _insert_version(self, principle_id: str, seq: int, text: str, note: str,
                        author: str | None = None) -> str:
        # Counted once at write time: lists and readouts show it for every version.
        return self.store.insert("principle_versions", {
            "principle_id": principle_id, "seq": seq, "text": text,
            "brackets": count_brackets(text).count, "author": author or self.copy.actor,
            "note": note, "created_at": now_iso()})

    def retitle(self, number, title: str) -> OpChanges:
        self.require_secretariat("rename a principle")
        row = self.principle_row(number)
        title = clean_text(title, "principle title", max_len=300)
        with self.mutation(f"Rename principle {row['number']}") as m:
            self.store.update("principles", row["id"], {"title": title})
        return m.changes

    def set_stage(self, number, stage: str) -> OpChanges:
        self.require_secretariat("change a principle's stage")
        row = self.principle_row(number)
        try:
            stage = Stage(stage)
        except ValueError:
            raise InvalidInput(f"unknown stage {stage!r}; choose draft, adopted or withdrawn") from None
        with self.mutation(f"Principle {row['number']} {stage.value}") as m:
            self.store.update("principles", row["id"], {"stage": stage.value})
        return m.changes

    # -- silence procedure -------------------------------------------------------

    def silences(self, *, include_closed: bool = False) -> list[SilenceProcedure]:
        breaks = self._breaks()
        return [SilenceProcedure(id=r["id"], principle=r["principle"], version_id=r["version_id"],
                                 version_seq=r["version_seq"], deadline=r["deadline"], opened_at=r["opened_at"],
                                 opened_by=r["opened_by"] or "", state=r["state"],
                                 broken_by=tuple(breaks.get(r["id"], ())))
                for r in queries.silences(self.store, None if include_closed else "open")]

    def silence_breaks(self, number) -> list[SilenceBreak]:
        """Who broke the latest silence procedure on principle `number`, and with what (empty: none broke it)."""
        row = self.principle_row(number)
        mine = [s for s in queries.silences(self.store, None) if s["principle_id"] == row["id"]]
        if not mine:
            return []
        latest = max(mine, key=lambda s: (s["opened_at"] or "", s["id"]))
        return self._breaks().get(latest["id"], [])

    def _breaks(self) -> dict[str, list[SilenceBreak]]:
        """silence id → the delegations that broke it, each once (its first objection), in time order.

        A silence is broken by an `object` recorded on its version before its deadline; the objection's
        comment says why, and an amendment the objector proposed on that version meanwhile says what instead.
        """
        breaks: dict[str, list[SilenceBreak]] = {}
        texts = {}
        for r in queries.silence_objections(self.store):
            found = breaks.setdefault(r["silence_id"], [])
            if any(b.delegation == r["delegation"] for b in found):
                continue
            amendment = r["amendment_id"]
            if amendment and amendment not in texts:
                texts[amendment] = (queries.amendment(self.store, amendment) or {}).get("text")
            found.append(SilenceBreak(delegation=r["delegation"], name=r["name"], at=r["at"],
                                      objection=r["objection"], amendment_id=amendment,
                                      amendment_text=texts.get(amendment) if amendment else None))
        return breaks

    def open_silence(self, number, until: str) -> OpChanges:
        """Put the current text under silence: unless someone objects before `until`, it is agreed."""
        self.require_secretariat("open a silence procedure")
        row = self.principle_row(number)
        until = deadline(until)
        if any(s.principle == row["number"] for s in self.silences()):
            raise InvalidInput(f"principle {row['number']} is already under a silence procedure")
        with self.mutation(f"Silence on principle {row['number']}") as m:
            self.store.insert("silence_procedures", {
                "principle_id": row["id"], "version_id": row["version_id"], "deadline": until,
                "opened_at": now_iso(), "opened_by": self.copy.actor, "state": "open"})
        return m.changes

    def close_silence(self, number) -> OpChanges:
        self.require_secretariat("close a silence procedure")
        row = self.principle_row(number)
        open_ones = [s for s in self.silences() if s.principle == row["number"]]
        if not open_ones:
            raise NotFound(f"principle {row['number']} has no open silence procedure")
        with self.mutation(f"Close silence on principle {row['number']}") as m:
            for s in open_ones:
                self.store.update("silence_procedures", s.id, {"state": "closed"})
        return m.changes
