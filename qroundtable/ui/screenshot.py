"""Render each main view of a roundtable file to PNG, offscreen: for the README and for checks."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SIZE = (1360, 860)


def render_views(db: Path, out: Path) -> list[Path]:
    """One PNG per sidebar view, named `NN-key.png`, of the main window on `db`."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from .app import make_app
    from .main_window import VIEWS, MainWindow

    app = make_app()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        # Throwaway settings: a screenshot must not change the user's last file or layout.
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.resize(*SIZE)
        if not window.session.open(db).wait():
            raise OSError(f"could not open {db}")
        window.show()
        written = []
        for i, (key, _, _) in enumerate(VIEWS):
            window.show_view(i)
            for _ in range(3):  # let layouts settle and lazy panels fill
                app.processEvents()
            path = out / f"{i + 1:02d}-{key}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)
        window.close()
        window.deleteLater()
        app.processEvents()
    return written
