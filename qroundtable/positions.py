"""Positions: each delegation's stance and comment on each principle, with full history."""

from __future__ import annotations

from .errors import NotFound
from .model import OpChanges, Position
from .section import Section
from .stances import Stance, parse_stance
from .storage import now_iso, queries
from .validation import clean_text


_STANCES = {s.value: s for s in Stance}  # a dict lookup: Stance(value) costs a tenth of a 39,000-cell matrix load


def _position(r: dict, current_version_id: str) -> Position:
    return Position(delegation=r["delegation"], principle=r["principle"], stance=_STANCES[r["stance"]],
                    comment=r["comment"] or "", version_id=r["version_id"], version_seq=r["version_seq"],
                    recorded_by=r["recorded_by"] or "", recorded_at=r["recorded_at"] or "",
                    stale=r["version_id"] != current_version_id)


def stale_notice(positions: list[Position], number: int) -> str:
    """What a new text of principle `number` did to its positions, said once (app and command line alike):
    positions given on the earlier text no longer count as agreement until confirmed."""
    n = sum(p.stale for p in positions)
    if not n:
        return ""
    were, they = ("were", "are") if n != 1 else ("was", "is")
    return (f"{n} position{'s' if n != 1 else ''} on principle {number} {were} given on an earlier text and "
            f"{they} now stale (S*) until the delegation{'s' if n != 1 else ''} confirm{'' if n != 1 else 's'} "
            "on the new text.")


class Positions(Section):
    def list(self, *, principle=None, delegation: str | None = None) -> list[Position]:
        principle_id = self.principle_row(principle)["id"] if principle is not None else None
        delegation_id = self.delegation_row(delegation)["id"] if delegation else None
        current = queries.current_version_ids(self.store)
        return [_position(r, current[r["principle_id"]])
                for r in queries.positions(self.store, principle_id, delegation_id)]

    def get(self, delegation: str, principle) -> Position | None:
        found = self.list(principle=principle, delegation=delegation)
        return found[0] if found else None

    def stale_notice(self, principle) -> str:
        """`stale_notice` for the positions on `principle` as they stand."""
        return stale_notice(self.list(principle=principle), int(self.principle_row(principle)["number"]))

    def history(self, delegation: str, principle) -> list[dict]:
        """Every stance this delegation gave on this principle, oldest first (cleared ones as None)."""
        d = self.delegation_row(delegation)
        p = self.principle_row(principle)
        return queries.position_history(self.store, d["id"], p["id"])

    def set(self, delegation: str, principle, stance, comment: str | None = None) -> OpChanges:
        """Record a stance on the principle's current text.

        `comment=None` keeps the earlier comment when the stance is restated; a new stance
        starts without one, so "wording under review in capital" never sticks to a Support
        (the old comment stays in the history).
        """
        d = self.delegation_row(delegation)
        p = self.principle_row(principle)
        self.require_own(d["code"], "record a position")
        stance = stance if isinstance(stance, Stance) else parse_stance(stance)
        existing = queries.position_row(self.store, d["id"], p["id"])
        if comment is None:
            comment = existing["comment"] if existing and existing["stance"] == stance.value else ""
        comment = clean_text(comment, "comment", multiline=True, required=False, max_len=5000)
        values = {"stance": stance.value, "comment": comment, "version_id": p["version_id"],
                  "recorded_by": self.copy.actor, "recorded_at": now_iso()}
        label = f"{d['code']} {stance.label.lower()} on principle {p['number']}"
        if existing and all(existing[k] == values[k] for k in ("stance", "comment", "version_id")):
            return OpChanges(None, label)  # the same stance restated on the same text: nothing to keep
        with self.mutation(label) as m:
            if existing is None:
                position_id = self.store.insert("positions", {"delegation_id": d["id"], "principle_id": p["id"],
                                                              **values})
            else:
                position_id = existing["id"]
                self.store.update("positions", position_id, values, current=existing)
            self.store.insert("position_history", {"position_id": position_id, "delegation_id": d["id"],
                                                   "principle_id": p["id"], **values})
        return m.changes

    def clear(self, delegation: str, principle) -> OpChanges:
        """Withdraw a delegation's position; the history keeps that it was withdrawn."""
        d = self.delegation_row(delegation)
        p = self.principle_row(principle)
        self.require_own(d["code"], "clear a position")
        existing = queries.position_row(self.store, d["id"], p["id"])
        if existing is None:
            raise NotFound(f"{d['code']} has no position on principle {p['number']}")
        with self.mutation(f"Clear {d['code']} position on principle {p['number']}") as m:
            self.store.delete("positions", existing["id"])
            self.store.insert("position_history", {
                "position_id": existing["id"], "delegation_id": d["id"], "principle_id": p["id"],
                "stance": None, "comment": "", "version_id": p["version_id"],
                "recorded_by": self.copy.actor, "recorded_at": now_iso()})
        return m.changes
