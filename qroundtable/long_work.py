"""Long work on a roundtable file (an import, its preview, a readout) in a process of its own.

    report = long_work.run("import_files", path, {"paths": files, "dry_run": False}, progress)

Why a process: the desktop app keeps its window and its one writer in one Python
interpreter, and CPython runs Python on one thread at a time. An import of 195
snapshots on the writer's thread kept taking the interpreter from the window, whose
every paint needs it hundreds of times, and froze it for a quarter of a second at a
time. In a process of its own the work has an interpreter of its own. The app's writer
waits for it, keeping its place in the queue (what is typed meanwhile is written right
after it), and the file's SQLite locks keep the two connections apart as they keep any
two programs apart.

`progress(done, total, text)` hears the child's progress and is also called with no
arguments every tenth of a second: raising from it cancels the work, which then rolls
back in the child before `run` raises the same exception. A refusal in the child (a
RoundtableError) is raised again here as the same kind of error with the same words.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from . import errors
from .errors import RoundtableError

Progress = Callable[..., None]
_POLL_S = 0.1
_NICENESS = 5


class _Stopped(Exception):
    """Raised in the child by its progress once the parent asked it to stop."""


# -- the work a child may be given: each takes the open roundtable, a progress, and plain values ----------


def import_files(rt, progress: Progress, paths: list[str], dry_run: bool = False):
    return rt.sync.import_files(paths, dry_run=dry_run, progress=progress)


def export_matrix(rt, progress: Progress, out: str, fmt: str, meeting: str | None, overwrite: bool) -> Path:
    return rt.export_matrix(out, fmt, meeting, overwrite=overwrite, progress=progress)


def write_readout(rt, progress: Progress, out: str, options) -> Path:
    """The readout written beside `out` and moved into place: a cancelled one leaves an old file whole."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.stem}.{uuid.uuid4().hex[:8]}.partial{out.suffix}")
    try:
        progress(0, 0, "Reading the roundtable")
        written = rt.write_readout(partial, options, progress=progress)
        os.replace(written, out)
    finally:
        partial.unlink(missing_ok=True)
    return out


def write_readout_pdf(rt, progress: Progress, out: str, options) -> Path:
    """The readout as a PDF: the Word readout in a scratch folder, turned into `out` by LibreOffice."""
    from .readout.pdf import docx_to_pdf, office

    office()  # no LibreOffice: say so before writing anything
    with tempfile.TemporaryDirectory(prefix="qrt-readout-") as tmp:
        docx = write_readout(rt, progress, str(Path(tmp) / (Path(out).stem + ".docx")), options)
        progress(0, 0, "Making the PDF")
        return docx_to_pdf(docx, Path(out))


def export_text(rt, progress: Progress, out: str, rev: int | None, redline_from: str | None,
                overwrite: bool) -> Path:
    progress(0, 0, "Writing the negotiation text")
    return rt.export_text(out, rev=rev, redline_from=redline_from, overwrite=overwrite)[1]


JOBS = {"import_files": import_files, "export_matrix": export_matrix, "write_readout": write_readout,
        "write_readout_pdf": write_readout_pdf, "export_text": export_text}


# -- the parent's side ---------------------------------------------------------------------------------------


def run(job: str, db: str | Path, kwargs: dict, progress: Progress) -> object:
    """Do `job` on the roundtable file `db` in a child process; its result, or its error raised here."""
    if job not in JOBS:
        raise ValueError(f"unknown long work {job!r}")
    ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of this one's threads or Qt
    receive, send = ctx.Pipe(duplex=False)
    stop = ctx.Event()
    child = ctx.Process(target=_child, args=(job, str(db), kwargs, send, stop), name=f"qroundtable-{job}",
                        daemon=True)
    child.start()
    send.close()  # only the child writes: when it ends, reading says so
    stopped: BaseException | None = None
    try:
        while True:
            if stopped is None:
                try:
                    progress()
                except BaseException as exc:  # cancelled: the child rolls back, then we say so
                    stopped = exc
                    stop.set()
            if not receive.poll(_POLL_S):
                if not child.is_alive() and not receive.poll():
                    break
                continue
            try:
                message = receive.recv()
            except EOFError:
                break
            kind = message[0]
            if kind == "progress":
                if stopped is None:
                    try:
                        progress(*message[1:])
                    except BaseException as exc:
                        stopped = exc
                        stop.set()
            elif kind == "done":
                if stopped is not None:
                    raise stopped  # it finished before it heard: the caller asked to stop all the same
                return message[1]
            elif kind == "stopped":
                raise stopped or RoundtableError("the work was stopped")
            elif kind == "refused":
                raise getattr(errors, message[1], RoundtableError)(message[2])
            elif kind == "failed":
                raise RuntimeError(f"{job} failed in its process:\n{message[1]}")
        raise stopped or RoundtableError(f"the {job.replace('_', ' ')} stopped before it finished; "
                                         "nothing of it was written")
    finally:
        receive.close()
        child.join(30)
        if child.is_alive():  # never left running behind the app
            child.kill()
            child.join()


# -- the child's side ----------------------------------------------------------------------------------------


def _child(job: str, db: str, kwargs: dict, send, stop) -> None:
    from .roundtable import Roundtable

    if hasattr(os, "nice"):  # background work: the window in front gets the processor first
        try:
            os.nice(_NICENESS)
        except OSError:
            pass

    def progress(done: int = 0, total: int = 0, text: str = "") -> None:
        if stop.is_set():
            raise _Stopped
        send.send(("progress", done, total, text))

    try:
        with Roundtable.open(db) as rt:
            result = JOBS[job](rt, progress, **kwargs)
        send.send(("done", result))
    except _Stopped:
        send.send(("stopped",))
    except RoundtableError as exc:
        send.send(("refused", type(exc).__name__, str(exc)))
    except BaseException:
        import traceback

        send.send(("failed", traceback.format_exc()))
    finally:
        send.close()
