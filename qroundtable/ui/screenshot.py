"""Render each main view of a roundtable file to PNG: for the README and for checks.

Two ways: a fixed-size window, offscreen (`NN-key.png`, the README's pictures), or the window as a
first start opens it on this screen (`key-WxH.png`, `@2x` at a scale factor of 2, plus the start
page): run under an X server of that size, this shows what a user of such a screen sees.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SIZE = (1360, 860)
SETTLE_MS = 600  # longer than any view's deferred refresh (the consensus view's tallies wait 400 ms)


def render_views(db: Path, out: Path, *, fit_screen: bool = False) -> list[Path]:
    """One PNG per sidebar view of the main window on `db` (and the start page when `fit_screen`)."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer

    from .app import make_app
    from .main_window import VIEWS, MainWindow

    app = make_app()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        # Throwaway settings: a screenshot must not change the user's last file or layout.
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        if fit_screen:
            screen = window.screen()
            ratio = screen.devicePixelRatio()
            size = screen.geometry().size() * ratio
            tag = f"-{size.width()}x{size.height()}" + (f"@{ratio:g}x" if ratio != 1 else "")
            window.setGeometry(screen.availableGeometry())  # all of the screen, as the name says
        else:
            window.setWindowState(Qt.WindowState.WindowNoState)
            window.resize(*SIZE)
            tag = ""
        window.show()
        written = []

        def shoot(name: str) -> None:
            # Let layouts settle and deferred work run (a view fills its slower parts just after its first paint).
            settle = QEventLoop()
            QTimer.singleShot(SETTLE_MS, settle.quit)
            settle.exec()
            app.processEvents()
            path = out / f"{name}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)

        if fit_screen:
            shoot(f"start{tag}")
        if not window.open_path(db).wait():
            raise OSError(f"could not open {db}")
        for i, (key, _, _) in enumerate(VIEWS):
            window.show_view(i)
            shoot(f"{key}{tag}" if fit_screen else f"{i + 1:02d}-{key}")
        window.close()
        window.deleteLater()
        app.processEvents()
    return written
