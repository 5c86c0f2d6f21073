"""The action items table: title, owner, assignee, due date, status and principle, one row per item.

Edits made in a cell (status, due date, title, assignee) go to the façade through
the session, so they are undoable and recorded; the row changes when the session
announces the change and the view passes it to `on_changed()`. Which rows a copy may edit is the
copy's to say: a delegation's copy edits only the items its delegation owns.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont, QPalette

from ...errors import RoundtableError
from ...model import ActionItem, ActionStatus
from ...permissions import may_decide, may_edit
from ..style import OVERDUE_BACKGROUND, OVERDUE_INK, readable

TITLE, OWNER, ASSIGNEE, DUE, STATUS, PRINCIPLE = range(6)
HEADERS = ("Title", "Owner", "Assignee", "Due", "Status", "Principle")
EDITABLE = frozenset({TITLE, OWNER, ASSIGNEE, DUE, STATUS, PRINCIPLE})

SortRole = Qt.ItemDataRole.UserRole + 1  # a value that sorts right (dates as ISO text, statuses in order)
ItemRole = Qt.ItemDataRole.UserRole + 2  # the ActionItem behind the row
OverdueRole = Qt.ItemDataRole.UserRole + 3

STATUS_LABELS = {status: status.label for status in ActionStatus}
STATUS_ORDER = {s: i for i, s in enumerate(ActionStatus)}
STATUS_INK = {
    ActionStatus.OPEN: QColor("#1F2A37"),
    ActionStatus.IN_PROGRESS: QColor("#0B5E8E"),
    ActionStatus.DONE: QColor("#00674B"),
    ActionStatus.DROPPED: QColor("#6B6B6B"),
}
FINISHED_INK = QColor("#6B6B6B")  # a done or dropped item's row: greyed
ROW_INK = QColor("#1F2A37")  # text on an overdue row's light fill
OVERDUE_MARK = "⚠ overdue"  # on a light vermillion row (OVERDUE_BACKGROUND): it reads as late on a projector


class ActionTableModel(QAbstractTableModel):
    """Rows of `ActionItem`; `today` is the seam tests set so "overdue" does not depend on the clock."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._today: date | None = None
        self._day = date.today()  # asked once per refresh, not once per cell
        self._items: list[ActionItem] = []
        self._principle_titles: dict[int, str] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None

    @property
    def today(self) -> date | None:
        """The day "overdue" is measured against; None means the real today."""
        return self._today

    @today.setter
    def today(self, day: date | None) -> None:
        self._today = day
        self.recheck_overdue()

    def _read_clock(self) -> None:
        self._day = self._today or date.today()

    def on_changed(self, changes) -> None:
        """Follow one operation of the session (the view calls this first, then updates around it)."""
        if self.session.rt is None:
            return
        if changes.touches_principle_text:
            self.refresh_principles()
        if changes.touches_actions:
            ids = changes.rows("action_items")
            if len(ids) <= 20:
                self.refresh_items(ids)
            else:
                self.refresh()

    def refresh_items(self, ids) -> None:
        """Re-read just these items (one edit touches one): listing 5,000 items per edit is what costs."""
        rt = self.session.rt
        self._read_clock()
        for ident in ids:
            try:
                fresh = rt.actions.get(ident)
            except RoundtableError:  # removed (or its creation undone)
                fresh = None
            row = self.row_of(ident)
            if fresh is None and row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row]
                self.endRemoveRows()
            elif fresh is not None and row is None:
                self.beginInsertRows(QModelIndex(), len(self._items), len(self._items))
                self._items.append(fresh)
                self.endInsertRows()
                if self._sort is not None:
                    self.sort(*self._sort)
            elif fresh is not None and fresh != self._items[row]:
                before = self._items[row]
                self._items[row] = fresh
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
                # A new due date (or owner, status…) moves the row to its place in the order shown.
                if self._sort is not None and self._sort_key(before, self._sort[0]) != self._sort_key(
                        fresh, self._sort[0]):
                    self.sort(*self._sort)

    # -- filling -----------------------------------------------------------------------------

    def reload(self) -> None:
        rt = self.session.rt
        self._read_clock()
        self.beginResetModel()
        self._items = rt.actions.list() if rt else []
        self._principle_titles = {p.number: p.title for p in rt.principles.list()} if rt else {}
        if self._sort is not None:
            self._items.sort(key=self._key(self._sort[0]), reverse=self._sort[1] == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def refresh(self) -> None:
        """Bring the rows in line with the façade, touching only rows that differ."""
        rt = self.session.rt
        if rt is None:
            return self.reload()
        self._read_clock()
        fresh = {a.id: a for a in rt.actions.list()}
        for row in reversed(range(len(self._items))):
            if self._items[row].id not in fresh:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row]
                self.endRemoveRows()
        for row, item in enumerate(self._items):
            if fresh[item.id] != item:
                self._items[row] = fresh[item.id]
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        known = {a.id for a in self._items}
        added = [a for a in fresh.values() if a.id not in known]
        if added:
            start = len(self._items)
            self.beginInsertRows(QModelIndex(), start, start + len(added) - 1)
            self._items.extend(added)
            self.endInsertRows()
            if self._sort is not None:  # new items take their place in the order shown
                self.sort(*self._sort)

    def refresh_principles(self) -> None:
        rt = self.session.rt
        self._principle_titles = {p.number: p.title for p in rt.principles.list()} if rt else {}
        if self._items:
            self.dataChanged.emit(self.index(0, PRINCIPLE), self.index(len(self._items) - 1, PRINCIPLE))

    def recheck_overdue(self) -> None:
        """Repaint every row after `today` moved (or the real day may have)."""
        self._read_clock()
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, len(HEADERS) - 1))

    def item_at(self, row: int) -> ActionItem:
        return self._items[row]

    def row_of(self, action_id: str) -> int | None:
        for row, item in enumerate(self._items):
            if item.id == action_id:
                return row
        return None

    # -- rules the cells show ------------------------------------------------------------------

    def current_day(self) -> date:
        return self._day

    def is_overdue(self, item: ActionItem) -> bool:
        return item.is_overdue(self._day)

    def overdue_count(self) -> int:
        return sum(self.is_overdue(item) for item in self._items)

    # -- sorting, done here on the Python list: a proxy sorting 5,000 rows cell by cell takes seconds ---

    def _key(self, column: int):
        return lambda item: self._sort_key(item, column)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self._sort = (column, order)
        # Emitted without arguments: passing the parents list and hint crashes PySide6 6.12.
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self._items[i.row()].id, i.column()) for i in persistent]
        self._items.sort(key=self._key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        row_of = {item.id: row for row, item in enumerate(self._items)}
        self.changePersistentIndexList(persistent, [self.index(row_of[ident], col) for ident, col in held])
        self.layoutChanged.emit()

    def can_edit(self, item: ActionItem) -> bool:
        rt = self.session.rt
        return rt is not None and may_edit(rt.info, item.owner)

    # -- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item = self._items[index.row()]
        if index.column() in EDITABLE and self.can_edit(item):
            # Handing an item to another delegation is the secretariat's (a delegation writes only its own).
            if index.column() != OWNER or may_decide(self.session.rt.info):
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        item = self._items[index.row()]
        col = index.column()
        if role == SortRole:
            return self._sort_key(item, col)
        overdue = self.is_overdue(item)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, col, overdue)
        if role == Qt.ItemDataRole.AccessibleTextRole:  # an empty cell still says what it is to a screen reader
            return str(self._display(item, col, overdue) or "") or f"no {HEADERS[col].lower()}"
        if role == Qt.ItemDataRole.EditRole:
            if col == DUE:
                return QDate.fromString(item.due, "yyyy-MM-dd") if item.due else QDate()
            if col == STATUS:
                return item.status.value
            if col == PRINCIPLE:
                return item.principle  # None: no principle
            return self._display(item, col, overdue)
        if role == ItemRole:
            return item
        if role == OverdueRole:
            return overdue
        if role == Qt.ItemDataRole.BackgroundRole:
            return OVERDUE_BACKGROUND if overdue else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue:  # the light vermillion row is the same in every theme: so are its inks, chosen against it
                return OVERDUE_INK if col in (DUE, TITLE) else STATUS_INK[item.status] if col == STATUS else ROW_INK
            # On the theme's base: our colours where they read, the theme's text where they don't (a black theme).
            if col == STATUS:
                return readable(STATUS_INK[item.status], QPalette.ColorRole.Base)
            if item.status in (ActionStatus.DONE, ActionStatus.DROPPED):
                return readable(FINISHED_INK, QPalette.ColorRole.Base)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if (overdue and col == DUE) or col == STATUS:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, col, overdue)
        return None

    def _display(self, item: ActionItem, col: int, overdue: bool):
        if col == TITLE:
            return item.title
        if col == OWNER:
            return item.owner
        if col == ASSIGNEE:
            return item.assignee
        if col == DUE:
            if not item.due:
                return "—"
            return f"{item.due}  {OVERDUE_MARK}" if overdue else item.due
        if col == STATUS:
            return STATUS_LABELS[item.status]
        if col == PRINCIPLE:
            if item.principle is None:
                return "—"
            title = self._principle_titles.get(item.principle, "")
            return f"{item.principle} · {title}" if title else str(item.principle)
        return None

    def _sort_key(self, item: ActionItem, col: int):
        if col == DUE:
            return item.due or "9999-99-99"  # no due date sorts last
        if col == STATUS:
            return STATUS_ORDER[item.status]
        if col == PRINCIPLE:
            return item.principle if item.principle is not None else 10**9
        return (self._display(item, col, False) or "").lower()

    def _tooltip(self, item: ActionItem, col: int, overdue: bool) -> str:
        lines = [item.title]
        if item.detail:
            lines.append(item.detail)
        if overdue:
            lines.append(f"Overdue: due {item.due}, still {STATUS_LABELS[item.status].lower()}.")
        if not self.can_edit(item):
            owner = self.session.rt.info.copy_owner if self.session.rt else ""
            lines.append(f"Owned by {item.owner}: this copy belongs to {owner}, "
                         f"so only {item.owner}'s copy or the secretariat can edit it.")
        return "\n".join(lines)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        """Write one cell through the session; the row itself changes when the session reports it."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in EDITABLE:
            return False
        item = self._items[index.row()]
        if not self.can_edit(item):
            return False
        col = index.column()
        if col == STATUS:
            value = value.value if isinstance(value, ActionStatus) else str(value)
            if value == item.status.value:
                return False
            changes = self.session.apply(lambda rt: rt.actions.update(item.id, status=value), "Action status")
        elif col == DUE:
            due = _iso(value)
            if due == item.due:
                return False
            changes = self.session.apply(lambda rt: rt.actions.update(item.id, due=due), "Due date")
        elif col == OWNER:
            if not value or value == item.owner:
                return False
            changes = self.session.apply(lambda rt: rt.actions.update(item.id, owner=str(value)), "Action owner")
        elif col == PRINCIPLE:
            number = int(value) if value not in (None, "") else None
            if number == item.principle:
                return False
            changes = self.session.apply(lambda rt: rt.actions.update(item.id, principle=number), "Action principle")
        elif col == TITLE:
            if str(value).strip() == item.title:
                return False
            changes = self.session.apply(lambda rt: rt.actions.update(item.id, title=str(value)), "Action title")
        else:
            if str(value).strip() == item.assignee:
                return False
            changes = self.session.apply(lambda rt: rt.actions.update(item.id, assignee=str(value)), "Assignee")
        return changes.ok or not changes.done  # queued: the row follows when the writer has it


def _iso(value) -> str | None:
    """A due date from an editor value: a QDate, a date or ISO text; empty or invalid means none."""
    if isinstance(value, QDate):
        return value.toString("yyyy-MM-dd") if value.isValid() else None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value or "").strip()
    return text or None


class ActionFilterModel(QSortFilterProxyModel):
    """The view's filters (owner, status or "pending"/"overdue", text); sorting is left to the source model."""

    PENDING = "pending"
    OVERDUE = "overdue"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.owner: str | None = None
        self.status: str | None = None
        self.text = ""
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        # The source sorts its list in one Python call; this proxy keeps the source's order.
        self.sourceModel().sort(column, order)

    def set_filters(self, *, owner=..., status=..., text=...) -> None:
        self.beginFilterChange()
        if owner is not ...:
            self.owner = owner or None
        if status is not ...:
            self.status = status or None
        if text is not ...:
            self.text = (text or "").strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def refilter(self) -> None:
        """Filter again after something the filters read (the day "overdue" counts from) moved."""
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model = self.sourceModel()
        item: ActionItem = model.item_at(source_row)
        if self.owner and item.owner != self.owner:
            return False
        if self.status == self.PENDING:
            if not item.status.pending:
                return False
        elif self.status == self.OVERDUE:
            if not model.is_overdue(item):
                return False
        elif self.status and item.status.value != self.status:
            return False
        if self.text:
            haystack = " ".join((item.title, item.detail, item.assignee, item.owner)).lower()
            if self.text not in haystack:
                return False
        return True
