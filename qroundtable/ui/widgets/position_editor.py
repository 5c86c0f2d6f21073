"""A small dialog to record one delegation's stance and comment on one principle."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit,
                               QRadioButton, QVBoxLayout, QWidget)

from ...model import Delegation, Position, Principle
from ...stances import STANCE_ORDER, Stance
from .stance_legend import stance_chip


class PositionEditor(QDialog):
    """Stance as five radio buttons (keys 1–5 pick one), comment below; OK records both."""

    def __init__(self, delegation: Delegation, principle: Principle, position: Position | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{delegation.code} on principle {principle.number}")
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{delegation.name}</b> on <b>P{principle.number}</b> — {principle.title}")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if position is not None and position.stale:
            note = QLabel(f"<i>The last stance was given on text version {position.version_seq}; the text is now "
                          f"at version {principle.current.seq}. Recording restates it on the current text.</i>")
            note.setWordWrap(True)
            layout.addWidget(note)

        self.group = QButtonGroup(self)
        for number, stance in enumerate(STANCE_ORDER, start=1):
            row = QHBoxLayout()
            button = QRadioButton(f"&{number}  {stance.label}")
            self.group.addButton(button, number)
            row.addWidget(stance_chip(stance))
            row.addWidget(button, 1)
            layout.addLayout(row)
            if position is not None and position.stance == stance:
                button.setChecked(True)

        layout.addWidget(QLabel("Comment"))
        self.comment = QPlainTextEdit(position.comment if position else "")
        self.comment.setPlaceholderText("e.g. Ad referendum; instructions from capital awaited")
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(80)
        self.comment.installEventFilter(self)
        layout.addWidget(self.comment)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.group.idToggled.connect(self._update_ok)
        self._update_ok()
        self.setMinimumWidth(420)

    def _update_ok(self, *args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.stance() is not None)

    def stance(self) -> Stance | None:
        checked = self.group.checkedId()
        return STANCE_ORDER[checked - 1] if checked > 0 else None

    def keyPressEvent(self, event) -> None:
        text = event.text()
        if len(text) == 1 and text in "12345":
            self.group.button(int(text)).setChecked(True)
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched, event) -> bool:
        # Enter in the comment records, as in the tour de table; Shift+Enter starts a new line.
        if watched is self.comment and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            if self.stance() is not None:
                self.accept()
            return True
        return super().eventFilter(watched, event)


def ask_position(parent: QWidget, delegation: Delegation, principle: Principle,
                 position: Position | None) -> tuple[Stance, str] | None:
    """Show the editor; the chosen (stance, comment), or None when cancelled. Tests replace this seam."""
    dialog = PositionEditor(delegation, principle, position, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.stance() is None:
        return None
    return dialog.stance(), dialog.comment.toPlainText().strip()
