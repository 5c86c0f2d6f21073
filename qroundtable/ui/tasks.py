"""Long work (opening a large file, building the demo, exports) off the UI thread.

The work runs on a pool thread with its own SQLite connection; the UI keeps
painting, shows a progress dialog after a short delay, and can cancel.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..errors import RoundtableError


class Cancelled(Exception):
    """Raised inside the work by `progress()` once the user pressed Cancel."""


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)


class _Work(QRunnable):
    def __init__(self, fn: Callable, signals: _Signals):
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.cancelled = False

    def progress(self, done: int = 0, total: int = 0, text: str = "") -> None:
        if self.cancelled:
            raise Cancelled()
        self.signals.progress.emit(done, total, text)

    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except Cancelled:
            self.signals.failed.emit("")
        except RoundtableError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # reported as a dialog; the trace goes to stderr for bug reports
            traceback.print_exc()
            self.signals.failed.emit(f"unexpected error ({type(exc).__name__}: {exc})")
        else:
            self.signals.finished.emit(result)


def run_with_progress(parent: QWidget | None, title: str, fn: Callable[[Callable], object],
                      report_error: Callable[[str], None]) -> object | None:
    """Run `fn(progress)` on a worker thread; return its result, or None if cancelled or failed.

    `progress(done, total, text)` updates the dialog and raises Cancelled after Cancel.
    """
    signals = _Signals()
    work = _Work(fn, signals)
    outcome: dict = {}
    loop = QEventLoop()
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("qroundtable")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)  # quick work finishes before any dialog flickers
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def on_progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    def on_cancel() -> None:
        work.cancelled = True
        dialog.setLabelText("Cancelling…")

    signals.progress.connect(on_progress)
    signals.finished.connect(lambda result: (outcome.setdefault("result", result), loop.quit()))
    signals.failed.connect(lambda message: (outcome.setdefault("error", message), loop.quit()))
    dialog.canceled.connect(on_cancel)
    QThreadPool.globalInstance().start(work)
    # QProgressDialog only shows itself on a progress report; work that reports none
    # (opening a file) still gets its busy dialog once it has taken noticeable time.
    QTimer.singleShot(dialog.minimumDuration(), lambda: outcome or dialog.show())
    loop.exec()
    dialog.close()
    dialog.deleteLater()
    if outcome.get("error"):
        report_error(outcome["error"])
    return outcome.get("result")
