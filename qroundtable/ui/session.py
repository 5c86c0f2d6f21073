"""The open roundtable as the views see it: one façade, one `changed` signal, one error seam."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ..errors import RoundtableError
from ..model import OpChanges
from ..roundtable import Roundtable


class Session(QObject):
    """Owns the open `Roundtable`; every edit from any view goes through `apply()`.

    Views listen to `opened` (a different file: reload everything) and `changed`
    (one operation: refresh only what its OpChanges names).
    """

    opened = Signal()
    changed = Signal(object)  # OpChanges
    meeting_changed = Signal(object)  # the meeting in view (id) or None for all delegations

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rt: Roundtable | None = None
        self.meeting_id: str | None = None
        # The seam tests replace to collect messages instead of opening dialogs.
        self.report_error: Callable[[str], None] = self._show_error

    # -- the file ---------------------------------------------------------------------

    def open(self, path: str | Path) -> None:
        rt = Roundtable.open(path)
        self.adopt(rt)

    def adopt(self, rt: Roundtable) -> None:
        if self.rt is not None:
            self.rt.close()
        self.rt = rt
        self.meeting_id = None  # count all delegations until a meeting is chosen
        self.opened.emit()

    def close(self) -> None:
        if self.rt is not None:
            self.rt.close()
            self.rt = None

    @property
    def path(self) -> Path | None:
        return self.rt.path if self.rt else None

    def set_meeting(self, meeting_id: str | None) -> None:
        if meeting_id != self.meeting_id:
            self.meeting_id = meeting_id
            self.meeting_changed.emit(meeting_id)

    # -- edits ------------------------------------------------------------------------

    def apply(self, edit: Callable[..., OpChanges], *args, **kwargs) -> OpChanges | None:
        """Run one façade mutation; announce what changed, or report why it was refused."""
        try:
            changes = edit(*args, **kwargs)
        except RoundtableError as exc:
            self.report_error(str(exc))
            return None
        if changes:
            self.changed.emit(changes)
        return changes

    def apply_batch(self, label: str, edits: Callable[[], None]) -> OpChanges | None:
        """Several façade mutations as one transaction and one undo step (e.g. stances of many cells)."""
        try:
            with self.rt.batch(label) as batch:
                edits()
        except RoundtableError as exc:
            self.report_error(str(exc))
            return None
        if batch.changes:
            self.changed.emit(batch.changes)
        return batch.changes

    def undo(self) -> OpChanges | None:
        return self.apply(self.rt.undo)

    def redo(self) -> OpChanges | None:
        return self.apply(self.rt.redo)

    def _show_error(self, message: str) -> None:
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        QMessageBox.warning(parent, "qroundtable", message[:1].upper() + message[1:])
