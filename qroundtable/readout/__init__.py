"""The Word readout of a roundtable meeting: what the coordinator circulates after a session.

    from qroundtable.readout import ReadoutOptions, write_readout
    write_readout(rt, Path("exports/readout.docx"), ReadoutOptions(meeting="latest"))

The document is built from `resources/readout-template.docx` and uses only the
style names defined there, so an organisation restyles readouts by replacing that
file. Sections, in order: cover, participants, the chair's summary (agenda, summary, each principle in
brief, outcomes, next steps), consensus overview,
each principle (text, positions, amendments as tracked changes, its adoption record),
votes and speaking time, positions matrix, chart of stances, negotiation progress, action items.
Private notes are never read.
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import FileProblem, InvalidInput
from . import chair_summary, chart, floor, matrix, principles, progress_chart, sections
from .document import ReadoutDocument
from .gather import ReadoutData, gather, resolve_meeting
from .wording import NONE_STYLE, STALE_STYLE, STANCE_STYLE

SECTIONS = ("cover", "participants", "summary", "consensus", "principles", "floor", "matrix", "chart", "progress",
            "actions")
DEFAULT_MARKING = "Draft — for participants only"

Progress = Callable[[int, int, str], None]

# name: (writer, how many progress steps it reports); the writers yield once per step.
_WRITERS = {
    "cover": (sections.write_cover, lambda doc, data: 1),
    "participants": (sections.write_participants, lambda doc, data: 1),
    "summary": (chair_summary.write_chair_summary, lambda doc, data: 1),
    "consensus": (sections.write_consensus, lambda doc, data: 1),
    "principles": (principles.write_principles, lambda doc, data: principles.principle_units(data)),
    "floor": (floor.write_floor, lambda doc, data: 1),
    "matrix": (matrix.write_matrix, matrix.matrix_units),
    "chart": (chart.write_chart, lambda doc, data: chart.chart_units(data)),
    "progress": (progress_chart.write_progress, lambda doc, data: 1),
    "actions": (sections.write_actions, lambda doc, data: 1),
}
_NEW_PAGE = frozenset({"principles", "floor", "matrix", "chart", "progress", "actions"})  # big sections start a page
_LANDSCAPE = frozenset({"matrix"})  # the matrix needs the width
STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Header", "Footer", "Caption",
          "Cover Detail", "Cover Note", "Readout Note", "Principle Meta", "Principle Text", "Amendment Text",
          "Stance Group", "Position Line", "Table Text", "Table Heading", "Matrix Text", "Chart", "Bracketed",
          "Overdue", "Label", "Readout Table", "Readout Matrix", "Table Number", "Table Heading Number", "Detail",
          *STANCE_STYLE.values(), STALE_STYLE, NONE_STYLE)


@dataclass(frozen=True)
class ReadoutOptions:
    meeting: str | None = "latest"  # a meeting id (or its unique start/end), "latest", or None: whole roundtable
    sections: frozenset[str] = frozenset(SECTIONS)
    marking: str = DEFAULT_MARKING
    author: str | None = None  # the document's author property; default: whose copy this is


def default_readout_path(rt, meeting_ref: str | None, folder: Path = Path("exports")) -> Path:
    """`<folder>/<roundtable-slug>-<meeting date>.docx`, with -2, -3… so it never names an existing file."""
    meeting = resolve_meeting(rt, meeting_ref)
    stem = f"{_slug(rt.info.title)}-{meeting.date if meeting else date.today().isoformat()}"
    folder = Path(folder)
    path = folder / f"{stem}.docx"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.docx"
        n += 1
    return path


def _slug(title: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or "readout"


def write_readout(rt, out: Path, options: ReadoutOptions = ReadoutOptions(), progress: Progress | None = None) -> Path:
    """Write the readout to `out` (never over an existing file) and return `out`.

    `progress(done, total, text)` is called as the work goes on; if it raises, the
    readout stops there and the exception propagates. The document is written to a
    temporary file beside `out` and renamed into place at the end, so a cancelled or
    failed run leaves nothing behind.
    """
    out = Path(out)
    if out.exists():
        raise FileProblem(f"{out} already exists; a readout never replaces a file, so choose another name")
    unknown = set(options.sections) - set(SECTIONS)
    if unknown:
        raise InvalidInput(f"unknown readout section(s) {', '.join(sorted(unknown))}; "
                           f"choose from {', '.join(SECTIONS)}")
    report = progress or (lambda done, total, text: None)
    report(0, 1, "Reading the roundtable")
    data = gather(rt, options.meeting, with_progress="progress" in options.sections)  # a second on large files
    doc = ReadoutDocument()
    doc.require_styles(STYLES)
    chosen = [name for name in SECTIONS if name in options.sections]
    total = 2 + sum(_WRITERS[name][1](doc, data) for name in chosen)
    done = 1
    doc.set_header_footer(options.marking)
    previous = None
    for name in chosen:
        _start(doc, name, previous, data)
        for label in _WRITERS[name][0](doc, data):
            report(min(done, total - 1), total, label)
            done += 1
        previous = name
    if not chosen:
        doc.add(doc.para("No sections were chosen for this readout.", "Readout Note"))
    report(total - 1, total, "Saving the document")
    _set_properties(doc, rt, data, options)
    _save(doc, out)
    report(total, total, "Done")
    return out


def _start(doc: ReadoutDocument, name: str, previous: str | None, data: ReadoutData) -> None:
    """Page set-up before a section: landscape for the matrix, a new page for big sections.

    A section with nothing to show (no principles, no action items) is one line saying so:
    it follows on the same page, in the same orientation.
    """
    empty = not data.actions if name == "actions" else not data.principles
    landscape = name in _LANDSCAPE and not empty
    if not doc.has_content:
        doc.orient(landscape=landscape)
    elif landscape != doc.landscape:
        doc.new_section(landscape=landscape)
    elif previous == "cover" or (name in _NEW_PAGE and not empty):
        doc.break_page()


def _set_properties(doc: ReadoutDocument, rt, data: ReadoutData, options: ReadoutOptions) -> None:
    about = data.meeting.title if data.meeting else "the roundtable as a whole"
    doc.set_properties(title=f"{data.title} — readout: {about}",
                       author=options.author or rt.info.owner,
                       subject=f"Readout: {about}", created=data.generated)


def _save(doc: ReadoutDocument, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    # Not mkstemp: its files are private (0600), and a readout is meant to be shared like any
    # other document the user saves; "x" still refuses a name that is taken.
    tmp = out.parent / f".{out.stem}-{secrets.token_hex(4)}.docx.part"
    try:
        with open(tmp, "xb") as f:
            doc.save(f)
        if out.exists():  # appeared while we were writing: still never replace it
            raise FileProblem(f"{out} already exists; a readout never replaces a file, so choose another name")
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


__all__ = ["DEFAULT_MARKING", "SECTIONS", "ReadoutOptions", "default_readout_path", "write_readout"]
