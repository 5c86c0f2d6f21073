"""Every screen: the window fits 1024×600 to 1920×1080 and HiDPI ×2; the start page; absolute paths.

The screen sizes are real to Qt: each runs in a child process whose offscreen platform is given a
screen of that size (`QT_QPA_PLATFORM=offscreen:configfile=…`), so the first window opens on it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel

from qroundtable.ui.main_window import VIEWS, MainWindow
from qroundtable.ui.start_page import MISSING
from qroundtable.ui.window_size import clamped, first_geometry

CHECK = Path(__file__).with_name("screen_check.py")
TITLE_SHARE, TITLE_CHARS = 0.4, 16  # the principles' titles: at least this share of the list, this many letters


def check_on_screen(tmp_path, demo_path, width: int, height: int, scale: int = 1) -> dict:
    """Run screen_check.py with a physical screen of width×height pixels at QT_SCALE_FACTOR=scale."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "test", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=str(scale))
    env.pop("DISPLAY", None)
    done = subprocess.run([sys.executable, str(CHECK), str(demo_path), str(tmp_path / "first-start.ini")],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [line for line in lines if "error" in line] == []
    return lines[-1]


def fits(size, screen) -> bool:
    return size[0] <= screen[0] and size[1] <= screen[1]


@pytest.mark.parametrize("width, height, scale", [
    (1024, 600, 1), (1280, 720, 1), (1366, 768, 1), (1920, 1080, 1),
    (2560, 1440, 2),  # a QHD laptop at ×2: 1280×720 to Qt's layouts, every pixel doubled
    (2048, 1200, 2),  # the smallest screen again, at ×2
    (1920, 1080, 2),  # a full-HD laptop at 200 %: 960×540, smaller still
])
def test_every_view_fits_the_screen_it_opens_on(tmp_path, demo_path, width, height, scale):
    result = check_on_screen(tmp_path, demo_path, width, height, scale)
    screen = result["screen"]
    assert screen == [width // scale, height // scale]  # the child really had that screen
    x, y, w, h = result["first"]
    assert QRect(0, 0, *screen).contains(QRect(x, y, w, h)), f"first window {result['first']} on {screen}"
    assert result["start_page"] and result["start_outside"] == []
    assert fits(result["start_minimum"], screen)
    for key, _, _ in VIEWS:
        view = result["views"][key]
        assert fits(view["minimum"], screen), f"{key} needs {view['minimum']} on {screen}"
        assert fits(view["minimum"], view["size"]), f"{key} squeezed: needs {view['minimum']}, has {view['size']}"
        assert view["outside"] == [], f"{key} at {screen}: {view['outside']}"
        assert view["cut_off"] == [], f"{key} at {screen}: {view['cut_off']}"
    principles = result["views"]["principles"]
    assert principles["title_width"] >= TITLE_SHARE * principles["table_width"], principles
    assert principles["title_chars"] >= TITLE_CHARS, principles


def test_a_delegation_copy_fits_the_smallest_screen_too(tmp_path, demo_path):
    """A delegation's Sync page has other buttons and hints than the secretariat's."""
    from qroundtable.roundtable import Roundtable

    with Roundtable.open(demo_path) as rt:
        rt.save_delegation_copy(tmp_path / "jp.qrt", "JP")
    result = check_on_screen(tmp_path, tmp_path / "jp.qrt", 1920, 1080, 2)
    for key, view in result["views"].items():
        assert fits(view["minimum"], result["screen"]), f"{key} needs {view['minimum']} on {result['screen']}"
        assert view["outside"] == [] and view["cut_off"] == [], f"{key}: {view['outside']} {view['cut_off']}"


def test_a_first_window_on_a_large_screen_is_comfortable_and_centred():
    big = QRect(0, 0, 1920, 1080)
    first = first_geometry(big)
    assert first.size().toTuple() == (1440, 900) and first.center() == big.center()
    assert first_geometry(QRect(0, 0, 1366, 768)) == QRect(0, 0, 1366, 768)  # a small screen: all of it
    medium = first_geometry(QRect(0, 30, 1440, 900))
    assert medium.size().toTuple() == (1296, 810) and QRect(0, 30, 1440, 900).contains(medium)


def test_a_window_saved_on_a_larger_screen_is_brought_inside_this_one():
    available = QRect(0, 0, 1024, 600)
    assert clamped(QRect(900, 500, 1360, 860), available) == QRect(0, 0, 1024, 600)
    assert clamped(QRect(500, 300, 800, 500), available) == QRect(224, 100, 800, 500)
    assert clamped(QRect(10, 10, 800, 500), available) == QRect(10, 10, 800, 500)  # fits: left alone


def test_restored_geometry_too_large_for_the_screen_is_clamped(qtbot, settings):
    first = MainWindow(settings)
    qtbot.addWidget(first)
    screen = first.screen().availableGeometry()
    first.setGeometry(QRect(screen.x() + 300, screen.y() + 200, screen.width() + 400, screen.height() + 300))
    settings.setValue("geometry", first.saveGeometry())
    second = MainWindow(settings)
    qtbot.addWidget(second)
    assert screen.contains(second.geometry()), (second.geometry(), screen)
    fitting = QRect(screen.x() + 10, screen.y() + 10, screen.width() // 2, screen.height() // 2)
    second.setGeometry(fitting)
    settings.setValue("geometry", second.saveGeometry())
    third = MainWindow(settings)
    qtbot.addWidget(third)
    assert third.size() == fitting.size()  # one that fits keeps its size


# -- the start page ------------------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, settings):
    w = MainWindow(settings)
    w.session.errors = []
    w.session.report_error = w.session.errors.append
    qtbot.addWidget(w)
    return w


def test_no_file_shows_the_start_page_and_what_needs_a_file_is_off(window, demo_path):
    assert window.pages.currentWidget() is window.start_page
    page = window.start_page
    assert [b.text() for b in (page.demo_button, page.new_button, page.open_button)] == [
        "Open the &demo roundtable", "&New roundtable…", "&Open…"]
    assert not window.export_menu.isEnabled()
    assert not any(a.isEnabled() for a in window.export_menu.actions())
    assert not any(a.isEnabled() for a in window.view_actions)
    assert window.open_path(demo_path).wait()
    assert window.pages.currentWidget() is window.views_page
    assert window.export_menu.isEnabled() and all(a.isEnabled() for a in window.export_menu.actions())
    assert all(a.isEnabled() for a in window.view_actions)


def test_the_start_page_opens_the_demo(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # where platformdirs puts the demo file
    window.start_page.demo_button.click()
    qtbot.waitUntil(lambda: window.session.rt is not None, timeout=30_000)
    assert window.pages.currentWidget() is window.views_page
    assert window.session.rt.info.title.startswith("Pursuing Quantum Information Together")
    assert window.session.errors == []


def test_recent_files_are_absolute_and_a_missing_one_is_marked(window, demo_path, tmp_path, monkeypatch):
    monkeypatch.chdir(demo_path.parent)
    assert window.open_path(Path(demo_path.name)).wait()  # a relative path, as a command line gives it
    assert window.settings.value("last_file") == str(demo_path.resolve())
    gone = tmp_path / "gone.qrt"
    window.settings.setValue("recent_files", [str(demo_path.resolve()), str(gone)])
    window._update_recent_menu()
    items = [window.start_page.recent.item(i).text() for i in range(window.start_page.recent.count())]
    assert items == [str(demo_path.resolve()), str(gone) + MISSING]
    assert [a.text() for a in window.recent_menu.actions()] == [str(demo_path.resolve()), str(gone)]


def test_old_relative_recent_entries_are_resolved_or_dropped(qtbot, settings, demo_path, monkeypatch):
    monkeypatch.chdir(demo_path.parent)
    settings.setValue("recent_files", ["demo.qrt", "nowhere.qrt", str(demo_path)])
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert [a.text() for a in window.recent_menu.actions()] == [str(demo_path.resolve())]


def test_a_recent_file_that_is_gone_says_so_plainly_and_leaves_the_list(window, demo_path, tmp_path):
    gone = tmp_path / "moved-away.qrt"
    window.settings.setValue("recent_files", [str(gone), str(demo_path)])
    window.settings.setValue("last_file", str(gone))
    window._update_recent_menu()
    item = window.start_page.recent.item(0)
    window.start_page.recent.itemActivated.emit(item)
    assert len(window.session.errors) == 1
    message = window.session.errors[0]
    assert "moved-away.qrt" in message and "qroundtable " not in message and "--" not in message
    assert [a.text() for a in window.recent_menu.actions()] == [str(demo_path)]
    assert window.settings.value("last_file") is None
    assert window.session.rt is None and window.pages.currentWidget() is window.start_page


def test_screenshots_fit_to_the_screen_are_named_by_its_size(tmp_path, demo_path):
    from PySide6.QtGui import QImage

    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "test", "x": 0, "y": 0, "width": 2048, "height": 1200,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR="2")
    env.pop("DISPLAY", None)
    done = subprocess.run([sys.executable, "-m", "qroundtable", "--db", str(demo_path), "screenshot", "--out",
                           str(tmp_path / "shots"), "--fit-screen"], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    names = [Path(line).name for line in done.stdout.split()]
    assert names == ["start-2048x1200@2x.png"] + [f"{key}-2048x1200@2x.png" for key, _, _ in VIEWS]
    image = QImage(str(tmp_path / "shots" / "tour-2048x1200@2x.png"))
    assert abs(image.width() - 2048) <= 8 and abs(image.height() - 1200) <= 8  # the whole screen, in its pixels


def test_the_stance_chart_legend_wraps_instead_of_running_off_the_edge(qtbot, session):
    from PySide6.QtGui import QFontMetrics

    from qroundtable.ui.views.consensus import ConsensusView

    view = ConsensusView(session)
    qtbot.addWidget(view)
    chart = view.stance_chart
    chart.resize(360, 400)
    placed = chart._legend_layout()
    metrics = QFontMetrics(chart.font())
    assert len(placed) == len(chart.legend_items())
    assert max(line for *_, line in placed) >= 1  # more than one line at this width
    assert all(x + metrics.horizontalAdvance(text) <= 360 for text, _, x, _ in placed)
    chart.resize(1400, 400)
    assert max(line for *_, line in chart._legend_layout()) == 0


def test_a_long_file_name_and_a_long_job_shorten_in_the_status_bar_not_widen_the_window(window, demo_path, tmp_path):
    import shutil

    long_name = tmp_path / ("pursuing-quantum-information-together-" * 3 + "master.qrt")
    shutil.copy(demo_path, long_name)
    assert window.open_path(long_name).wait()
    for widget in (window.work_label, window.work_bar, window.cancel_button):
        widget.show()
    window.work_label.setText("Importing 195 snapshots from the delegations of the roundtable, one by one…")
    window.unsent_label.setText("12 edits waiting for “Importing 195 snapshots from the delegations”")
    assert window.statusBar().minimumSizeHint().width() < 900
    assert window.file_label.text() == long_name.name and window.file_label.toolTip() == str(long_name.resolve())
    window.resize(1000, 600)
    window.show()
    assert window.file_label.width() < window.fontMetrics().horizontalAdvance(long_name.name)
    assert "…" in QLabel.text(window.file_label)  # what is painted is shortened, the whole name is in the tip


def test_a_long_list_of_counted_delegations_is_cut_short_with_the_whole_list_a_click_away(qtbot, tmp_path):
    from qroundtable.roundtable import Roundtable
    from qroundtable.ui.session import Session
    from qroundtable.ui.views.consensus import CODES_SHOWN, ConsensusView

    path = tmp_path / "many.qrt"
    with Roundtable.create(path, title="Many", secretariat="US", secretariat_name="United States") as rt:
        codes = [f"{a}{b}" for a in "ABCDEFGH" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"][:60]
        for code in codes:
            rt.delegations.add(code, f"Delegation {code}")
        rt.principles.add("Collaboration", "Promote scientific collaboration.")
    session = Session()
    assert session.open(path).wait()
    view = ConsensusView(session)
    qtbot.addWidget(view)
    view.show()
    text = view.counting_label.text()
    assert text.startswith("Counting all 61 delegations: AA, AB,") and f"and {61 - CODES_SHOWN} more" in text
    assert "BH" not in text and "show all" in text
    view.counting_label.linkActivated.emit("all")
    text = view.counting_label.text()
    assert all(code in text for code in codes + ["US"]) and "show fewer" in text
    session.close()
