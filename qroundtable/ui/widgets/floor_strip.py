"""Who has the floor, the time left and who is next, in a line: the Tour's view of the Floor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ..floor import floor_lines
from ..style import MUTED, set_ink


class FloorStrip(QWidget):
    """The speakers list in view (`session.floor`), told in two lines; hidden while nobody speaks or waits."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.floor = session.floor
        self.now = QLabel()
        self.next = QLabel()
        for label in (self.now, self.next):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)  # delegation names are the delegations' own text
        set_ink(self.next, MUTED)
        # One row above the principle: the Tour keeps its height on a 540-pixel screen.
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.now)
        layout.addWidget(self.next, 1)
        self.floor.ticked.connect(self.show_state)
        self.floor.changed.connect(lambda: self.show_state(self.floor.state()))
        self.show_state(self.floor.state())

    def show_state(self, state) -> None:
        now, after = floor_lines(self.floor, state)
        self.setVisible(bool(now))
        if now != self.now.text() or after != self.next.text():
            self.now.setText(now)
            self.next.setText(after)
