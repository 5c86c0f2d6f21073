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
