"""Write a value of your own for a conflict: a stance (or a status) picked by its label, text typed as text.

One dialog decides every field of a conflict group (a position's stance and comment together).
A field only the current or the incoming value can fill (an id, a whole row) offers those two.
The dialog answers per conflict how to decide it: keep, take, or a new value in the core's form
(the stance code `object`, never the label a person reads).
"""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from ...sync.model import ConflictView
from .sync_values import choices, field_label, show_value, writable

# Fields that hold sentences: typed in a box of several lines.
_PROSE = frozenset({"comment", "detail", "text", "rationale", "summary"})
KEEP, TAKE, VALUE = "keep", "take", "value"


class ConflictValueDialog(QDialog):
    """One editor per field of the group, each starting from the current value."""

    def __init__(self, group: list[ConflictView], parent: QWidget | None = None):
        super().__init__(parent)
        self.group = list(group)
        self.setWindowTitle("Write a new value")
        self.setMinimumWidth(480)
        intro = QLabel(f"The value {self.group[0].what} should have. Each field starts from the current value.")
        intro.setWordWrap(True)
        form = QFormLayout()
        self.editors: dict[str, QWidget] = {}
        for c in self.group:
            editor = self._editor(c)
            editor.setAccessibleName(field_label(c.field).capitalize())
            self.editors[c.id] = editor
            form.addRow(field_label(c.field).capitalize(), editor)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Resolve with this value")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    @staticmethod
    def _editor(c: ConflictView) -> QWidget:
        if not writable(c.field):  # only one of the two values can fill it
            combo = QComboBox()
            combo.addItem(f"Current: {show_value(c.current, c.field)}", KEEP)
            combo.addItem(f"Incoming: {show_value(c.incoming, c.field)}", TAKE)
            return combo
        picks = choices(c.field)
        if picks:
            combo = QComboBox()
            for code, label in picks:
                combo.addItem(label, code)
            start = combo.findData(c.current)
            combo.setCurrentIndex(start if start >= 0 else 0)
            return combo
        current = c.current if isinstance(c.current, str) else ""
        if c.field in _PROSE:
            box = QPlainTextEdit(current)
            box.setTabChangesFocus(True)  # Tab leaves the box, as in every other form
            box.setMinimumHeight(90)
            return box
        return QLineEdit(current)

    def answers(self) -> dict[str, tuple[str, object]]:
        """Per conflict id: (keep | take | value, the value). A value equal to one side is that side."""
        out: dict[str, tuple[str, object]] = {}
        for c in self.group:
            editor = self.editors[c.id]
            if isinstance(editor, QComboBox) and editor.currentData() in (KEEP, TAKE):
                out[c.id] = (editor.currentData(), None)
                continue
            if isinstance(editor, QComboBox):
                value = editor.currentData()
            elif isinstance(editor, QPlainTextEdit):
                value = editor.toPlainText().strip()
            else:
                value = editor.text().strip()
            if value == c.current:
                out[c.id] = (KEEP, None)
            elif value == c.incoming:
                out[c.id] = (TAKE, None)
            else:
                out[c.id] = (VALUE, value)
        return out
