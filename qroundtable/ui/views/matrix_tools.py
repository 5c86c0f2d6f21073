"""What the positions matrix offers beside recording stances: its cells as a spreadsheet's
tab-separated text (Ctrl+C), and showing only the principles that need work."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt

from ...cells import csv_text
from ...errors import RoundtableError
from ...model import PrincipleConsensus
from ...stances import STANCE_LABELS, Status

# The "Principles" filter above the matrix: label, and which principles it keeps (None: all).
PRINCIPLE_FILTERS: list[tuple[str, Callable[[PrincipleConsensus], bool] | None]] = [
    ("All principles", None),
    ("Only contested", lambda c: c.status is Status.CONTESTED),
    ("Only where someone objects", lambda c: bool(c.counts.get("object"))),
    ("Only not yet agreed", lambda c: c.status not in (Status.AGREED,)),
]


def principles_kept(session, keep) -> set[int] | None:
    """Numbers of the principles `keep` keeps, counted as the consensus page counts; None: every one."""
    if keep is None or session.rt is None:
        return None
    try:
        rows = session.consensus(session.meeting_id)
    except RoundtableError:  # a meeting without attendance: everyone is counted, as elsewhere
        rows = session.consensus(None)
    return {c.principle for c in rows if keep(c)}


def cells_as_text(model, indexes: list[QModelIndex]) -> str:
    """The rectangle spanning `indexes` as tab-separated lines, its row and column labels first;
    cells inside it that were not selected stay empty. Pastes into Excel and LibreOffice as a table."""
    if not indexes:
        return ""
    chosen = {(i.row(), i.column()) for i in indexes}
    rows = sorted({r for r, _ in chosen})
    columns = sorted({c for _, c in chosen})

    def header(section: int, orientation) -> str:
        return str(model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole) or "").replace(" ✎", "")

    lines = ["\t".join([""] + [csv_text(header(c, Qt.Orientation.Horizontal)) for c in columns])]
    for r in rows:
        cells = [csv_text(header(r, Qt.Orientation.Vertical))]
        for c in columns:
            position = model.position_at(model.index(r, c)) if (r, c) in chosen else None
            text = ""
            if position is not None:
                text = STANCE_LABELS[position.stance] + (" (on an earlier text)" if position.stale else "")
            cells.append(csv_text(text))  # never a formula, like every export
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"
