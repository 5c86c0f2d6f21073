"""The audience window: what the room sees on the projector while the chair works on the laptop.

It shows the Tour's principle (number, title, text), its live tally in the palette's
colours and labels, the consensus status and who has the floor, in type sized to the
window. It has no controls: it follows the Tour's principle, the counting basis and
every change written to the file. It opens full screen on a screen the main window is
not on, when there is one.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..errors import RoundtableError
from .counting_basis import counting_meeting, counting_phrase
from .floor import floor_lines
from .zoom import factor as zoom_factor
from .zoom import zoom
from .widgets.stance_tally import StanceTally

INK, MUTED, GROUND = "#1F2A37", "#4A5563", "#FFFFFF"
# Type is sized to the window, not to the app's zoom: the room reads it from metres away.
DESIGN_HEIGHT = 540  # a window this high gets scale 1
TITLE_PX = 34  # at scale 1; the principle text starts at this size and shrinks until it fits


def audience_screen(screens: list[QRect], window: QRect) -> int | None:
    """Index of the screen for the audience: the largest one not showing `window`; None with one screen.

    `window` is the main window's frame; the screen holding its centre is the chair's.
    """
    if len(screens) < 2:
        return None
    centre = window.center()
    chair = next((i for i, s in enumerate(screens) if s.contains(centre)), None)
    if chair is None:  # off every screen (a screen unplugged): the one it overlaps most
        overlap = [s.intersected(window) for s in screens]
        chair = max(range(len(screens)), key=lambda i: overlap[i].width() * overlap[i].height())
    others = [i for i in range(len(screens)) if i != chair]
    return max(others, key=lambda i: (screens[i].width() * screens[i].height(), -i))


class AudienceWindow(QWidget):
    """A top-level window with the principle, the tally and the status in large type; nothing to edit."""

    closed = Signal()

    def __init__(self, session, tour, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.tour = tour
        self.setWindowTitle("qroundtable — audience")
        self.setObjectName("audience")
        self.setStyleSheet(f"QWidget#audience {{ background: {GROUND}; }}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Audience window")
        self.number: int | None = None
        self.result = None

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet(f"color: {INK};")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.text.setStyleSheet(f"color: {INK};")
        self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.speaker = QLabel()
        self.speaker.setStyleSheet(f"color: {MUTED};")
        # The speakers list in view (the Floor view): who has the floor, the time left, the next three.
        self.floor_now = QLabel()
        self.floor_now.setStyleSheet(f"color: {INK};")
        self.floor_next = QLabel()
        self.floor_next.setStyleSheet(f"color: {MUTED};")
        for label in (self.floor_now, self.floor_next):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.counting = QLabel()
        self.counting.setWordWrap(True)
        self.counting.setStyleSheet(f"color: {MUTED};")
        self.tally = StanceTally()
        self.tally.detail.hide()  # "still to hear" lists codes: the speaker line says who is next

        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(self.text, 1)
        left.addWidget(self.speaker)
        left.addWidget(self.floor_now)
        left.addWidget(self.floor_next)
        side = QVBoxLayout()
        side.addWidget(self.tally)
        side.addStretch(1)
        side.addWidget(self.counting)
        self.side = QFrame()
        self.side.setLayout(side)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.setSpacing(40)
        layout.addLayout(left, 1)
        layout.addWidget(self.side)

        self.show_floor(session.floor.state())
        tour.presented.connect(self.follow_tour)
        session.changed.connect(self.refresh)
        session.opened.connect(self.follow_tour)
        session.meeting_changed.connect(self.refresh)
        session.floor.ticked.connect(self.show_floor)
        session.floor.changed.connect(lambda: self.show_floor(session.floor.state()))
        zoom.changed.connect(self._fit)
        self.resize(960, 540)
        self.follow_tour()

    # -- what is shown ---------------------------------------------------------------------

    def follow_tour(self, *args) -> None:
        self.number = self.tour.principle_number()
        self.refresh()

    def refresh(self, *args) -> None:
        """Read the principle and its consensus afresh (the Tour may be hidden and not reading)."""
        rt = self.session.rt
        principle = None
        if rt is not None and self.number is not None:
            try:
                principle = rt.principles.get(self.number)
            except RoundtableError:
                principle = None
        if principle is None:
            self.heading.setText("")
            self.text.setText("")
            self.speaker.setText("")
            self.counting.setText("")
            self.result = None
            self.tally.show_result(None, "")
            self._fit()
            return
        self.heading.setText(f"Principle {principle.number} · {principle.title}")
        self.text.setText(principle.text)
        meeting = counting_meeting(rt, self.session.meeting_id)
        try:
            results = rt.consensus(meeting.id if meeting else None, principles=[principle.number])
        except RoundtableError:
            results = []
        self.result = results[0] if results else None
        self.tally.show_result(self.result, "")
        self.tally.over.hide()
        self.counting.setText(counting_phrase(rt, self.session.meeting_id))
        delegation = self.tour.current_delegation() if self.tour.principle_number() == self.number else None
        self.speaker.setText(f"Tour de table: {delegation.name}'s turn" if delegation is not None else "")
        self._fit()

    def show_floor(self, state) -> None:
        now, after = floor_lines(self.session.floor, state)
        appears = self.floor_now.isVisibleTo(self) != bool(now)
        self.floor_now.setText(now)
        self.floor_next.setText(after)
        self.floor_now.setVisible(bool(now))
        self.floor_next.setVisible(bool(now))
        if appears:
            self._fit()  # the principle text has more or less room now

    def status_text(self) -> str:
        return self.tally.badge.text()

    # -- type sized to the window -----------------------------------------------------------

    def scale(self) -> float:
        return max(0.6, self.height() / DESIGN_HEIGHT)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._fit()

    def _fit(self, *args) -> None:
        s = self.scale()
        self.heading.setFont(_font(self.heading, round(TITLE_PX * s), bold=True))
        self.speaker.setFont(_font(self.speaker, round(22 * s)))
        self.floor_now.setFont(_font(self.floor_now, round(26 * s), bold=True))
        self.floor_next.setFont(_font(self.floor_next, round(20 * s)))
        self.counting.setFont(_font(self.counting, round(14 * s)))
        self.tally.set_scale(1.8 * s / zoom_factor())  # sized to this window, whatever the app's zoom
        self.side.setFixedWidth(round(min(380 * s, self.width() * 0.4)))
        # The principle text as large as fits the space left for it: up to the title's size, down to a floor.
        room = self.text.contentsRect()
        px = round(TITLE_PX * s)
        if room.width() > 50 and room.height() > 50:
            while px > 12:
                metrics = QFontMetrics(_font(self.text, px))
                needed = metrics.boundingRect(QRect(0, 0, room.width(), 100_000),
                                              Qt.TextFlag.TextWordWrap, self.text.text())
                if needed.height() <= room.height():
                    break
                px -= 2
        self.text.setFont(_font(self.text, px))

    # -- placing and closing ----------------------------------------------------------------

    def place(self, main_window: QWidget) -> None:
        """Full screen on a screen the chair's window is not on; else a normal window beside it."""
        screens = QGuiApplication.screens()
        index = audience_screen([s.geometry() for s in screens], main_window.frameGeometry())
        if index is None:
            self.showNormal()
            return
        screen = screens[index]
        self.setGeometry(screen.geometry())
        self.winId()  # the native window exists, so it can be moved to that screen before showing
        self.windowHandle().setScreen(screen)
        self.showFullScreen()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:  # someone at the projector's keyboard: Esc puts it away
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.closed.emit()
        super().closeEvent(event)


def _font(widget: QWidget, pixels: int, *, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPixelSize(max(pixels, 8))
    font.setBold(bold)
    return font
