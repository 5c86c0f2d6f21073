"""A clearly visible focus ring: 2 px in the theme's Highlight colour around the control with the keyboard focus.

The platform styles mark focus faintly (Fusion: a thin tint of a button's edge), too faint to follow on a
projector or with low vision (issue 10; WCAG 2.4.7 Focus Visible). One ring serves the whole application:
it follows `QApplication.focusChanged` and lies over the focused control as a child of it, so it moves,
hides and clips with the control and no layout, style sheet or style is touched. The widget is masked
to the ring itself, so repaints of the control elsewhere never reach its paintEvent.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPalette, QRegion
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

WIDTH = 2


class _Ring(QWidget):
    def __init__(self, target: QWidget):
        super().__init__(target)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Focus ring")  # never a control: no focus, no mouse, nothing to say

    def fit(self) -> None:
        rect = self.parentWidget().rect()
        self.setGeometry(rect)
        self.setMask(QRegion(rect).subtracted(QRegion(rect.adjusted(WIDTH, WIDTH, -WIDTH, -WIDTH))))
        self.raise_()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        color = self.parentWidget().palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
        p.fillRect(self.rect(), color)  # the mask leaves only the ring of it
        p.end()


class FocusRing(QObject):
    """Keeps one ring on the application's focus widget, when that is a control reached by Tab."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.setObjectName("focusRingKeeper")
        self.ring: _Ring | None = None
        self.target: QWidget | None = None
        app.focusChanged.connect(self.follow)
        self.follow(None, app.focusWidget())

    @staticmethod
    def wants_ring(widget: QWidget | None) -> bool:
        return (widget is not None and not widget.isWindow() and widget.width() > 2 * WIDTH
                and widget.height() > 2 * WIDTH and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus))

    def follow(self, old: QWidget | None, new: QWidget | None) -> None:
        if self.target is not None and isValid(self.target):
            self.target.removeEventFilter(self)
        self.target = None
        if self.ring is not None and isValid(self.ring):
            self.ring.hide()
        if not self.wants_ring(new):
            return
        if self.ring is None or not isValid(self.ring):  # it went with the control it lay on
            self.ring = _Ring(new)
        else:
            self.ring.setParent(new)
        self.target = new
        new.installEventFilter(self)
        self.ring.fit()
        self.ring.show()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.target and self.ring is not None and isValid(self.ring):
            kind = event.type()
            if kind == QEvent.Type.Resize:
                self.ring.fit()
            elif kind == QEvent.Type.ChildAdded and event.child() is not self.ring:
                self.ring.raise_()  # stays above a scroll bar or an editor the control adds
        return False


def install(app: QApplication | None = None) -> FocusRing:
    """The application's focus ring, made on first call."""
    app = app or QApplication.instance()
    keeper = app.findChild(FocusRing, "focusRingKeeper")
    return keeper if keeper is not None else FocusRing(app)
