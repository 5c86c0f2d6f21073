"""The positions matrix as a Qt table model: delegations × principles, one stance per cell.

Everything the cells show is read once from the façade into plain dicts; `data()`
never queries. After an edit, `refresh_cells()` re-reads just the cells an
`OpChanges` names and announces exactly those, so a stance keystroke repaints one
cell instead of resetting a 195 × 200 table. Edits do not go through `setData`:
the view sends them to the session, which records them for undo and snapshots.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...model import Delegation, Position, Principle
from ...permissions import may_edit
from ...stances import STANCE_ORDER, Stance
from ..style import (NO_POSITION_COLOR, STALE_COLOR, STALE_TEXT, STANCE_COLORS, STANCE_TEXT, stance_label,
                     stance_short)

# Extra roles for the view and its delegate.
StanceRole = Qt.ItemDataRole.UserRole + 1  # the cell's Stance, or None
PositionRole = Qt.ItemDataRole.UserRole + 2  # the cell's Position, or None
StaleRole = Qt.ItemDataRole.UserRole + 3  # True when the stance was given on an older text
EditableRole = Qt.ItemDataRole.UserRole + 4  # False for other delegations' rows in a delegation's copy

READ_ONLY_TEXT = QColor("#9A9A9A")

_BACKGROUND = {s: QBrush(c) for s, c in STANCE_COLORS.items()}
_FOREGROUND = {s: QBrush(c) for s, c in STANCE_TEXT.items()}
_STALE_BACKGROUND = QBrush(STALE_COLOR)
_STALE_FOREGROUND = QBrush(STALE_TEXT)
_EMPTY_BACKGROUND = QBrush(NO_POSITION_COLOR)
_ITALIC = QFont()
_ITALIC.setItalic(True)
_ALIGN_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
          Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.AccessibleTextRole,
          StanceRole, PositionRole, StaleRole]


class PositionMatrixModel(QAbstractTableModel):
    """Rows are delegations and columns principles; `transposed` swaps them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rt = None
        self._transposed = False
        self.delegations: list[Delegation] = []
        self.principles: list[Principle] = []
        self._cells: dict[tuple[str, str], Position] = {}  # (delegation id, principle id) -> Position
        self._delegation_index: dict[str, int] = {}
        self._principle_index: dict[str, int] = {}
        self._own: str | None = None  # the owner's code in a delegation's copy; None for the secretariat

    # -- loading -------------------------------------------------------------------------

    def load(self, rt) -> None:
        """Read delegations, principles and every position from `rt` (or empty the model for None)."""
        self.beginResetModel()
        self.rt = rt
        if rt is None:
            self.delegations, self.principles, self._cells = [], [], {}
            self._own = None
        else:
            self.delegations = rt.delegations.list()
            self.principles = rt.principles.list()
            self._own = None if rt.info.is_secretariat else rt.info.copy_owner
            delegation_ids = {d.code: d.id for d in self.delegations}
            principle_ids = {p.number: p.id for p in self.principles}
            self._cells = {(delegation_ids[p.delegation], principle_ids[p.principle]): p
                           for p in rt.positions.list()}
        self._delegation_index = {d.id: i for i, d in enumerate(self.delegations)}
        self._principle_index = {p.id: i for i, p in enumerate(self.principles)}
        self.endResetModel()

    @property
    def transposed(self) -> bool:
        return self._transposed

    def set_transposed(self, transposed: bool) -> None:
        if transposed != self._transposed:
            self.beginResetModel()
            self._transposed = transposed
            self.endResetModel()

    # -- refreshing after a change --------------------------------------------------------

    def refresh_cells(self, cells: Iterable[tuple[str, str]]) -> list[QModelIndex]:
        """Re-read the (delegation id, principle id) cells named and announce exactly those."""
        if self.rt is None:
            return []
        changed = []
        for delegation_id, principle_id in cells:
            row = self._delegation_index.get(delegation_id)
            col = self._principle_index.get(principle_id)
            if row is None or col is None:
                continue  # a delegation or principle this model doesn't show (yet)
            position = self.rt.positions.get(self.delegations[row].code, self.principles[col].number)
            key = (delegation_id, principle_id)
            if position is None:
                self._cells.pop(key, None)
            else:
                self._cells[key] = position
            index = self.cell_index(delegation_id, principle_id)
            self.dataChanged.emit(index, index, _ROLES)
            changed.append(index)
        return changed

    def refresh_principle(self, principle_id: str) -> None:
        """Re-read one principle (new text version, new title) and its column: stale flags change."""
        col = self._principle_index.get(principle_id)
        if self.rt is None or col is None:
            return
        principle = self.rt.principles.get(self.principles[col].number)
        self.principles[col] = principle
        for key in [k for k in self._cells if k[1] == principle_id]:
            del self._cells[key]
        delegation_ids = {d.code: d.id for d in self.delegations}
        for position in self.rt.positions.list(principle=principle.number):
            if position.delegation in delegation_ids:
                self._cells[(delegation_ids[position.delegation], principle_id)] = position
        if self._transposed:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, col, col)
            self.dataChanged.emit(self.index(col, 0), self.index(col, self.columnCount() - 1), _ROLES)
        else:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, col, col)
            self.dataChanged.emit(self.index(0, col), self.index(self.rowCount() - 1, col), _ROLES)

    def refresh_delegation(self, delegation_id: str) -> None:
        """Re-read one delegation's name (its header tooltip)."""
        row = self._delegation_index.get(delegation_id)
        if self.rt is None or row is None:
            return
        self.delegations[row] = self.rt.delegations.get(self.delegations[row].code)
        orientation = Qt.Orientation.Horizontal if self._transposed else Qt.Orientation.Vertical
        self.headerDataChanged.emit(orientation, row, row)

    # -- looking cells up ------------------------------------------------------------------

    def delegation_row(self, index: QModelIndex | int) -> int:
        """The position in `self.delegations` of a model index (or of a model row/column number)."""
        if isinstance(index, int):
            return index
        return index.column() if self._transposed else index.row()

    def cell_at(self, index: QModelIndex) -> tuple[Delegation, Principle]:
        if self._transposed:
            return self.delegations[index.column()], self.principles[index.row()]
        return self.delegations[index.row()], self.principles[index.column()]

    def position_at(self, index: QModelIndex) -> Position | None:
        d, p = self.cell_at(index)
        return self._cells.get((d.id, p.id))

    def position(self, delegation_id: str, principle_id: str) -> Position | None:
        return self._cells.get((delegation_id, principle_id))

    def cell_look(self, index: QModelIndex) -> tuple[QBrush, str, QBrush | None, bool, bool]:
        """(background, text, foreground, italic, has comment): what the delegate paints, in one call.

        The delegate asks this rather than `index.data(role)` once per role: it is five times fewer
        calls, and PySide 6.12 loses a reference to None whenever `index.data()` comes back empty.
        """
        position = self.position_at(index)
        if position is None:
            return _EMPTY_BACKGROUND, "", None, False, False
        text = stance_short(position.stance)
        if position.stale:
            return _STALE_BACKGROUND, text + "*", _STALE_FOREGROUND, True, bool(position.comment)
        return _BACKGROUND[position.stance], text, _FOREGROUND[position.stance], False, bool(position.comment)

    def cell_index(self, delegation_id: str, principle_id: str) -> QModelIndex:
        row = self._delegation_index.get(delegation_id)
        col = self._principle_index.get(principle_id)
        if row is None or col is None:
            return QModelIndex()
        return self.index(col, row) if self._transposed else self.index(row, col)

    def delegation_axis(self) -> Qt.Orientation:
        """Vertical when delegations are rows (the default), horizontal when transposed."""
        return Qt.Orientation.Horizontal if self._transposed else Qt.Orientation.Vertical

    def is_editable(self, index: QModelIndex) -> bool:
        """Whether this copy may write the cell: the secretariat any, a delegation only its own row."""
        return self.rt is None or may_edit(self.rt.info, self.cell_at(index)[0].code)

    # -- QAbstractTableModel ------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self.principles) if self._transposed else len(self.delegations)

    def columnCount(self, parent=QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self.delegations) if self._transposed else len(self.principles)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if self._transposed:
            d, p = self.delegations[index.column()], self.principles[index.row()]
        else:
            d, p = self.delegations[index.row()], self.principles[index.column()]
        position = self._cells.get((d.id, p.id))
        if role == Qt.ItemDataRole.DisplayRole:
            if position is None:
                return ""
            return stance_short(position.stance) + ("*" if position.stale else "")
        if role == Qt.ItemDataRole.BackgroundRole:
            if position is None:
                return _EMPTY_BACKGROUND
            return _STALE_BACKGROUND if position.stale else _BACKGROUND[position.stance]
        if role == Qt.ItemDataRole.ForegroundRole:
            if position is None:
                return None
            return _STALE_FOREGROUND if position.stale else _FOREGROUND[position.stance]
        if role == Qt.ItemDataRole.FontRole:
            return _ITALIC if position is not None and position.stale else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_CENTER
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(d, p, position)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if position is None:
                return f"{d.name}, principle {p.number}: no position"
            return (f"{d.name}, principle {p.number}: {stance_label(position.stance)}"
                    + (" (stale)" if position.stale else ""))
        if role == StanceRole:
            return position.stance if position is not None else None
        if role == PositionRole:
            return position
        if role == StaleRole:
            return bool(position is not None and position.stale)
        if role == EditableRole:
            return may_edit(self.rt.info, d.code)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        delegation_axis = self.delegation_axis()
        items = self.delegations if orientation == delegation_axis else self.principles
        if not 0 <= section < len(items):
            return None
        item = items[section]
        is_delegation = orientation == delegation_axis
        if role == Qt.ItemDataRole.DisplayRole:
            if is_delegation:
                # In a delegation's copy its own row, the only one it can edit, carries a pencil.
                return f"{item.code} ✎" if self._own is not None and item.code == self._own else item.code
            return f"P{item.number}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if is_delegation:
                own = " — this copy's own row, the one it can edit" if item.code == self._own else ""
                return f"{item.name} ({item.code}){own}"
            return f"Principle {item.number}: {item.title} (text version {item.current.seq})"
        if role == Qt.ItemDataRole.FontRole and is_delegation and self._own is not None and item.code == self._own:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_CENTER
        return None

    # -- helpers ----------------------------------------------------------------------------------

    def _tooltip(self, d: Delegation, p: Principle, position: Position | None) -> str:
        lines = [f"<b>{_html(d.name)}</b> on <b>P{p.number}</b> — {_html(p.title)}"]
        if position is None:
            lines.append("No position recorded")
        else:
            lines.append(f"Stance: <b>{_html(stance_label(position.stance))}</b>")
            if position.comment:
                lines.append(f"Comment: “{_html(position.comment)}”")
            lines.append(f"Given on text version {position.version_seq}")
            if position.stale:
                lines.append(f"<i>Stale: the text is now at version {p.current.seq}; this counts as no position "
                             "until the delegation restates it</i>")
            when = position.recorded_at.replace("T", " ")[:16]
            lines.append(f"Recorded by {_html(position.recorded_by)} at {when} UTC")
        if self._own is not None and d.code != self._own:
            lines.append(f"<i>Read-only in this copy: it belongs to {self._own}</i>")
        return "<br>".join(lines)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def stance_for_key(key_text: str) -> Stance | None:
    """The stance keys 1–5 stand for, or None."""
    if len(key_text) == 1 and key_text.isdigit() and 1 <= int(key_text) <= len(STANCE_ORDER):
        return STANCE_ORDER[int(key_text) - 1]
    return None
