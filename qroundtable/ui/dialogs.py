"""Small dialogs of the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLineEdit, QPushButton, QWidget)

from ..roundtable import Roundtable
from .session import Session
from .tasks import wait_with_progress

# The decision rules as a person reads them, with what the file stores (`consensus.parse_rule`).
RULE_CHOICES = [
    ("Consensus — no objection, reservation or request for amendments", "consensus"),
    ("Consensus minus one — a single objection does not block", "consensus_minus_one"),
    ("Majority of two thirds (66.7 %) supporting", "majority:66.7"),
    ("Simple majority (more than 50 %) supporting", "majority:50.1"),
]


def file_name_for(title: str) -> str:
    """`Pursuing Quantum Information Together` -> `pursuing-quantum-information-together.qrt`."""
    words = "".join(c if c.isalnum() else " " for c in title.casefold()).split()
    return ("-".join(words)[:60].strip("-") or "roundtable") + ".qrt"


def start_folder(session: Session) -> Path:
    """Where the file in use lives; else Documents, if there is one; else the home folder."""
    if session.path is not None:
        return Path(session.path).resolve().parent
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


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
        for label, rule in RULE_CHOICES:
            self.rule.addItem(label, rule)
        self.folder = start_folder(session)
        self.path = QLineEdit(str(self.folder / file_name_for("")))
        self._path_typed = False  # once the person edits the file, the title no longer renames it
        self.path.textEdited.connect(lambda _text: setattr(self, "_path_typed", True))
        self.title.textChanged.connect(self._follow_title)
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

    def _follow_title(self, title: str) -> None:
        if not self._path_typed:
            self.path.setText(str(Path(self.path.text()).parent / file_name_for(title)))

    def _browse(self) -> None:
        # An existing file is never replaced: the core refuses it, and the dialog stays with what was typed.
        path, _ = QFileDialog.getSaveFileName(self, "New roundtable file", self.path.text(),
                                              "Roundtable files (*.qrt)")
        if path:
            self._path_typed = True
            self.path.setText(path if path.endswith(".qrt") else path + ".qrt")

    def accept(self) -> None:
        """Create the file and open it; on a refusal the dialog stays, with what was typed."""
        path, title, code = self.path.text().strip(), self.title.text(), self.code.text()
        name, rule = self.name.text() or None, self.rule.currentData()
        pending = self.session.open_with(
            "Creating the roundtable",
            lambda: Roundtable.create(path, title=title, secretariat=code, secretariat_name=name, rule=rule))
        if wait_with_progress(self, self.session, pending) is not None:
            super().accept()
