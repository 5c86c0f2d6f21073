"""The chair's summary: the agenda, the meeting's own summary, where each principle stands, what was decided,
and what comes next — written from the roundtable's records, so a chair circulates it as it is or edits it.

Each principle gets a sentence or two: its status, who objects or holds a reservation, how many ask for
amendments, the brackets left, the amendments proposed and by whom, an open silence or roll call. The
outcomes are the texts agreed (and how), the roll-call votes of the meeting with their counts, and the
statements made; the next steps are the principles still open, the action items and the next meeting.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..amendments import sponsorship_in_words
from ..model import VoteState
from ..stances import Stance, Status
from ..words import listed, plural
from . import wordml
from .document import ReadoutDocument
from .gather import ReadoutData
from .wording import is_overdue, long_date

STATUS_WORDS = {Status.AGREED: "Agreed", Status.NEAR: "Near agreement", Status.CONTESTED: "Contested",
                Status.NOT_DISCUSSED: "Not yet discussed"}
AGREED_HOW = {"": "by consensus of the delegations counted", "silence": "by silence", "vote": "by a roll-call vote"}


def names(data: ReadoutData, codes) -> str:
    """'France (FR)', 'France (FR) and Japan (JP)', 'A, B and C'."""
    return listed(data.name(c) for c in codes)


def write_chair_summary(doc: ReadoutDocument, data: ReadoutData) -> Iterator[str]:
    yield "Chair's summary"
    m = data.meeting
    xml = [doc.heading("Chair's summary")]
    if m is not None:
        where = f", {m.place}" if m.place else ""
        xml.append(doc.para(f"{m.title}, {long_date(m.date)}{where}. Chair: {m.chair or 'not recorded'}.", "Normal"))
        xml.append(doc.heading("Agenda", 2))
        if m.agenda_items:
            xml += [wordml.paragraph([wordml.run(f"{i}.\t"), wordml.run(item)], doc.style("Position Line"),
                                     text_for_direction=item) for i, item in enumerate(m.agenda_items, 1)]
        else:
            xml.append(doc.para("No agenda was recorded for this meeting.", "Readout Note"))
        xml.append(doc.heading("Summary", 2))
        xml += wordml.paragraphs(m.summary, doc.style("Normal")) or [
            doc.para("No summary was recorded for this meeting.", "Readout Note")]
    else:
        xml.append(doc.para("No meeting is selected: this summary covers the roundtable as it stands today.",
                            "Readout Note"))
    xml.append(doc.heading("Principle by principle", 2))
    if not data.principles:
        xml.append(doc.para("No principles have been drafted yet.", "Readout Note"))
    for p in data.principles:
        brief = principle_in_brief(data, p)  # English: the line reads left to right, a Hebrew title a run in it
        xml.append(wordml.paragraph([wordml.run(f"{p.number}. {p.title}. ", doc.style("Label")), wordml.run(brief)],
                                    doc.style("Normal"), text_for_direction=brief))
    xml += _outcomes(doc, data)
    xml += _next_steps(doc, data)
    doc.add(xml)


def principle_in_brief(data: ReadoutData, p) -> str:
    """Where principle `p` stands, in a sentence or two of the chair's."""
    c = data.consensus[p.number]
    status = STATUS_WORDS[c.status]
    if c.status is Status.AGREED:
        status += " " + AGREED_HOW.get(c.agreed_by, f"({c.agreed_by})")
    said = [status]
    positions = data.positions.get(p.number, {})
    current = {code: pos for code, pos in positions.items() if code in data.expected and not pos.stale}
    if c.objecting:
        said.append(f"{names(data, c.objecting)} {'objects' if len(c.objecting) == 1 else 'object'}")
    reserving = sorted(code for code, pos in current.items() if pos.stance is Stance.RESERVATION)
    if reserving:
        said.append(f"{names(data, reserving)} {'holds a reservation' if len(reserving) == 1 else 'hold reservations'}"
                    " (ad referendum)")
    amend = c.counts.get("support_with_amendments", 0)
    if amend:
        said.append(f"{plural(amend, 'delegation')} {'supports' if amend == 1 else 'support'} it with amendments")
    if c.status is not Status.AGREED and c.missing and len(c.missing) < len(data.expected):
        said.append(f"{plural(len(c.missing), 'delegation')} {'has' if len(c.missing) == 1 else 'have'} no position "
                    "on the current text")
    text = "; ".join(said) + "."
    more = []
    if p.current.brackets:
        more.append(f"{plural(p.current.brackets, 'bracket')} {'remains' if p.current.brackets == 1 else 'remain'} "
                    "in its text")
    proposed = data.amendments.get(p.number, [])
    if proposed:
        more.append(f"{plural(len(proposed), 'amendment')} proposed: "
                    + "; ".join(sponsorship_in_words(a, data.name) for a in proposed))
    silence = data.silences.get(p.number)
    if silence is not None and c.status is not Status.AGREED:
        more.append(f"under silence until {long_date(silence.deadline)}")
    if any(v.vote.state is VoteState.OPEN for v in data.votes_on(p.number)):
        more.append("a roll-call vote on it is open")
    if more:
        more_text = "; ".join(more)
        text += " " + more_text[0].upper() + more_text[1:] + "."  # not capitalize(): names keep their capitals
    return text


def _outcomes(doc: ReadoutDocument, data: ReadoutData) -> list[str]:
    xml = [doc.heading("Outcomes", 2)]
    agreed = [p for p in data.principles if data.consensus[p.number].status is Status.AGREED]
    if agreed:
        xml.append(doc.para(f"{plural(len(agreed), 'principle')} agreed, in the text below:", "Normal"))
        for p in agreed:
            how = AGREED_HOW.get(data.consensus[p.number].agreed_by, "")
            xml.append(wordml.paragraph([wordml.run(f"Principle {p.number}, {p.title}", doc.style("Label")),
                                         wordml.run(f" (version {p.current.seq}, agreed {how})")],
                                        doc.style("Principle Meta"), text_for_direction="Principle"))
            xml += wordml.paragraphs(p.current.text, doc.style("Principle Text"))
    else:
        xml.append(doc.para("No principle is agreed yet.", "Normal"))
    closed = [v for v in data.votes if v.vote.state is VoteState.CLOSED]
    for v in closed:
        r = v.result
        xml.append(doc.para(f"Roll-call vote on principle {v.vote.principle} (version {v.vote.version_seq}): "
                            f"{'adopted' if r.adopted else 'not adopted'}, {r.yes} yes, {r.no} no, "
                            f"{plural(r.abstain, 'abstention')} ({r.needed}).", "Position Line"))
    still_open = [v for v in data.votes if v.vote.state is VoteState.OPEN]
    for v in still_open:
        xml.append(doc.para(f"A roll-call vote on principle {v.vote.principle} is still open.", "Position Line"))
    statements = [s for found in data.statements.values() for s in found]
    if data.meeting is not None:
        # The meeting's: made on its day or since the meeting before (in writing, between sessions), as the votes
        # are the meeting's own; a later one belongs to the next meeting's summary.
        since = max((m.date for m in data.meetings_by_id.values() if m.date < data.meeting.date), default="")
        statements = [s for s in statements if since < s.made_on[:10] <= data.meeting.date]
    for s in sorted(statements, key=lambda s: (s.principle, s.made_on)):
        xml.append(doc.para(f"{s.kind.label} by {data.name(s.delegation)} on principle {s.principle} "
                            f"({long_date(s.made_on)}).", "Position Line"))
    return xml


def _next_steps(doc: ReadoutDocument, data: ReadoutData) -> list[str]:
    xml = [doc.heading("Next steps", 2)]
    m = data.meeting
    still = [p for p in data.principles if data.consensus[p.number].status is not Status.AGREED]
    if still:
        xml.append(doc.para("Principles still open: " + ", ".join(
            f"{p.number} ({STATUS_WORDS[data.consensus[p.number].status].lower()})" for p in still) + ".", "Normal"))
    ours = [a for a in data.actions if a.status.pending and (m is None or a.meeting_id == m.id)]
    if ours:
        due = sorted(a.due for a in ours if a.due)
        late = sum(1 for a in ours if is_overdue(a, data.today))
        xml.append(doc.para(f"{plural(len(ours), 'action item')} open" + (f" from {m.title}" if m else "")
                            + (f", the first due {long_date(due[0])}" if due else "")
                            + (f" ({late} overdue)" if late else "") + ": see Action items.", "Normal"))
    after = m.date if m is not None else data.today.isoformat()
    upcoming = sorted((d, mid) for mid, d in data.meeting_dates.items() if d > after)
    if upcoming:
        nxt = data.meetings_by_id[upcoming[0][1]]
        where = f", {nxt.place}" if nxt.place else ""
        xml.append(doc.para(f"Next meeting: {nxt.title}, {long_date(nxt.date)}{where}.", "Normal"))
    else:
        xml.append(doc.para("No further meeting has been scheduled yet.", "Normal"))
    return xml
