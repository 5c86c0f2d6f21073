"""View ▸ Roundtable history: who changed what, when, newest first, a page at a time.

The entries are the façade's (`rt.records.history`); this dialog lists them and pages.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QVBoxLayout, QWidget)

from ..errors import RoundtableError
from .widgets.tables import read_only_item

PAGE = 200  # entries a page: a large file has about 200,000


class HistoryDialog(QDialog):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.offset = 0
        self.setWindowTitle("Roundtable history")
        self.resize(900, 560)
        self.delegation = QComboBox()
        self.delegation.setAccessibleName("Only this delegation")
        self.delegation.addItem("Every delegation", None)
        if session.rt is not None:
            for d in session.rt.delegations.list():
                self.delegation.addItem(f"{d.code} — {d.name}", d.code)
        self.delegation.currentIndexChanged.connect(lambda _i: self.show_page(0))
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Changes, newest first")
        self.table.setHorizontalHeaderLabels(["When (UTC)", "By", "What"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.newer = QPushButton("← &Newer")
        self.older = QPushButton("&Older →")
        self.newer.clicked.connect(lambda: self.show_page(max(0, self.offset - PAGE)))
        self.older.clicked.connect(lambda: self.show_page(self.offset + PAGE))
        self.where = QLabel()
        top = QHBoxLayout()
        label = QLabel("&Delegation:")
        label.setBuddy(self.delegation)
        top.addWidget(label)
        top.addWidget(self.delegation, 1)
        pages = QHBoxLayout()
        pages.addWidget(self.newer)
        pages.addWidget(self.where, 1)
        pages.addWidget(self.older)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(pages)
        layout.addWidget(buttons)
        self.show_page(0)

    def show_page(self, offset: int) -> None:
        self.table.setRowCount(0)
        if self.session.rt is None:
            self.where.setText("No roundtable is open.")
            return
        try:
            entries = self.session.rt.records.history(delegation=self.delegation.currentData(), limit=PAGE + 1,
                                                      offset=offset)
        except RoundtableError as exc:
            self.where.setText(str(exc))
            return
        self.offset = offset
        more = len(entries) > PAGE
        entries = entries[:PAGE]
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            when = e.at.replace("T", " ")[:16]
            for col, text in enumerate((when, e.who or "", e.what)):
                self.table.setItem(row, col, read_only_item(text))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.newer.setEnabled(offset > 0)
        self.older.setEnabled(more)
        self.where.setText(f"Entries {offset + 1}–{offset + len(entries)}" if entries else "Nothing recorded yet.")

    def texts(self) -> list[str]:
        """The "What" column as shown (for tests)."""
        return [self.table.item(r, 2).text() for r in range(self.table.rowCount())]
