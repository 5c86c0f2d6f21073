"""The positions matrix as a spreadsheet: delegations × principles, as CSV or an Excel workbook.

Cells say the same thing in `matrix_frame`, the CSV and the workbook:

- a current stance is its value, as the command line writes it: `support`, `object`, …;
- a **stale** stance (given on an older version of the text, so it counts as no
  position) is that value followed by " (stale)": `support (stale)`;
- no position at all is an empty cell.

The CSV is the matrix alone: a `delegation` column (codes), then `P1`, `P2`, … The
workbook has three sheets: "Positions" (the matrix in the app's colours, header row
and code column frozen, a legend below the table), "Consensus" (one row per
principle, counted over the same delegations) and "Action items". Files are written
beside the target and moved into place, so a cancelled or failed export leaves
nothing half-written, and an existing file is replaced only when asked.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from .errors import FileProblem, InvalidInput
from .model import ActionStatus, Position
from .stances import NO_POSITION, Stance, Status

FORMATS = ("csv", "xlsx")
STALE_SUFFIX = " (stale)"
SHEETS = ("Positions", "Consensus", "Action items")

# The app's Okabe–Ito colours (qroundtable/ui/style.py) as hex, with the same text colours on top;
# tests/ui/test_export_dialogs.py keeps the two tables equal.
STANCE_FILL = {
    Stance.SUPPORT: "009E73",
    Stance.SUPPORT_WITH_AMENDMENTS: "56B4E9",
    Stance.RESERVATION: "E69F00",
    Stance.ABSTAIN: "BBBBBB",
    Stance.OBJECT: "D55E00",
}
STANCE_FONT = {
    Stance.SUPPORT: "FFFFFF",
    Stance.SUPPORT_WITH_AMENDMENTS: "0B2233",
    Stance.RESERVATION: "2B1D00",
    Stance.ABSTAIN: "202020",
    Stance.OBJECT: "FFFFFF",
}
STALE_FILL, STALE_FONT = "F2F2F2", "6E6E6E"
STATUS_FILL = {Status.AGREED: "009E73", Status.NEAR: "E69F00", Status.CONTESTED: "D55E00",
               Status.NOT_DISCUSSED: "9E9E9E"}
STATUS_FONT = {Status.AGREED: "FFFFFF", Status.NEAR: "2B1D00", Status.CONTESTED: "FFFFFF",
               Status.NOT_DISCUSSED: "FFFFFF"}
HEADER_FILL, HEADER_FONT = "1F2A37", "FFFFFF"
OVERDUE_FONT = "D55E00"
GRID = "C8CDD3"

LEGEND = {
    Stance.SUPPORT: "Support",
    Stance.SUPPORT_WITH_AMENDMENTS: "Support, with amendments proposed",
    Stance.RESERVATION: "Reservation: ad referendum, awaiting instructions from capital",
    Stance.ABSTAIN: "Abstain",
    Stance.OBJECT: "Object: a formal objection",
}

Progress = Callable[[int, int, str], None]


def cell_text(position: Position | None) -> str | None:
    """What a matrix cell says for `position` (see the module docstring)."""
    if position is None:
        return None
    return position.stance.value + (STALE_SUFFIX if position.stale else "")


def _delegation_codes(rt, meeting: str | None) -> list[str]:
    """The delegations counted, in the roundtable's order: a meeting's attendees, or all."""
    wanted = set(rt.expected_delegations(meeting))
    return [d.code for d in rt.delegations.list() if d.code in wanted]


def matrix_frame(rt, meeting: str | None = None) -> pd.DataFrame:
    """Delegations (index `delegation`, codes) × principles (columns `P1`, `P2`, …) of cell texts."""
    meeting = rt.meetings.get(meeting).id if meeting else None
    codes = _delegation_codes(rt, meeting)
    principles = [p.number for p in rt.principles.list()]
    cells = {(p.delegation, p.principle): cell_text(p) for p in rt.positions.list()}
    frame = pd.DataFrame([[cells.get((code, n)) for n in principles] for code in codes],
                         index=pd.Index(codes, name="delegation"), columns=[f"P{n}" for n in principles],
                         dtype=object)
    return frame


def consensus_frame(rt, meeting: str | None = None) -> pd.DataFrame:
    """One row per principle: status, counts per stance and `no_position`, missing and objecting codes.

    `by_silence` says an `agreed` came from a silence procedure that passed unbroken, not from the stances.
    """
    rows = [{"principle": c.principle, "title": c.title, "status": c.status.value,
             **{s.value: c.counts.get(s.value, 0) for s in Stance}, NO_POSITION: c.counts.get(NO_POSITION, 0),
             "missing": " ".join(c.missing), "objecting": " ".join(c.objecting), "by_silence": c.by_silence}
            for c in rt.consensus(meeting)]
    columns = ["principle", "title", "status", *[s.value for s in Stance], NO_POSITION, "missing", "objecting",
               "by_silence"]
    return pd.DataFrame(rows, columns=columns)


def actions_frame(rt, today: date | None = None) -> pd.DataFrame:
    """Every action item, soonest due first; `overdue` when its due date has passed and it is not finished."""
    today = today or date.today()
    unfinished = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
    rows = []
    for a in rt.actions.list():
        due = date.fromisoformat(a.due) if a.due else None
        rows.append({"title": a.title, "owner": a.owner, "assignee": a.assignee, "due": due,
                     "status": a.status.value, "principle": a.principle,
                     "overdue": bool(due and due < today and a.status in unfinished)})
    frame = pd.DataFrame(rows, columns=["title", "owner", "assignee", "due", "status", "principle", "overdue"])
    frame["principle"] = frame["principle"].astype("Int64")
    return frame


def default_matrix_path(rt, meeting: str | None, fmt: str, folder: Path = Path("exports")) -> Path:
    """A file name in `folder` that does not exist yet: positions-matrix-<meeting date or all>.<fmt>."""
    tag = rt.meetings.get(meeting).date if meeting else "all"
    path = Path(folder) / f"positions-matrix-{tag}.{fmt}"
    n = 2
    while path.exists():
        path = Path(folder) / f"positions-matrix-{tag}-{n}.{fmt}"
        n += 1
    return path


def export_matrix(rt, path: str | Path, fmt: str, meeting: str | None = None, *, overwrite: bool = False,
                  progress: Progress | None = None, today: date | None = None) -> Path:
    """Write the matrix to `path` as `csv` or `xlsx`; refuses an existing file unless `overwrite`.

    `progress(done, total, text)` is called between steps and may raise to cancel: nothing is
    left behind then, and a file being replaced keeps its old content.
    """
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; choose csv or xlsx")
    path = Path(path)
    if path.is_dir():
        raise FileProblem(f"{path} is a folder; name a file to write")
    if path.exists() and not overwrite:
        raise FileProblem(f"{path} already exists; choose another name or allow replacing it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileProblem(f"cannot create the folder for {path}: {exc.strerror}") from None
    step = progress or (lambda done, total, text: None)
    total = 2 if fmt == "csv" else 5
    step(0, total, "Reading positions…")
    meeting = rt.meetings.get(meeting).id if meeting else None  # "latest" means one meeting throughout
    frame = matrix_frame(rt, meeting)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        if fmt == "csv":
            step(1, total, f"Writing {path.name}…")
            frame.reset_index().to_csv(partial, index=False, lineterminator="\n")
        else:
            _write_workbook(rt, partial, frame, meeting, step, total, today)
        step(total, total, f"Saving {path.name}…")
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise FileProblem(f"could not write {path}: {exc.strerror or exc}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


# -- the workbook ---------------------------------------------------------------------------------


def _write_workbook(rt, out: Path, frame: pd.DataFrame, meeting: str | None, step: Progress, total: int,
                    today: date | None) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.title = f"{rt.info.title}: positions"
    wb.properties.creator = "qroundtable"
    step(1, total, "Writing the positions matrix…")
    _positions_sheet(wb.active, rt, frame, meeting, today or date.today())
    step(2, total, "Writing the consensus table…")
    _consensus_sheet(wb.create_sheet("Consensus"), consensus_frame(rt, meeting))
    step(3, total, "Writing the action items…")
    _actions_sheet(wb.create_sheet("Action items"), actions_frame(rt, today))
    step(4, total, "Saving the workbook…")
    wb.save(out)


def _fill(hex_rgb: str):
    from openpyxl.styles import PatternFill

    return PatternFill(fill_type="solid", start_color="FF" + hex_rgb, end_color="FF" + hex_rgb)


def _font(hex_rgb: str, **kwargs):
    from openpyxl.styles import Font

    return Font(color="FF" + hex_rgb, **kwargs)


def _header(ws, headings: list[str]) -> None:
    from openpyxl.styles import Alignment

    ws.append(headings)
    for cell in ws[1]:
        cell.fill = _fill(HEADER_FILL)
        cell.font = _font(HEADER_FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _style_stance(cell, text: str | None) -> None:
    """Colour a matrix (or legend) cell the way the app's Positions view paints it."""
    from openpyxl.styles import Alignment, Border, Side

    edge = Side(style="thin", color="FF" + GRID)
    cell.border = Border(left=edge, right=edge, top=edge, bottom=edge)  # an empty cell still reads as a cell
    cell.alignment = Alignment(horizontal="center")
    if not text:
        return
    stale = text.endswith(STALE_SUFFIX)
    stance = Stance(text.removesuffix(STALE_SUFFIX))
    if stale:
        cell.fill, cell.font = _fill(STALE_FILL), _font(STALE_FONT, italic=True)
    else:
        cell.fill, cell.font = _fill(STANCE_FILL[stance]), _font(STANCE_FONT[stance], bold=stance == Stance.OBJECT)


def _positions_sheet(ws, rt, frame: pd.DataFrame, meeting: str | None, today: date) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.title = "Positions"
    _header(ws, ["delegation", *frame.columns])
    titles = {f"P{p.number}": p.title for p in rt.principles.list()}
    for cell in ws[1][1:]:
        cell.comment = Comment(f"{cell.value}: {titles.get(cell.value, '')}", "qroundtable", width=240, height=60)
    for code, row in frame.iterrows():
        ws.append([code, *row.tolist()])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for col, text in enumerate(row.tolist(), start=2):
            _style_stance(ws.cell(ws.max_row, col), text)

    # The legend, two rows below the table: a sample cell in column B, its meaning beside it.
    r = ws.max_row + 2
    ws.cell(r, 1, "Legend").font = Font(bold=True)
    samples = [(s.value, LEGEND[s]) for s in Stance]
    samples.append((Stance.SUPPORT.value + STALE_SUFFIX,
                    "Stale: given on an older version of the text, so it counts as no position"))
    samples.append((None, "Empty: no position"))
    for i, (sample, meaning) in enumerate(samples):
        cell = ws.cell(r + i, 2, sample)
        _style_stance(cell, sample)
        ws.cell(r + i, 3, meaning)
    r += len(samples) + 1
    if meeting:
        m = rt.meetings.get(meeting)
        counted = f"Delegations: the attendees of {m.title} ({m.date})"
    else:
        counted = "Delegations: all delegations of the roundtable"
    for i, line in enumerate([rt.info.title, counted, f"Exported {today.isoformat()} by qroundtable"]):
        ws.cell(r + i, 1, line).font = Font(italic=True, color="FF555555")

    ws.column_dimensions["A"].width = max(12, *(len(str(c)) + 3 for c in frame.index)) if len(frame) else 12
    texts = [t for t in frame.to_numpy().ravel().tolist() if t] + [s for s, _ in samples if s]
    width = max(10, *(len(t) + 3 for t in texts))
    for col in range(2, len(frame.columns) + 2):
        ws.column_dimensions[get_column_letter(col)].width = width
    if not len(frame.columns):
        ws.column_dimensions["B"].width = width


def _fit(ws, caps: dict[str, int] | None = None) -> None:
    """Each column as wide as its longest text (headings included), up to its cap."""
    from openpyxl.utils import get_column_letter

    caps = caps or {}
    for col, cells in enumerate(ws.iter_cols(values_only=True), start=1):
        heading = str(cells[0])
        longest = max(len(_shown(v)) for v in cells)
        ws.column_dimensions[get_column_letter(col)].width = min(caps.get(heading, 40), max(8, longest + 3))


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return "2000-01-01"
    return str(value)


def _consensus_sheet(ws, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Alignment

    _header(ws, list(frame.columns))
    status_col = list(frame.columns).index("status") + 1
    for row in frame.itertuples(index=False):
        ws.append(list(row))
        status = ws.cell(ws.max_row, status_col)
        status.fill = _fill(STATUS_FILL[Status(status.value)])
        status.font = _font(STATUS_FONT[Status(status.value)], bold=True)
        status.alignment = Alignment(horizontal="center")
    _fit(ws, {"title": 50, "missing": 40, "objecting": 30})


def _actions_sheet(ws, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Alignment

    _header(ws, list(frame.columns))
    columns = list(frame.columns)
    due_col, overdue_col = columns.index("due") + 1, columns.index("overdue") + 1
    for record in frame.to_dict("records"):
        ws.append([None if pd.isna(v) else v for v in record.values()])
        r = ws.max_row
        ws.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(r, due_col).number_format = "yyyy-mm-dd"
        if record["overdue"]:
            for col in (due_col, overdue_col):
                ws.cell(r, col).font = _font(OVERDUE_FONT, bold=True)
    _fit(ws, {"title": 60})
