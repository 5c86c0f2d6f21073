"""Amendments: a delegation's proposed new text for one principle version."""

from __future__ import annotations

from .errors import InvalidInput
from .ids import pair_id
from .model import Amendment, AmendmentState, OpChanges, SponsorshipState
from .principles import Principles
from .section import Section
from .storage import now_iso, queries
from .validation import clean_text
from .words import listed


def _amendment(r: dict, cosponsors: tuple[str, ...] = ()) -> Amendment:
    return Amendment(id=r["id"], principle=r["principle"], delegation=r["delegation"],
                     base_version_id=r["base_version_id"], base_seq=r["base_seq"], text=r["text"],
                     rationale=r["rationale"] or "", state=AmendmentState(r["state"]),
                     created_at=r["created_at"], decided_at=r["decided_at"], reason=r.get("decision_reason") or "",
                     cosponsors=cosponsors, untracked=bool(r.get("untracked")))


def sponsorship_in_words(amendment: Amendment, name=str) -> str:
    """'proposed by FR', 'proposed by FR, co-sponsored by DE and NL', '…by DE, NL and SE': the one wording of an
    amendment's sponsors, for the app, the command line and the readout (which names them with `name`)."""
    words = f"proposed by {name(amendment.delegation)}"
    codes = [name(code) for code in amendment.cosponsors]
    if not codes:
        return words
    return f"{words}, co-sponsored by {listed(codes)}"


class Amendments(Section):
    def list(self, principle=None) -> list[Amendment]:
        principle_id = self.principle_row(principle)["id"] if principle is not None else None
        sponsors: dict[str, list[str]] = {}
        for amendment_id, code in queries.cosponsors(self.store):  # one query for all, not one per amendment
            sponsors.setdefault(amendment_id, []).append(code)
        return [_amendment(r, tuple(sponsors.get(r["id"], ()))) for r in queries.amendments(self.store, principle_id)]

    def get(self, ref: str) -> Amendment:
        row = self.by_ref(queries.amendments_by_ref(self.store, ref.strip()), ref, "amendment")
        return _amendment(row, tuple(code for _, code in queries.cosponsors(self.store, row["id"])))

    # -- co-sponsors --------------------------------------------------------------------------

    def cosponsor(self, ref: str, delegation: str) -> OpChanges:
        """`delegation` joins another's proposed amendment as a co-sponsor."""
        a = self._proposed(ref)
        d = self.delegation_row(delegation)
        self.require_own(d["code"], "co-sponsor an amendment")
        if d["code"] == a.delegation:
            raise InvalidInput(f"{d['code']} proposed this amendment: it cannot co-sponsor its own")
        if d["code"] in a.cosponsors:
            raise InvalidInput(f"{d['code']} already co-sponsors this amendment")
        # One row per (amendment, delegation) in every copy: its id is made from the pair (sync/rules.py).
        row_id = pair_id(a.id, d["id"])
        with self.mutation(f"{d['code']} co-sponsors {a.delegation}'s amendment to principle {a.principle}") as m:
            if self.store.get("cosponsors", row_id) is None:
                self.store.insert("cosponsors", {"id": row_id, "amendment_id": a.id, "delegation_id": d["id"],
                                                 "state": SponsorshipState.COSPONSORING.value,
                                                 "created_at": now_iso()})
            else:  # back after withdrawing: the same row again, keeping when it first joined
                self.store.update("cosponsors", row_id, {"state": SponsorshipState.COSPONSORING.value,
                                                         "withdrawn_at": None})
        return m.changes

    def withdraw_cosponsor(self, ref: str, delegation: str) -> OpChanges:
        """`delegation` no longer co-sponsors the amendment (while it is still proposed)."""
        a = self._proposed(ref)
        d = self.delegation_row(delegation)
        self.require_own(d["code"], "withdraw a co-sponsorship")
        if d["code"] not in a.cosponsors:
            raise InvalidInput(f"{d['code']} does not co-sponsor this amendment")
        with self.mutation(f"{d['code']} withdraws from {a.delegation}'s amendment to principle {a.principle}") as m:
            self.store.update("cosponsors", pair_id(a.id, d["id"]), {
                "state": SponsorshipState.WITHDRAWN.value, "withdrawn_at": now_iso()})
        return m.changes

    def propose(self, principle, delegation: str, text: str, rationale: str = "", *,
                base_version_id: str | None = None, untracked: bool = False) -> OpChanges:
        """`delegation`'s new wording for the principle's current text, or for an earlier version of it
        (`base_version_id`: a marked-up copy of a revision is an amendment to the text that revision held)."""
        row = self.principle_row(principle)
        d = self.delegation_row(delegation)
        self.require_own(d["code"], "propose an amendment")
        text = clean_text(text, "amendment text", multiline=True)
        rationale = clean_text(rationale, "rationale", multiline=True, required=False, max_len=5000)
        base_text, base_id = row["text"], row["version_id"]
        if base_version_id is not None and base_version_id != base_id:
            base = queries.version(self.store, base_version_id)
            if base is None or base["principle_id"] != row["id"]:
                raise InvalidInput(f"that version is not one of principle {row['number']}")
            base_text, base_id = base["text"], base["id"]
        if text == base_text:
            raise InvalidInput("the amendment's text is the same as the "
                               + ("current text" if base_id == row["version_id"] else "text it amends"))
        with self.mutation(f"{d['code']} amendment to principle {row['number']}") as m:
            self.store.insert("amendments", {
                "principle_id": row["id"], "base_version_id": base_id, "delegation_id": d["id"],
                "text": text, "rationale": rationale, "state": AmendmentState.PROPOSED.value,
                "created_at": now_iso(), "untracked": 1 if untracked else None})
        return m.changes

    def accept(self, ref: str) -> OpChanges:
        """Accept: the amendment's text becomes the principle's new version."""
        self.require_secretariat("accept an amendment")
        a = self._proposed(ref)
        with self.mutation(f"Accept {a.delegation} amendment to principle {a.principle}") as m:
            Principles(self.copy).edit(a.principle, a.text, note=f"amendment by {a.delegation} accepted",
                                       author=a.delegation)
            version_id = queries.principle(self.store, a.principle)["version_id"]
            self.store.update("amendments", a.id, {"state": AmendmentState.ACCEPTED.value,
                                                   "decided_at": now_iso(), "result_version_id": version_id})
        return m.changes

    def reject(self, ref: str, reason: str = "") -> OpChanges:
        """Reject, with the secretariat's reason if it gives one: it travels with the decision in releases."""
        self.require_secretariat("reject an amendment")
        reason = clean_text(reason, "reason", multiline=True, required=False, max_len=2000)
        return self._decide(ref, AmendmentState.REJECTED, reason)

    def withdraw(self, ref: str) -> OpChanges:
        a = self._proposed(ref)
        self.require_own(a.delegation, "withdraw an amendment")
        return self._decide(ref, AmendmentState.WITHDRAWN)

    def _decide(self, ref: str, state: AmendmentState, reason: str = "") -> OpChanges:
        a = self._proposed(ref)
        values = {"state": state.value, "decided_at": now_iso()}
        if reason:
            values["decision_reason"] = reason
        with self.mutation(f"{state.value.capitalize()} {a.delegation} amendment to principle {a.principle}") as m:
            self.store.update("amendments", a.id, values)
        return m.changes

    def _proposed(self, ref: str) -> Amendment:
        a = self.get(ref)
        if a.state != AmendmentState.PROPOSED:
            raise InvalidInput(f"that amendment is already {a.state.value}")
        return a
