"""Child process of benchmarks/run.py: key presses in the desktop app while it imports a large batch.

    python benchmarks/ui_import_probe.py LARGE.qrt SNAPSHOT...

Opens the app on the file, starts importing the snapshots as the Sync view's Apply does,
and meanwhile presses stance keys on 60 cells of the positions matrix, one every 15 ms,
while a 10 ms timer asks the matrix to repaint. Prints one JSON line:

- ``ui_keys_during_import_lost``: stances keyed during the import that the file does not
  hold once the app has settled (must be 0);
- ``ui_keys_during_import``: how many of the 60 were pressed while the import still ran;
- ``ui_max_stall_during_import_ms``: the longest gap between two paints of the matrix
  while the import ran (the window froze that long);
- ``ui_max_stall_after_import_ms``: the longest gap between paints from the import's end
  until the keys queued behind it are written and shown (the page in view reloads for the
  import meanwhile; the others do when shown);
- ``ui_import_s``: the import's own duration, as the app ran it.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The matrix never needs a signing key; a probe must not wake the user's keyring either.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from qroundtable import long_work  # noqa: E402
from qroundtable.stances import STANCE_ORDER  # noqa: E402
from qroundtable.ui.app import make_app  # noqa: E402
from qroundtable.ui.main_window import MainWindow  # noqa: E402

KEYS = 60


class PaintClock(QObject):
    """The times of the matrix viewport's paints."""

    def __init__(self):
        super().__init__()
        self.times: list[float] = []

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.times.append(time.perf_counter())
        return False


def main(path: str, files: list[str]) -> None:
    app = make_app()
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    matrix = window.show_view("positions")
    window.resize(1360, 860)
    window.show()
    if not window.open_path(path).wait():
        raise SystemExit(f"could not open {path}")
    session, model = window.session, matrix.model
    cells = []
    for i in range(KEYS):  # distinct cells on screen, each given a stance it does not hold yet
        d, p = model.delegations[(3 + i) % 12], model.principles[(i // 12) * 3 % len(model.principles)]
        held = model.position(d.id, p.id)
        stance = next(s for k in range(5) if (s := STANCE_ORDER[(i + k) % 5]) != (held and held.stance))
        cells.append((d, p, stance))

    clock = PaintClock()
    matrix.table.viewport().installEventFilter(clock)
    repaint = QTimer()
    repaint.timeout.connect(matrix.table.viewport().update)
    repaint.start(10)
    pressed = {"during": 0, "n": 0}
    ended: list[float] = []  # when the writer finished the import (before the views reload for it)

    def import_files(rt, progress):  # as the Sync view's Apply does (session.run_apart), its end noted
        report = long_work.run("import_files", rt.path, {"paths": files}, progress)
        ended.append(time.perf_counter())
        return report
    started = time.perf_counter()
    importing = session.run("Importing", import_files, reopen=True)

    def press() -> None:
        n = pressed["n"]
        if n >= KEYS:
            return
        d, p, stance = cells[n]
        index = model.cell_index(d.id, p.id)
        matrix.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        pressed["during"] += not ended
        QTest.keyClick(matrix.table, str(STANCE_ORDER.index(stance) + 1), Qt.KeyboardModifier.NoModifier)
        pressed["n"] = n + 1
        QTimer.singleShot(15, press)

    QTimer.singleShot(15, press)
    while not (importing.done and pressed["n"] >= KEYS and session.idle):
        app.processEvents()
        time.sleep(0.001)
    repaint.stop()
    if not importing.ok:
        raise SystemExit(f"the import failed: {importing.error}")
    import_s = ended[0] - started
    during = [t for t in clock.times if t <= ended[0]]
    gaps = [b - a for a, b in zip(during, during[1:])] or [import_s]
    # Then the page in view shows the import (the others when shown): the longest gap from the
    # import's end until the keys queued behind it are written and shown.
    after = during[-1:] + [t for t in clock.times if t > ended[0]]
    after_gaps = [b - a for a, b in zip(after, after[1:])] or [0.0]
    rt = session.rt
    held = {(p.delegation, p.principle): p.stance for p in rt.positions.list()}
    lost = sum(1 for d, p, stance in cells if held.get((d.code, p.number)) != stance)
    print(json.dumps({"ui_keys_during_import_lost": lost, "ui_keys_during_import": pressed["during"],
                      "ui_max_stall_during_import_ms": round(max(gaps) * 1000, 1),
                      "ui_max_stall_after_import_ms": round(max(after_gaps) * 1000, 1),
                      "ui_import_s": round(import_s, 3)}), flush=True)
    window.session.ask_unsaved = lambda items, can_save: "discard"
    window.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
