"""The app under a high-contrast palette (white on black): every text it shows must stay legible.

The text colour is the one the widget paints with (its palette after its style sheet was
applied); the background is what the window really painted under it, read from a grab of
the window, so a light panel a style sheet paints behind a label counts as much as the
palette. WCAG 2 AA asks a contrast ratio of 4.5 for text.
"""

import re

import pytest
from PySide6.QtCore import QAbstractListModel, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPalette
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QGroupBox, QLabel,
                               QLineEdit, QWidget)

from qroundtable.ui.main_window import VIEWS, MainWindow
from qroundtable.ui.style import AA_CONTRAST, MUTED, contrast_ratio, set_ink

STYLE_IN_HTML = re.compile(r"style\s*=\s*(['\"])(.*?)\1")
COLOR_IN_STYLE = re.compile(r"(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{6})")


def high_contrast() -> QPalette:
    """White on black with a yellow highlight, as the platforms' high-contrast themes have it."""
    p = QPalette(QApplication.palette())
    black, white, yellow = QColor("#000000"), QColor("#FFFFFF"), QColor("#FFFF00")
    for role, color in {QPalette.ColorRole.Window: black, QPalette.ColorRole.Base: black,
                        QPalette.ColorRole.AlternateBase: QColor("#1A1A1A"), QPalette.ColorRole.Button: black,
                        QPalette.ColorRole.WindowText: white, QPalette.ColorRole.Text: white,
                        QPalette.ColorRole.ButtonText: white, QPalette.ColorRole.BrightText: yellow,
                        QPalette.ColorRole.PlaceholderText: QColor("#C0C0C0"),
                        QPalette.ColorRole.ToolTipBase: black, QPalette.ColorRole.ToolTipText: white,
                        QPalette.ColorRole.Highlight: yellow, QPalette.ColorRole.HighlightedText: black,
                        QPalette.ColorRole.Link: QColor("#00FFFF"), QPalette.ColorRole.LinkVisited: QColor("#FF80FF"),
                        QPalette.ColorRole.Light: white, QPalette.ColorRole.Midlight: QColor("#C0C0C0"),
                        QPalette.ColorRole.Mid: QColor("#808080"), QPalette.ColorRole.Dark: QColor("#C0C0C0"),
                        QPalette.ColorRole.Shadow: white}.items():
        p.setColor(QPalette.ColorGroup.Active, role, color)
        p.setColor(QPalette.ColorGroup.Inactive, role, color)
    return p


@pytest.fixture
def themed(qtbot):
    """`themed(palette)` sets the application's palette for the test; the old one comes back after it."""
    app = QApplication.instance()
    before = QPalette(app.palette())
    yield app.setPalette
    app.setPalette(before)


def open_window(qtbot, settings, demo_path) -> MainWindow:
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_path(demo_path).wait()
    return w


@pytest.fixture
def dark_window(qtbot, settings, demo_path, themed):
    themed(high_contrast())
    return open_window(qtbot, settings, demo_path)


def dominant(image: QImage, rect: QRect) -> QColor:
    """The colour most pixels in `rect` have: the background the text there sits on."""
    counts: dict[int, int] = {}
    step = max(1, min(rect.width(), rect.height()) // 12)
    for x in range(rect.left(), rect.right() + 1, step):
        for y in range(rect.top(), rect.bottom() + 1, step):
            rgb = image.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    return QColor.fromRgb(max(counts, key=counts.get))


def shown_text(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit):
        return widget.text() or widget.placeholderText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QGroupBox):
        return widget.title()
    return widget.text()


def html_inks(html: str) -> list[QColor]:
    """The text colours rich text sets on the label's background; a span with a fill of its own (a stance
    chip) brings its ink with it and is left out."""
    inks = []
    for _, style in STYLE_IN_HTML.findall(html):
        if "background" not in style:
            inks += [QColor(c) for c in COLOR_IN_STYLE.findall(style)]
    return inks


def self_contained(widget: QWidget) -> bool:
    """A widget whose own style sheet sets both its fill and its ink (a stance chip, a status badge): the ink
    was chosen against that fill (qroundtable/palette.py), whatever the platform's palette."""
    sheet = widget.styleSheet().replace(" ", "")
    return "background" in sheet and re.search(r"(^|[;{])color:", sheet) is not None


def illegible(window: QWidget) -> list[str]:
    image = window.grab().toImage()
    ratio = image.devicePixelRatio()
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, (QLabel, QAbstractButton, QLineEdit, QComboBox, QGroupBox)):
            continue
        if not widget.isVisible() or not widget.isEnabled() or not shown_text(widget).strip():
            continue
        if widget.window() is not window or widget.visibleRegion().isEmpty():
            continue
        box = widget.visibleRegion().boundingRect()
        if isinstance(widget, QGroupBox):  # its title, not the chart or table it frames
            box.setHeight(min(box.height(), widget.fontMetrics().height() + 4))
        top_left = widget.mapTo(window, box.topLeft())
        rect = QRect(int(top_left.x() * ratio), int(top_left.y() * ratio), int(box.width() * ratio),
                     int(box.height() * ratio)).intersected(image.rect())
        if rect.isEmpty():
            continue
        if self_contained(widget):
            continue
        ground = dominant(image, rect)
        inks = [widget.palette().color(widget.foregroundRole())]
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
            inks += html_inks(widget.text())
        for ink in inks:
            ratio_found = contrast_ratio(ink, ground)
            if ratio_found < AA_CONTRAST:
                text = " ".join(shown_text(widget).split())[:40]
                found.append(f"{type(widget).__name__} {widget.objectName() or ''} {text!r}: ink {ink.name()} on "
                             f"{ground.name()} = {ratio_found:.2f}")
    return found


def as_color(value) -> QColor | None:
    if value is None:
        return None
    return value.color() if isinstance(value, QBrush) else QColor(value)


def illegible_cells(window: QWidget, rows: int = 40) -> list[str]:
    """Cells of the visible item views whose ink (the model's, else the view's text) does not read on their
    fill (the model's, else the view's base or alternate base). A cell giving both is left out, as a
    self-contained widget is: one giving only one of them is what goes wrong under a theme."""
    found = []
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if not view.isVisible() or model is None or view.visibleRegion().isEmpty():
            continue
        palette = view.palette()
        selected = set(i.row() for i in view.selectionModel().selectedIndexes()) if view.selectionModel() else set()
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()  # a list's is private
        for row in range(min(model.rowCount(), rows)):
            if row in selected:  # the theme's highlight and highlighted text
                continue
            for col in range(columns):
                index = model.index(row, col)
                if not str(index.data() or "").strip():
                    continue
                own_ink = as_color(index.data(Qt.ItemDataRole.ForegroundRole))
                own_fill = as_color(index.data(Qt.ItemDataRole.BackgroundRole))
                if own_ink is not None and own_fill is not None:
                    continue  # a stance or status cell: its ink was chosen against its fill (palette.py)
                ink = own_ink or palette.color(QPalette.ColorRole.Text)
                ground = own_fill or palette.color(
                    QPalette.ColorRole.AlternateBase if view.alternatingRowColors() and row % 2
                    else QPalette.ColorRole.Base)
                found_ratio = contrast_ratio(ink, ground)
                if found_ratio < AA_CONTRAST:
                    found.append(f"{type(view).__name__} {view.accessibleName()!r} ({row}, {col}) "
                                 f"{str(index.data())[:30]!r}: ink {ink.name()} on {ground.name()} "
                                 f"= {found_ratio:.2f}")
    return found


@pytest.mark.parametrize("key", [key for key, _, _ in VIEWS])
def test_every_text_of_every_view_is_legible_in_high_contrast(qtbot, dark_window, key):
    dark_window.show_view(key)
    qtbot.wait(50)
    assert illegible(dark_window) == []
    assert illegible_cells(dark_window) == []


def test_the_usual_light_theme_stays_legible_too(qtbot, settings, demo_path):
    window = open_window(qtbot, settings, demo_path)
    for key, _, _ in VIEWS:
        window.show_view(key)
        qtbot.wait(20)
        assert illegible(window) == [], key
        assert illegible_cells(window) == [], key


def test_a_muted_line_follows_a_theme_switched_on_while_the_app_runs(qtbot, themed):
    box = QWidget()
    qtbot.addWidget(box)
    label = QLabel("Counting all delegations", box)  # inside a window, as every muted line is
    set_ink(label, MUTED)
    assert label.palette().color(label.foregroundRole()) == QColor(MUTED)  # grey reads on a light theme
    themed(high_contrast())
    # Not on black: the theme's text, once the change has gone round (Qt delivers it from the event loop).
    qtbot.waitUntil(lambda: label.palette().color(label.foregroundRole()) == QColor("#FFFFFF"))
    set_ink(label, None)
    assert label.palette().color(label.foregroundRole()) == QColor("#FFFFFF")


def test_the_contrast_ratio_is_wcag_s():
    assert contrast_ratio(QColor("#000000"), QColor("#FFFFFF")) == pytest.approx(21)
    assert contrast_ratio(QColor("#777777"), QColor("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#009E73"), QColor("#FFFFFF")) == pytest.approx(3.42, abs=0.01)


def test_the_painted_charts_ink_reads_on_their_own_white_ground():
    """The charts paint a white ground of their own whatever the theme: their inks are judged against white."""
    from qroundtable.ui.widgets.stance_chart import INK, MUTED as CHART_MUTED, STATUS_INK_ON_WHITE

    white = QColor("#FFFFFF")
    for ink in [INK, CHART_MUTED, *STATUS_INK_ON_WHITE.values()]:
        assert contrast_ratio(ink, white) >= AA_CONTRAST, ink.name()
