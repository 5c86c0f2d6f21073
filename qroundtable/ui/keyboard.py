"""Keyboard rules for every widget of the app, dialogs included, set in one place.

Tab moves from control to control everywhere: inside a table or list the arrow keys
move between cells, and Tab leaves it (Qt's default walks every cell, so a keyboard
user never got past the matrix). Text boxes take Tab as "next control" too — a tab
character in a principle or a comment is never what was meant.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPlainTextEdit, QTextEdit


class _TabLeaves(QObject):
    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Polish:
            if isinstance(watched, QAbstractItemView):
                watched.setTabKeyNavigation(False)
            elif isinstance(watched, (QPlainTextEdit, QTextEdit)):
                watched.setTabChangesFocus(True)
        return False


def install(app: QApplication) -> None:
    """Once per application: every widget polished from now on follows the rules above."""
    if app.property("qroundtable_keyboard"):
        return
    app.setProperty("qroundtable_keyboard", True)
    rules = _TabLeaves(app)
    app.installEventFilter(rules)
