"""Labels shared by the views."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ..zoom import size_font


def buddy_label(text: str, widget: QWidget, *, bold: bool = False) -> QLabel:
    """A label whose Alt+letter moves the focus to `widget` (mnemonics work in plain text only)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setBuddy(widget)
    if bold:
        size_font(label, scale=1.0, bold=True)
    return label
