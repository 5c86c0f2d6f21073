"""The demo roundtable, built through the façade from `resources/demo.json`.

Principles, delegations and meetings come from the NSTC report of August 2024;
the report records no country's position, so those parts are illustrative.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from .errors import FileProblem
from .roundtable import Roundtable
from .storage import remove_file
from .storage.clock import dated
from .validation import stored_time


def demo_data() -> dict:
    return json.loads(resources.files("qroundtable.resources").joinpath("demo.json").read_text("utf-8"))


def build_demo(path: str | Path, *, replace: bool = False) -> Roundtable:
    """Create the demo roundtable at `path` (replacing the file only when asked)."""
    path = Path(path)
    if path.exists():
        if not replace:
            raise FileProblem(f"{path} already exists; add --force to replace it")
        remove_file(path)
    data = demo_data()
    sec = data["secretariat"]
    rt = Roundtable.create(path, title=data["title"], secretariat=sec["code"], secretariat_name=sec["name"],
                           rule=data["rule"])
    try:
        # One setup step: a fresh demo has nothing to undo and nothing unsent.
        with rt.batch("Build demo roundtable", setup=True):
            _fill(rt, data)
    except BaseException:
        rt.close()
        remove_file(path)
        raise
    return rt


def _fill(rt: Roundtable, data: dict) -> None:
    for d in data["delegations"]:
        rt.delegations.add(d["code"], d["name"])
    for m in data["members"]:
        rt.delegations.add_member(m["delegation"], m["name"], m["agency"], m["role"])
    meeting_ids = {}
    for m in data["meetings"]:
        changes = rt.meetings.add(m["title"], m["date"], place=m["place"], summary=m["summary"],
                                  hosts=m["hosts"], attending=m["attending"], chair=m.get("chair", ""),
                                  agenda=m.get("agenda", ""))
        meeting_ids[m["key"]] = next(iter(changes.rows("meetings")))
    # The draft and the positions on it are dated as the story has them (the negotiation's progress reads
    # the history by date): circulated before the October 2023 meeting, discussed and revised there.
    story = {key: stored_time(value) for key, value in data["story"].items()}
    with dated(story["draft_circulated"]):
        for p in data["principles"]:
            rt.principles.add(p["title"], p["text"], number=p["number"], note="Draft discussed in October 2023")

    def record(entries):
        for entry in entries:
            for code in entry["delegations"]:
                rt.positions.set(code, entry["principle"], entry["stance"], entry.get("comment", ""))

    with dated(story["first_reading"]):
        record(data["positions_before_revision"])
    with dated(story["revised"]):
        for r in data["revisions"]:
            rt.principles.edit(r["principle"], r["text"], note=r["note"])
    with dated(story["second_reading"]):
        record(data["positions"])
    for s in data["silences"]:
        rt.principles.open_silence(s["principle"], s["deadline"])
    for a in data["amendments"]:
        rt.amendments.propose(a["principle"], a["delegation"], a["text"], a["rationale"])
    for a in data["actions"]:
        changes = rt.actions.add(a["title"], a["owner"], detail=a["detail"], assignee=a.get("assignee", ""),
                                 due=a["due"], principle=a["principle"], meeting=meeting_ids[a["meeting"]])
        if a["status"] != "open":
            rt.actions.set_status(next(iter(changes.rows("action_items"))), a["status"])
    for n in data["private_notes"]:
        rt.notes.set(n["principle"], n["text"])
    _fill_meeting(rt, data, meeting_ids)


def _fill_meeting(rt: Roundtable, data: dict, meeting_ids: dict[str, str]) -> None:
    """The meeting itself: a speakers list part-way through, a roll call under way, co-sponsors, statements."""
    floor = data["floor"]
    meeting, item = meeting_ids[floor["meeting"]], floor["principle"]
    rt.speakers.set_limit(meeting, floor["speaking_limit"])
    for turn in floor["turns"]:
        rt.speakers.add(meeting, turn["delegation"], item)
        rt.speakers.next(meeting, item, at=stored_time(turn["from"]))
        if turn.get("yielded"):
            rt.speakers.yield_floor(meeting, item, at=stored_time(turn["to"]))
    for code in floor["waiting"]:
        rt.speakers.add(meeting, code, item)
    # The last turn ended when the next began; the one still speaking in the data ends at its `to`.
    current = rt.speakers.current(meeting, item)
    if current is not None:
        rt.speakers.yield_floor(meeting, item, at=stored_time(floor["turns"][-1]["to"]))
    for v in data["votes"]:
        vote = next(iter(rt.votes.open(v["principle"], v["question"], v["majority"],
                                       meeting_ids[v["meeting"]]).rows("votes")))
        for b in v["ballots"]:
            rt.votes.record(vote, b["delegation"], b["choice"], proxy=b.get("proxy"),
                            on_behalf=b.get("on_behalf", False))
    for c in data["cosponsors"]:
        amendment = next(a for a in rt.amendments.list(c["principle"]) if a.delegation == c["proposer"])
        for code in c["delegations"]:
            rt.amendments.cosponsor(amendment.id, code)
    for s in data["statements"]:
        rt.statements.add(s["principle"], s["delegation"], s["kind"], s["text"], s["made_on"])
