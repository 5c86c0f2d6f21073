"""Edit ▸ Find (Ctrl+F): principles, delegations and comments containing a text; choosing one goes there.

The search is the façade's (`rt.records.find`); this dialog only lists and navigates.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

from ..errors import RoundtableError
from ..records import Found

KIND_LABELS = {"principle": "Principle", "delegation": "Delegation", "comment": "Comment"}


class FindDialog(QDialog):
    """A field, the places found, and Enter (or a double click) to go to one."""

    chosen = Signal(object)  # Found

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Find")
        self.resize(620, 420)
        self.field = QLineEdit()
        self.field.setPlaceholderText("Words in a principle, a delegation's code or name, or a comment")
        self.field.setAccessibleName("Find")
        self.results = QListWidget()
        self.results.setAccessibleName("Places found")
        self.summary = QLabel()
        self.summary.setAccessibleName("How many places were found")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.go_button = buttons.addButton("&Go to", QDialogButtonBox.ButtonRole.AcceptRole)
        self.go_button.setEnabled(False)
        buttons.rejected.connect(self.reject)
        self.go_button.clicked.connect(self.go)
        layout = QVBoxLayout(self)
        label = QLabel("&Find:")
        label.setBuddy(self.field)
        layout.addWidget(label)
        layout.addWidget(self.field)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        # Search as one types, after a short pause (a large file's comments take ~0.1 s).
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.search)
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.returnPressed.connect(self._enter)
        self.results.itemActivated.connect(lambda _item: self.go())
        self.results.currentRowChanged.connect(lambda row: self.go_button.setEnabled(row >= 0))

    def search(self) -> list[Found]:
        self._timer.stop()
        self.results.clear()
        text = self.field.text()
        if not text.strip() or self.session.rt is None:
            self.summary.setText("" if self.session.rt is not None else "No roundtable is open.")
            return []
        try:
            found = self.session.rt.records.find(text)
        except RoundtableError as exc:
            self.summary.setText(str(exc))
            return []
        for f in found:
            item = QListWidgetItem(f"{KIND_LABELS[f.kind]}: {f.title}\n    {f.excerpt}")
            item.setData(Qt.ItemDataRole.UserRole, f)
            item.setToolTip(f.excerpt)
            self.results.addItem(item)
        self.summary.setText(f"{len(found)} place{'s' if len(found) != 1 else ''} found" if found
                             else f"Nothing contains “{text.strip()}”.")
        if found:
            self.results.setCurrentRow(0)
        return found

    def _enter(self) -> None:
        if self._timer.isActive() or not self.results.count():
            self.search()
        else:
            self.go()

    def go(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self.hide()  # out of the way of what it found; Ctrl+F brings it back with the same results
            self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
