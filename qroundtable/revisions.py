"""Revisions of the negotiation text: Rev.1, Rev.2, … as the secretariat issued them to the delegations.

Issuing a revision records which version of each principle it holds; the Word document is then made
from that record (`readout/text.py`), so Rev.2 can be printed again, and a redline drawn between any
two revisions, long after the texts moved on. A date stands for the texts as they were at the end of
that day. Only the secretariat issues revisions; they reach the delegations in releases.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from .errors import InvalidInput, NotFound
from .model import OpChanges, Revision
from .section import Section
from .storage import now_iso, queries
from .validation import iso_date, stored_time

_REV = re.compile(r"(?i)^\s*(?:rev\.?\s*)?(\d{1,4})\s*$")


class Revisions(Section):
    def list(self) -> list[Revision]:
        numbers = queries.principle_numbers(self.store)
        held: dict[str, dict[int, str]] = {}
        for revision_id, principle_id, version_id in queries.revision_versions(self.store):
            held.setdefault(revision_id, {})[numbers[principle_id]] = version_id
        return [Revision(r["id"], r["seq"], r["issued_at"], r["issued_by"] or "", held.get(r["id"], {}))
                for r in queries.revisions(self.store)]

    def get(self, ref) -> Revision:
        """Rev.N by its number ('2', 'Rev.2')."""
        match = _REV.match(str(ref))
        if not match:
            raise InvalidInput(f"{ref!r} is not a revision: write its number, e.g. 2 or Rev.2")
        number = int(match.group(1))
        found = next((r for r in self.list() if r.number == number), None)
        if found is None:
            raise NotFound(f"there is no Rev.{number} of the text yet")
        return found

    def latest(self) -> Revision | None:
        revisions = self.list()
        return revisions[-1] if revisions else None

    def issue(self) -> OpChanges:
        """Record the next revision: the current version of every principle."""
        self.require_secretariat("issue a revision of the text")
        rows = queries.principles(self.store)
        if not rows:
            raise InvalidInput("there are no principles to issue a revision of")
        number = (max((r["seq"] for r in queries.revisions(self.store)), default=0)) + 1
        # A `final` step, as closing a vote is: what a circulated revision holds is never undone under it (an undone
        # text version would leave the revision pointing at nothing).
        with self.copy.mutation(f"Issue Rev.{number}", kind="final") as m:
            revision_id = self.store.insert("revisions", {"seq": number, "issued_at": now_iso(),
                                                          "issued_by": self.copy.actor})
            for r in rows:
                self.store.insert("revision_versions", {"revision_id": revision_id, "principle_id": r["id"],
                                                        "version_id": r["version_id"]})
        return m.changes

    def as_of(self, ref: str) -> tuple[str, dict[int, str]]:
        """(its name, principle number → version id) of a revision ('Rev.1', '1') or of a date (the texts at the
        end of that day): what a redline starts from."""
        if _REV.match(str(ref)):
            revision = self.get(ref)
            return revision.name, revision.versions
        try:
            day = iso_date(ref, "date to compare with")
        except InvalidInput:
            raise InvalidInput(f"{ref!r} is neither a revision (e.g. Rev.1) nor a date (YYYY-MM-DD)") from None
        end = datetime.fromisoformat(day).replace(tzinfo=timezone.utc) + timedelta(days=1)
        versions: dict[int, str] = {}
        for p in queries.principle_ids_numbers(self.store):
            best = None
            for v in queries.versions(self.store, p["id"]):
                if stored_time(v["created_at"]) < end:
                    best = v["id"]
            if best:
                versions[p["number"]] = best
        return f"the text of {day}", versions
