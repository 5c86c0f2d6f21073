"""Delegations at the table and the people in them."""

from __future__ import annotations

from .errors import InvalidInput, NotFound, NotPermitted
from .model import Delegation, Member, OpChanges
from .section import Section
from .storage import now_iso, queries
from .validation import clean_text, delegation_code


class Delegations(Section):
    def list(self) -> list[Delegation]:
        return [Delegation(**r) for r in queries.delegations(self.store)]

    def get(self, code: str) -> Delegation:
        return Delegation(**self.delegation_row(code))

    def codes(self) -> list[str]:
        return [d.code for d in self.list()]

    def add(self, code: str, name: str) -> OpChanges:
        self.require_secretariat("add a delegation")
        code = delegation_code(code)
        name = clean_text(name, "delegation name", max_len=200)
        if queries.delegation_by_code(self.store, code):
            raise InvalidInput(f"delegation {code} already exists")
        with self.mutation(f"Add delegation {code}") as m:
            self.store.insert("delegations", {"code": code, "name": name, "created_at": now_iso()})
        return m.changes

    def rename(self, code: str, name: str) -> OpChanges:
        self.require_secretariat("rename a delegation")
        row = self.delegation_row(code)
        name = clean_text(name, "delegation name", max_len=200)
        with self.mutation(f"Rename delegation {row['code']}") as m:
            self.store.update("delegations", row["id"], {"name": name})
        if row["code"] == self.copy.info.copy_owner:
            self.copy.refresh()  # messages name this copy's owner by name
        return m.changes

    def remove(self, code: str) -> OpChanges:
        self.require_secretariat("remove a delegation")
        row = self.delegation_row(code)
        if row["code"] == self.copy.info.secretariat:
            raise NotPermitted(f"{row['code']} is the secretariat of this roundtable; it cannot be removed")
        if queries.delegation_in_use(self.store, row["id"]):
            raise NotPermitted(f"{row['code']} has positions, amendments, action items, meetings, turns to speak, "
                               "votes or statements; it cannot be removed")
        with self.mutation(f"Remove delegation {row['code']}") as m:
            for member in queries.members(self.store, row["id"]):
                self.store.delete("members", member["id"])
            self.store.delete("delegations", row["id"])
        return m.changes

    # -- members -----------------------------------------------------------------

    def members(self, code: str | None = None) -> list[Member]:
        delegation_id = self.delegation_row(code)["id"] if code else None
        return [Member(**r) for r in queries.members(self.store, delegation_id)]

    def add_member(self, code: str, name: str, agency: str = "", role: str = "") -> OpChanges:
        row = self.delegation_row(code)
        self.require_own(row["code"], "add a member")
        values = {
            "delegation_id": row["id"],
            "name": clean_text(name, "member name", max_len=200),
            "agency": clean_text(agency, "agency", required=False, max_len=200),
            "role": clean_text(role, "role", required=False, max_len=200),
        }
        with self.mutation(f"Add {values['name']} to {row['code']}") as m:
            self.store.insert("members", values)
        return m.changes

    def update_member(self, member_id: str, *, name: str | None = None, agency: str | None = None,
                      role: str | None = None) -> OpChanges:
        member = self._member(member_id)
        self.require_own(member.delegation, "edit a member")
        values = {}
        if name is not None:
            values["name"] = clean_text(name, "member name", max_len=200)
        if agency is not None:
            values["agency"] = clean_text(agency, "agency", required=False, max_len=200)
        if role is not None:
            values["role"] = clean_text(role, "role", required=False, max_len=200)
        with self.mutation(f"Edit member {member.name}") as m:
            self.store.update("members", member.id, values)
        return m.changes

    def remove_member(self, member_id: str) -> OpChanges:
        member = self._member(member_id)
        self.require_own(member.delegation, "remove a member")
        with self.mutation(f"Remove {member.name} from {member.delegation}") as m:
            self.store.delete("members", member.id)
        return m.changes

    def _member(self, member_id: str) -> Member:
        for member in self.members():
            if member.id == member_id:
                return member
        raise NotFound(f"no member with id {member_id!r}")
