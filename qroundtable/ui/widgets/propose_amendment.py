"""The dialog in which a delegation proposes new wording for a principle."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from ...model import Delegation
from ..style import MUTED, set_ink
from ..zoom import size_font
from .bracket_highlighter import BracketHighlighter


class ProposeAmendmentDialog(QDialog):
    """Delegation, new text (prefilled with the current one) and rationale.

    Pressing Propose calls `submit(dialog)`; the dialog closes only when it
    returns True, so a refused proposal keeps what the delegate typed.
    """

    def __init__(self, principle_label: str, delegations: list[Delegation], text: str,
                 submit: Callable[[ProposeAmendmentDialog], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Propose an amendment — {principle_label}")
        self.resize(720, 520)
        self._submit = submit

        self.delegation_picker = QComboBox()
        for d in delegations:
            self.delegation_picker.addItem(f"{d.code} — {d.name}", d.code)
        # In a delegation's copy there is exactly one choice: its own.
        self.delegation_picker.setEnabled(len(delegations) > 1)

        self.text_edit = QPlainTextEdit(text)
        size_font(self.text_edit, points=12)
        self.text_edit.setTabChangesFocus(True)
        self.highlighter = BracketHighlighter(self.text_edit.document())
        self.rationale_edit = QPlainTextEdit()
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.setPlaceholderText("Why this wording? (optional, shown to the secretariat)")
        self.rationale_edit.setMaximumHeight(110)

        hint = QLabel("Edit the text as it should read. Keep disputed wording in square brackets, "
                      "e.g. [shall|should].")
        hint.setWordWrap(True)
        set_ink(hint, MUTED)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Propose")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Delegation", self.delegation_picker)
        form.addRow("New text", self.text_edit)
        form.addRow("", hint)
        form.addRow("Rationale", self.rationale_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.buttons)

    @property
    def propose_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def delegation(self) -> str:
        return self.delegation_picker.currentData() or ""

    def set_delegation(self, code: str) -> None:
        index = self.delegation_picker.findData(code)
        if index >= 0:
            self.delegation_picker.setCurrentIndex(index)

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def rationale(self) -> str:
        return self.rationale_edit.toPlainText()

    def accept(self) -> None:
        if self._submit(self):
            super().accept()
