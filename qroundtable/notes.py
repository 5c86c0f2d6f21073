"""Private notes: a delegation's own talking points on a principle, never sent anywhere."""

from __future__ import annotations

from .model import OpChanges
from .section import Section
from .storage import now_iso, queries
from .validation import clean_text


class PrivateNotes(Section):
    """Notes belong to the delegation whose copy this is (the secretariat has its own too)."""

    def get(self, principle) -> str:
        p = self.principle_row(principle)
        owner = self.delegation_row(self.copy.actor)
        row = queries.private_note(self.store, p["id"], owner["id"])
        return row["text"] if row else ""

    def set(self, principle, text: str) -> OpChanges:
        p = self.principle_row(principle)
        owner = self.delegation_row(self.copy.actor)
        text = clean_text(text, "note", multiline=True, required=False)
        row = queries.private_note(self.store, p["id"], owner["id"])
        with self.mutation(f"Private note on principle {p['number']}") as m:
            if row and not text:
                self.store.delete("private_notes", row["id"])
            elif row:
                self.store.update("private_notes", row["id"], {"text": text, "updated_at": now_iso()}, current=row)
            elif text:
                self.store.insert("private_notes", {"principle_id": p["id"], "delegation_id": owner["id"],
                                                    "text": text, "updated_at": now_iso()})
        return m.changes
