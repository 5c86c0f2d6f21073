"""A key to the stance colours: swatch, short label and full name, plus the stale marker."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...stances import STANCE_ORDER, Stance
from ..style import (NO_POSITION_COLOR, NO_POSITION_TEXT, STALE_COLOR, STALE_TEXT, STANCE_COLORS, STANCE_TEXT,
                     SWATCH_EDGE, stance_label, stance_short)


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
        # Two rows: the five stances with their keys, then the markers; one row clipped the
        # labels ("Reservatio…") once the side panel took its share of a 1360-pixel screen.
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(4)
        layout = QHBoxLayout()
        layout.setSpacing(3)
        for number, stance in enumerate(STANCE_ORDER, start=1):
            if keys:
                key = QLabel(str(number))
                key.setStyleSheet("color: #1F2A37; background: #FFFFFF; border: 1px solid #9AA5B1;"
                                  "border-bottom-width: 2px; border-radius: 3px; padding: 0px 4px; font-weight: bold;")
                key.setToolTip(f"Press {number} to record {stance_label(stance)}")
                layout.addWidget(key)
            chip = stance_chip(stance)
            chip.setToolTip(stance_label(stance))
            layout.addWidget(chip)
            layout.addWidget(QLabel(stance_label(stance)))
            layout.addSpacing(6)
        layout.addStretch(1)
        markers = QHBoxLayout()
        markers.setSpacing(3)
        stale = QLabel("S*")
        stale.setStyleSheet(chip_style(STALE_COLOR, STALE_TEXT, italic=True, border=SWATCH_EDGE))
        stale.setToolTip("Given on an older version of the text: counts as no position")
        markers.addWidget(stale)
        markers.addWidget(QLabel("stale: given on an older version of the text"))
        markers.addSpacing(12)
        empty = QLabel("  ")
        empty.setStyleSheet(chip_style(NO_POSITION_COLOR, NO_POSITION_TEXT, border=SWATCH_EDGE))
        markers.addWidget(empty)
        markers.addWidget(QLabel("no position"))
        markers.addStretch(1)
        rows.addLayout(layout)
        rows.addLayout(markers)
        # Never widen the window for the key: at worst its tail is cut off.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
