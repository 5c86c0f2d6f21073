"""Every file imported into this copy and, for the one selected, each change it brought and where from."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QSplitter, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ...sync.model import ImportedChange, ImportRecord
from .sync_values import field_label, one_line, show_value, when

IMPORT_HEADERS = ["Imported", "From", "Number", "File", "Changes", "Applied", "Unchanged", "Conflicts", "Rejected",
                  "By"]
CHANGE_HEADERS = ["What", "Field", "Was", "Became", "Sent by", "In snapshot", "Made", "Imported"]


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    return table


def _item(text: str, tip: str = "", number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(tip)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ImportHistory(QWidget):
    """The import ledger (top) and the provenance of each change of the selected import (below)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.records: list[ImportRecord] = []
        self.changes: list[ImportedChange] = []
        self._changes_of: Callable[[str], list[ImportedChange]] = lambda import_id: []
        self.imports = _table(IMPORT_HEADERS)
        header = self.imports.horizontalHeader()
        for col, width in enumerate((150, 60, 95, 190, 70, 70, 85, 75, 75)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(len(IMPORT_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.imports.itemSelectionChanged.connect(self._show_selected)
        self.change_table = _table(CHANGE_HEADERS)
        header = self.change_table.horizontalHeader()
        for col, width in enumerate((230, 95, 190, 190, 65, 85, 145)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(len(CHANGE_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("color: #4A5563;")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addWidget(self.caption)
        lower_layout.addWidget(self.change_table, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.imports)
        split.addWidget(lower)
        split.setSizes([220, 380])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.caption.setText("Nothing imported into this copy yet.")

    def show_history(self, records: list[ImportRecord], changes_of: Callable[[str], list[ImportedChange]]) -> None:
        """`changes_of(import id)` fetches the selected import's changes (only when one is selected)."""
        self._changes_of = changes_of
        chosen = self.selected()
        self.records = list(records)
        self.imports.blockSignals(True)
        self.imports.setRowCount(0)
        self.imports.setRowCount(len(self.records))
        for row, r in enumerate(self.records):
            reasons = "\n".join(r.reasons)
            cells = [_item(when(r.imported_at)), _item(r.delegation), _item(f"{r.kind} {r.sequence}"),
                     _item(r.file_name, r.file_sha256),
                     _item(f"{r.entries} rows" if r.kind == "release" else str(r.entries), number=True),
                     _item(str(r.applied), number=True), _item(str(r.unchanged), number=True),
                     _item(str(r.conflicts), number=True), _item(str(r.rejected), reasons, number=True),
                     _item(r.imported_by)]
            for col, item in enumerate(cells):
                self.imports.setItem(row, col, item)
        self.imports.blockSignals(False)
        ids = [r.id for r in self.records]
        if ids:
            self.imports.selectRow(ids.index(chosen.id) if chosen and chosen.id in ids else 0)
        self._show_selected()

    def selected(self) -> ImportRecord | None:
        rows = self.imports.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.records):
            return None
        return self.records[rows[0].row()]

    def _show_selected(self) -> None:
        r = self.selected()
        self.change_table.setRowCount(0)
        self.changes = []
        if r is None:
            self.caption.setText("Nothing imported into this copy yet." if not self.records else "")
            return
        if r.kind == "release":
            self.caption.setText(f"Release {r.sequence} from the secretariat ({r.entries} rows) became this copy's "
                                 f"data on {when(r.imported_at)}, with this copy's own edits not yet sent kept on "
                                 "top. A release is taken whole, so its rows are not listed one by one.")
            return
        self.changes = self._changes_of(r.id)
        self.caption.setText(f"{r.delegation} snapshot {r.sequence} ({r.file_name}), imported {when(r.imported_at)}"
                             f" by {r.imported_by or 'the secretariat'}: {len(self.changes)} change"
                             f"{'s' if len(self.changes) != 1 else ''} applied, each kept with who sent it, in "
                             "which snapshot and when." + (f" Rejected: {'; '.join(r.reasons)}" if r.reasons else ""))
        self.change_table.setRowCount(len(self.changes))
        for row, c in enumerate(self.changes):
            was, became = show_value(c.old, c.field, deleted="—"), show_value(c.new, c.field, deleted="(removed)")
            cells = [_item(c.what), _item(field_label(c.field)), _item(one_line(was, 50), was),
                     _item(one_line(became, 50), became), _item(c.delegation), _item(str(c.sequence), c.snapshot_id),
                     _item(when(c.made_at)), _item(when(c.imported_at))]
            for col, item in enumerate(cells):
                self.change_table.setItem(row, col, item)
