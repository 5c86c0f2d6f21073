"""Colours, short labels and fonts shared by the views.

The colours of stances, statuses and overdue items are the core's (`qroundtable/palette.py`,
the same in the readout and the spreadsheet), turned into `QColor`s here; every coloured
cell also carries a text label, so nothing is said by colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from .. import palette
from ..stances import STANCE_LABELS, STANCE_SHORT, Stance, Status

STANCE_COLORS = {stance: QColor(color) for stance, color in palette.STANCE_FILL.items()}
STANCE_TEXT = {stance: QColor(color) for stance, color in palette.STANCE_INK.items()}  # chosen for contrast
STALE_COLOR, STALE_TEXT = QColor(palette.STALE_FILL), QColor(palette.STALE_INK)
NO_POSITION_COLOR, NO_POSITION_TEXT = QColor(palette.NO_POSITION_FILL), QColor(palette.NO_POSITION_INK)
NO_POSITION_LINE = QColor(palette.NO_POSITION_EDGE)
SWATCH_EDGE = palette.SWATCH_EDGE

_BRUSH = {"solid": Qt.BrushStyle.NoBrush, "horizontal": Qt.BrushStyle.HorPattern,
          "forward_diagonal": Qt.BrushStyle.FDiagPattern, "backward_diagonal": Qt.BrushStyle.BDiagPattern,
          "dots": Qt.BrushStyle.Dense6Pattern, "cross": Qt.BrushStyle.CrossPattern}
# Hatching painted over a stance's fill in the charts (NoBrush: the plain fill); see palette.STANCE_PATTERN.
STANCE_PATTERNS = {stance: _BRUSH[name] for stance, name in palette.STANCE_PATTERN.items()}
NO_POSITION_PATTERN = _BRUSH[palette.NO_POSITION_PATTERN]

STATUS_COLORS = {status: QColor(color) for status, color in palette.STATUS_FILL.items()}
STATUS_TEXT = {status: QColor(color) for status, color in palette.STATUS_INK.items()}

OVERDUE_BACKGROUND, OVERDUE_INK = QColor(palette.OVERDUE_FILL), QColor(palette.OVERDUE_INK)

BRACKET_HIGHLIGHT = QColor("#FFF3B0")
INSERT_COLOR = QColor("#D8F3DC")
DELETE_COLOR = QColor("#FFD6D6")


def stance_label(stance: Stance) -> str:
    return STANCE_LABELS[stance]


def stance_short(stance: Stance) -> str:
    return STANCE_SHORT[stance]


def status_badge(status: Status) -> str:
    return status.badge
