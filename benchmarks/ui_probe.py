"""Child process of benchmarks/run.py: the desktop app on a large roundtable, timed.

Prints one JSON line when the positions matrix has first been painted (the parent
times that from before it started this process), then one with the edit timings.
A separate process, because "open" must include Python and Qt start-up.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

from PySide6.QtCore import QEvent, QObject, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qroundtable.stances import STANCE_ORDER  # noqa: E402
from qroundtable.ui.app import make_app  # noqa: E402
from qroundtable.ui.main_window import VIEWS, MainWindow  # noqa: E402


class PaintWatch(QObject):
    """Notes the first paint of a widget (the matrix viewport)."""

    def __init__(self):
        super().__init__()
        self.painted = False

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def time_first_visits(app, window, keys) -> dict[str, float]:
    """Each of these pages, not yet shown, from choosing it in the sidebar to its first paint (ms)."""
    result = {}
    for key in keys:
        watch = PaintWatch()
        page = window.views[key]
        page.installEventFilter(watch)
        start = time.perf_counter()
        window.show_view(key)
        while not watch.painted:
            app.processEvents()
        result[key] = round((time.perf_counter() - start) * 1000, 1)
        page.removeEventFilter(watch)
    return result


def main(path: str) -> None:
    app = make_app()
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    matrix = window.show_view("positions")
    watch = PaintWatch()
    matrix.table.viewport().installEventFilter(watch)
    window.resize(1360, 860)
    window.show()
    window.open_path(path)  # on the app's writer; the views fill once it is open
    while not watch.painted or window.session.rt is None:
        app.processEvents()
    print(json.dumps({"painted": True}), flush=True)

    consensus = window.views["consensus"]
    # Shown once (a hidden page loads when first shown, then follows each edit): its first visit is timed.
    first_consensus = time_first_visits(app, window, ["consensus"])
    window.show_view("positions")
    model = matrix.model
    times = []
    for i in range(60):
        index = model.index((5 + i) % model.rowCount(), (3 + 7 * i) % model.columnCount())
        matrix.table.setCurrentIndex(index)
        d, p = model.cell_at(index)
        stance = STANCE_ORDER[i % 5]
        before = window.session.rt.positions.get(d.code, p.number)
        if before is not None and before.stance == stance:
            stance = STANCE_ORDER[(i + 1) % 5]
        start = time.perf_counter()
        matrix.set_stance(stance)  # what keys 1-5 call: queued on the app's writer
        while not window.session.idle:  # written, announced, the cell and the consensus row refreshed
            app.processEvents()
        app.processEvents()  # and repainted
        times.append((time.perf_counter() - start) * 1000)
        # Both views must show the stance just recorded, or the figure is meaningless.
        assert model.index(index.row(), index.column()).data() == stance.short
        shown = consensus.model.consensus_at(consensus.model.row_of(p.number))
        assert shown == window.session.rt.consensus(principles=[p.number])[0]
    times.sort()
    first_visits = {**first_consensus, **time_first_visits(app, window, [k for k, _, _ in VIEWS
                                                                        if k not in ("positions", "consensus")])}
    print(json.dumps({"ui_edit_refresh_ms": round(statistics.median(times), 2),
                      "ui_edit_refresh_p95_ms": round(times[int(len(times) * 0.95)], 2),
                      "ui_first_view_switch_max_ms": max(first_visits.values()),
                      "ui_first_view_switch_ms": first_visits,
                      "ui_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}),
          flush=True)
    window.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main(sys.argv[1])
