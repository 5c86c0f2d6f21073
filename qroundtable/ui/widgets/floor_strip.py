"""Who has the floor, the time left and who is next, in a line: the Tour's view of the Floor."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..floor import floor_lines
from ..style import MUTED, readable_hex


class FloorStrip(QWidget):
    """The speakers list in view (`session.floor`) in one line that wraps; hidden while nobody speaks or waits."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.floor = session.floor
        self.now, self.next = "", ""  # the two parts, as `floor_lines` words them
        # One label above the principle, wrapping: the Tour keeps its height on a 540-pixel screen and its
        # width at 40 pt.
        self.line = QLabel()
        self.line.setWordWrap(True)
        self.line.setTextFormat(Qt.TextFormat.RichText)  # names are escaped below: they are the delegations' text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.line)
        self.floor.ticked.connect(self.show_state)
        self.floor.changed.connect(lambda: self.show_state(self.floor.state()))
        self.show_state(self.floor.state())

    def show_state(self, state) -> None:
        now, after = floor_lines(self.floor, state)
        self.setVisible(bool(now))
        if (now, after) != (self.now, self.next):
            self.now, self.next = now, after
            self.line.setText(f"<b>{escape(now)}</b><span style='color:{readable_hex(MUTED)}'> · "
                              f"{escape(after)}</span>")
            self.line.setAccessibleName(f"The floor: {now}. {after}.")
