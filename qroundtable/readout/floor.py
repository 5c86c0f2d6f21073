"""The readout's record of the meeting itself: roll-call votes with every delegation's vote, speaking time,
and, within each principle, its adoption record (how it was agreed, who broke a silence, the statements made)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Principle, StatementKind, VoteChoice, VoteState
from ..speaking import clock_in_words
from ..words import plural
from . import wordml
from .document import ReadoutDocument
from .gather import ReadoutData, VoteRecord
from .wording import long_date, moment

CM = 567  # twips per centimetre
CHOICE = {VoteChoice.YES: "Yes", VoteChoice.NO: "No", VoteChoice.ABSTAIN: "Abstain"}


def write_floor(doc: ReadoutDocument, data: ReadoutData) -> Iterator[str]:
    yield "Votes and speaking time"
    where = "at this meeting" if data.meeting else "in the roundtable"
    xml = [doc.heading("Votes and speaking time")]
    if not data.votes:
        xml.append(doc.para(f"No roll-call vote was taken {where}.", "Readout Note"))
    for record in data.votes:
        xml += _vote(doc, data, record)
    xml.append(doc.heading("Speaking time", 2))
    if not data.speaking:
        xml.append(doc.para(f"No speaking time was recorded {where}.", "Readout Note"))
    else:
        total = sum(t.spoken_ms for t in data.speaking)
        xml.append(doc.para(f"{plural(len(data.speaking), 'delegation')} took the floor {where}, "
                            f"for {clock_in_words(total)} in all (minutes:seconds), most first.", "Normal"))
        text = doc.style("Table Text")
        widths = [doc.usable_width() - int(5 * CM), int(2.5 * CM), int(2.5 * CM)]
        rows = [doc.header_row(["Delegation", "Turns", "Time"], widths, centre_from=1)]
        for t in data.speaking:
            cells = [wordml.text_paragraph(data.name(t.delegation), text),
                     wordml.text_paragraph(str(t.turns), doc.style("Table Number")),
                     wordml.text_paragraph(clock_in_words(t.spoken_ms), doc.style("Table Number"))]
            rows.append(wordml.row([wordml.cell(c, w) for c, w in zip(cells, widths)]))
        xml.append(wordml.table(doc.style("Readout Table"), widths, rows))
    doc.add(xml)


def _vote(doc: ReadoutDocument, data: ReadoutData, record: VoteRecord) -> list[str]:
    v, r = record.vote, record.result
    closed = v.state == VoteState.CLOSED
    outcome = ("adopted" if v.result == "adopted" else "not adopted") if closed else "still open"
    xml = [doc.heading(f"Principle {v.principle}, text version {v.version_seq}: {outcome}", 2),
           doc.para(v.question, "Normal"),
           doc.para(f"{v.majority.label} ({r.needed}). Yes {r.yes}, no {r.no}, abstaining {r.abstain}"
                    + (f", not voting {len(r.not_voting)}" if r.not_voting else "")
                    + (f". Closed on {moment(v.closed_at)}." if closed and v.closed_at else
                       f". Opened on {moment(v.opened_at)}; the count is as it stood when this readout was made."),
                    "Principle Meta")]
    text = doc.style("Table Text")
    widths = [doc.usable_width() - int(9.5 * CM), int(2.2 * CM), int(7.3 * CM)]
    rows = [doc.header_row(["Delegation", "Vote", "How it was cast"], widths)]
    for code in record.expected:
        b = record.ballots.get(code)
        how = []
        if b is not None and b.proxy:
            how.append(f"by proxy: cast by {data.name(b.proxy)}")
        if b is not None and b.on_behalf:
            how.append(f"entered on its behalf by {data.name(b.entered_by) if b.entered_by else 'the secretariat'}")
        cells = [wordml.text_paragraph(data.name(code), text),
                 wordml.text_paragraph(CHOICE[b.choice] if b else "No vote", text),
                 wordml.text_paragraph("; ".join(how) or "—", text)]
        rows.append(wordml.row([wordml.cell(c, w) for c, w in zip(cells, widths)]))
    xml.append(wordml.table(doc.style("Readout Table"), widths, rows))
    return xml


def adoption_record(doc: ReadoutDocument, data: ReadoutData, p: Principle) -> list[str]:
    """How principle `p` was agreed and what was said on it: within its part of the readout."""
    c = data.consensus[p.number]
    votes = [record for record in data.votes_on(p.number) if record.vote.state == VoteState.CLOSED]
    breaks = data.silence_breaks.get(p.number, ())
    statements = data.statements.get(p.number, [])
    if not (votes or breaks or statements or c.agreed_by):
        return []
    label, line = doc.style("Label"), doc.style("Position Line")
    xml = [doc.heading("Adoption record", 3)]
    how = {"vote": "Agreed by a roll-call vote on its current text.",
           "silence": "Agreed by silence: no delegation objected before the deadline."}.get(c.agreed_by)
    if how:
        xml.append(doc.para(how, "Principle Meta"))
    for record in votes:
        v, r = record.vote, record.result
        said = (f"on text version {v.version_seq}, {v.majority.label.lower()}: yes {r.yes}, no {r.no}, "
                f"abstaining {r.abstain} — {'adopted' if v.result == 'adopted' else 'not adopted'}"
                + (f" ({long_date(v.closed_at)})" if v.closed_at else "") + ". Every vote is listed under "
                "Votes and speaking time.")
        xml.append(_line("Vote", said, label, line))
    for b in breaks:
        said = f"{data.name(b.delegation)} on {long_date(b.at)}" + (f": {b.objection}" if b.objection else "")
        if b.amendment_text:
            said += f". Proposed instead: {b.amendment_text}"
        xml.append(_line("Silence broken by", said, label, line))
    for kind in StatementKind:
        for s in (s for s in statements if s.kind == kind):
            older = "" if s.version_seq == p.current.seq else f", on text version {s.version_seq}"
            xml.append(_line(f"{kind.label} — {data.name(s.delegation)}, {long_date(s.made_on)}{older}", s.text,
                             label, line))
    return xml


def _line(who: str, text: str, label_style: str, line_style: str) -> str:
    return wordml.paragraph([wordml.run(who + ": ", label_style), wordml.run(text)], line_style,
                            text_for_direction=f"{who}: {text}")  # as its label reads: see principles._line
