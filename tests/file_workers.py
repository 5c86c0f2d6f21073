"""Child processes for the file-safety tests: each uses a roundtable file as a real program would.

    python tests/file_workers.py writer DB STOP     open, record one stance, close; again until STOP exists
    python tests/file_workers.py reader DB STOP     open, compute consensus, close; again until STOP exists
    python tests/file_workers.py importer DB DIR ROUNDS
                                                    one long-lived session (as the app keeps one): import
                                                    DIR/round-N/*.qrts for N = 1..ROUNDS, recording a stance
                                                    of its own after each
    python tests/file_workers.py app-importer DB DIR ROUNDS
                                                    the same through the desktop app's own Session (its
                                                    writer thread and UI reader), the stance keyed while
                                                    each import runs

Each prints one line per step on stdout, flushed: `ack DELEGATION PRINCIPLE COMMENT` for a write that
returned (an acknowledged write), `round N` after an import, `error TEXT` for any failure (and goes on;
TEXT starts with the exception's type when it is not an error meant for a person).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from qroundtable.errors import RoundtableError
from qroundtable.roundtable import Roundtable

STANCES = ("support", "object", "reservation", "abstain")


def say(line: str) -> None:
    print(line, flush=True)


def error(exc: Exception) -> str:
    """A line for a failure: the message meant for a person, or the exception's type for anything else."""
    text = " ".join(str(exc).split())
    return f"error {text}" if isinstance(exc, RoundtableError) else f"error {type(exc).__name__}: {text}"


def writer(db: Path, stop: Path, code: str = "AU") -> None:
    i = 0
    while not stop.exists():
        i += 1
        principle, comment = i % 7 + 1, f"writer {i}"
        try:
            with Roundtable.open(db) as rt:
                rt.positions.set(code, principle, STANCES[i % len(STANCES)], comment)
            say(f"ack {code} {principle} {comment}")
        except Exception as exc:
            say(error(exc))


def reader(db: Path, stop: Path) -> None:
    while not stop.exists():
        try:
            with Roundtable.open(db) as rt:
                statuses = [c.status for c in rt.consensus()]
            say(f"read {len(statuses)}")
        except Exception as exc:
            say(error(exc))


def importer(db: Path, folder: Path, rounds: int, code: str = "FI") -> None:
    with Roundtable.open(db) as rt:
        for n in range(1, rounds + 1):
            try:
                report = rt.sync.import_files(sorted((folder / f"round-{n}").glob("*.qrts")))
                say(f"round {n} {report.applied}")
            except Exception as exc:
                say(error(exc))
            comment = f"importer {n}"
            try:
                rt.positions.set(code, n % 7 + 1, STANCES[n % len(STANCES)], comment)
                say(f"ack {code} {n % 7 + 1} {comment}")
            except Exception as exc:
                say(error(exc))
            time.sleep(0.05)


def app_importer(db: Path, folder: Path, rounds: int, code: str = "FI") -> None:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from qroundtable.ui.session import Session

    app = QApplication([])  # noqa: F841 - the Session's signals need one
    session = Session()
    session.report_error = lambda message: say(f"error {' '.join(message.split())}")
    if not session.open(db).wait():
        return
    try:
        for n in range(1, rounds + 1):
            files = sorted((folder / f"round-{n}").glob("*.qrts"))
            importing = session.run(f"Import round {n}", lambda rt, progress, files=files: rt.sync.import_files(
                files, progress=progress), reopen=True)
            comment = f"app {n}"
            keyed = session.apply(lambda rt, n=n, comment=comment: rt.positions.set(
                code, n % 7 + 1, STANCES[n % len(STANCES)], comment))  # typed while the import runs
            if importing.wait():
                say(f"round {n} {importing.result.applied}")
            if keyed.wait():
                say(f"ack {code} {n % 7 + 1} {comment}")
            time.sleep(0.05)
    finally:
        session.close()


if __name__ == "__main__":
    role, db, *rest = sys.argv[1:]
    if role == "writer":
        writer(Path(db), Path(rest[0]))
    elif role == "reader":
        reader(Path(db), Path(rest[0]))
    elif role == "importer":
        importer(Path(db), Path(rest[0]), int(rest[1]))
    elif role == "app-importer":
        app_importer(Path(db), Path(rest[0]), int(rest[1]))
    else:
        sys.exit(f"unknown role {role}")
