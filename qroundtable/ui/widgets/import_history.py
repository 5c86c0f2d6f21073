"""Every file imported into this copy and, for the one selected, each change it brought and where from."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHeaderView, QLabel, QSplitter, QVBoxLayout, QWidget)

from ...sync.model import ImportedChange, ImportRecord
from ..style import MUTED, set_ink
from .sync_values import field_label, one_line, show_value, when
from .tables import read_only_item, read_only_table

IMPORT_HEADERS = ["Imported", "From", "Number", "File", "Changes", "Applied", "Unchanged", "Conflicts", "Rejected",
                  "By"]
CHANGE_HEADERS = ["What", "Field", "Was", "Became", "Sent by", "In snapshot", "Made", "Imported"]


class ImportHistory(QWidget):
    """The import ledger (top) and the provenance of each change of the selected import (below)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.records: list[ImportRecord] = []
        self.changes: list[ImportedChange] = []
        self._changes_of: Callable[[str], list[ImportedChange]] = lambda import_id: []
        self.imports = read_only_table(IMPORT_HEADERS, row_height=26)
        self.imports.setAccessibleName("Imported snapshots")
        header = self.imports.horizontalHeader()
        for col, width in enumerate((150, 60, 95, 190, 70, 70, 85, 75, 75)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(len(IMPORT_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.imports.itemSelectionChanged.connect(self._show_selected)
        self.change_table = read_only_table(CHANGE_HEADERS, row_height=26)
        self.change_table.setAccessibleName("Changes in the chosen import")
        header = self.change_table.horizontalHeader()
        for col, width in enumerate((230, 95, 190, 190, 65, 85, 145)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(len(CHANGE_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        set_ink(self.caption, MUTED)
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
            counts = [f"{r.entries} rows" if r.kind == "release" else str(r.entries), str(r.applied),
                      str(r.unchanged), str(r.conflicts)]
            cells = [read_only_item(when(r.imported_at)), read_only_item(r.delegation),
                     read_only_item(f"{r.kind} {r.sequence}"), read_only_item(r.file_name, r.file_sha256),
                     *[read_only_item(n, align_right=True) for n in counts],
                     read_only_item(str(r.rejected), reasons, align_right=True), read_only_item(r.imported_by)]
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
            cells = [read_only_item(c.what), read_only_item(field_label(c.field)),
                     read_only_item(one_line(was, 50), was), read_only_item(one_line(became, 50), became),
                     read_only_item(c.delegation), read_only_item(str(c.sequence), c.snapshot_id),
                     read_only_item(when(c.made_at)), read_only_item(when(c.imported_at))]
            for col, item in enumerate(cells):
                self.change_table.setItem(row, col, item)
