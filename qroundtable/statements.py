"""The adoption record: what delegations attach to a principle once it is agreed.

An explanation of position, an interpretative statement or a formal reservation, made by a
delegation on a date, on the version that was agreed. A delegation writes only its own (the
secretariat may record one for any); they travel in snapshots like positions.
"""

from __future__ import annotations

from datetime import date

from .errors import InvalidInput
from .model import OpChanges, Stage, Statement, StatementKind
from .section import Section
from .storage import now_iso, queries
from .validation import clean_text, iso_date


def _statement(r: dict) -> Statement:
    return Statement(id=r["id"], principle=r["principle"], version_id=r["version_id"], version_seq=r["version_seq"],
                     delegation=r["delegation"], name=r["name"], kind=StatementKind(r["kind"]), text=r["text"],
                     made_on=r["made_on"], recorded_by=r["recorded_by"] or "", created_at=r["created_at"])


def statement_kind(value) -> StatementKind:
    try:
        return StatementKind(str(value).strip().lower())
    except ValueError:
        names = ", ".join(k.value for k in StatementKind)
        raise InvalidInput(f"unknown kind of statement {value!r}; choose one of {names}") from None


class Statements(Section):
    def __init__(self, copy, agreed):
        super().__init__(copy)
        self._agreed = agreed  # (principle number) → whether it is agreed here: the façade's consensus

    def list(self, principle=None) -> list[Statement]:
        principle_id = self.principle_row(principle)["id"] if principle is not None else None
        return [_statement(r) for r in queries.statements(self.store, principle_id)]

    def add(self, principle, delegation: str, kind, text: str, made_on: str | None = None) -> OpChanges:
        """`delegation`'s statement on principle `principle`, which must be agreed (or adopted)."""
        row = self.principle_row(principle)
        d = self.delegation_row(delegation)
        self.require_own(d["code"], "make a statement")
        kind = statement_kind(kind)
        text = clean_text(text, "statement", multiline=True, max_len=10_000)
        made_on = iso_date(made_on, "date of the statement") if made_on else date.today().isoformat()
        if row["stage"] != Stage.ADOPTED and not self._agreed(row["number"]):
            raise InvalidInput(f"principle {row['number']} is not agreed: statements belong to the adoption record "
                               "of an agreed principle")
        with self.mutation(f"{d['code']} {kind.label.lower()} on principle {row['number']}") as m:
            self.store.insert("statements", {
                "principle_id": row["id"], "version_id": row["version_id"], "delegation_id": d["id"],
                "kind": kind.value, "text": text, "made_on": made_on, "recorded_by": self.copy.actor,
                "created_at": now_iso()})
        return m.changes

    def withdraw(self, ref: str) -> OpChanges:
        """Take a statement off the record (its delegation's, or the secretariat's decision)."""
        row = self.by_ref(queries.statements_by_ref(self.store, ref.strip()), ref, "statement")
        self.require_own(row["delegation"], "withdraw a statement")
        with self.mutation(f"{row['delegation']} withdraws a statement on principle {row['principle']}") as m:
            self.store.delete("statements", row["id"])
        return m.changes

