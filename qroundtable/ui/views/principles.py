"""The Principles view: the list of principles, and the text, history, amendments and note of one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QSize, Qt
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QSplitter,
                               QStyledItemDelegate, QTableView, QTabWidget, QVBoxLayout, QWidget)

from ...errors import RoundtableError
from ...model import AmendmentState, OpChanges, Principle
from ...permissions import may_decide
from ...words import plural
from ..models.principle_list import BRACKETS, NUMBER, STATUS, TITLE, VERSION, PrincipleListModel
from ..session import Session
from ..style import MUTED, STATUS_COLORS, STATUS_TEXT, set_ink, status_badge
from ..widgets.adoption_record import AdoptionRecordPanel
from ..widgets.amendments_panel import AmendmentsPanel
from ..widgets.principle_text import TextPanel
from ..widgets.private_note import NotePanel
from ..widgets.status_badge import StatusBadgeDelegate
from ..widgets.version_history import VersionHistoryPanel
from ..zoom import size_font
from .base import View

LIST_SHARE = 0.4  # of the view's width, for the list of principles
TITLE_SHARE = 0.45  # of the list's width at least, for the titles


class _WrappingDelegate(QStyledItemDelegate):
    """Wrapped text with breathing room: Qt's own hint leaves no margin and then elides the second line."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + 10)


class PrinciplesView(View):
    """Principles on the left; the chosen one's text, history, amendments and private note on the right."""

    title = "Principles"

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self._user_sized = False
        self._selected_number: int | None = None

        self.model = PrincipleListModel(session, self)
        self.table = QTableView()
        self.table.setAccessibleName("Principles")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(STATUS, StatusBadgeDelegate(self.table))
        self.table.setItemDelegateForColumn(TITLE, _WrappingDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        # Rows of two lines, so long titles wrap instead of being cut off. Fixed sizes, not
        # ResizeToContents: that re-measures every row on each recorded stance.
        line = self.table.fontMetrics().lineSpacing()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(2 * line + 14)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        width = self.table.fontMetrics().horizontalAdvance
        # The short columns as wide as their content, the title takes the rest (sized once, not
        # ResizeToContents, for the same reason as the rows).
        self._column_widths = {}
        for column, sample, room in ((NUMBER, "000", 20), (STATUS, "◐ Not discussed", 28),
                                     (BRACKETS, "Brackets", 24), (VERSION, "Version", 24)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self._column_widths[column] = width(sample) + room
            header.resizeSection(column, self._column_widths[column])
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)

        self.list_heading = QLabel("Principles")
        size_font(self.list_heading, points=13, bold=True)
        self.list_hint = QLabel()
        self.list_hint.setWordWrap(True)
        set_ink(self.list_hint, MUTED)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 12, 6, 12)
        left_layout.addWidget(self.list_heading)
        left_layout.addWidget(self.list_hint)
        left_layout.addWidget(self.table, 1)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        size_font(self.heading, points=14, bold=True)
        self.badge = QLabel()
        self.meta = QLabel()
        set_ink(self.meta, MUTED)
        meta_row = QHBoxLayout()
        meta_row.addWidget(self.badge)
        meta_row.addWidget(self.meta, 1)

        self.text_panel = TextPanel(session)
        self.history_panel = VersionHistoryPanel(session)
        self.amendments_panel = AmendmentsPanel(session)
        self.note_panel = NotePanel(session)
        self.adoption_panel = AdoptionRecordPanel(session)
        self.text_panel.propose_requested.connect(self._propose_from_text)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Selected principle")  # focusable: a screen reader says where focus went
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.text_panel, "Text")
        self.tabs.addTab(self.history_panel, "History")
        self.tabs.addTab(self.amendments_panel, "Amendments")
        self.tabs.addTab(self.adoption_panel, "Adoption record")
        self.tabs.addTab(self.note_panel, "Private note")

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 12, 12, 12)
        right_layout.addWidget(self.heading)
        right_layout.addLayout(meta_row)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        right_layout.addWidget(line)
        right_layout.addWidget(self.tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(self._splitter_moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        session.meeting_changed.connect(self._meeting_changed)
        if session.rt is not None:
            self.reload()
        else:
            self._show(None)

    # -- the View contract ---------------------------------------------------------------------

    def reload(self) -> None:
        self.note_panel.forget()
        self.text_panel.forget()
        self._selected_number = None
        self.model.reload()  # reselects the first principle (see _restore_selection)
        self._update_hint()

    def on_changed(self, changes: OpChanges) -> None:
        self.model.apply_changes(changes)  # may reset: the selection is restored by number
        p = self.current_principle()  # as the model now has it
        if p is None:
            if self.model.rowCount():
                self.select_principle(self.model.principle_at(0).number)
            else:
                self._show(None)
            return
        touched = p.id in changes.principle_ids()
        # Only the panels whose records changed: a position recorded elsewhere must not
        # reset the versions someone is comparing.
        if touched and changes.touches_principle_text:
            self.text_panel.show_principle(p)
        if touched and "principle_versions" in changes.tables:
            self.history_panel.show_principle(p.number)
        # Deciding an amendment updates its state only, which principle_ids() cannot place.
        if (changes.touches_amendments or changes.touches_adoption_record
                or (touched and changes.touches_principle_text)):
            self.amendments_panel.show_principle(p.number, p.title)
        # How it was agreed and what was said on it: a statement, a vote, a silence, or its consensus moved.
        if (changes.touches_adoption_record or changes.touches_votes or changes.moves_all_consensus
                or touched):
            self.adoption_panel.show_principle(p.number)
        if "private_notes" in changes.tables and not self.note_panel.dirty:
            self.note_panel.reload()
        if changes.moves_all_consensus:
            self._update_hint()
        self._update_heading(p)

    # -- selection --------------------------------------------------------------------------------

    def current_principle(self) -> Principle | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.principle_at(index.row()) if index.isValid() else None

    def select_principle(self, number: int) -> bool:
        row = self.model.row_of(number)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        p = self.model.principle_at(current.row()) if current.isValid() else None
        self._show(p)

    def _remember_selection(self) -> None:
        p = self.current_principle()
        self._selected_number = p.number if p else self._selected_number

    def _restore_selection(self) -> None:
        if self.model.rowCount() == 0:
            self._show(None)
            return
        number = self._selected_number
        if number is None or not self.select_principle(number):
            self.select_principle(self.model.principle_at(0).number)

    # -- showing one principle ---------------------------------------------------------------------

    def _show(self, p: Principle | None) -> None:
        """Fill every panel for `p` (another principle was selected)."""
        if p is not None:
            self._selected_number = p.number
        self.text_panel.show_principle(p)
        self.history_panel.show_principle(p.number if p else None)
        self.amendments_panel.show_principle(p.number if p else None, p.title if p else "")
        self.note_panel.show_principle(p.number if p else None)
        self.adoption_panel.show_principle(p.number if p else None)
        self.tabs.setEnabled(p is not None)
        self._update_heading(p)

    def _update_heading(self, p: Principle | None) -> None:
        if p is None:
            rt = self.session.rt
            self.heading.setText("No roundtable open" if rt is None else "No principle selected")
            self.meta.setText("Open a roundtable file (File ▸ Open) to see its principles." if rt is None
                              else "Select a principle in the list.")
            self.badge.hide()
            return
        stage = "" if p.stage.value == "draft" else f"{p.stage.value.capitalize()} · "
        self.heading.setText(f"{p.number}. {p.title}")
        open_ones = sum(1 for a in self.amendments_panel.amendments if a.state is AmendmentState.PROPOSED)
        self.meta.setText(f"{stage}version {p.current.seq} · "
                          f"{plural(p.current.brackets, 'bracketed segment')} · "
                          f"{plural(open_ones, 'open amendment') if open_ones else 'no open amendments'}")
        consensus = self.model.consensus_at(self.model.row_of(p.number))
        if consensus is None:
            self.badge.hide()
            return
        self.badge.setText(status_badge(consensus.status))
        self.badge.setToolTip(self.model.data(self.model.index(self.model.row_of(p.number), STATUS),
                                              Qt.ItemDataRole.ToolTipRole))
        self.badge.setStyleSheet(f"background: {STATUS_COLORS[consensus.status].name()}; "
                                 f"color: {STATUS_TEXT[consensus.status].name()}; "
                                 "border-radius: 9px; padding: 2px 10px; font-weight: 600;")
        self.badge.show()

    def _update_hint(self) -> None:
        rt = self.session.rt
        if rt is None:
            self.list_hint.setText("")
            return
        if rt.info.read_only:
            hint = "Read-only: texts, positions and notes can be read and exported, not changed."
        elif rt.info.is_secretariat:
            hint = "Secretariat copy: edit texts, decide on amendments."
        else:
            hint = f"{rt.info.owner}'s copy: propose amendments, keep private notes."
        try:
            expected = len(rt.expected_delegations(self.session.meeting_id))
        except RoundtableError as exc:
            hint += f"\nConsensus: {exc}."
        else:
            among = "attending the meeting in view" if self.session.meeting_id else "in the roundtable"
            hint += f"\nConsensus over the {expected} delegations {among}."
        self.list_hint.setText(hint)

    def _meeting_changed(self, meeting_id) -> None:
        if self.session.rt is None:
            return
        self.model.refresh_all()
        self._update_hint()
        p = self.current_principle()
        self._update_heading(p)
        self.adoption_panel.show_principle(p.number if p else None)  # agreed or not follows whose stances count

    # -- what is typed and not yet saved ------------------------------------------------------------

    def unsaved(self) -> list[str]:
        items = [f"the edited text of principle {n}" for n in self.text_panel.unsaved_numbers()]
        if self.note_panel.dirty:
            items.append(f"your private note on principle {self.note_panel.number}")
        return items

    def can_save_unsaved(self) -> bool:
        # Only the pen-holder saves texts; a delegation's edited wording must be proposed as an amendment.
        rt = self.session.rt
        return not self.text_panel.unsaved_numbers() or (rt is not None and may_decide(rt.info))

    def save_unsaved(self) -> None:
        self.text_panel.save_all()
        self.note_panel.save()

    def discard_unsaved(self) -> None:
        self.text_panel.discard_all()
        self.note_panel.reload()

    def _propose_from_text(self, text: str) -> None:
        if self.amendments_panel.propose(text):
            self.tabs.setCurrentWidget(self.amendments_panel)

    # -- layout -----------------------------------------------------------------------------------------

    def _splitter_moved(self, *_) -> None:
        self._user_sized = True

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """Keep the title readable (at least TITLE_SHARE of the table) on a narrow list: the brackets and
        version columns go first; the heading above the text still gives both."""
        widths = self._column_widths
        room = self.table.width() - 2 * self.table.frameWidth() - self.table.verticalScrollBar().sizeHint().width()
        fixed = widths[NUMBER] + widths[STATUS]
        for column in (BRACKETS, VERSION):
            fits = fixed + widths[column] <= room * (1 - TITLE_SHARE)
            if self.table.isColumnHidden(column) == fits:
                self.table.setColumnHidden(column, not fits)
                if fits:  # a column shown again comes back at its own width
                    self.table.horizontalHeader().resizeSection(column, widths[column])
            if fits:
                fixed += widths[column]

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if not self._user_sized and self.width() > 0:
            left = int(self.width() * LIST_SHARE)
            self.splitter.setSizes([left, self.width() - left])
