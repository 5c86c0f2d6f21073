"""A key to the stance colours: swatch, short label and full name, plus the stale marker."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPolygon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ...stances import STANCE_ORDER, Stance
from ..style import (NO_POSITION_COLOR, NO_POSITION_TEXT, STALE_COLOR, STALE_TEXT, STANCE_COLORS, STANCE_TEXT,
                     SWATCH_EDGE, stance_label, stance_short)
from .flow_layout import FlowLayout
from .stance_cell import COMMENT_MARK


def chip_style(background, foreground, *, italic: bool = False, border: str = "transparent") -> str:
    return (f"background: {background.name()}; color: {foreground.name()}; border: 1px solid {border};"
            f"border-radius: 3px; padding: 1px 5px; font-weight: {'normal' if italic else 'bold'};"
            f"font-style: {'italic' if italic else 'normal'};")


def stance_chip(stance: Stance, text: str | None = None) -> QLabel:
    """A small label in the stance's colours, e.g. `S+A`."""
    chip = QLabel(text if text is not None else stance_short(stance))
    chip.setStyleSheet(chip_style(STANCE_COLORS[stance], STANCE_TEXT[stance]))
    return chip


class StanceLegend(QWidget):
    """`Keys 1 [S] Support  2 [S+A] Support with amendments … [S*] stale`; the numbers are keycaps."""

    def __init__(self, parent: QWidget | None = None, *, keys: bool = True):
        super().__init__(parent)
        # The stances with their keys, then the markers, flowing onto as many rows as the width needs:
        # on one fixed row the labels were cut off ("Reservatio…") on a small screen.
        layout = FlowLayout(self, spacing=10)
        for number, stance in enumerate(STANCE_ORDER, start=1):
            entry = QHBoxLayout()
            entry.setSpacing(3)
            if keys:
                key = QLabel(str(number))
                key.setStyleSheet("color: #1F2A37; background: #FFFFFF; border: 1px solid #9AA5B1;"
                                  "border-bottom-width: 2px; border-radius: 3px; padding: 0px 4px; font-weight: bold;")
                key.setToolTip(f"Press {number} to record {stance_label(stance)}")
                entry.addWidget(key)
            chip = stance_chip(stance)
            chip.setToolTip(stance_label(stance))
            entry.addWidget(chip)
            entry.addWidget(QLabel(stance_label(stance)))
            layout.addWidget(_group(entry))
        stale = QLabel("S*")
        stale.setStyleSheet(chip_style(STALE_COLOR, STALE_TEXT, italic=True, border=SWATCH_EDGE))
        stale.setToolTip("Given on an older version of the text: counts as no position")
        markers = QHBoxLayout()
        markers.setSpacing(3)
        markers.addWidget(stale)
        markers.addWidget(QLabel("stale: given on an older version of the text"))
        layout.addWidget(_group(markers))
        empty = QLabel("  ")
        empty.setStyleSheet(chip_style(NO_POSITION_COLOR, NO_POSITION_TEXT, border=SWATCH_EDGE))
        markers = QHBoxLayout()
        markers.setSpacing(3)
        markers.addWidget(empty)
        markers.addWidget(QLabel("no position"))
        layout.addWidget(_group(markers))
        # The cells' corner mark, keyed like the rest: a reader of the legend learns what it means.
        markers = QHBoxLayout()
        markers.setSpacing(3)
        markers.addWidget(CommentMarkSwatch())
        markers.addWidget(QLabel("has a comment (hover, or see the side panel)"))
        layout.addWidget(_group(markers))


class CommentMarkSwatch(QWidget):
    """A blank cell with the matrix's comment mark in its top-right corner, as the cells draw it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("comment mark")
        self.setToolTip("A position with a comment carries this corner mark")

    def sizeHint(self) -> QSize:
        return QSize(22, 16)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        rect = self.rect().adjusted(0, 0, -1, -1)
        painter.setPen(QColor(SWATCH_EDGE))
        painter.setBrush(NO_POSITION_COLOR)
        painter.drawRect(rect)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(COMMENT_MARK)
        r = rect.topRight()
        painter.drawPolygon(QPolygon([QPoint(r.x() - 6, r.y()), QPoint(r.x(), r.y()), QPoint(r.x(), r.y() + 6)]))
        painter.end()


def _group(layout: QHBoxLayout) -> QWidget:
    """One legend entry, kept together on a row."""
    layout.setContentsMargins(0, 0, 0, 0)
    widget = QWidget()
    widget.setLayout(layout)
    return widget
