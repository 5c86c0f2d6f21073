"""The open roundtable as the views see it: reads at hand, every write through the one writer.

    session.open(path)                                        # on the writer; `opened` when done
    session.rt.positions.list(principle=4)                    # a read, on the UI thread's own connection
    session.apply(lambda rt: rt.positions.set("JP", 4, "support")).then(select_next)

`rt` is a read-only Roundtable on the UI thread: views read from it directly.
Every edit is a function of the writer's Roundtable, queued on the writer
(`writer.py`) and answered by a `Pending`; `changed` announces what it changed
once it is committed, so views refresh only that. Long work (imports, releases,
exports) goes through the same queue with progress and Cancel; what is typed
meanwhile waits its turn and is written after it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from .. import long_work
from ..errors import RoundtableError
from ..model import OpChanges
from ..roundtable import Roundtable
from .counting import ConsensusNow
from .floor import Floor
from .pending import Pending
from .writer import Job, Progress, Writer


class Session(QObject):
    """Owns the open roundtable: the UI thread's reader, and the writer every edit goes to.

    Views listen to `opened` (another file, or an import rewrote this one: reload
    everything) and `changed` (one operation: refresh only what its OpChanges names).
    """

    opened = Signal()
    changed = Signal(object)  # OpChanges
    meeting_changed = Signal(object)  # the meeting in view (id) or None for all delegations
    queue_changed = Signal()  # edits waiting, or long work, started or ended
    progressed = Signal(str, int, int)  # long work: text, done, total
    announced = Signal(str)  # a consequence of an edit worth a sentence (the window's status bar says it)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rt: Roundtable | None = None
        self.meeting_id: str | None = None
        self.read_only_reason = ""  # set when the file is open for reading only
        self.unsent = 0  # what the next snapshot (or release) would carry, as the writer last counted it
        self.long_job: Pending | None = None  # the import, release or export under way
        # The seams tests replace to collect messages and give answers instead of opening dialogs.
        self.report_error: Callable[[str], None] = self._show_error
        self.ask_unsaved: Callable[[list[str], bool], str] = self._ask_unsaved  # → save | discard | cancel
        self._consensus_now = ConsensusNow()
        self._epoch = 0
        self._pending: dict[int, tuple[Job, Pending]] = {}
        self._writer = Writer(self)
        self._writer.started.connect(self._job_started)
        self._writer.progressed.connect(self._job_progressed)
        self._writer.finished.connect(self._job_finished)
        self._writer.failed.connect(self._job_failed)
        self.floor = Floor(self)  # the speakers list in view, for the Floor view, the Tour and the audience

    # -- the file ---------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self.rt.path if self.rt else None

    @property
    def writable(self) -> bool:
        return self.rt is not None and not self.read_only_reason

    def open(self, path: str | Path) -> Pending:
        """Open `path` (its writer first: it may migrate an older file); `opened` follows."""
        path = Path(path)
        return self.open_with(f"Open {path.name}", lambda: Roundtable.open(path))

    def open_with(self, label: str, make: Callable[[], Roundtable]) -> Pending:
        """Open what `make()` returns on the writer's thread (open, create, join, build the demo)."""
        epoch = self._epoch + 1

        def work(rt, progress):
            return make()
        pending = self._submit(Job(label, work, epoch, opens=True))
        return pending.then(lambda rt: self._adopt(rt, epoch))

    def _adopt(self, written: Roundtable, epoch: int) -> None:
        """The writer holds the new file: open the UI thread's reader on it and tell the views."""
        try:
            reader = Roundtable.open(written.path, read_only=True)
        except RoundtableError as exc:
            self.report_error(str(exc))
            return
        self.read_only_reason = written.read_only_reason if written.read_only else ""
        # The views ask the reader who may edit what: it answers for the writer its edits go to.
        reader.permissions_as_writer(self.read_only_reason)
        previous, self.rt, self._epoch = self.rt, reader, epoch
        if previous is not None:
            previous.close()
        if previous is None or previous.path != reader.path:
            self.meeting_id = None  # count all delegations until a meeting is chosen
        self._consensus_now.forget()
        self.opened.emit()

    def close(self) -> None:
        """Write everything still queued, then close both connections (waits for the writer)."""
        self._writer.stop()
        if self.rt is not None:
            self.rt.close()
            self.rt = None

    def consensus(self, meeting: str | None = None, principles=None):
        """`rt.consensus(meeting, principles=...)`, computed once per change however many views ask."""
        return self._consensus_now.rows(self.rt, meeting, principles)

    def set_meeting(self, meeting_id: str | None) -> None:
        if meeting_id != self.meeting_id:
            self.meeting_id = meeting_id
            self.meeting_changed.emit(meeting_id)

    # -- edits ------------------------------------------------------------------------

    def apply(self, edit: Callable[[Roundtable], OpChanges], label: str = "Edit") -> Pending:
        """Queue one façade mutation, `edit(rt)`; `changed` and the Pending follow once it is written."""
        if not self.writable:
            return self._refused(label)
        return self._submit(Job(label, lambda rt, progress: edit(rt), self._epoch))

    def apply_batch(self, label: str, edits: Callable[[Roundtable], None]) -> Pending:
        """Several façade mutations as one transaction and one undo step (e.g. stances of many cells)."""
        if not self.writable:
            return self._refused(label)

        def work(rt, progress):
            with rt.batch(label) as batch:
                edits(rt)
            return batch.changes
        return self._submit(Job(label, work, self._epoch))

    def undo(self) -> Pending:
        return self.apply(lambda rt: rt.undo(), "Undo")

    def redo(self) -> Pending:
        return self.apply(lambda rt: rt.redo(), "Redo")

    def run(self, label: str, work: Callable[[Roundtable, Progress], object], *, writes: bool = True,
            reopen: bool = False) -> Pending:
        """Long work `work(rt, progress)` on the writer, with progress and Cancel (`cancel()`).

        `writes=False` for exports, which a read-only file still allows. `reopen`: the work
        rewrote much of the file (an import), so every view reloads afterwards.
        """
        if writes and not self.writable:
            return self._refused(label)
        if self.long_job is not None and not self.long_job.done:
            pending = Pending(label)
            pending._finish(error=f"wait until “{self.long_job.label}” has finished", report=self.report_error)
            return pending
        pending = self._submit(Job(label, work, self._epoch, long=True))
        self.long_job = pending
        if reopen:
            pending.then(lambda result: self._reload())
        return pending

    def run_apart(self, label: str, job: str, *, writes: bool = True, reopen: bool = False, **kwargs) -> Pending:
        """Long work done in a process of its own (`long_work.JOBS[job]` with `kwargs`), as `run` otherwise.

        The writer waits for it, so the queue keeps its order, but the window keeps Python to
        itself meanwhile: an import no longer makes it stutter.
        """
        def work(rt: Roundtable, progress: Progress) -> object:
            return long_work.run(job, rt.path, kwargs, progress)
        return self.run(label, work, writes=writes, reopen=reopen)

    def cancel(self) -> None:
        """Stop the long work under way; what it did so far is rolled back."""
        for job, pending in self._pending.values():
            if pending is self.long_job:
                self._writer.cancel(job)

    @property
    def queued(self) -> int:
        """Edits and jobs handed to the writer whose answer has not come back yet."""
        return len(self._pending)

    @property
    def idle(self) -> bool:
        return not self._pending

    def _submit(self, job: Job) -> Pending:
        pending = Pending(job.label)
        if not self._writer.alive:  # the session was closed: nothing can be written any more
            pending._finish(error="the roundtable was closed", report=self.report_error)
            return pending
        self._pending[job.id] = (job, pending)
        self._writer.submit(job)
        self.queue_changed.emit()
        return pending

    def _refused(self, label: str) -> Pending:
        pending = Pending(label)
        reason = self.read_only_reason or "no roundtable is open"
        pending._finish(error=reason, report=self.report_error)
        return pending

    def _reload(self) -> None:
        if self.rt is not None:
            self.rt.refresh()
            self._consensus_now.forget()
            self.opened.emit()

    # -- answers from the writer (on the UI thread) -------------------------------------------

    def _job_started(self, job: Job) -> None:
        self.progressed.emit(job.label, 0, 0)

    def _job_progressed(self, job: Job, done: int, total: int, text: str) -> None:
        self.progressed.emit(text or job.label, done, total)

    def _job_finished(self, job: Job, result, unsent: int) -> None:
        _, pending = self._pending.pop(job.id, (None, None))
        if unsent >= 0:
            self.unsent = unsent
        if isinstance(result, OpChanges) and result and self.rt is not None:
            if "roundtable" in result.tables:
                self.rt.refresh()  # the title, rule or owner the views show
            self._consensus_now.forget()
            self.changed.emit(result)
        if pending is not None:
            pending._finish(result)
        self.queue_changed.emit()

    def _job_failed(self, job: Job, message: str) -> None:
        _, pending = self._pending.pop(job.id, (None, None))
        if pending is not None:
            pending._finish(error=message, report=self.report_error)
        self.queue_changed.emit()

    def _ask_unsaved(self, items: list[str], can_save: bool) -> str:
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        box = QMessageBox(QMessageBox.Icon.Question, "qroundtable", "Some of what you typed is not saved yet.",
                          parent=parent)
        listed = "".join(f"\n• {item}" for item in items)
        if can_save:
            box.setInformativeText(f"Save it first?{listed}")
            box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                                   | QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(QMessageBox.StandardButton.Save)
        else:
            box.setInformativeText(f"This copy cannot save all of it (only the secretariat saves new texts: propose "
                                   f"your wording as an amendment). Cancel to go back to it.{listed}")
            box.setStandardButtons(QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")

    def _show_error(self, message: str) -> None:
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        QMessageBox.warning(parent, "qroundtable", message[:1].upper() + message[1:])
