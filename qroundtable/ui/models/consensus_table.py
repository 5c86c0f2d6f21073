"""The consensus table: one row per principle with its status, stance tally, and who is missing or objecting.

The model holds `PrincipleConsensus` values computed by the view; `update_rows()`
replaces some of them in place and emits `dataChanged` only for those rows, so a
stance edit refreshes one row instead of resetting the table.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ...model import PrincipleConsensus
from ...stances import NO_POSITION, NO_POSITION_SHORT, STANCE_LABELS, STANCE_ORDER, STANCE_SHORT, Status
from ..style import STANCE_COLORS, STANCE_TEXT, STATUS_COLORS, STATUS_TEXT, status_badge

# The raw value behind a cell (a Status, a count, a tuple of codes), for delegates, charts and tests.
RawRole = Qt.ItemDataRole.UserRole + 1

NUMBER, TITLE, STATUS = 0, 1, 2
FIRST_STANCE = 3
NO_POSITION_COL = FIRST_STANCE + len(STANCE_ORDER)
MISSING, OBJECTING, SILENCE = NO_POSITION_COL + 1, NO_POSITION_COL + 2, NO_POSITION_COL + 3
COLUMN_COUNT = SILENCE + 1

_HEADERS = {
    NUMBER: ("#", "Principle number"),
    TITLE: ("Principle", "Short title of the guiding principle"),
    STATUS: ("Status", "Consensus status under the roundtable's rule, over the delegations counted"),
    NO_POSITION_COL: (NO_POSITION_SHORT, "No position: no stance yet, or only one given on an older text"),
    MISSING: ("Missing", "Delegations counted that have no current stance"),
    OBJECTING: ("Objecting", "Delegations counted whose current stance is object"),
    SILENCE: ("Silence procedure", "Deadline of an open silence procedure, and whether it has passed unbroken"),
}
for _i, _stance in enumerate(STANCE_ORDER):
    _HEADERS[FIRST_STANCE + _i] = (STANCE_SHORT[_stance], STANCE_LABELS[_stance])

_CODES_SHOWN = 8  # more than this and the cell says "+N more"; the tooltip has them all


def codes_text(codes: tuple[str, ...]) -> str:
    if not codes:
        return "—"
    if len(codes) <= _CODES_SHOWN:
        return ", ".join(codes)
    return ", ".join(codes[:_CODES_SHOWN]) + f" +{len(codes) - _CODES_SHOWN} more"


def silence_text(row: PrincipleConsensus) -> str:
    if not row.silence_deadline:
        return ""
    day = row.silence_deadline[:10]
    return f"Passed {day}" if row.by_silence else f"Open until {day}"


def status_text(row: PrincipleConsensus) -> str:
    text = status_badge(row.status)
    return f"{text} by {row.agreed_by}" if row.agreed_by else text


class ConsensusTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[PrincipleConsensus] = []
        self._row_of: dict[int, int] = {}

    # -- filling -----------------------------------------------------------------------

    def set_rows(self, rows: list[PrincipleConsensus]) -> None:
        """Replace everything (a file opened, principles added or removed)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {r.principle: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def update_rows(self, rows: list[PrincipleConsensus]) -> bool:
        """Replace the rows of these principles in place; False if one is not in the table."""
        if any(r.principle not in self._row_of for r in rows):
            return False
        changed = sorted(self._row_of[r.principle] for r in rows)
        for r in rows:
            self._rows[self._row_of[r.principle]] = r
        # One dataChanged per run of neighbouring rows.
        start = prev = None
        for i in changed + [None]:
            if start is None:
                start = prev = i
            elif i is not None and i == prev + 1:
                prev = i
            else:
                self.dataChanged.emit(self.index(start, 0), self.index(prev, COLUMN_COUNT - 1))
                start = prev = i
        return True

    def consensus_rows(self) -> list[PrincipleConsensus]:
        return list(self._rows)

    def numbers(self) -> list[int]:
        return [r.principle for r in self._rows]

    def row_of(self, number: int) -> int | None:
        return self._row_of.get(number)

    def consensus_at(self, row: int) -> PrincipleConsensus:
        return self._rows[row]

    # -- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        text, tip = _HEADERS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == RawRole:
            return self._raw(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == NUMBER or FIRST_STANCE <= col <= NO_POSITION_COL:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == STATUS:
                return STATUS_COLORS[row.status]
            stance = self._stance(col)
            if stance is not None and row.counts.get(stance.value, 0):
                return STANCE_COLORS[stance]
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == STATUS:
                return STATUS_TEXT[row.status]
            stance = self._stance(col)
            if stance is not None and row.counts.get(stance.value, 0):
                return STANCE_TEXT[stance]
            return None
        return None

    @staticmethod
    def _stance(col: int):
        if FIRST_STANCE <= col < NO_POSITION_COL:
            return STANCE_ORDER[col - FIRST_STANCE]
        return None

    def _display(self, row: PrincipleConsensus, col: int):
        if col == NUMBER:
            return str(row.principle)
        if col == TITLE:
            return row.title
        if col == STATUS:
            return status_text(row)
        if FIRST_STANCE <= col < NO_POSITION_COL:
            return str(row.counts.get(STANCE_ORDER[col - FIRST_STANCE].value, 0))
        if col == NO_POSITION_COL:
            return str(row.counts.get(NO_POSITION, 0))
        if col == MISSING:
            return codes_text(row.missing)
        if col == OBJECTING:
            return codes_text(row.objecting)
        if col == SILENCE:
            return silence_text(row)
        return None

    def _raw(self, row: PrincipleConsensus, col: int):
        if col == NUMBER:
            return row.principle
        if col == TITLE:
            return row.title
        if col == STATUS:
            return row.status
        if FIRST_STANCE <= col < NO_POSITION_COL:
            return row.counts.get(STANCE_ORDER[col - FIRST_STANCE].value, 0)
        if col == NO_POSITION_COL:
            return row.counts.get(NO_POSITION, 0)
        if col == MISSING:
            return row.missing
        if col == OBJECTING:
            return row.objecting
        if col == SILENCE:
            return row.silence_deadline
        return None

    def _tooltip(self, row: PrincipleConsensus, col: int):
        if col == STATUS:
            why = {
                Status.AGREED: "every delegation counted has a current stance and none stands in the way",
                Status.NEAR: "no blocking objection, but reservations, amendments or missing stances remain",
                Status.CONTESTED: "at least one delegation objects",
                Status.NOT_DISCUSSED: "no delegation counted has a current stance yet",
            }[row.status]
            if row.by_vote:
                why = "a roll-call vote adopted its current text"
            elif row.by_silence:
                why = "a silence procedure passed its deadline without an objection"
            return f"{status_text(row)}: {why}"
        if col == MISSING and row.missing:
            return "No current stance from: " + ", ".join(row.missing)
        if col == OBJECTING and row.objecting:
            return "Objecting: " + ", ".join(row.objecting)
        if col == TITLE:
            return f"Principle {row.principle}: {row.title}"
        if col == SILENCE and row.silence_deadline:
            return (f"Silence procedure, deadline {row.silence_deadline}: "
                    + ("passed without an objection" if row.by_silence else "not yet passed (or broken)"))
        stance = self._stance(col)
        if stance is not None:
            return f"{STANCE_LABELS[stance]}: {row.counts.get(stance.value, 0)}"
        if col == NO_POSITION_COL:
            return f"No current position: {row.counts.get(NO_POSITION, 0)}"
        return None

