"""Waiting, inside a modal dialog, for long work the session's writer is doing.

The work itself runs on the writer (`Session.run`); this only shows a progress
dialog with Cancel after a short delay and keeps the window painting (a local
event loop) until the answer is back. For work nobody needs to wait for — an
import — the main window's status bar shows the progress instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from .pending import Pending
from .session import Session


def wait_with_progress(parent: QWidget | None, session: Session, pending: Pending) -> object | None:
    """The result of `pending` once it is back, or None when it failed (already reported) or was cancelled."""
    if pending.done:
        return pending.result if pending.ok else None
    dialog = QProgressDialog(pending.label + "…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle("qroundtable")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)  # quick work finishes before any dialog flickers
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def on_progress(text: str, done: int, total: int) -> None:
        if session.long_job is not pending:
            return
        dialog.setMaximum(total)
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text.rstrip("…") + "…")

    def on_cancel() -> None:
        session.cancel()
        dialog.setLabelText("Cancelling…")

    session.progressed.connect(on_progress)
    dialog.canceled.connect(on_cancel)
    # QProgressDialog shows itself only on a progress report; work that reports none still
    # gets its busy dialog once it has taken noticeable time.
    QTimer.singleShot(dialog.minimumDuration(), lambda: pending.done or dialog.show())
    try:
        pending.wait()
    finally:
        session.progressed.disconnect(on_progress)
        dialog.close()
        dialog.deleteLater()
    return pending.result if pending.ok else None
