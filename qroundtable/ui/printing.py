"""File ▸ Print / Save as PDF: the principles as they stand — text, status and counts under the
roundtable's rule for the meeting in view — laid out as a QTextDocument and printed by Qt.

The document is a few hundred short paragraphs even on a large file (~0.2 s): it is built and
printed here, on the UI thread, rather than in a process of its own.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtGui import QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from ..errors import RoundtableError
from ..stances import NO_POSITION, NO_POSITION_LABEL, STANCE_LABELS, Stance


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


def document(session) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(principles_html(session))
    return doc


def save_pdf(session, path: Path) -> Path:
    """The document as a PDF at `path` (overwritten: the save dialog has asked)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(str(path))
    document(session).print_(printer)
    return path
