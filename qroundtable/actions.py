"""Action items: who does what by when, tied to a principle or a meeting."""

from __future__ import annotations

from .errors import InvalidInput
from .model import ActionItem, ActionStatus, OpChanges
from .section import Section
from .storage import now_iso, queries
from .validation import clean_text, iso_date


def _action(r: dict) -> ActionItem:
    return ActionItem(id=r["id"], title=r["title"], detail=r["detail"] or "", owner=r["owner"],
                      assignee=r["assignee"] or "", due=r["due"], status=ActionStatus(r["status"]),
                      principle=r["principle"], meeting_id=r["meeting_id"])


def parse_status(text: str) -> ActionStatus:
    value = (text or "").strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return ActionStatus(value)
    except ValueError:
        raise InvalidInput(f"unknown status {text!r}; choose one of "
                           + ", ".join(s.value for s in ActionStatus)) from None


class Actions(Section):
    def list(self, *, owner: str | None = None, status: str | None = None) -> list[ActionItem]:
        items = [_action(r) for r in queries.actions(self.store)]
        if owner:
            code = self.delegation_row(owner)["code"]
            items = [a for a in items if a.owner == code]
        if status:
            wanted = parse_status(status)
            items = [a for a in items if a.status == wanted]
        return items

    def get(self, ref: str) -> ActionItem:
        return _action(self.by_ref(queries.actions_by_ref(self.store, ref.strip()), ref, "action item"))

    def add(self, title: str, owner: str, *, detail: str = "", assignee: str = "", due: str | None = None,
            principle=None, meeting: str | None = None) -> OpChanges:
        d = self.delegation_row(owner)
        self.require_own(d["code"], "add an action item")
        values = {
            "title": clean_text(title, "action title", max_len=300),
            "detail": clean_text(detail, "detail", multiline=True, required=False),
            "owner_id": d["id"],
            "assignee": clean_text(assignee, "assignee", required=False, max_len=200),
            "due": iso_date(due, "due date") if due else None,
            "status": ActionStatus.OPEN.value,
            "principle_id": self.principle_row(principle)["id"] if principle not in (None, "") else None,
            "meeting_id": self.meeting_row(meeting)["id"] if meeting else None,
            "created_at": now_iso(),
        }
        with self.mutation(f"Add action: {values['title']}") as m:
            self.store.insert("action_items", values)
        return m.changes

    def update(self, ref: str, *, title: str | None = None, detail: str | None = None, owner: str | None = None,
               assignee: str | None = None, due: str | None = ..., status: str | None = None,
               principle=..., meeting=...) -> OpChanges:
        """Change the fields given; `due=None`, `principle=None`, `meeting=None` clear them."""
        item = self.get(ref)
        self.require_own(item.owner, "edit an action item")
        values: dict = {}
        if title is not None:
            values["title"] = clean_text(title, "action title", max_len=300)
        if detail is not None:
            values["detail"] = clean_text(detail, "detail", multiline=True, required=False)
        if owner is not None:
            new_owner = self.delegation_row(owner)
            self.require_own(new_owner["code"], "hand an action item to another delegation")
            values["owner_id"] = new_owner["id"]
        if assignee is not None:
            values["assignee"] = clean_text(assignee, "assignee", required=False, max_len=200)
        if due is not ...:
            values["due"] = iso_date(due, "due date") if due else None
        if status is not None:
            values["status"] = parse_status(status).value
        if principle is not ...:
            values["principle_id"] = self.principle_row(principle)["id"] if principle not in (None, "") else None
        if meeting is not ...:
            values["meeting_id"] = self.meeting_row(meeting)["id"] if meeting else None
        with self.mutation(f"Edit action: {item.title}") as m:
            self.store.update("action_items", item.id, values)
        return m.changes

    def set_status(self, ref: str, status: str) -> OpChanges:
        return self.update(ref, status=status)

    def remove(self, ref: str) -> OpChanges:
        item = self.get(ref)
        self.require_own(item.owner, "remove an action item")
        with self.mutation(f"Remove action: {item.title}") as m:
            self.store.delete("action_items", item.id)
        return m.changes
