"""The action items view: who does what by when, filtered, sorted, and edited in place.

Status, due date, owner and principle are edited in the table (combo boxes, a calendar); new items
come from a small dialog. A delegation's copy edits only the items its
delegation owns — the rows of others are read-only and say so in their tooltip.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QMessageBox,
                               QPlainTextEdit, QPushButton, QStyledItemDelegate, QTableView, QVBoxLayout, QWidget)

from ...model import ActionStatus, OpChanges
from ...permissions import may_edit
from ..models.action_table import (ASSIGNEE, DUE, OWNER, PRINCIPLE, STATUS, STATUS_LABELS, TITLE,
                                   ActionFilterModel, ActionTableModel)
from ..pending import Pending
from ..style import MUTED, readable_hex, set_ink
from ..zoom import size_font
from .base import View

NO_DATE = QDate(2000, 1, 1)  # the date editors' minimum, shown as "No due date"


def _date_edit(parent: QWidget | None = None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("No due date")
    return edit


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of (label, value) pairs read when the editor opens; choosing one writes it at once.
    The status, the owner (delegations) and the principle (principles, or none) are edited this way."""

    def __init__(self, choices, parent=None):
        super().__init__(parent)
        self.choices = choices  # () -> [(label, value)]

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for label, value in self.choices():
            combo.addItem(label, value)
        combo.activated.connect(lambda _i, c=combo: (self.commitData.emit(c), self.closeEditor.emit(c)))
        return combo

    def setEditorData(self, editor, index) -> None:
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class DueDateDelegate(QStyledItemDelegate):
    """A date editor with a calendar popup; its lowest date stands for "no due date"."""

    def createEditor(self, parent, option, index):
        return _date_edit(parent)

    def setEditorData(self, editor, index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setDate(value if isinstance(value, QDate) and value.isValid() else NO_DATE)

    def setModelData(self, editor, model, index) -> None:
        day = editor.date()
        model.setData(index, QDate() if day == NO_DATE else day, Qt.ItemDataRole.EditRole)


class ActionDialog(QDialog):
    """A new action item: title, owner, assignee, due date, principle, meeting, detail."""

    def __init__(self, rt, *, default_meeting: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New action item")
        self.setMinimumWidth(520)
        self.title = QLineEdit()
        self.title.setPlaceholderText("What is to be done")
        self.owner = QComboBox()
        for d in rt.delegations.list():
            if may_edit(rt.info, d.code):  # a delegation's copy adds items for its own delegation only
                self.owner.addItem(f"{d.code} — {d.name}", d.code)
        self.owner.setCurrentIndex(max(self.owner.findData(rt.info.copy_owner), 0))
        if not rt.info.is_secretariat:
            self.owner.setEnabled(False)
            self.owner.setToolTip("A delegation's copy adds action items for its own delegation")
        self.assignee = QLineEdit()
        self.assignee.setPlaceholderText("optional: who in the delegation")
        self.due = _date_edit()
        self.due.setDate(QDate.currentDate().addDays(30))
        self.principle = QComboBox()
        self.principle.addItem("None", None)
        for p in rt.principles.list():
            self.principle.addItem(f"{p.number} · {p.title}", p.number)
        self.meeting = QComboBox()
        self.meeting.addItem("None", None)
        for m in sorted(rt.meetings.list(), key=lambda m: m.date, reverse=True):
            self.meeting.addItem(f"{m.date} — {m.title}", m.id)
        self.meeting.setCurrentIndex(max(self.meeting.findData(default_meeting), 0))
        self.detail = QPlainTextEdit()
        self.detail.setPlaceholderText("optional: background, the recommendation it answers, next steps")
        self.detail.setFixedHeight(90)
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Owner", self.owner)
        form.addRow("Assignee", self.assignee)
        form.addRow("Due", self.due)
        form.addRow("Principle", self.principle)
        form.addRow("Meeting", self.meeting)
        form.addRow("Detail", self.detail)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict:
        day = self.due.date()
        return {
            "title": self.title.text(),
            "owner": self.owner.currentData(),
            "assignee": self.assignee.text(),
            "due": None if day == NO_DATE else day.toString("yyyy-MM-dd"),
            "principle": self.principle.currentData(),
            "meeting": self.meeting.currentData(),
            "detail": self.detail.toPlainText(),
        }


class ActionsView(View):
    title = "Action items"

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.model = ActionTableModel(session, self)
        self.proxy = ActionFilterModel(self)
        self.proxy.setSourceModel(self.model)

        heading = QLabel("Action items")
        size_font(heading, scale=1.5, bold=True)  # follows View ▸ Zoom
        self.add_button = QPushButton("Add action item…")
        self.add_button.clicked.connect(self.add_action)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.detail_button = QPushButton("Edit detail…")
        self.detail_button.clicked.connect(self.edit_detail)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.detail_button)
        top.addWidget(self.remove_button)

        self.owner_filter = QComboBox()
        self.owner_filter.setMinimumContentsLength(18)
        self.owner_filter.currentIndexChanged.connect(self._filters_changed)
        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", None)
        self.status_filter.addItem("Open or in progress", ActionFilterModel.PENDING)
        self.status_filter.addItem("⚠ Overdue", ActionFilterModel.OVERDUE)
        for status in ActionStatus:
            self.status_filter.addItem(STATUS_LABELS[status], status.value)
        self.status_filter.currentIndexChanged.connect(self._filters_changed)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search action items")
        self.search.setPlaceholderText("Search title, detail, assignee…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filters_changed)
        self.count_label = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Owner:"))
        filters.addWidget(self.owner_filter)
        filters.addSpacing(12)
        filters.addWidget(QLabel("Status:"))
        filters.addWidget(self.status_filter)
        filters.addSpacing(12)
        filters.addWidget(self.search, 1)
        filters.addSpacing(12)
        filters.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setAccessibleName("Action items")
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setSortIndicator(DUE, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # sorts once, by due date, through the model's own sort()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.SelectedClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        # Titles wrap onto a second line rather than elide: a delegate reads the whole commitment.
        # Rows have one fixed height (two lines): measuring each row would take seconds on 5,000 items.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(2 * self.table.fontMetrics().lineSpacing() + 12)
        self.table.setStyleSheet("QTableView::item { padding: 2px 4px; }")
        self.status_delegate = ChoiceDelegate(lambda: [(STATUS_LABELS[s], s.value) for s in ActionStatus],
                                              self.table)
        self.due_delegate = DueDateDelegate(self.table)
        self.table.setItemDelegateForColumn(STATUS, self.status_delegate)
        self.table.setItemDelegateForColumn(DUE, self.due_delegate)
        self.owner_delegate = ChoiceDelegate(self._owner_choices, self.table)
        self.principle_delegate = ChoiceDelegate(self._principle_choices, self.table)
        self.table.setItemDelegateForColumn(OWNER, self.owner_delegate)
        self.table.setItemDelegateForColumn(PRINCIPLE, self.principle_delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Title and principle share what the short columns leave: a fixed-width principle column
        # squeezed the titles to "Circ…" on a 1024-pixel screen.
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PRINCIPLE, QHeaderView.ResizeMode.Stretch)
        for col, width in {OWNER: 70, ASSIGNEE: 130, DUE: 185, STATUS: 110}.items():
            header.resizeSection(col, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setMinimumHeight(64)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # The theme's colours: a fixed light grey here left a black theme's white text unreadable.
        self.detail.setStyleSheet("background: palette(alternate-base); border: 1px solid palette(mid); padding: 8px;")
        hint = QLabel("Double-click a status, due date, owner or principle to change it. "
                      "Rows in orange are overdue: due before today and still open or in progress.")
        set_ink(hint, MUTED)
        hint.setWordWrap(True)  # a sentence, not a minimum width for the window

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(hint)

        # A filter change can emit hundreds of row signals: count once, when they are done.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(0)
        self._count_timer.timeout.connect(self._update_counts)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.dataChanged, self.proxy.layoutChanged):
            signal.connect(lambda *args: self._count_timer.start())
        self._reload_if_open()
        self._update_buttons()

    # -- the seam tests replace, and its default --------------------------------------------------

    def ask_new_action(self) -> dict | None:
        """The new item's fields, from a dialog; None when cancelled."""
        dialog = ActionDialog(self.rt, default_meeting=self.session.meeting_id, parent=self)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_detail(self, item) -> str | None:
        """The item's detail as the person rewrites it, or None when cancelled."""
        text, ok = QInputDialog.getMultiLineText(self, "Action item detail", f"Detail of “{item.title}”:",
                                                 item.detail)
        return text if ok else None

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, "Action items", question)
        return answer == QMessageBox.StandardButton.Yes

    # -- the overdue seam ---------------------------------------------------------------------

    @property
    def today(self) -> date | None:
        return self.model.today

    @today.setter
    def today(self, day: date | None) -> None:
        self.model.today = day
        self.proxy.refilter()
        self._update_counts()

    def _owner_choices(self) -> list[tuple[str, str]]:
        rt = self.rt
        return [(f"{d.code} — {d.name}", d.code) for d in rt.delegations.list() if may_edit(rt.info, d.code)]

    def _principle_choices(self) -> list[tuple[str, int | None]]:
        return [("None", None)] + [(f"{p.number} · {p.title}", p.number) for p in self.rt.principles.list()]

    # -- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        self.model.reload()
        self._fill_owner_filter()
        if self.proxy.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)  # so the detail pane shows something from the start
        self._update_buttons()
        self._update_counts()
        self._show_detail()

    def on_changed(self, changes: OpChanges) -> None:
        if not (changes.touches_actions or changes.touches_delegations or changes.touches_principle_text
                or changes.touches_meetings):
            return  # a stance or a text: nothing this table shows (keeps the tour-de-table keystroke quick)
        self.model.on_changed(changes)
        if changes.touches_delegations:
            self._fill_owner_filter()
        self._update_buttons()
        self._update_counts()
        self._show_detail()

    def _fill_owner_filter(self) -> None:
        current = self.owner_filter.currentData()
        self.owner_filter.blockSignals(True)
        self.owner_filter.clear()
        self.owner_filter.addItem("All owners", None)
        if self.rt is not None:
            for d in self.rt.delegations.list():
                self.owner_filter.addItem(f"{d.code} — {d.name}", d.code)
        self.owner_filter.setCurrentIndex(max(self.owner_filter.findData(current), 0))
        self.owner_filter.blockSignals(False)

    # -- filters --------------------------------------------------------------------------------

    def set_filters(self, *, owner=..., status=..., text=...) -> None:
        """Set the filter widgets (and so the table) — what a user picking them does."""
        if owner is not ...:
            self.owner_filter.setCurrentIndex(max(self.owner_filter.findData(owner), 0))
        if status is not ...:
            self.status_filter.setCurrentIndex(max(self.status_filter.findData(status), 0))
        if text is not ...:
            self.search.setText(text or "")

    def _filters_changed(self, *args) -> None:
        self.proxy.set_filters(owner=self.owner_filter.currentData(), status=self.status_filter.currentData(),
                               text=self.search.text())
        self._update_counts()

    def _update_counts(self, *args) -> None:
        total = self.model.rowCount()
        overdue = self.model.overdue_count()
        shown = self.proxy.rowCount()
        text = f"{shown} of {total} shown" if shown != total else f"{total} action item{'s' if total != 1 else ''}"
        if overdue:
            text += f" · ⚠ {overdue} overdue"
        self.count_label.setText(text)

    # -- selection and buttons -----------------------------------------------------------------

    def selected_item(self):
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.item_at(self.proxy.mapToSource(rows[0]).row())

    def select_action(self, action_id: str) -> None:
        row = self.model.row_of(action_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, TITLE))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def proxy_index(self, action_id: str, column: int):
        """The table's index of one cell of an item (for tests and for keyboard navigation)."""
        row = self.model.row_of(action_id)
        return self.proxy.mapFromSource(self.model.index(row, column)) if row is not None else None

    def _selection_changed(self, *args) -> None:
        self._update_buttons()
        self._show_detail()

    def _show_detail(self) -> None:
        item = self.selected_item()
        if item is None:
            self.detail.setText("Select an action item to see its detail.")
            return
        meeting = ""
        if item.meeting_id and self.rt is not None:
            try:
                m = self.rt.meetings.get(item.meeting_id)
                muted = readable_hex(MUTED, QPalette.ColorRole.AlternateBase)
                meeting = f"<br><span style='color:{muted}'>Agreed at: {escape(m.title)} ({m.date})</span>"
            except Exception:  # the meeting was removed since: say nothing rather than fail
                meeting = ""
        self.detail.setText(f"<b>{escape(item.title)}</b> — {escape(item.owner)}"
                            + (f", {escape(item.assignee)}" if item.assignee else "")
                            + f"<br>{escape(item.detail or 'No detail recorded.')}{meeting}")

    def _update_buttons(self) -> None:
        rt = self.rt
        self.add_button.setEnabled(rt is not None and not rt.info.read_only)
        self.add_button.setToolTip("Add an action item" if rt is None or rt.info.is_secretariat else
                                   f"Add an action item owned by {rt.info.copy_owner}")
        if rt is not None and rt.info.read_only:
            self.add_button.setToolTip(rt.info.read_only)
        item = self.selected_item() if rt is not None else None
        self.detail_button.setEnabled(item is not None and self.model.can_edit(item))
        if item is None:
            self.remove_button.setEnabled(False)
            self.remove_button.setToolTip("Select an action item to remove it")
        elif not self.model.can_edit(item):
            self.remove_button.setEnabled(False)
            self.remove_button.setToolTip(rt.info.read_only or f"This copy belongs to {rt.info.copy_owner}: only "
                                          f"{item.owner}'s copy or the secretariat can remove this item")
        else:
            self.remove_button.setEnabled(True)
            self.remove_button.setToolTip("Remove the selected action item (undo brings it back)")

    # -- edits -----------------------------------------------------------------------------------

    def add_action(self) -> Pending | None:
        if self.rt is None:
            return None
        values = self.ask_new_action()
        if not values:
            return None

        def select_new(changes: OpChanges) -> None:
            new_ids = changes.rows("action_items")
            if new_ids:
                self.select_action(next(iter(new_ids)))
        return self.session.apply(lambda rt: rt.actions.add(
            values["title"], values["owner"], detail=values.get("detail", ""), assignee=values.get("assignee", ""),
            due=values.get("due"), principle=values.get("principle"), meeting=values.get("meeting")),
            "Add action item").then(select_new)

    def edit_detail(self) -> Pending | None:
        item = self.selected_item()
        if item is None or self.rt is None or not self.model.can_edit(item):
            return None
        text = self.ask_detail(item)
        if text is None or text == item.detail:
            return None
        return self.session.apply(lambda rt: rt.actions.update(item.id, detail=text), "Action detail")

    def remove_selected(self) -> Pending | None:
        item = self.selected_item()
        if item is None or self.rt is None:
            return None
        if not self.confirm(f"Remove the action item “{item.title}”?"):
            return None
        return self.session.apply(lambda rt: rt.actions.remove(item.id), "Remove action item")
