"""How big the main window opens: it fits the screen it opens on, from a 1024×600 netbook to 4K.

A first start (nothing saved) takes most of the screen, but not all of a large one; a size saved on
a bigger screen (or a projector since unplugged) is brought back inside the screen it opens on.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

SHARE = 0.9  # of the screen's free area on a first start
COMFORTABLE = QSize(1440, 900)  # more than this only makes lines long; the user can still maximise
SMALL = QSize(1280, 800)  # a screen narrower or lower than this needs all of itself: the window opens maximised


def is_small(available: QRect) -> bool:
    return available.width() < SMALL.width() or available.height() < SMALL.height()


def first_geometry(available: QRect) -> QRect:
    """A first window: all of a small screen; else 90 % of the free area, at most COMFORTABLE, centred on it."""
    if is_small(available):
        return QRect(available)
    size = QSize(min(int(available.width() * SHARE), COMFORTABLE.width()),
                 min(int(available.height() * SHARE), COMFORTABLE.height()))
    rect = QRect(available.topLeft(), size)
    rect.moveCenter(available.center())
    return rect


def clamped(geometry: QRect, available: QRect) -> QRect:
    """`geometry` made no larger than `available` and moved inside it (unchanged when it fits)."""
    size = geometry.size().boundedTo(available.size())
    rect = QRect(geometry.topLeft(), size)
    if rect.right() > available.right():
        rect.moveRight(available.right())
    if rect.bottom() > available.bottom():
        rect.moveBottom(available.bottom())
    if rect.left() < available.left():
        rect.moveLeft(available.left())
    if rect.top() < available.top():
        rect.moveTop(available.top())
    return rect
