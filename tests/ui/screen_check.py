"""Child process for the screen-size tests: the app's main window on a fake screen of a given size.

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json python tests/ui/screen_check.py DB SETTINGS

The offscreen platform takes its screens from SCREEN.json, so `QScreen.availableGeometry()` is the
size under test (and QT_SCALE_FACTOR scales it, as on a HiDPI laptop). Opens the main window as a
first start would (SETTINGS an empty ini file), then DB, shows every view and prints one JSON object:
the screen, the window's first geometry, and per view its minimum size, the widgets lying outside the
window or sticking out of their parent (cut off), and (for the principles) how wide the title column is.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from qroundtable.ui.app import make_app
from qroundtable.ui.main_window import VIEWS, MainWindow


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def clipped_by_scrolling(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's viewport: such a widget may lie beyond the window, the area scrolls to it."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def outside(window: QWidget) -> list[str]:
    """Visible widgets not wholly inside the window and on the screen (popups and scrolled content aside)."""
    screen = window.screen().availableGeometry()
    bounds = window.rect().intersected(QRect(window.mapFromGlobal(screen.topLeft()), screen.size()))
    found = []
    for widget in window.findChildren(QWidget):
        if widget.isWindow() or not widget.isVisible() or widget.width() == 0 or widget.height() == 0:
            continue
        if clipped_by_scrolling(widget, window):
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not bounds.contains(rect):
            name = widget.objectName() or getattr(widget, "text", lambda: "")() or ""
            found.append(f"{type(widget).__name__} {name!r} at {rect.getRect()}")
    return found


def cut_off(window: QWidget) -> list[str]:
    """Visible widgets that stick out of their parent: what sticks out is not drawn (scrolled content aside)."""
    found = []
    for widget in window.findChildren(QWidget):
        parent = widget.parentWidget()
        if (widget.isWindow() or parent is None or not widget.isVisible() or widget.width() == 0
                or widget.height() == 0 or clipped_by_scrolling(widget, window)
                or isinstance(parent, QAbstractScrollArea)):  # its scroll bars and corner are its own business
            continue
        if not parent.rect().contains(widget.geometry()):
            name = widget.objectName() or getattr(widget, "text", lambda: "")() or ""
            found.append(f"{type(widget).__name__} {name!r} {widget.geometry().getRect()} in "
                         f"{type(parent).__name__} {parent.rect().getRect()}")
    return found


def size(s) -> list[int]:
    return [s.width(), s.height()]


def main(db: str, settings_path: str) -> dict:
    app = make_app()
    screen = app.primaryScreen().availableGeometry()
    window = MainWindow(QSettings(settings_path, QSettings.Format.IniFormat))
    window.session.report_error = lambda message: print(json.dumps({"error": message}), flush=True)
    window.show()
    settle(app)
    result = {"screen": size(screen), "first": list(window.geometry().getRect()),
              "start_page": window.pages.currentWidget() is window.start_page,
              "start_outside": outside(window), "start_minimum": size(window.minimumSizeHint())}
    if not window.open_path(db).wait():
        raise SystemExit(f"could not open {db}")
    settle(app)
    views = {}
    for key, _, _ in VIEWS:
        view = window.show_view(key)
        settle(app)
        entry = {"minimum": size(window.minimumSizeHint()), "size": size(window.size()),
                 "outside": outside(window), "cut_off": cut_off(window)}
        if key == "principles":
            from qroundtable.ui.models.principle_list import TITLE

            table = view.table
            entry["title_width"] = table.horizontalHeader().sectionSize(TITLE)
            entry["table_width"] = table.viewport().width()
            entry["title_chars"] = entry["title_width"] // max(1, table.fontMetrics().averageCharWidth())
        views[key] = entry
    result["views"] = views
    window.close()
    settle(app)
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])), flush=True)
