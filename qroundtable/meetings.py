"""Meetings of the roundtable: when, where, who hosted and who attended."""

from __future__ import annotations

from .errors import InvalidInput, NotPermitted
from .model import Meeting, OpChanges
from .section import Section
from .storage import now_iso, queries
from .validation import clean_text, codes, iso_date


class Meetings(Section):
    def list(self) -> list[Meeting]:
        links = queries.meeting_links(self.store)
        return [self._meeting(r, links) for r in queries.meetings(self.store)]

    def get(self, ref: str) -> Meeting:
        """A meeting by id (or a unique start or end of it), or `latest`."""
        row = self.meeting_row(ref)
        return self._meeting(row, queries.meeting_links(self.store, row["id"]))

    def latest(self) -> Meeting | None:
        row = queries.latest_meeting(self.store)
        return self._meeting(row, queries.meeting_links(self.store, row["id"])) if row else None

    @staticmethod
    def _meeting(row: dict, links: list[dict]) -> Meeting:
        mine = [link for link in links if link["meeting_id"] == row["id"]]
        return Meeting(
            id=row["id"], title=row["title"], date=row["date"], place=row["place"] or "",
            summary=row["summary"] or "",
            hosts=tuple(link["code"] for link in mine if link["role"] == "host"),
            attending=tuple(link["code"] for link in mine if link["role"] == "attendee"),
            speaking_limit=row.get("speaking_limit"),
            chair=row.get("chair") or "", agenda=row.get("agenda") or "",
        )

    def add(self, title: str, date: str, *, place: str = "", summary: str = "",
            hosts=(), attending=(), chair: str = "", agenda: str = "") -> OpChanges:
        self.require_secretariat("add a meeting")
        values = {
            "title": clean_text(title, "meeting title", max_len=300),
            "date": iso_date(date, "meeting date"),
            "place": clean_text(place, "place", required=False, max_len=300),
            "summary": clean_text(summary, "summary", multiline=True, required=False),
            "chair": clean_text(chair, "chair", required=False, max_len=300),
            "agenda": clean_text(agenda, "agenda", multiline=True, required=False, max_len=5000),
            "created_at": now_iso(),
        }
        host_rows = [self.delegation_row(c) for c in codes(hosts)]
        attendee_rows = [self.delegation_row(c) for c in codes(attending)]
        with self.mutation(f"Add meeting {values['title']}") as m:
            meeting_id = self.store.insert("meetings", values)
            for role, rows in (("host", host_rows), ("attendee", attendee_rows)):
                for d in rows:
                    self.store.insert("meeting_delegations",
                                      {"meeting_id": meeting_id, "delegation_id": d["id"], "role": role})
        return m.changes

    def update(self, ref: str, *, title: str | None = None, date: str | None = None,
               place: str | None = None, summary: str | None = None, chair: str | None = None,
               agenda: str | None = None) -> OpChanges:
        self.require_secretariat("edit a meeting")
        meeting = self.get(ref)
        values = {}
        if title is not None:
            values["title"] = clean_text(title, "meeting title", max_len=300)
        if date is not None:
            values["date"] = iso_date(date, "meeting date")
        if place is not None:
            values["place"] = clean_text(place, "place", required=False, max_len=300)
        if summary is not None:
            values["summary"] = clean_text(summary, "summary", multiline=True, required=False)
        if chair is not None:
            values["chair"] = clean_text(chair, "chair", required=False, max_len=300)
        if agenda is not None:
            values["agenda"] = clean_text(agenda, "agenda", multiline=True, required=False, max_len=5000)
        with self.mutation(f"Edit meeting {meeting.title}") as m:
            self.store.update("meetings", meeting.id, values)
        return m.changes

    def set_delegations(self, ref: str, role: str, delegation_codes) -> OpChanges:
        """Make the hosts (role `host`) or attendees (role `attendee`) exactly these delegations."""
        self.require_secretariat("change who attends a meeting")
        if role not in ("host", "attendee"):
            raise InvalidInput("role must be host or attendee")
        meeting = self.get(ref)
        wanted = {d["code"]: d for d in (self.delegation_row(c) for c in codes(delegation_codes))}
        links = [link for link in queries.meeting_links(self.store, meeting.id) if link["role"] == role]
        with self.mutation(f"{'Hosts' if role == 'host' else 'Attendance'} of {meeting.title}") as m:
            for link in links:
                if link["code"] not in wanted:
                    self.store.delete("meeting_delegations", link["id"])
            present = {link["code"] for link in links}
            for code, d in wanted.items():
                if code not in present:
                    self.store.insert("meeting_delegations",
                                      {"meeting_id": meeting.id, "delegation_id": d["id"], "role": role})
        return m.changes

    def remove(self, ref: str) -> OpChanges:
        self.require_secretariat("remove a meeting")
        meeting = self.get(ref)
        votes = [v for v in queries.votes(self.store) if v["meeting_id"] == meeting.id]
        if any(v["state"] == "closed" for v in votes):
            raise NotPermitted(f"meeting {meeting.title!r} has closed roll-call votes on record; it cannot be removed")
        with self.mutation(f"Remove meeting {meeting.title}") as m:
            # Its floor goes with it: the speakers lists, and a vote still open (a closed one is a record: above).
            for v in votes:
                for ballot in queries.ballots(self.store, v["id"]):
                    self.store.delete("ballots", ballot["id"])
                self.store.delete("votes", v["id"])
            for speaker_id in queries.meeting_speakers(self.store, meeting.id):
                self.store.delete("speakers", speaker_id)
            for link in queries.meeting_links(self.store, meeting.id):
                self.store.delete("meeting_delegations", link["id"])
            for action in queries.actions(self.store):
                if action["meeting_id"] == meeting.id:
                    self.store.update("action_items", action["id"], {"meeting_id": None})
            self.store.delete("meetings", meeting.id)
        return m.changes
