"""The readout's short sections: cover, participants, meeting summary, consensus overview, action items.

Each `write_*` adds its section to the document and yields a progress label
before each unit of work (one here; `principles`, `matrix` and `chart` yield more).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..stances import NO_POSITION_LABEL, STANCE_ORDER, Stance, Status
from ..words import plural
from . import wordml
from .document import ReadoutDocument
from .gather import ReadoutData
from .wording import STANCE_SHORT_LABEL, STATUS_TINT, is_overdue, long_date, rule_text, status_label, status_text

CM = 567  # twips per centimetre


def write_cover(doc: ReadoutDocument, data: ReadoutData) -> Iterator[str]:
    yield "Cover"
    m = data.meeting
    xml = [doc.para(data.title, "Title"),
           doc.para(f"Readout — {m.title}" if m else "Readout — the roundtable as a whole", "Subtitle")]
    details = []
    if m:
        details += [("Date", long_date(m.date)), ("Place", m.place or "not recorded"),
                    ("Chair", m.chair or "not recorded"),
                    ("Hosts", ", ".join(data.name(c) for c in m.hosts) or "not recorded"),
                    ("Attending", plural(len(m.attending), "delegation") if m.attending else "not recorded")]
    if data.principles:
        tally = Counter(c.status for c in data.consensus.values())
        details.append(("Principles", f"{len(data.principles)}: " + ", ".join(
            f"{tally[s]} {s.label.lower()}" for s in Status)))
    details += [("Consensus rule", rule_text(data.rule)),
                ("Prepared by", f"{data.owner_name}, {long_date(data.generated.date().isoformat())}")]
    label = doc.style("Label")
    for name, value in details:
        # The line reads as its English label does: an Arabic or Hebrew value is a right-to-left run inside it.
        xml.append(wordml.paragraph([wordml.run(f"{name}: ", label), wordml.run(value)], doc.style("Cover Detail"),
                                    text_for_direction=f"{name}: {value}"))
    if data.is_empty:
        xml.append(doc.para("This roundtable has no meetings and no principles yet.", "Readout Note"))
    elif m is None:
        xml.append(doc.para("This readout covers the roundtable as a whole: every delegation counts, and each "
                            "principle is shown as it stands today."
                            + ("" if data.meetings_held else " No meeting has been recorded yet."), "Readout Note"))
    about = ("Proposed amendments appear as tracked changes against the current text of each principle: "
             "in Word, use Review ▸ Accept or Reject. " if data.amendments else "")
    xml.append(doc.para(about + "Produced by qroundtable from the roundtable file; delegations' private notes "
                        "are never included.", "Cover Note"))
    doc.add(xml)


def write_participants(doc: ReadoutDocument, data: ReadoutData) -> Iterator[str]:
    yield "Participants"
    m = data.meeting
    xml = [doc.heading("Participants")]
    if m and m.attending:
        shown = [c for c in m.attending if c in data.names]
        absent = [d.code for d in data.delegations if d.code not in set(m.attending)]
        xml.append(doc.para(f"{plural(len(shown), 'delegation')} attended {m.title}.", "Normal"))
    else:
        shown = [d.code for d in data.delegations]
        absent = []
        lead = (f"No attendance was recorded for {m.title}; every delegation of the roundtable is listed."
                if m else "Every delegation of the roundtable, with its members.")
        xml.append(doc.para(lead, "Normal"))
    hosts = set(m.hosts) if m else set()
    text_style = doc.style("Table Text")
    widths = [6 * CM, doc.usable_width() - 6 * CM]
    rows = [doc.header_row(["Delegation", "Members (agency, role)"], widths)]
    # Delegations with members recorded get a row each; the others share one line below the table.
    listed = [code for code in shown if data.members.get(code)]
    for code in listed:
        name = data.name(code) + (" — host" if code in hosts else "")
        lines = [wordml.text_paragraph(_member_line(mb), text_style) for mb in data.members[code]]
        rows.append(wordml.row([wordml.cell(wordml.text_paragraph(name, text_style), widths[0]),
                                wordml.cell("".join(lines), widths[1])]))
    if listed:
        xml.append(wordml.table(doc.style("Readout Table"), widths, rows))
    bare = [code for code in shown if not data.members.get(code)]
    if bare:
        names = ", ".join(data.name(c) + (" (host)" if c in hosts else "") for c in bare)
        xml.append(doc.para(f"No members recorded for: {names}.", "Readout Note" if listed else "Normal"))
    if absent:
        xml.append(doc.para("Not attending: " + ", ".join(data.name(c) for c in absent) + ".", "Readout Note"))
    doc.add(xml)


def _member_line(member) -> str:
    """'Esha Mathew — DOS, Co-chair …': the agency and role only when recorded."""
    about = ", ".join(part for part in (member.agency, member.role) if part)
    return f"{member.name} — {about}" if about else member.name


def write_consensus(doc: ReadoutDocument, data: ReadoutData) -> Iterator[str]:
    yield "Consensus overview"
    xml = [doc.heading("Consensus overview"),
           doc.para(f"{data.expected_note} Rule: {rule_text(data.rule)}.", "Normal")]
    if not data.principles:
        xml.append(doc.para("No principles have been drafted yet.", "Readout Note"))
        doc.add(xml)
        return
    text_style = doc.style("Table Text")
    count_w = int(1.15 * CM)
    fixed = [int(0.9 * CM), int(3.1 * CM)] + [count_w] * (len(STANCE_ORDER) + 1)
    widths = [fixed[0], doc.usable_width() - sum(fixed), *fixed[1:]]
    heads = ["No.", "Principle", "Status", *(STANCE_SHORT_LABEL[s] for s in STANCE_ORDER), "None"]
    rows = [doc.header_row(heads, widths, centre_from=3)]
    for p in data.principles:
        c = data.consensus[p.number]
        counts = [c.counts.get(s.value, 0) for s in STANCE_ORDER] + [c.counts.get("no_position", 0)]
        cells = [wordml.cell(wordml.text_paragraph(str(p.number), text_style), widths[0]),
                 wordml.cell(wordml.text_paragraph(p.title, text_style), widths[1]),
                 wordml.cell(wordml.text_paragraph(status_text(c.status, c.agreed_by), text_style), widths[2],
                             fill=STATUS_TINT[c.status])]
        cells += [wordml.cell(wordml.text_paragraph(str(n) if n else "·", doc.style("Table Number")), w)
                  for n, w in zip(counts, widths[3:])]
        rows.append(wordml.row(cells))
    xml.append(wordml.table(doc.style("Readout Table"), widths, rows))
    key = "; ".join(f"{STANCE_SHORT_LABEL[s]} {s.label.lower()}" for s in Stance)
    xml.append(doc.para(f"Columns count delegations by stance: {key}; None {NO_POSITION_LABEL.lower()} "
                        "(none recorded, or only on an older version of the text).", "Readout Note"))
    doc.add(xml)


EARLIER_LISTED = 25  # action items still open from earlier meetings listed by name; the rest counted


def write_actions(doc: ReadoutDocument, data: ReadoutData) -> Iterator[str]:
    """The meeting's action items in a table; the ones still open from earlier meetings a line each; the rest
    (done, dropped, from other meetings) left out: the readout is about this meeting."""
    yield "Action items"
    xml = [doc.heading("Action items")]
    m = data.meeting
    ours = [a for a in data.actions if m is None or a.meeting_id == m.id]
    earlier = [a for a in data.actions if m is not None and a.meeting_id != m.id and a.status.pending
               and data.meeting_dates.get(a.meeting_id, "") < m.date]  # of an earlier meeting, or of none
    if not ours and not earlier:
        xml.append(doc.para("No action items have been recorded." if m is None else
                            f"No action items were recorded at {m.title}, and none is open from earlier.",
                            "Readout Note"))
        doc.add(xml)
        return
    overdue = sum(1 for a in ours if is_overdue(a, data.today))
    where = f" from {m.title}" if m else ""
    if ours:
        xml.append(doc.para(f"{plural(len(ours), 'action item')}{where}, soonest due first; "
                            f"{overdue} overdue on {long_date(data.today.isoformat())}, marked OVERDUE.", "Normal"))
        xml.append(_actions_table(doc, data, ours))
    else:
        xml.append(doc.para(f"No action items were recorded at {m.title}.", "Normal"))
    if earlier:
        xml.append(doc.heading("Still open from earlier", 2))
        # Listed briefly: the soonest due (overdue ones come first), then how many more; a roundtable years
        # old can have thousands open, and the workbook's Action items sheet lists every one.
        for a in earlier[:EARLIER_LISTED]:
            due = f", due {long_date(a.due)}" + (" (OVERDUE)" if is_overdue(a, data.today) else "") if a.due else ""
            xml.append(wordml.paragraph([wordml.run(a.title, doc.style("Label")),
                                         wordml.run(f" — {data.name(a.owner)}{due}, {status_label(a.status).lower()}")],
                                        doc.style("Position Line"), text_for_direction=a.title))
        rest = earlier[EARLIER_LISTED:]
        if rest:
            late = sum(1 for a in rest if is_overdue(a, data.today))
            owners = len({a.owner for a in rest})
            xml.append(doc.para(f"And {plural(len(rest), 'more action item')} still open ({late} overdue), owned by "
                                f"{plural(owners, 'delegation')}: the spreadsheet export's Action items sheet lists "
                                "every one.", "Readout Note"))
    doc.add(xml)


def _actions_table(doc: ReadoutDocument, data: ReadoutData, actions) -> str:
    text_style, overdue_style = doc.style("Table Text"), doc.style("Overdue")
    fixed = [int(3.4 * CM), int(2.6 * CM), int(2.0 * CM), int(1.9 * CM)]
    widths = [doc.usable_width() - sum(fixed), *fixed]
    heads = ["Action", "Owner", "Due", "Status", "Principle"]
    rows = [doc.header_row(heads, widths)]
    for a in actions:
        late = is_overdue(a, data.today)
        action = [wordml.text_paragraph(a.title, text_style)]
        if a.detail:
            action.append(wordml.paragraph(wordml.run(a.detail, doc.style("Detail")), text_style,
                                           text_for_direction=a.detail))
        owner = [wordml.text_paragraph(data.name(a.owner), text_style)]
        if a.assignee:
            owner.append(wordml.text_paragraph(a.assignee, text_style))
        due = [wordml.text_paragraph(long_date(a.due) if a.due else "—", text_style)]
        if late:
            # A word, not only a colour: the marker survives greyscale printing.
            due.append(wordml.paragraph(wordml.run("OVERDUE", overdue_style), text_style))
        contents = ["".join(action), "".join(owner), "".join(due),
                    wordml.text_paragraph(status_label(a.status), text_style),
                    wordml.text_paragraph(str(a.principle) if a.principle is not None else "—", text_style)]
        rows.append(wordml.row([wordml.cell(c, w) for c, w in zip(contents, widths)]))
    return wordml.table(doc.style("Readout Table"), widths, rows)
