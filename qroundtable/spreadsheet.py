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

Titles, names, codes and comments come from people and from other people's files: in
the workbook every such cell is typed as text, so `=HYPERLINK(...)` stays those
characters and never becomes a live formula; in the CSV, which has no types, a field
a spreadsheet would read as a formula gets a leading apostrophe (`cells.csv_text`).
Characters a workbook cannot hold (U+FFFF, control characters) become U+FFFD.
"""

from __future__ import annotations

import os
import textwrap
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from . import palette
from .cells import csv_text, looks_like_formula, printable
from .errors import FileProblem, InvalidInput
from .model import Position
from .stances import NO_POSITION, NO_POSITION_LABEL, STALE_MEANING, STANCE_MEANINGS, Stance, Status

FORMATS = ("csv", "xlsx")
STALE_SUFFIX = " (stale)"
SHEETS = ("Positions", "Consensus", "Action items", "Progress")
HEADER_FILL, HEADER_INK = "#1F2A37", "#FFFFFF"
GRID = "#C8CDD3"
FOOTNOTE_INK = "#555555"

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

    `by_silence` says an `agreed` came from a silence procedure that passed unbroken, `by_vote` from a roll-call
    vote that adopted the current text, not from the stances.
    """
    rows = [{"principle": c.principle, "title": c.title, "status": c.status.value,
             **{s.value: c.counts.get(s.value, 0) for s in Stance}, NO_POSITION: c.counts.get(NO_POSITION, 0),
             "missing": " ".join(c.missing), "objecting": " ".join(c.objecting), "by_silence": c.by_silence,
             "by_vote": c.by_vote}
            for c in rt.consensus(meeting)]
    columns = ["principle", "title", "status", *[s.value for s in Stance], NO_POSITION, "missing", "objecting",
               "by_silence", "by_vote"]
    return pd.DataFrame(rows, columns=columns)


def actions_frame(rt, today: date | None = None) -> pd.DataFrame:
    """Every action item, soonest due first; `overdue` when its due date has passed and it is not finished."""
    today = today or date.today()
    rows = [{"title": a.title, "owner": a.owner, "assignee": a.assignee,
             "due": date.fromisoformat(a.due) if a.due else None, "status": a.status.value,
             "principle": a.principle, "overdue": a.is_overdue(today)}
            for a in rt.actions.list()]
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
    total = 2 if fmt == "csv" else 6
    step(0, total, "Reading positions…")
    meeting = rt.meetings.get(meeting).id if meeting else None  # "latest" means one meeting throughout
    frame = matrix_frame(rt, meeting)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        if fmt == "csv":
            step(1, total, f"Writing {path.name}…")
            frame.reset_index().map(csv_text).to_csv(partial, index=False, lineterminator="\n")
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
#
# Written in openpyxl's write-only mode, row by row, every cell's look one of a few named
# styles made once: a style object per cell (and reading `ws.max_row` for every cell) made
# the benchmark's 195 x 200 matrix with 5,000 action items take 50 s.


def _write_workbook(rt, out: Path, frame: pd.DataFrame, meeting: str | None, step: Progress, total: int,
                    today: date | None) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.title = printable(f"{rt.info.title}: positions")
    wb.properties.creator = "qroundtable"
    book = _Book(wb)
    step(1, total, "Writing the positions matrix…")
    _positions_sheet(book, rt, frame, meeting, today or date.today())
    step(2, total, "Writing the consensus table…")
    _consensus_sheet(book, consensus_frame(rt, meeting))
    step(3, total, "Writing the action items…")
    _actions_sheet(book, actions_frame(rt, today))
    step(4, total, "Writing the negotiation progress…")
    _progress_sheet(book, rt.progress())
    step(5, total, "Saving the workbook…")
    wb.save(out)
    _fonts_in_schema_order(out)


# The order the Open XML SDK (and Excel, writing) gives a font's children; openpyxl writes the name first, which
# Excel reads but the SDK's validator reports as a schema error in every font.
_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color", "name",
               "family", "charset", "scheme")


def _fonts_in_schema_order(path: Path) -> None:
    """Rewrite the saved workbook's styles part with each font's children in the SDK's order; the rest as it was."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as z:
        parts = [(item, z.read(item.filename)) for item in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for item, data in parts:
            if item.filename == "xl/styles.xml":
                root = etree.fromstring(data)
                for font in root.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}font"):
                    for child in sorted(font, key=lambda e: _FONT_ORDER.index(etree.QName(e).localname)
                                        if etree.QName(e).localname in _FONT_ORDER else len(_FONT_ORDER)):
                        font.append(child)  # appending in order moves each to the end: the sorted sequence
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            z.writestr(item, data)


class _Book:
    """The workbook being written and the named styles its cells share."""

    def __init__(self, wb):
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        def fill(color):
            return PatternFill(fill_type="solid", start_color="FF" + palette.bare(color),
                               end_color="FF" + palette.bare(color))

        def font(color=None, **kwargs):
            # Named like the workbook's default font: without a name LibreOffice falls back to a serif.
            return Font(name="Calibri", size=11, color="FF" + palette.bare(color) if color else None, **kwargs)

        edge = Side(style="thin", color="FF" + palette.bare(GRID))
        grid = Border(left=edge, right=edge, top=edge, bottom=edge)  # an empty matrix cell still reads as a cell
        centre, top = Alignment(horizontal="center"), Alignment(vertical="top")
        looks = {
            "header": dict(fill=fill(HEADER_FILL), font=font(HEADER_INK, bold=True),
                           alignment=Alignment(horizontal="center", vertical="center")),
            "code": dict(font=font(bold=True)),
            "empty": dict(border=grid, alignment=centre),
            "stale": dict(fill=fill(palette.STALE_FILL), font=font(palette.STALE_INK, italic=True), border=grid,
                          alignment=centre),
            "footnote": dict(font=font(FOOTNOTE_INK, italic=True)),
            "bold": dict(font=font(bold=True)),
            # An action item's row: cells at the top, beside a title wrapped over several lines.
            "action": dict(alignment=top),
            "action title": dict(alignment=Alignment(wrap_text=True, vertical="top")),
            "action date": dict(number_format="yyyy-mm-dd", alignment=top),
            "action overdue": dict(fill=fill(palette.OVERDUE_FILL), font=font(palette.OVERDUE_INK, bold=True),
                                   alignment=top),
            "action overdue date": dict(fill=fill(palette.OVERDUE_FILL), font=font(palette.OVERDUE_INK, bold=True),
                                        number_format="yyyy-mm-dd", alignment=top),
        }
        for stance in Stance:
            looks[stance.value] = dict(fill=fill(palette.STANCE_FILL[stance]),
                                       font=font(palette.STANCE_INK[stance], bold=stance == Stance.OBJECT),
                                       border=grid, alignment=centre)
        for status in Status:
            looks[f"status {status.value}"] = dict(fill=fill(palette.STATUS_FILL[status]),
                                                   font=font(palette.STATUS_INK[status], bold=True), alignment=centre)
        self.wb = wb
        self.styles = {}
        for name, look in looks.items():
            style = NamedStyle(name=f"qroundtable {name}", **{"font": font(), **look})
            wb.add_named_style(style)
            self.styles[name] = style.name

    def sheet(self, title: str):
        """A new sheet, its heading row frozen and repeated on every printed page, fitted to the page width."""
        ws = self.wb.create_sheet(title)
        ws.freeze_panes = "B2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        return ws

    def cell(self, ws, value, look: str | None = None):
        """One cell; user text stays text: never a formula, an error code or an unwritable character."""
        from openpyxl.cell import WriteOnlyCell

        if isinstance(value, str):
            value = printable(value)
        cell = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            # openpyxl reads "=..." as a formula and "#N/A" as an error; an inline string is neither.
            cell.data_type = "s"
        if look is not None:
            cell.style = self.styles[look]
        if isinstance(value, str) and looks_like_formula(value):
            # Excel's "quote prefix": the cell stays text even when someone edits it and presses Enter.
            cell.quotePrefix = True
        return cell

    def headings(self, ws, headings: list[str], notes: dict[str, str] | None = None) -> None:
        from openpyxl.comments import Comment

        row = []
        for heading in headings:
            cell = self.cell(ws, heading, "header")
            if notes and heading in notes:
                cell.comment = Comment(printable(notes[heading]), "qroundtable", width=240, height=60)
            row.append(cell)
        ws.append(row)


def _stance_look(text: str | None) -> str:
    """The named style of a matrix (or legend) cell, as the app's Positions view paints it."""
    if not text:
        return "empty"
    if text.endswith(STALE_SUFFIX):
        return "stale"
    return Stance(text).value


def _positions_sheet(book: _Book, rt, frame: pd.DataFrame, meeting: str | None, today: date) -> None:
    from openpyxl.utils import get_column_letter

    codes = [str(c) for c in frame.index]
    columns = list(frame.columns)
    samples = [(s.value, STANCE_MEANINGS[s]) for s in Stance]
    samples.append((Stance.SUPPORT.value + STALE_SUFFIX, STALE_MEANING))
    samples.append((None, f"Empty: {NO_POSITION_LABEL.lower()}"))
    if meeting:
        m = rt.meetings.get(meeting)
        counted = f"Delegations: the attendees of {m.title} ({m.date})"
    else:
        counted = "Delegations: all delegations of the roundtable"
    footnotes = [rt.info.title, counted, f"Exported {today.isoformat()} by qroundtable"]

    # Column widths go before the rows in write-only mode; they come from the texts themselves.
    ws = book.sheet("Positions")
    ws.column_dimensions["A"].width = max(12, *(len(c) + 3 for c in codes)) if codes else 12
    rows = frame.to_numpy().tolist()
    texts = {t for row in rows for t in row if t} | {s for s, _ in samples if s}
    width = max(10, *(len(t) + 3 for t in texts))
    for col in range(2, max(len(columns), 1) + 2):
        ws.column_dimensions[get_column_letter(col)].width = width

    titles = {f"P{p.number}": f"P{p.number}: {p.title}" for p in rt.principles.list()}
    book.headings(ws, ["delegation", *columns], notes=titles)
    for code, row in zip(codes, rows):
        ws.append([book.cell(ws, code, "code"), *(book.cell(ws, text, _stance_look(text)) for text in row)])

    # The legend, two rows below the table: a sample cell in column B, its meaning beside it.
    ws.append([])
    for i, (sample, meaning) in enumerate(samples):
        first = book.cell(ws, "Legend", "bold") if i == 0 else None
        ws.append([first, book.cell(ws, sample, _stance_look(sample)), book.cell(ws, meaning)])
    ws.append([])
    for line in footnotes:
        ws.append([book.cell(ws, line, "footnote")])


def _fit(ws, frame: pd.DataFrame, caps: dict[str, int], *below: pd.DataFrame) -> None:
    """Each column as wide as its longest text (headings included, of tables `below` too), up to its cap
    (40 unless named)."""
    from openpyxl.utils import get_column_letter

    for col, heading in enumerate(frame.columns, start=1):
        texts = [heading, *frame[heading].tolist()]
        for other in below:
            if col <= len(other.columns):
                texts += [other.columns[col - 1], *other.iloc[:, col - 1].tolist()]
        longest = max(len(_shown(v)) for v in texts)
        ws.column_dimensions[get_column_letter(col)].width = min(caps.get(heading, 40), max(8, longest + 3))


def _shown(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, date):
        return "2000-01-01"
    return str(value)


def _consensus_sheet(book: _Book, frame: pd.DataFrame) -> None:
    headings = list(frame.columns)
    ws = book.sheet("Consensus")
    _fit(ws, frame, {"title": 50, "missing": 40, "objecting": 30})
    book.headings(ws, headings)
    status_col = headings.index("status")
    for row in frame.itertuples(index=False):
        values = list(row)
        ws.append([book.cell(ws, v, f"status {v}" if col == status_col else None) for col, v in enumerate(values)])


def _actions_sheet(book: _Book, frame: pd.DataFrame) -> None:
    headings = list(frame.columns)
    ws = book.sheet("Action items")
    _fit(ws, frame, {"title": 60})
    book.headings(ws, headings)
    # A wrapped title needs a taller row, and LibreOffice does not grow rows as it opens a file.
    per_line = int(ws.column_dimensions["A"].width)
    for row, title in enumerate(frame["title"].tolist(), start=2):
        lines = len(textwrap.wrap(title, per_line)) if per_line > 0 else 1
        if lines > 1:
            ws.row_dimensions[row].height = 15 * lines
    for record in frame.to_dict("records"):
        late = record["overdue"]
        looks = {"title": "action title", "due": "action overdue date" if late else "action date",
                 "overdue": "action overdue" if late else "action"}
        ws.append([book.cell(ws, None if pd.isna(v) else v, looks.get(k, "action")) for k, v in record.items()])


def _progress_sheet(book: _Book, progress) -> None:
    """Milestone by milestone (with a line chart of brackets and agreed principles), then each delegation's shifts."""
    from openpyxl.chart import LineChart, Reference

    milestones, shifts = progress.milestones_shown(), progress.shifts_shown()
    ws = book.sheet("Progress")
    _fit(ws, milestones, {}, shifts)
    book.headings(ws, list(milestones.columns))
    for row in milestones.itertuples(index=False):
        ws.append([book.cell(ws, v) for v in row])
    ws.append([])
    ws.append([book.cell(ws, "Stance shifts per delegation", "bold")])
    book.headings(ws, list(shifts.columns))
    for row in shifts.itertuples(index=False):
        ws.append([book.cell(ws, v) for v in row])
    if len(milestones) > 1:
        chart = LineChart()
        chart.title = "Brackets remaining and principles agreed"
        chart.y_axis.title = "count"
        columns = list(milestones.columns)
        for name in ("brackets", "agreed"):
            col = columns.index(name) + 1
            chart.add_data(Reference(ws, min_col=col, min_row=1, max_row=len(milestones) + 1), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(milestones) + 1))
        for series in chart.series:
            series.smooth = False  # a count between two milestones is not a curve
        chart.width, chart.height = 24, 9
        ws.add_chart(chart, f"A{len(milestones) + len(shifts) + 7}")
