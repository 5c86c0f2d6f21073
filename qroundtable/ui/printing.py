"""File ▸ Print / Save as PDF: the page in view, laid out as a QTextDocument and printed by Qt.

The positions matrix prints as its table (in parts of PRINCIPLES_PER_TABLE principles), action
items as their list, every other page as the principles as they stand: text, status and counts
under the roundtable's rule for the meeting in view. Each is a few hundred short paragraphs or
a few thousand cells (more is refused: the Excel export is made for it), so it is
built and printed here, on the UI thread, rather than in a process of its own.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtGui import QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from .. import palette
from ..errors import InvalidInput, RoundtableError
from ..stances import NO_POSITION, NO_POSITION_LABEL, STANCE_LABELS, Stance

PRINCIPLES_PER_TABLE = 16  # matrix columns that fit across an A4 page
MATRIX_CELLS_MAX = 6000  # beyond this a printed matrix is unreadable and slow to lay out
ACTIONS_MAX = 1000  # 5,000 action items take Qt 4 s to lay out: the Excel export is made for them


def principles_html(session) -> str:
    rt = session.rt
    try:
        rows = {c.principle: c for c in session.consensus(session.meeting_id)}
        counted = "the attendees of " + rt.meetings.get(session.meeting_id).title if session.meeting_id \
            else "all delegations"
    except RoundtableError:
        rows = {c.principle: c for c in session.consensus(None)}
        counted = "all delegations"
    parts = [f"<h1>{escape(rt.info.title)}</h1>",
             f"<p>Rule: {escape(rt.info.consensus_rule)}; counting {escape(counted)}.</p>"]
    for p in rt.principles.list():
        c = rows.get(p.number)
        status = c.status.badge if c else ""
        counts = ""
        if c:
            named = [f"{n} {STANCE_LABELS[Stance(k)].lower()}" if k != NO_POSITION else f"{n} {NO_POSITION_LABEL}"
                     for k, n in c.counts.items() if n]
            counts = ", ".join(named)
        parts.append(f"<h3>{p.number}. {escape(p.title)} — {escape(status)}</h3>"
                     f"<p>{escape(p.text)}</p><p><i>{escape(counts)}</i></p>")
    return "".join(parts)


def matrix_html(session) -> str:
    rt = session.rt
    delegations, principles = rt.delegations.list(), rt.principles.list()
    if len(delegations) * len(principles) > MATRIX_CELLS_MAX:
        raise InvalidInput(f"the matrix has {len(delegations) * len(principles):,} cells, too many to print; "
                           "export it to Excel instead (File ▸ Export)")
    cells = {(p.delegation, p.principle): p for p in rt.positions.list()}
    parts = [f"<h1>{escape(rt.info.title)} — positions</h1>",
             "<p>" + " · ".join(f"<b>{s.short}</b> {escape(s.label)}" for s in Stance)
             + " · * given on an older text (counts as no position)</p>"]
    for start in range(0, len(principles), PRINCIPLES_PER_TABLE):
        part = principles[start:start + PRINCIPLES_PER_TABLE]
        rows = ["<tr><th></th>" + "".join(f"<th>P{p.number}</th>" for p in part) + "</tr>"]
        for d in delegations:
            row = [f"<th>{escape(d.code)}</th>"]
            for p in part:
                position = cells.get((d.code, p.number))
                if position is None:
                    row.append("<td></td>")
                elif position.stale:
                    row.append(f"<td align='center' bgcolor='{palette.STALE_FILL}'>"
                               f"<i>{position.stance.short}*</i></td>")
                else:
                    fill, ink = palette.STANCE_FILL[position.stance], palette.STANCE_INK[position.stance]
                    row.append(f"<td align='center' bgcolor='{fill}'><font color='{ink}'>{position.stance.short}"
                               "</font></td>")
            rows.append("<tr>" + "".join(row) + "</tr>")
        parts.append("<table border='1' cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table><br/>")
    parts.append("<p>" + " · ".join(f"<b>P{p.number}</b> {escape(p.title)}" for p in principles) + "</p>")
    return "".join(parts)


def actions_html(session) -> str:
    rt = session.rt
    items = rt.actions.list()
    if len(items) > ACTIONS_MAX:
        raise InvalidInput(f"there are {len(items):,} action items, too many to print; "
                           "export them to Excel instead (File ▸ Export ▸ Positions matrix)")
    rows = ["<tr><th>Action item</th><th>Owner</th><th>Due</th><th>Status</th><th>Principle</th></tr>"]
    for a in items:
        rows.append(f"<tr><td>{escape(a.title)}</td><td>{escape(a.owner)}</td><td>{escape(a.due or '')}</td>"
                    f"<td>{escape(a.status.label)}</td><td>{f'P{a.principle}' if a.principle else ''}</td></tr>")
    return (f"<h1>{escape(rt.info.title)} — action items</h1>"
            "<table border='1' cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table>")


# What each page prints (the key of main_window.VIEWS); any other page prints the principles.
PRINTS = {"positions": matrix_html, "actions": actions_html}


def document(session, view: str = "principles") -> QTextDocument:
    """The page `view` as a document; raises InvalidInput when it cannot be printed (say so to the user)."""
    doc = QTextDocument()
    doc.setHtml(PRINTS.get(view, principles_html)(session))
    return doc


def save_pdf(session, path: Path, view: str = "principles") -> Path:
    """The page `view` as a PDF at `path` (overwritten: the save dialog has asked)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(str(path))
    document(session, view).print_(printer)
    return path
