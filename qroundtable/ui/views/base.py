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
    """

    title = ""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        session.opened.connect(self._reload_if_open)
        session.changed.connect(self._changed_if_open)

    @property
    def rt(self):
        return self.session.rt

    def _reload_if_open(self) -> None:
        if self.session.rt is not None:
            self.reload()

    def _changed_if_open(self, changes: OpChanges) -> None:
        if self.session.rt is not None:
            self.on_changed(changes)

    def reload(self) -> None:
        raise NotImplementedError

    def on_changed(self, changes: OpChanges) -> None:
        self.reload()
