"""Presenting to the room, from the View menu: full screen, app-wide zoom, the audience window.

Also the status bar's counting basis: the meeting chosen in any view changes whose stances
count in every view, so the window always says which it is, and says so when it changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from . import zoom
from .audience import AudienceWindow
from .counting_basis import counted, counting_phrase, counting_short

TOUR_TEXT_SIZE_KEY = "tour_text_size"


class Presenting(QObject):
    """The View menu's presenting entries and what they act on; `window` is the main window."""

    def __init__(self, window: QMainWindow, menu: QMenu, settings):
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.audience: AudienceWindow | None = None
        self._was_maximized = False
        sidebar = getattr(window, "sidebar", None)
        # A sidebar of fixed width widens with its zoomed text (never narrower than at 100 %).
        self._sidebar_width = sidebar.maximumWidth() if sidebar is not None and \
            sidebar.minimumWidth() == sidebar.maximumWidth() else None
        menu.addSeparator()
        self.full_screen_action = self._action(menu, "&Full screen", self.set_full_screen, [Qt.Key.Key_F11],
                                               checkable=True)
        self.zoom_in_action = self._action(menu, "Zoom &in", lambda: self.set_zoom(zoom.step(1)),
                                           ["Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn])
        self.zoom_out_action = self._action(menu, "Zoom o&ut", lambda: self.set_zoom(zoom.step(-1)),
                                            ["Ctrl+-", QKeySequence.StandardKey.ZoomOut])
        self.actual_size_action = self._action(menu, "&Actual size", lambda: self.set_zoom(1.0), ["Ctrl+0"])
        menu.addSeparator()
        self.audience_action = self._action(menu, "Audience &window", self.show_audience, ["Ctrl+Shift+A"],
                                            checkable=True)
        self.audience_action.setToolTip("The principle, the tally and the status in large type, full screen on "
                                        "the second screen when there is one; it follows the Tour")
        window.installEventFilter(self)

        self.counting_label = QLabel()
        self.counting_label.setStyleSheet("padding: 0 10px; border-left: 1px solid #C8CDD3;")
        window.statusBar().addPermanentWidget(self.counting_label)
        session = window.session
        session.opened.connect(self._show_counting)
        session.changed.connect(self._show_counting)
        session.meeting_changed.connect(self._counting_changed)
        self.set_zoom(settings.value(zoom.SETTINGS_KEY, 1.0), save=False)
        tour = window.views["tour"]
        try:
            tour.set_font_size(int(settings.value(TOUR_TEXT_SIZE_KEY, tour.font_size)))
        except (TypeError, ValueError):
            pass  # a setting that is not a number: the Tour's default size
        tour.text_size_changed.connect(lambda size: settings.setValue(TOUR_TEXT_SIZE_KEY, size))
        self._show_counting()

    def _action(self, menu, text, slot, shortcuts, *, checkable=False) -> QAction:
        action = QAction(text, self.window)
        keys = {}  # the platform's ZoomIn may be Ctrl++ already: one of each, or Qt calls it ambiguous
        for sequence in shortcuts:
            for key in [QKeySequence(sequence)] if not isinstance(sequence, QKeySequence.StandardKey) \
                    else QKeySequence.keyBindings(sequence):
                keys.setdefault(key.toString(), key)
        action.setShortcuts(list(keys.values()))
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        menu.addAction(action)
        return action

    # -- full screen -------------------------------------------------------------------------

    def set_full_screen(self, on: bool) -> None:
        window = self.window
        if on and not window.isFullScreen():
            self._was_maximized = window.isMaximized()
            window.showFullScreen()
        elif not on and window.isFullScreen():
            window.showMaximized() if self._was_maximized else window.showNormal()
        self.full_screen_action.setChecked(on)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        # Esc that no widget took (a comment line, an open editor take theirs) leaves full screen.
        if (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape
                and not event.modifiers() and self.window.isFullScreen()):
            self.set_full_screen(False)
            return True
        return False

    # -- zoom --------------------------------------------------------------------------------

    def set_zoom(self, factor, *, save: bool = True) -> float:
        factor = zoom.set_factor(factor)
        if self._sidebar_width is not None:
            self.window.sidebar.setFixedWidth(round(self._sidebar_width * max(1.0, factor)))
        if save:
            self.settings.setValue(zoom.SETTINGS_KEY, factor)
            self.window.statusBar().showMessage(f"Zoom {round(factor * 100)} %", 3000)
        self.zoom_in_action.setEnabled(factor < zoom.FACTORS[-1])
        self.zoom_out_action.setEnabled(factor > zoom.FACTORS[0])
        return factor

    # -- the audience window -----------------------------------------------------------------

    def show_audience(self, on: bool) -> None:
        if not on:
            if self.audience is not None:
                self.audience.close()
            return
        if self.audience is None:
            self.audience = AudienceWindow(self.window.session, self.window.views["tour"], self.window)
            self.audience.closed.connect(self._audience_closed)
        self.audience.place(self.window)
        self.window.activateWindow()  # the chair's keys stay on the laptop

    def _audience_closed(self) -> None:
        self.audience_action.setChecked(False)

    # -- counting basis ----------------------------------------------------------------------

    def _show_counting(self, *args) -> None:
        session = self.window.session
        # Short, as a permanent status bar widget's width is the window's minimum too; the full phrase on hover.
        self.counting_label.setText(counting_short(session.rt, session.meeting_id))
        self.counting_label.setToolTip(counting_phrase(session.rt, session.meeting_id) + " — in every view. Choose "
                                       "a meeting in the Tour, the Positions grid or Consensus to change it.")

    def _counting_changed(self, meeting_id) -> None:
        self._show_counting()
        if self.window.session.rt is not None:
            self.window.statusBar().showMessage(
                f"Every view now counts {counted(self.window.session.rt, meeting_id)}", 8000)
