"""The principles as a table: number, title, consensus badge, bracket count, version."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ...brackets import count_brackets
from ...errors import RoundtableError
from ...model import OpChanges, Principle, PrincipleConsensus, Stage
from ...stances import NO_POSITION, STANCE_LABELS, Stance
from ..session import Session
from ..style import STATUS_COLORS, STATUS_TEXT, status_badge

NUMBER, TITLE, STATUS, BRACKETS, VERSION = range(5)
HEADERS = ("#", "Principle", "Consensus", "Brackets", "Version")
HEADER_TIPS = (
    "Principle number",
    "Short title of the principle",
    "Consensus among the delegations expected (the meeting in view, or all delegations)",
    "Bracketed (disputed) segments in the current text",
    "Current version of the text",
)
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1  # int: the principle's number
PRINCIPLE_ROLE = Qt.ItemDataRole.UserRole + 2  # Principle
CONSENSUS_ROLE = Qt.ItemDataRole.UserRole + 3  # PrincipleConsensus or None


@dataclass
class PrincipleRow:
    principle: Principle
    consensus: PrincipleConsensus | None
    consensus_problem: str  # why there is no consensus figure, for the tooltip
    bracket_warnings: tuple[str, ...]


def _consensus_tooltip(c: PrincipleConsensus) -> str:
    lines = [status_badge(c.status)]
    counts = [f"{n} {STANCE_LABELS[Stance(k)].lower()}" for k, n in c.counts.items() if n and k != NO_POSITION]
    if counts:
        lines.append(", ".join(counts))
    if c.counts.get(NO_POSITION):
        lines.append(f"{c.counts[NO_POSITION]} without a current position")
    if c.objecting:
        lines.append("Objecting: " + ", ".join(c.objecting))
    if c.missing:
        lines.append("No current position: " + ", ".join(c.missing))
    if c.by_vote:
        lines.append("Agreed by a roll-call vote on its current text")
    elif c.by_silence:
        lines.append(f"Agreed by silence procedure (deadline {c.silence_deadline})")
    elif c.silence_deadline:
        lines.append(f"Under silence procedure until {c.silence_deadline}")
    return "\n".join(lines)


class PrincipleListModel(QAbstractTableModel):
    """Read-only list of the open roundtable's principles, refreshed row by row from OpChanges."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self._rows: list[PrincipleRow] = []

    # -- reading the façade -------------------------------------------------------------

    def _consensus(self, numbers: list[int]) -> tuple[dict[int, PrincipleConsensus], str]:
        rt = self.session.rt
        if rt is None or not numbers:
            return {}, ""
        try:
            rows = self.session.consensus(self.session.meeting_id, numbers)
        except RoundtableError as exc:
            return {}, str(exc)
        return {c.principle: c for c in rows}, ""

    def _make_rows(self, principles: list[Principle]) -> list[PrincipleRow]:
        consensus, problem = self._consensus([p.number for p in principles])
        return [PrincipleRow(p, consensus.get(p.number), problem, count_brackets(p.text).warnings)
                for p in principles]

    def reload(self) -> None:
        """Everything again from the façade (a file was opened)."""
        self.beginResetModel()
        rt = self.session.rt
        self._rows = self._make_rows(rt.principles.list()) if rt is not None else []
        self.endResetModel()

    def apply_changes(self, changes: OpChanges) -> None:
        """Refresh the rows `changes` touched; reset only when principles came or went."""
        rt = self.session.rt
        if rt is None:
            return
        if changes.adds_or_removes("principles"):
            self.reload()
            return
        if changes.moves_all_consensus:
            self.refresh_all()
            return
        ids = changes.principle_ids()
        rows = [i for i, r in enumerate(self._rows) if r.principle.id in ids]
        if not rows:
            return
        if changes.touches_principle_text:
            fresh = {p.id: p for p in rt.principles.list() if p.id in ids}
            if len(fresh) != len(rows):  # a principle vanished some other way: start over
                self.reload()
                return
        else:  # only stances moved: the principles themselves are as they were
            fresh = {self._rows[i].principle.id: self._rows[i].principle for i in rows}
        updated = self._make_rows([fresh[self._rows[i].principle.id] for i in rows])
        for i, row in zip(rows, updated):
            self._rows[i] = row
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(HEADERS) - 1))

    def refresh_all(self) -> None:
        """Every row's values again, same rows (e.g. another meeting in view)."""
        rt = self.session.rt
        if rt is None or not self._rows:
            return
        principles = rt.principles.list()
        if [p.id for p in principles] != [r.principle.id for r in self._rows]:
            self.reload()
            return
        self._rows = self._make_rows(principles)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1))

    # -- lookups for the view ------------------------------------------------------------

    def principle_at(self, row: int) -> Principle | None:
        return self._rows[row].principle if 0 <= row < len(self._rows) else None

    def consensus_at(self, row: int) -> PrincipleConsensus | None:
        return self._rows[row].consensus if 0 <= row < len(self._rows) else None

    def row_of(self, number: int) -> int:
        """The row showing principle `number`, or -1."""
        for i, r in enumerate(self._rows):
            if r.principle.number == number:
                return i
        return -1

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        p, c, column = row.principle, row.consensus, index.column()
        if role == NUMBER_ROLE:
            return p.number
        if role == PRINCIPLE_ROLE:
            return p
        if role == CONSENSUS_ROLE:
            return c
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (NUMBER, BRACKETS, VERSION):
            return int(Qt.AlignmentFlag.AlignCenter)
        if column == STATUS and c is not None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return STATUS_COLORS[c.status]
            if role == Qt.ItemDataRole.ForegroundRole:
                return STATUS_TEXT[c.status]
        if role == Qt.ItemDataRole.FontRole and column == TITLE and p.stage is Stage.WITHDRAWN:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _display(self, row: PrincipleRow, column: int) -> str:
        p = row.principle
        if column == NUMBER:
            return str(p.number)
        if column == TITLE:
            return p.title if p.stage is Stage.DRAFT else f"{p.title} ({p.stage.value})"
        if column == STATUS:
            return status_badge(row.consensus.status) if row.consensus else "?"
        if column == BRACKETS:
            return f"{p.current.brackets} ⚠" if row.bracket_warnings else str(p.current.brackets)
        if column == VERSION:
            return f"v{p.current.seq}"
        return ""

    def _tooltip(self, row: PrincipleRow, column: int) -> str:
        p = row.principle
        if column == STATUS:
            if row.consensus is None:
                return row.consensus_problem or "Consensus not available"
            return _consensus_tooltip(row.consensus)
        if column == BRACKETS:
            n = p.current.brackets
            tip = f"{n} bracketed segment{'s' if n != 1 else ''} in the current text"
            return "\n".join([tip, *row.bracket_warnings])
        if column == VERSION:
            tip = f"Version {p.current.seq} by {p.current.author}"
            return f"{tip}: {p.current.note}" if p.current.note else tip
        return f"{p.number}. {p.title}"
