"""The readout's principles section: each principle's text, status, positions, proposed amendments and the
secretariat's decisions on amendments (with its reasons)."""

from __future__ import annotations

from collections.abc import Iterator

from ..amendments import sponsorship_in_words
from ..model import Principle
from ..stances import STANCE_ORDER
from ..words import listed, plural
from . import wordml
from .document import ReadoutDocument
from .gather import ReadoutData
from .floor import adoption_record
from .tracked import bracketed_runs, tracked_changes
from .wording import STANCE_LABEL, STANCE_SHORT_LABEL, long_date, moment, status_text

def principle_units(data: ReadoutData) -> int:
    return 1 + len(data.principles)


def write_principles(doc: ReadoutDocument, data: ReadoutData) -> Iterator[str]:
    yield "Principles"
    xml = [doc.heading("Principles")]
    if not data.principles:
        doc.add(xml + [doc.para("No principles have been drafted yet.", "Readout Note")])
        return
    doc.add(xml + [doc.para("The current text of each principle, disputed wording [in brackets] highlighted, "
                            "then the positions of the delegations counted and the amendments proposed to it. "
                            f"{data.expected_note}", "Normal")])
    for p in data.principles:
        yield f"Principle {p.number}"
        doc.add(_principle(doc, data, p))


def _principle(doc: ReadoutDocument, data: ReadoutData, p: Principle) -> list[str]:
    c = data.consensus[p.number]
    v = p.current
    meta = [f"Status: {status_text(c.status, c.agreed_by)}",
            f"text version {v.seq} of {long_date(v.created_at)}" + (f" by {v.author}" if v.author else ""),
            plural(v.brackets, "bracketed segment"), f"stage: {p.stage.value}"]
    xml = [doc.heading(f"Principle {p.number}: {p.title}", 2),
           doc.para(" · ".join(meta), "Principle Meta")]
    silence = data.silences.get(p.number)
    if silence:
        state = "agreed by silence" if c.by_silence else "open"
        xml.append(doc.para(f"Silence procedure on version {silence.version_seq} until "
                            f"{moment(silence.deadline)} ({state}).", "Principle Meta"))
    xml.append(wordml.paragraph(bracketed_runs(v.text, doc.style("Bracketed")), doc.style("Principle Text"),
                                text_for_direction=v.text))
    xml += _positions(doc, data, p)
    xml += _amendments(doc, data, p)
    xml += _decisions(doc, data, p)
    xml += adoption_record(doc, data, p)
    return xml


def _positions(doc: ReadoutDocument, data: ReadoutData, p: Principle) -> list[str]:
    given = data.positions.get(p.number, {})
    group_style, line_style, label = doc.style("Stance Group"), doc.style("Position Line"), doc.style("Label")
    xml = [doc.heading("Positions", 3)]
    for stance in STANCE_ORDER:
        codes = [code for code in data.expected
                 if (pos := given.get(code)) is not None and not pos.stale and pos.stance == stance]
        if not codes:
            continue
        xml.append(wordml.text_paragraph(f"{STANCE_LABEL[stance]} ({STANCE_SHORT_LABEL[stance]}) — {len(codes)}",
                                         group_style))
        # Those who said nothing more share one line; each comment gets its own, and a comment several
        # delegations made in the same words ("Ad referendum") one line naming them all.
        silent = [code for code in codes if not given[code].comment]
        if silent:
            xml.append(wordml.text_paragraph(", ".join(data.name(c) for c in silent), line_style))
        by_comment: dict[str, list[str]] = {}
        for code in codes:
            if given[code].comment:
                by_comment.setdefault(given[code].comment, []).append(code)
        for comment, who in by_comment.items():
            xml.append(_line(listed(data.name(c) for c in who), comment, label, line_style))
    stale = [code for code in data.expected if (pos := given.get(code)) is not None and pos.stale]
    missing = [code for code in data.expected if code not in given]
    if stale or missing:
        xml.append(wordml.text_paragraph(f"No current position — {len(stale) + len(missing)}", group_style))
    if stale:
        # What they said was on an older text: named with the stance they took then; the history has the rest.
        said = [f"{data.name(c)} ({STANCE_SHORT_LABEL[given[c].stance]}, v{given[c].version_seq})" for c in stale]
        xml.append(wordml.paragraph([wordml.run("On an older version of the text: ", label),
                                     wordml.run(", ".join(said))], line_style))
    if missing:
        xml.append(wordml.paragraph([wordml.run("None recorded: ", label),
                                     wordml.run(", ".join(data.name(c) for c in missing))], line_style))
    if len(xml) == 1:
        xml.append(doc.para("No delegation is counted for this readout.", "Readout Note"))
    return xml


def _line(who: str, comment: str, label_style: str, line_style: str) -> str:
    runs = [wordml.run(who + (": " if comment else ""), label_style)]
    if comment:
        runs.append(wordml.run(comment))
    # The line reads as its label does: an Arabic or Hebrew comment is a right-to-left run inside an English line.
    return wordml.paragraph(runs, line_style, text_for_direction=f"{who}: {comment}")


def _amendments(doc: ReadoutDocument, data: ReadoutData, p: Principle) -> list[str]:
    proposed = data.amendments.get(p.number, [])
    if not proposed:
        return []
    xml = [doc.heading(f"Proposed amendments ({len(proposed)})", 3)]
    for a in proposed:
        sponsors = sponsorship_in_words(a, data.name)
        about = f"{sponsors[:1].upper()}{sponsors[1:]} on {moment(a.created_at)}"
        base = p.current.text
        if a.base_version_id != p.current.id:
            # Shown against the text it was made on: against the current one its changes would seem to undo the
            # newer version, and Accept All would.
            base = data.made_on.get(a.id, base)
            about += (f", on text version {a.base_seq}, shown against that version; the text has since moved on to "
                      f"version {p.current.seq}")
        xml.append(doc.para(about + ".", "Principle Meta", keep_next=True))
        changes = tracked_changes(base, a.text, author=data.name(a.delegation), when=a.created_at,
                                  next_id=doc.change_id)
        xml.append(wordml.paragraph(changes, doc.style("Amendment Text"), text_for_direction=p.current.text))
        if a.rationale:
            xml.append(_line("Rationale", a.rationale, doc.style("Label"), doc.style("Position Line")))
    return xml


def _decisions(doc: ReadoutDocument, data: ReadoutData, p: Principle) -> list[str]:
    """The amendments the secretariat decided, each with its decision and the reason it gave."""
    decided = data.decided.get(p.number, [])
    if not decided:
        return []
    xml = [doc.heading(f"Decisions on amendments ({len(decided)})", 3)]
    label, line = doc.style("Label"), doc.style("Position Line")
    for a in decided:
        verdict = "Accepted" if a.state.value == "accepted" else "Rejected"
        said = f"proposed by {data.name(a.delegation)} on version {a.base_seq}"
        if a.decided_at:
            said += f", {verdict.lower()} on {long_date(a.decided_at)}"
        if a.reason:
            said += f". Reason: {a.reason}"
        xml.append(_line(verdict, said, label, line))
    return xml
