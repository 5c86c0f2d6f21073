"""What every view shares: the session, and the reload/refresh contract."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...model import OpChanges
from ..session import Session


class View(QWidget):
    """A page of the main window.

    `reload()` rebuilds everything from the façade (a file was opened);
    `on_changed()` gets each operation's OpChanges and should refresh only what it
    names — the default falls back to `reload()` for views where that is cheap.

    A page the window is not showing reloads when it is shown again rather than at once:
    after an import every page would otherwise rebuild itself, on the UI thread, for
    nobody. Views whose refresh per edit costs more than a keystroke may (with
    `follows_when_hidden = False`) wait for their next showing for edits too: they then
    `catch_up()` (by default a reload).

    What a change means is asked of the OpChanges itself (`touches_meetings`,
    `moves_all_consensus`, `reshapes_roundtable`, ... in model.py), never decided here from
    table names, and consensus is read through `session.consensus()`, computed once per change.
    """

    title = ""
    follows_when_hidden = True

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._stale = False  # the file moved on while the page was hidden: reload when shown
        self._behind = False  # edits were made while the page was hidden: catch up when shown
        session.opened.connect(self._reload_if_open)
        session.changed.connect(self._changed_if_open)

    @property
    def rt(self):
        return self.session.rt

    def _hidden_page(self) -> bool:
        """A page of a window that shows another page (a view on its own counts as shown)."""
        return not self.isWindow() and not self.isVisibleTo(self.window())

    def _reload_if_open(self) -> None:
        if self.session.rt is None:
            return
        if self._hidden_page():
            self._stale = True
            return
        self._stale = False
        self.reload()

    def _changed_if_open(self, changes: OpChanges) -> None:
        if self.session.rt is None or self._stale:
            return  # a stale page reloads whole when shown
        if not self.follows_when_hidden and self._hidden_page():
            self._behind = True
            return
        self.on_changed(changes)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.bring_up_to_date()
        super().showEvent(event)

    def bring_up_to_date(self) -> None:
        """Reload if the file moved on while this page was hidden (the window calls it on a page switch)."""
        if self.session.rt is None:
            return
        if self._stale:
            self._stale = self._behind = False
            self.reload()
        elif self._behind:
            self._behind = False
            self.catch_up()

    def catch_up(self) -> None:
        """Show the edits made while this page was hidden (`follows_when_hidden = False` views)."""
        self.reload()

    def reload(self) -> None:
        raise NotImplementedError

    def on_changed(self, changes: OpChanges) -> None:
        self.reload()

    def side_panel(self) -> QWidget | None:
        """The panel beside the page that View ▸ Side panel may hide (a child of a splitter), if any."""
        return None

    # -- what is typed and not yet saved (asked about before closing or opening another file) --

    def unsaved(self) -> list[str]:
        """What this view holds that the file does not, each as a phrase ("the text of principle 3")."""
        return []

    def can_save_unsaved(self) -> bool:
        """Whether `save_unsaved` can keep all of it in this copy."""
        return True

    def save_unsaved(self) -> None:
        """Queue saving all of it; the writer writes it before anything queued later."""

    def discard_unsaved(self) -> None:
        """Throw it away, showing what the file holds."""
