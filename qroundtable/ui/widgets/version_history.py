"""A principle's versions as a list, and the word-level diff between any two of them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QSplitter,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ...model import PrincipleVersion
from ...validation import stored_time
from ..session import Session
from ..style import MUTED, set_ink
from .diff_view import DiffLegend, DiffView, diff_summary
from .elided_label import ElidedLabel

VERSION_COLUMNS = ("Version", "Author", "Date", "Brackets", "Note")


def format_timestamp(iso: str | None) -> str:
    """'2026-11-24 09:36' in this laptop's time zone; the stored text if it is not a timestamp."""
    if not iso:
        return ""
    try:
        return stored_time(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


class VersionHistoryPanel(QWidget):
    """Every version of one principle; pick two (from, to) to see what changed between them."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.number: int | None = None
        self.versions: list[PrincipleVersion] = []

        self.table = QTableWidget(0, len(VERSION_COLUMNS))
        self.table.setHorizontalHeaderLabels(VERSION_COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(len(VERSION_COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(VERSION_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._version_picked)

        self.from_picker = QComboBox()
        self.to_picker = QComboBox()
        for picker in (self.from_picker, self.to_picker):
            picker.setMinimumContentsLength(14)  # wider when there is room; 22 kept the window off small screens
            picker.currentIndexChanged.connect(self.show_diff)
        self.summary = ElidedLabel()
        set_ink(self.summary, MUTED)
        self.diff = DiffView()
        self.diff.shown.connect(lambda pieces: self.summary.setText(diff_summary(pieces)))

        pickers = QHBoxLayout()
        pickers.addWidget(QLabel("Compare"))
        pickers.addWidget(self.from_picker)
        pickers.addWidget(QLabel("with"))
        pickers.addWidget(self.to_picker)
        pickers.addStretch(1)
        pickers.addWidget(self.summary)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addLayout(pickers)
        lower_layout.addWidget(self.diff, 1)
        legend = QHBoxLayout()
        legend.addWidget(DiffLegend())
        legend.addStretch(1)
        lower_layout.addLayout(legend)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([140, 560])  # a few versions fit; the diff gets the room
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(splitter)

    def show_principle(self, number: int | None) -> None:
        """The versions of principle `number` (None: nothing), newest diff shown first."""
        rt = self.session.rt
        self.number = number
        self.versions = rt.principles.versions(number) if rt is not None and number is not None else []
        self._fill_table()
        for picker in (self.from_picker, self.to_picker):
            picker.blockSignals(True)
            picker.clear()
            for v in self.versions:
                picker.addItem(f"v{v.seq} — {format_timestamp(v.created_at)} ({v.author})", v.id)
            picker.blockSignals(False)
        if self.versions:
            self.pick(max(len(self.versions) - 2, 0), len(self.versions) - 1)
        else:
            self.show_diff()

    def pick(self, from_row: int, to_row: int) -> None:
        """Compare version at list position `from_row` with the one at `to_row`."""
        for picker, row in ((self.from_picker, from_row), (self.to_picker, to_row)):
            picker.blockSignals(True)
            picker.setCurrentIndex(row)
            picker.blockSignals(False)
        self.show_diff()

    def pick_seqs(self, from_seq: int, to_seq: int) -> None:
        seqs = [v.seq for v in self.versions]
        self.pick(seqs.index(from_seq), seqs.index(to_seq))

    def show_diff(self) -> None:
        if not self.versions:
            self.summary.setText("")
            self.diff.show_message("Select a principle to see how its text changed.")
            return
        old = self.versions[max(self.from_picker.currentIndex(), 0)]
        new = self.versions[max(self.to_picker.currentIndex(), 0)]
        if len(self.versions) == 1:
            self.summary.setText("Only one version so far")
            self.diff.show_text(new.text)
            return
        self.diff.show_diff(old.text, new.text)  # the summary follows when the diff is shown

    def _fill_table(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.versions))
        for row, v in enumerate(self.versions):
            cells = (f"v{v.seq}", v.author, format_timestamp(v.created_at), str(v.brackets), v.note or "—")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (0, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if column == 4 and v.note:
                    item.setToolTip(v.note)
                self.table.setItem(row, column, item)
        self.table.clearSelection()
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()

    def _version_picked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            row = rows[0].row()
            self.pick(max(row - 1, 0), row)
