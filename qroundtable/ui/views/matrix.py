"""The positions matrix: every delegation's stance on every principle, edited from the keyboard.

Keys 1–5 record a stance for every selected cell (one undo step), Delete withdraws
them, Enter or a double-click opens the stance-and-comment editor. The side panel
shows the current cell's comment and history. Edits go through the session, and
only the cells an operation names are repainted.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QMainWindow, QPushButton, QSizePolicy, QSplitter, QTableView, QVBoxLayout, QWidget)

from ...model import OpChanges
from ...stances import Stance
from ..models.position_matrix import PositionMatrixModel, stance_for_key
from ..style import MUTED, WARNING_INK, set_ink
from ..widgets import position_editor
from ..widgets.position_panel import PositionPanel
from ..widgets.stance_cell import StanceCellDelegate
from ..widgets.stance_legend import StanceLegend
from ..panels import make_collapsible
from .base import View
from .matrix_tools import PRINCIPLE_FILTERS, cells_as_text, principles_kept

CELL_WIDTH = 44  # "S+A" and "OBJ" fit; 200 principles still scroll sideways at a readable size
CELL_MAX_WIDTH = 96  # a small roundtable's matrix may widen to use the room, but no further
CELL_HEIGHT = 26
CELL_MAX_HEIGHT = 34
HINT = ("Keys <b>1–5</b> record a stance for every selected cell · <b>Delete</b> withdraws · "
        "<b>Enter</b> or double-click opens the editor · Edit ▸ Undo takes a step back")
KEY_LIMIT = 30
# Combo data for "everyone": never None, which PySide 6.12 hands back without its reference.
ALL = ""  # up to this many principles, their titles are spelled out under the matrix


class MatrixTable(QTableView):
    """The table itself; turns the matrix's keys into signals for the view."""

    stance_key = Signal(object)  # Stance
    clear_key = Signal()
    edit_key = Signal()
    copy_key = Signal()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_key.emit()
            return
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        stance = stance_for_key(event.text()) if not modifiers else None
        if stance is not None:
            self.stance_key.emit(stance)
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not modifiers:
            self.clear_key.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not modifiers:
            self.edit_key.emit()
            return
        super().keyPressEvent(event)


class PositionsView(View):
    title = "Positions"

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(session, parent)
        # The seam tests replace: (parent, delegation, principle, position) -> (stance, comment) or None.
        self.ask_position = position_editor.ask_position

        self.model = PositionMatrixModel(self)
        self.table = MatrixTable()
        self.table.setAccessibleName("Positions matrix: delegations and their stance on each principle")
        self.table.setModel(self.model)
        self.table.setItemDelegate(StanceCellDelegate(self.table))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setShowGrid(True)
        self.table.setStyleSheet("QTableView { gridline-color: #FFFFFF; background: #FFFFFF; }"
                                 "QHeaderView::section { background: #EEF1F5; color: #1F2A37; border: none;"
                                 " border-right: 1px solid #D9DEE4; border-bottom: 1px solid #D9DEE4;"
                                 " padding: 2px 6px; font-weight: bold; }")
        self.table.setWordWrap(False)
        # As big as its cells and no bigger: a small roundtable's matrix shouldn't float in white space.
        self.table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.table.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setHighlightSections(True)
        self.table.horizontalHeader().setDefaultSectionSize(CELL_WIDTH)
        self.table.horizontalHeader().setMinimumSectionSize(CELL_WIDTH)
        self.table.verticalHeader().setDefaultSectionSize(CELL_HEIGHT)
        self.table.verticalHeader().setMinimumSectionSize(CELL_HEIGHT)
        self.table.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.verticalHeader().setMinimumWidth(48)
        self.table.stance_key.connect(self.set_stance)
        self.table.clear_key.connect(self.clear_selected)
        self.table.edit_key.connect(self.edit_current)
        self.table.copy_key.connect(self.copy_selected)
        self.table.doubleClicked.connect(lambda index: self.edit_current())
        self.table.selectionModel().currentChanged.connect(self._current_changed)

        self.transpose_button = QPushButton("⇄ Transpose")
        self.transpose_button.setCheckable(True)
        self.transpose_button.setToolTip("Swap rows and columns: principles down, delegations across")
        self.transpose_button.toggled.connect(self.set_transposed)
        self.meeting_combo = QComboBox()
        # Narrow enough to leave room for the principle filter at 1024 px; long titles elide in the box.
        self.meeting_combo.setMinimumWidth(180)
        self.meeting_combo.setMaximumWidth(440)
        self.meeting_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.meeting_combo.setMinimumContentsLength(16)
        self.meeting_combo.setToolTip("Show only the delegations attending a meeting; consensus counts them too")
        self.meeting_combo.activated.connect(self._meeting_chosen)
        self.shown_label = QLabel()
        set_ink(self.shown_label, MUTED)
        self.shown_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        toolbar = QHBoxLayout()
        toolbar.addWidget(QLabel("<b>Show</b>"))
        toolbar.addWidget(self.meeting_combo)
        toolbar.addWidget(self.shown_label, 1)
        self.principle_filter = QComboBox()  # "only contested" and the like: matrix_tools.PRINCIPLE_FILTERS
        self.principle_filter.setAccessibleName("Which principles to show")
        self.principle_filter.setToolTip("Show only the principles that need work")
        self.principle_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.principle_filter.setMinimumContentsLength(14)
        for label, _ in PRINCIPLE_FILTERS:
            self.principle_filter.addItem(label)
        self.principle_filter.currentIndexChanged.connect(lambda _i: self._apply_filter())
        toolbar.addWidget(self.principle_filter)
        toolbar.addWidget(self.transpose_button)

        self.legend = StanceLegend()
        self.message = QLabel()
        self.message.setWordWrap(True)
        set_ink(self.message, WARNING_INK)
        self.hint = QLabel(HINT)
        set_ink(self.hint, MUTED)
        self.hint.setWordWrap(True)
        self.principle_key = QLabel()
        self.principle_key.setWordWrap(True)

        self.panel = PositionPanel()
        self.panel.save_requested.connect(self._save_from_panel)

        self._left = left = QWidget()
        left.installEventFilter(self)  # the cells grow or shrink with the room beside the panel
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 10, 8, 8)
        left_layout.addLayout(toolbar)
        left_layout.addWidget(self.legend)
        table_row = QHBoxLayout()
        # The table takes all the room it can use; the stretches only get what it leaves over.
        table_row.addWidget(self.table, 1)
        table_row.addStretch(0)
        left_layout.addLayout(table_row, 1)
        left_layout.addWidget(self.principle_key)
        left_layout.addWidget(self.message)
        left_layout.addWidget(self.hint)
        left_layout.addStretch(0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([1040, 320])
        make_collapsible(self.splitter, self.panel)  # the matrix keeps its room; the editor may be shut
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._meetings = []
        session.meeting_changed.connect(self._meeting_changed)
        self._clear_message_timer = QTimer(self)
        self._clear_message_timer.setSingleShot(True)
        self._clear_message_timer.timeout.connect(self.message.hide)
        self.message.hide()
        if session.rt is not None:
            self.reload()

    # -- loading ------------------------------------------------------------------------------

    def side_panel(self) -> QWidget:
        return self.panel

    def reload(self) -> None:
        current = self._current_ids()
        self.model.load(self.rt)
        self._fill_principle_key()
        self._fill_meetings()
        self._apply_filter()
        self._fit_cells()
        self._restore_current(current)
        self._show_current()
        own = None if self.rt is None or self.rt.info.is_secretariat else self.rt.info.copy_owner
        self.hint.setText(HINT + (f" · In this copy only <b>{own}</b>'s row (✎) can be edited" if own else ""))
        if self.rt is not None and self.rt.info.read_only:
            self.hint.setText(f"{_html(self.rt.info.read_only)}: stances can be read and exported, not changed.")

    def on_changed(self, changes: OpChanges) -> None:
        if changes.reshapes_roundtable:
            self.reload()
            return
        cells = changes.position_cells()
        if cells:
            self.model.refresh_cells(cells)
        if self.principle_filter.currentIndex() > 0 and (cells or changes.moves_all_consensus
                                                          or changes.touches_principle_text):
            self._apply_filter()  # a stance may have moved a principle in or out of "only contested"
        renewed = {(c.new or c.old)["principle_id"] for c in changes.changes
                   if c.table == "principle_versions" and c.field == "*"}
        renewed |= changes.rows("principles")  # a new title or stage: header tooltips
        for principle_id in renewed:
            self.model.refresh_principle(principle_id)
        if renewed:
            self._fill_principle_key()
        for delegation_id in changes.rows("delegations"):
            self.model.refresh_delegation(delegation_id)
        if changes.touches_meetings:
            self._fill_meetings()
            self._apply_filter()
        current = self._current_ids()
        if current and (current in cells or current[1] in renewed or current[0] in changes.rows("delegations")):
            index = self.table.currentIndex()
            # Never write over what is being typed in the panel, unless it is what was just saved.
            if not self.panel.dirty or self.panel.matches(self.model.position_at(index)):
                self._show_current()

    # -- meeting filter -------------------------------------------------------------------------

    def _fill_meetings(self) -> None:
        self.meeting_combo.blockSignals(True)
        self.meeting_combo.clear()
        self.meeting_combo.addItem("All delegations", ALL)
        self._meetings = self.rt.meetings.list() if self.rt else []
        for m in reversed(self._meetings):  # the latest meeting first: that's the one in the room
            count = f"{len(m.attending)} delegations" if m.attending else "no attendance recorded"
            self.meeting_combo.addItem(f"{m.title} ({m.date}) — {count}", m.id)
        self._select_meeting_in_combo(self.session.meeting_id)
        self.meeting_combo.blockSignals(False)

    def _select_meeting_in_combo(self, meeting_id) -> None:
        index = self.meeting_combo.findData(meeting_id or ALL)
        self.meeting_combo.setCurrentIndex(max(index, 0))

    def _meeting_chosen(self, index: int) -> None:
        self.session.set_meeting(self.meeting_combo.itemData(index) or None)
        self._apply_filter()

    def _meeting_changed(self, meeting_id) -> None:
        self.meeting_combo.blockSignals(True)
        self._select_meeting_in_combo(meeting_id)
        self.meeting_combo.blockSignals(False)
        self._apply_filter()

    def _meeting(self):
        meeting_id = self.session.meeting_id
        return next((m for m in self._meetings if m.id == meeting_id), None)

    def _apply_filter(self) -> None:
        """Hide the delegations not attending the meeting in view; the model stays as it is."""
        meeting = self._meeting()
        shown = set(meeting.attending) if meeting and meeting.attending else None
        delegations = self.model.delegations
        by_row = self.model.delegation_axis() == Qt.Orientation.Vertical
        hide_delegation = self.table.setRowHidden if by_row else self.table.setColumnHidden
        show_principle = self.table.setColumnHidden if by_row else self.table.setRowHidden
        for i, d in enumerate(delegations):
            hide_delegation(i, shown is not None and d.code not in shown)
        kept = principles_kept(self.session, PRINCIPLE_FILTERS[max(self.principle_filter.currentIndex(), 0)][1])
        for i, p in enumerate(self.model.principles):
            show_principle(i, kept is not None and p.number not in kept)
        if meeting is not None and not meeting.attending:
            self.shown_label.setText("no attendance recorded: showing everyone")
        elif shown is not None:
            absent = [d.code for d in delegations if d.code not in shown]
            self.shown_label.setText(f"{len(delegations) - len(absent)} of {len(delegations)} delegations"
                                     + (f" (absent: {', '.join(absent[:6])}" + ("…" if len(absent) > 6 else "")
                                        + ")" if absent else ""))
            self.shown_label.setToolTip("Not attending: " + ", ".join(absent) if absent else "")
        else:
            self.shown_label.setText(f"{len(delegations)} delegations × {len(self.model.principles)} principles")
            self.shown_label.setToolTip("")
        if kept is not None:  # the principle filter: say how many it left
            left = sum(1 for p in self.model.principles if p.number in kept)
            self.shown_label.setText(f"{left} of {len(self.model.principles)} principles · "
                                     + self.shown_label.text())
        self._fit_cells()

    def is_delegation_shown(self, code: str) -> bool:
        for i, d in enumerate(self.model.delegations):
            if d.code == code:
                if self.model.transposed:
                    return not self.table.isColumnHidden(i)
                return not self.table.isRowHidden(i)
        return False

    # -- layout ---------------------------------------------------------------------------------

    def set_transposed(self, transposed: bool) -> None:
        if transposed == self.model.transposed:
            return
        current = self._current_ids()
        self.model.set_transposed(transposed)
        self.transpose_button.setChecked(transposed)
        self._apply_filter()
        self._restore_current(current)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.table.setFocus()  # so keys 1–5 work as soon as the page is shown

    def eventFilter(self, watched, event) -> bool:
        if watched is self._left and event.type() == QEvent.Type.Resize:
            self._fit_cells()
        return super().eventFilter(watched, event)

    def _fit_cells(self) -> None:
        """Keep cells compact, but let a small matrix grow its cells to use the room it has."""
        columns = sum(1 for c in range(self.model.columnCount()) if not self.table.isColumnHidden(c))
        rows = sum(1 for r in range(self.model.rowCount()) if not self.table.isRowHidden(r))
        if not columns or not rows:
            return
        vertical = self.table.verticalHeader()
        margins = self._left.layout().contentsMargins()
        room_w = (self._left.width() - margins.left() - margins.right() - 2 * self.table.frameWidth() - 4
                  - max(vertical.sizeHint().width(), vertical.minimumWidth()))
        room_h = self._left.height() - 260  # toolbar, legend, key and hints
        width = max(CELL_WIDTH, min(CELL_MAX_WIDTH, room_w // columns))
        height = max(CELL_HEIGHT, min(CELL_MAX_HEIGHT, room_h // rows))
        for header, size in ((self.table.horizontalHeader(), width), (self.table.verticalHeader(), height)):
            if header.defaultSectionSize() != size:
                header.setDefaultSectionSize(size)
                for section in range(header.count()):
                    header.resizeSection(section, size)

    def _fill_principle_key(self) -> None:
        principles = self.model.principles
        if not principles or len(principles) > KEY_LIMIT:
            self.principle_key.hide()
            return
        self.principle_key.setText("&nbsp;&nbsp;·&nbsp;&nbsp;".join(
            f"<b>P{p.number}</b>&nbsp;{_html(p.title)}" for p in principles))
        self.principle_key.show()

    # -- the current cell and the side panel --------------------------------------------------------

    def _current_ids(self) -> tuple[str, str] | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.model.rowCount() == 0:
            return None
        d, p = self.model.cell_at(index)
        return d.id, p.id

    def _restore_current(self, ids) -> None:
        index = self.model.cell_index(*ids) if ids else QModelIndex()
        if not index.isValid() and self.model.rowCount() and self.model.columnCount():
            index = self._first_visible_index()
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _first_visible_index(self) -> QModelIndex:
        rows = [r for r in range(self.model.rowCount()) if not self.table.isRowHidden(r)]
        cols = [c for c in range(self.model.columnCount()) if not self.table.isColumnHidden(c)]
        return self.model.index(rows[0], cols[0]) if rows and cols else QModelIndex()

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        # A comment typed in the side panel belongs to the cell it was typed for: save it before moving on.
        self.panel.save()
        self._show_current()

    def _panel_shows(self, d, p) -> bool:
        return self.panel.cell is not None and self.panel.cell[0].id == d.id and self.panel.cell[1].id == p.id

    def _show_current(self) -> None:
        index = self.table.currentIndex()
        if self.rt is None or not index.isValid():
            self.panel.show_nothing()
            return
        d, p = self.model.cell_at(index)
        history = self.rt.positions.history(d.code, p.number)
        self.panel.show_cell(d, p, self.model.position_at(index), history, self.model.is_editable(index),
                             self._read_only_reason())

    def _read_only_reason(self) -> str:
        info = self.rt.info
        return info.read_only or f"Read-only: this copy belongs to {info.owner}"

    # -- edits ----------------------------------------------------------------------------------------

    def copy_selected(self) -> str:
        """Ctrl+C: the selected cells, with their labels, as tab-separated text on the clipboard."""
        text = cells_as_text(self.model, self.selected_cells())
        if text:
            QApplication.clipboard().setText(text)
        return text

    def selected_cells(self) -> list[QModelIndex]:
        """The selected cells that are on screen (hidden rows stay untouched), else the current cell."""
        indexes = [i for i in self.table.selectionModel().selectedIndexes()
                   if not self.table.isRowHidden(i.row()) and not self.table.isColumnHidden(i.column())]
        if not indexes and self.table.currentIndex().isValid():
            indexes = [self.table.currentIndex()]
        return sorted(indexes, key=lambda i: (i.row(), i.column()))

    def _editable_cells(self, what: str) -> list[QModelIndex]:
        """The selected cells this copy may write; tells the user about the ones it may not."""
        indexes = self.selected_cells()
        allowed = [i for i in indexes if self.model.is_editable(i)]
        refused = len(indexes) - len(allowed)
        if refused:
            info = self.rt.info
            owner = info.owner
            skipped = "that cell" if refused == 1 else f"{refused} cells"
            self.show_message(f"{info.read_only}: nothing is recorded." if info.read_only else
                              f"This copy belongs to {owner}: only {info.copy_owner}'s row can be edited here, "
                              f"so {what} skipped {skipped}.")
        return allowed

    def set_stance(self, stance: Stance) -> None:
        """Record `stance` for every selected cell, as one undo step."""
        if self.rt is None:
            return
        cells = [self.model.cell_at(i) for i in self._editable_cells(stance.label.lower())]
        if not cells:
            return
        if len(cells) == 1:
            d, p = cells[0]
            # A comment typed in the side panel for this very cell goes with the stance keyed for it.
            comment = None
            if self.panel.dirty and self._panel_shows(d, p):
                comment = self.panel.comment()
                self.panel.mark_saved()
            pending = self.session.apply(lambda rt: rt.positions.set(d.code, p.number, stance, comment),
                                         stance.label)
        else:
            def record(rt):
                for d, p in cells:
                    rt.positions.set(d.code, p.number, stance)
            pending = self.session.apply_batch(f"{stance.label} for {len(cells)} positions", record)
        return self._show_pending(cells, stance, pending)

    def _show_pending(self, cells, stance, pending):
        """The cells show what was keyed until the writer has it (at once, unless an import runs)."""
        keys = [(d.id, p.id) for d, p in cells]
        token = self.model.set_pending(keys, stance)
        return pending.finally_(lambda: self.model.settle(keys, token))

    def clear_selected(self) -> None:
        """Withdraw the positions of the selected cells (cells without one are left alone)."""
        if self.rt is None:
            return
        cells = [self.model.cell_at(i) for i in self._editable_cells("withdrawing")
                 if self.model.position_at(i) is not None]
        if not cells:
            return
        if len(cells) == 1:
            d, p = cells[0]
            pending = self.session.apply(lambda rt: rt.positions.clear(d.code, p.number), "Withdraw")
        else:
            def withdraw(rt):
                for d, p in cells:
                    rt.positions.clear(d.code, p.number)
            pending = self.session.apply_batch(f"Withdraw {len(cells)} positions", withdraw)
        return self._show_pending(cells, None, pending)

    def edit_current(self) -> None:
        index = self.table.currentIndex()
        if self.rt is None or not index.isValid():
            return
        if not self.model.is_editable(index):
            owner = self.rt.info.copy_owner
            self.show_message(self._read_only_reason() + ("." if self.rt.info.read_only else
                                                          f": only {owner}'s row can be edited here."))
            return
        d, p = self.model.cell_at(index)
        answer = self.ask_position(self, d, p, self.model.position_at(index))
        if answer is not None:
            stance, comment = answer
            return self.session.apply(lambda rt: rt.positions.set(d.code, p.number, stance, comment), stance.label)

    def _save_from_panel(self, d, p, stance, comment: str) -> None:
        if self.rt is None:
            return
        if stance is None:
            if self.model.position(d.id, p.id) is not None:
                self.session.apply(lambda rt: rt.positions.clear(d.code, p.number), "Withdraw")
            return
        self.session.apply(lambda rt: rt.positions.set(d.code, p.number, stance, comment), stance.label)

    # -- what is typed and not yet saved ------------------------------------------------------------

    def unsaved(self) -> list[str]:
        if not self.panel.dirty:
            return []
        d, p = self.panel.cell
        return [f"the stance or comment of {d.code} on principle {p.number} (Positions)"]

    def save_unsaved(self) -> None:
        self.panel.save()

    def discard_unsaved(self) -> None:
        self._show_current()

    def show_message(self, text: str) -> None:
        """A refusal or hint under the matrix (and in the window's status bar), gone after a while."""
        self.message.setText(text)
        self.message.show()
        self._clear_message_timer.start(8000)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
