"""A delegation's private note on one principle, kept in this copy and never sent anywhere."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ..session import Session
from ..style import MUTED, set_ink
from ..zoom import size_font
from .principle_text import BANNER, TEXT_POINT_SIZE


class _NoteEdit(QPlainTextEdit):
    focus_lost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self.focus_lost.emit()


class NotePanel(QWidget):
    """This copy's delegation's private note on one principle: kept here, never sent."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.number: int | None = None
        self.stored = ""

        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600;")
        self.privacy = QLabel()
        self.privacy.setWordWrap(True)
        self.privacy.setStyleSheet(BANNER)
        self.editor = _NoteEdit()
        size_font(self.editor, points=TEXT_POINT_SIZE - 1)
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("Talking points, instructions from capital, fallback wording…")
        self.editor.textChanged.connect(self._update)
        self.editor.focus_lost.connect(self.save)
        self.status = QLabel()
        set_ink(self.status, MUTED)
        self.save_button = QPushButton("Save note")
        self.save_button.clicked.connect(self.save)

        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.heading)
        layout.addWidget(self.privacy)
        layout.addWidget(self.editor, 1)
        layout.addLayout(row)
        self._update()

    @property
    def dirty(self) -> bool:
        return self.number is not None and self.editor.toPlainText() != self.stored

    def show_principle(self, number: int | None) -> None:
        """Show the note on `number`, saving the one being left if it was edited."""
        if number == self.number and self.dirty:
            return  # the same principle again (the list was rebuilt): keep the typing
        if number != self.number:
            self.save()
        self.number = number
        self.reload()

    def reload(self) -> None:
        rt = self.session.rt
        self.stored = rt.notes.get(self.number) if rt is not None and self.number is not None else ""
        self.editor.blockSignals(True)
        self.editor.setPlainText(self.stored)
        self.editor.blockSignals(False)
        self._update()

    def forget(self) -> None:
        """Drop what is shown without saving (another file was opened)."""
        self.number, self.stored = None, ""
        self.editor.blockSignals(True)
        self.editor.clear()
        self.editor.blockSignals(False)
        self._update()

    def save(self):
        """Queue the note for saving (None when there is nothing to save); it stays typed meanwhile."""
        if self.session.rt is None or not self.dirty:
            return None
        number, text = self.number, self.editor.toPlainText()

        def saved(changes) -> None:
            if self.number != number or self.session.rt is None:
                return
            if self.editor.toPlainText() == text:
                self.reload()  # as the core keeps it (trimmed)
            else:  # typed on meanwhile: keep that, it is the next thing to save
                self.stored = self.session.rt.notes.get(number)
                self._update()
        return self.session.apply(lambda rt: rt.notes.set(number, text), "Private note").then(saved)

    def _update(self) -> None:
        rt = self.session.rt
        owner = rt.info.owner if rt is not None else ""
        self.editor.setEnabled(self.number is not None)
        self.editor.setReadOnly(rt is not None and bool(rt.info.read_only))
        self.heading.setText(f"Private note of the {owner} delegation on principle {self.number}"
                             if self.number is not None else "Private note")
        self.privacy.setText(f"Only {owner} sees this note. It never leaves this laptop: it is not part of any "
                             "snapshot, release or readout, and the secretariat never receives it.")
        self.save_button.setEnabled(self.dirty)
        if self.number is None:
            self.status.setText("")
        elif self.dirty:
            self.status.setText("Not saved yet — saved when you click Save note or leave the field")
        else:
            self.status.setText("Saved" if self.stored else "No note on this principle yet")
