"""Small dialogs of the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLineEdit, QPushButton, QWidget)

from ..roundtable import Roundtable
from .session import Session
from .tasks import wait_with_progress


class NewRoundtableDialog(QDialog):
    """Title, secretariat and rule for a new roundtable file (this copy becomes the secretariat's)."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("New roundtable")
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Pursuing Quantum Information Together")
        self.code = QLineEdit()
        self.code.setPlaceholderText("e.g. US")
        self.code.setMaxLength(8)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. United States")
        self.rule = QComboBox()
        self.rule.setEditable(True)
        self.rule.addItems(["consensus", "consensus_minus_one", "majority:66.7"])
        self.path = QLineEdit(str(Path.home() / "roundtable.qrt"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Secretariat code", self.code)
        form.addRow("Secretariat name", self.name)
        form.addRow("Consensus rule", self.rule)
        form.addRow("File", where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New roundtable file", self.path.text(),
                                              "Roundtable files (*.qrt)")
        if path:
            self.path.setText(path if path.endswith(".qrt") else path + ".qrt")

    def accept(self) -> None:
        """Create the file and open it; on a refusal the dialog stays, with what was typed."""
        path, title, code = self.path.text().strip(), self.title.text(), self.code.text()
        name, rule = self.name.text() or None, self.rule.currentText()
        pending = self.session.open_with(
            "Creating the roundtable",
            lambda: Roundtable.create(path, title=title, secretariat=code, secretariat_name=name, rule=rule))
        if wait_with_progress(self, self.session, pending) is not None:
            super().accept()
