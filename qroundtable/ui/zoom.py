"""App-wide zoom: one factor scales the application font, and every font sized from it.

Qt hands the application font down to every widget that has no font of its own, but a
widget that was given a size (a heading at 1.5×, a stylesheet's `font-size: 13pt`) keeps
that size for good. So widgets that want a size of their own ask for it here, as a
multiple of the application font (`scale=`) or as design points (`points=`, 12 pt at
100 %), and `set_factor()` re-applies those sizes after changing the application font.
Stylesheets therefore never carry a `font-size`: it would not follow the zoom.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

# The steps of View ▸ Zoom in / Zoom out; 1.0 is the platform's own font size.
FACTORS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
SETTINGS_KEY = "zoom"
_SCALE, _POINTS, _BOLD = "qrtFontScale", "qrtFontPoints", "qrtFontBold"


class _Zoom(QObject):
    changed = Signal(float)  # the new factor; for what paints its own text

    def __init__(self):
        super().__init__()
        self.factor = 1.0
        self.base: QFont | None = None  # the application font before any zoom


zoom = _Zoom()


def factor() -> float:
    return zoom.factor


def points(design: float) -> float:
    """`design` points (as drawn at 100 %) at the current zoom."""
    return design * zoom.factor


def nearest(value) -> float:
    """The zoom step closest to `value` (a stored setting may be anything, or junk)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 1.0
    return min(FACTORS, key=lambda f: abs(f - value))


def step(direction: int) -> float:
    """The factor one step in (+1) or out (-1) from the current one, kept within FACTORS."""
    i = FACTORS.index(nearest(zoom.factor)) + direction
    return FACTORS[max(0, min(i, len(FACTORS) - 1))]


def _base_font() -> QFont:
    if zoom.base is None:
        zoom.base = QFont(QApplication.font())
    return zoom.base


def _base_points() -> float:
    size = _base_font().pointSizeF()
    return size if size > 0 else 9.0  # a pixel-sized platform font: Qt's usual default


def set_factor(value: float) -> float:
    """Scale the application font and every widget sized through `size_font`; returns the factor set."""
    value = nearest(value)
    font = QFont(_base_font())
    font.setPointSizeF(_base_points() * value)
    zoom.factor = value
    QApplication.setFont(font)
    # Qt posts the news of the new font to each window; deliver it now, before sizing from it.
    QApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
    # Parents before children, so each re-reads a parent font already at the new size.
    for widget in sorted(QApplication.allWidgets(), key=_depth):
        if widget.style().metaObject().className() == "QStyleSheetStyle":
            # A widget under a stylesheet keeps the font it was polished with: polish it again.
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        if widget.property(_SCALE) is not None or widget.property(_POINTS) is not None:
            _apply(widget)
    zoom.changed.emit(value)
    return value


def _depth(widget: QWidget) -> int:
    depth, parent = 0, widget.parentWidget()
    while parent is not None:
        depth, parent = depth + 1, parent.parentWidget()
    return depth


def size_font(widget: QWidget, *, scale: float | None = None, points: float | None = None,
              bold: bool | None = None) -> QWidget:
    """Give `widget` a font size that follows the zoom: `scale` × the application font, or design `points`."""
    widget.setProperty(_SCALE, scale)
    widget.setProperty(_POINTS, points)
    if bold is not None:
        widget.setProperty(_BOLD, bold)
    _apply(widget)
    return widget


def _apply(widget: QWidget) -> None:
    scale, design = widget.property(_SCALE), widget.property(_POINTS)
    size = design * zoom.factor if design is not None else _base_points() * zoom.factor * (scale or 1.0)
    font = QFont(widget.font())
    font.setPointSizeF(max(size, 1.0))
    bold = widget.property(_BOLD)
    if bold is not None:
        font.setBold(bool(bold))
    widget.setFont(font)
