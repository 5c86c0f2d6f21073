"""Panels that step aside on a small screen: the navigation list, and a view's side panel.

On a 1024-pixel laptop or a projector every column counts: View ▸ Navigation list (Shift+F9)
hides the list of views (they stay on Ctrl+1…9 and the View menu), and View ▸ Side panel (F9)
hides the current view's side panel (the position editor beside the matrix, the tally and the
round beside the Tour). A splitter handle can also be dragged to the edge. Hidden panels are
remembered in the settings, and nothing typed in a hidden panel is lost: it is only hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QSplitter, QWidget

NAVIGATION_KEY = "navigation_hidden"
HIDDEN_PANELS_KEY = "hidden_side_panels"


def _flag(value) -> bool:
    """A setting read back as a bool (an INI file gives the text 'true')."""
    return value is True or str(value).lower() == "true"


def make_collapsible(splitter: QSplitter, side: QWidget) -> None:
    """Let `side` be dragged shut at its splitter handle, while the main part keeps its minimum."""
    splitter.setChildrenCollapsible(True)
    for i in range(splitter.count()):
        splitter.setCollapsible(i, splitter.widget(i) is side)


class Panels(QObject):
    """The View menu's two panel entries and the state they keep; `window` is the main window."""

    def __init__(self, window: QMainWindow, menu: QMenu, settings):
        super().__init__(window)
        self.window = window
        self.settings = settings
        menu.addSeparator()
        self.navigation_action = self._action(menu, "Navigation &list", "Shift+F9", self.show_navigation)
        self.navigation_action.setToolTip("The list of views on the left; the views stay on Ctrl+1 to Ctrl+9")
        self.side_action = self._action(menu, "Sid&e panel", "F9", self.show_side_panel)
        self.side_action.setToolTip("The panel beside the page (the position editor, the Tour's tally and round)")
        hidden = settings.value(HIDDEN_PANELS_KEY, [])
        self.hidden: set[str] = {hidden} if isinstance(hidden, str) else set(hidden or [])
        for key, view in window.views.items():
            side = view.side_panel()
            if side is not None:
                side.setVisible(key not in self.hidden)
                splitter = side.parentWidget()
                if isinstance(splitter, QSplitter):  # dragged shut at the handle: the menu says so too
                    splitter.splitterMoved.connect(lambda *_, k=key: self._follow_drag(k))
        self.show_navigation(not _flag(settings.value(NAVIGATION_KEY, False)), save=False)
        window.stack.currentChanged.connect(lambda _row: self.follow_view())
        self.follow_view()

    def _action(self, menu: QMenu, text: str, key: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.setCheckable(True)
        action.setChecked(True)
        action.setShortcut(key)
        action.toggled.connect(slot)
        menu.addAction(action)
        return action

    def _current(self) -> tuple[str, QWidget | None]:
        view = self.window.stack.currentWidget()
        key = next(k for k, v in self.window.views.items() if v is view)
        return key, view.side_panel()

    def show_navigation(self, shown: bool, save: bool = True) -> None:
        sidebar = self.window.sidebar
        if not shown and sidebar.hasFocus():
            self.window.stack.currentWidget().setFocus(Qt.FocusReason.OtherFocusReason)
        sidebar.setVisible(shown)
        self.navigation_action.setChecked(shown)
        if save:
            self.settings.setValue(NAVIGATION_KEY, not shown)

    def show_side_panel(self, shown: bool) -> None:
        key, side = self._current()
        if side is None:
            return
        if not shown and side.isAncestorOf(QApplication.focusWidget()):
            self.window.stack.currentWidget().setFocus(Qt.FocusReason.OtherFocusReason)  # focus not left unseen
        side.setVisible(shown)
        if shown:
            splitter = side.parentWidget()
            if isinstance(splitter, QSplitter) and splitter.sizes()[splitter.indexOf(side)] == 0:
                # Dragged shut before: open it at the width it asks for, not at nothing.
                sizes = splitter.sizes()
                want = side.sizeHint().width()
                i = splitter.indexOf(side)
                other = 1 - i if splitter.count() == 2 else 0
                sizes[other], sizes[i] = max(0, sizes[other] - want), want
                splitter.setSizes(sizes)
        self.hidden.discard(key) if shown else self.hidden.add(key)
        self.settings.setValue(HIDDEN_PANELS_KEY, sorted(self.hidden))

    def _follow_drag(self, key: str) -> None:
        side = self.window.views[key].side_panel()
        splitter = side.parentWidget()
        shut = splitter.sizes()[splitter.indexOf(side)] == 0
        if self._current()[0] == key:
            self.side_action.blockSignals(True)
            self.side_action.setChecked(not shut)
            self.side_action.blockSignals(False)

    def follow_view(self) -> None:
        """The Side panel entry speaks of the view in front: off where a view has none."""
        key, side = self._current()
        self.side_action.setEnabled(side is not None and self.window.session.rt is not None)
        self.side_action.blockSignals(True)
        if side is not None:
            splitter = side.parentWidget()
            shut = isinstance(splitter, QSplitter) and splitter.sizes()[splitter.indexOf(side)] == 0
            self.side_action.setChecked(key not in self.hidden and not shut)
        else:
            self.side_action.setChecked(False)
        self.side_action.blockSignals(False)

