"""The app's one writer: every database job runs here, one at a time, on a thread of its own.

Why not on the UI thread: SQLite waits (the busy timeout) while another process
holds the write lock, and an import holds it for seconds; the window must keep
painting and keep every key press meanwhile. Jobs run strictly in the order they
were submitted, so a stance typed during an import is written right after it —
never lost, never reordered — and the result of each job comes back to the UI
thread by a queued signal (as in Anki's task manager).

The writer holds the app's only writing connection. The views read through a
read-only connection of their own on the UI thread (WAL: readers never wait for
the writer), so showing data never waits on SQLite either.
"""

from __future__ import annotations

import queue
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count

from PySide6.QtCore import QObject, Signal

from ..errors import RoundtableError
from ..roundtable import Roundtable

Progress = Callable[[int, int, str], None]
_ids = count(1)


class Cancelled(Exception):
    """Raised inside a long job by its `progress()` once the user pressed Cancel."""


@dataclass(eq=False)
class Job:
    """One piece of database work: `work(rt, progress)` on the writer's roundtable.

    `epoch` names the file the job was made for: a job for a file that is no longer
    open is refused rather than applied to another file. A job that `opens` returns
    the Roundtable the writer holds from then on.
    """

    label: str
    work: Callable[[Roundtable | None, Progress], object]
    epoch: int
    long: bool = False
    opens: bool = False
    id: int = field(default_factory=lambda: next(_ids))
    cancelled: bool = False


class Writer(QObject):
    """The thread, its queue and its roundtable. Signals arrive on the UI thread."""

    started = Signal(object)  # Job: a long job began
    progressed = Signal(object, int, int, str)  # Job, done, total, text
    finished = Signal(object, object, int)  # Job, result, changes not yet sent (-1: unknown)
    failed = Signal(object, str)  # Job, message ("" when cancelled)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._queue: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._rt: Roundtable | None = None
        self._epoch = 0  # the file the writer holds; 0 before the first open
        self.current: Job | None = None  # the job running now (read from the UI thread for Cancel)
        self._thread = threading.Thread(target=self._run, name="qroundtable-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> Job:
        self._queue.put(job)
        return job

    def cancel(self, job: Job) -> None:
        job.cancelled = True

    def stop(self, timeout: float | None = None) -> bool:
        """Finish every job submitted so far, close the roundtable and end the thread."""
        self._queue.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    # -- the thread --------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                self._close()
                return
            self.current = job
            try:
                self._do(job)
            except BaseException:  # never let the one writer die: every later edit would wait forever
                traceback.print_exc(file=sys.stderr)
                self.failed.emit(job, f"qroundtable could not finish “{job.label}”; "
                                      "the details went to the error log")
            finally:
                self.current = None

    def _do(self, job: Job) -> None:
        if job.cancelled:
            self.failed.emit(job, "")
            return
        if not job.opens and job.epoch != self._epoch:
            self.failed.emit(job, "not saved: it was made for a roundtable that is no longer open")
            return
        if not job.opens and self._rt is None:
            self.failed.emit(job, "no roundtable is open")
            return
        if job.long:
            self.started.emit(job)

        def progress(done: int | None = None, total: int = 0, text: str = "") -> None:
            # Called with nothing, it only asks whether Cancel was pressed (long_work does, while it waits).
            if job.cancelled:
                raise Cancelled()
            if job.long and done is not None:
                self.progressed.emit(job, done, total, text)

        try:
            result = job.work(self._rt, progress)
        except Cancelled:
            self.failed.emit(job, "")
            return
        except RoundtableError as exc:
            self.failed.emit(job, str(exc))
            return
        except Exception as exc:  # a bug: one sentence for the person, the trace for the bug report
            traceback.print_exc(file=sys.stderr)
            self.failed.emit(job, f"qroundtable could not finish “{job.label}” (internal error: "
                                  f"{type(exc).__name__}); the details went to the error log")
            return
        if job.opens:
            previous, self._rt, self._epoch = self._rt, result, job.epoch
            if previous is not None:
                previous.close()
        self.finished.emit(job, result, self._unsent())

    def _unsent(self) -> int:
        """Counted here, where it is kept up to date cheaply, so the status bar never counts on the UI thread."""
        try:
            return self._rt.unsent_count() if self._rt is not None else -1
        except RoundtableError:
            return -1

    def _close(self) -> None:
        if self._rt is not None:
            try:
                self._rt.close()
            except Exception:  # closing never loses data (every job committed); note it and go on
                traceback.print_exc(file=sys.stderr)
            self._rt = None
