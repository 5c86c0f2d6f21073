"""Starting the desktop app: the QApplication, the main window, and the file to open."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from .main_window import MainWindow


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("qroundtable")
    app.setOrganizationName("qroundtable")
    app.setApplicationDisplayName("qroundtable")
    return app


def run(db: Path | None = None) -> int:
    """Open the window on `db`, else on the last file used, else empty with a hint."""
    app = make_app()
    window = MainWindow()
    window.show()
    target = db or window.settings.value("last_file")
    if target and Path(target).exists():
        window.open_path(target)
    elif db is not None:
        window.session.report_error(f"no roundtable file at {db}")
    return app.exec()
