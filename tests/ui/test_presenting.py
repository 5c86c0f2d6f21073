"""Presenting to the room: full screen, app-wide zoom, the counting basis, the audience window."""

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit, QTextEdit

from qroundtable.stances import Stance
from qroundtable.ui import zoom
from qroundtable.ui.audience import AudienceWindow, audience_screen
from qroundtable.ui.main_window import MainWindow
from qroundtable.ui.views.tour import DEFAULT_FONT


@pytest.fixture
def window(qtbot, settings, demo_path):
    w = MainWindow(settings)
    w.session.errors = []
    w.session.report_error = w.session.errors.append
    qtbot.addWidget(w)
    assert w.open_path(demo_path).wait()
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    yield w
    zoom.set_factor(1.0)  # the zoom is the application's: leave it as found for the next test


def key(qtbot, window, sequence):
    """Press a shortcut as a user would, on the window that has the keyboard."""
    from PySide6.QtGui import QKeySequence

    combo = QKeySequence(sequence)[0]
    qtbot.keyClick(QApplication.focusWidget() or window, combo.key(), combo.keyboardModifiers())


def sizes(window):
    """Point sizes of text in several views: headings with their own size, plain labels, the sidebar."""
    views = window.views
    return {
        "sidebar": window.sidebar.font().pointSizeF(),
        "principles heading": views["principles"].heading.font().pointSizeF(),
        "principle editor": views["principles"].text_panel.editor.font().pointSizeF(),
        "consensus heading": views["consensus"].findChild(QLabel, "viewHeading").font().pointSizeF(),
        "consensus counting line": views["consensus"].counting_label.font().pointSizeF(),
        "tour round": views["tour"].round.font().pointSizeF(),
        "tour tally count": views["tour"].tally.counts["support"].font().pointSizeF(),
        "matrix meeting box": views["positions"].meeting_combo.font().pointSizeF(),
    }


def test_zoom_in_scales_every_view_and_ctrl_0_restores(qtbot, window, settings):
    before = sizes(window)
    key(qtbot, window, "Ctrl+=")
    key(qtbot, window, "Ctrl+=")
    assert zoom.factor() == 1.25
    after = sizes(window)
    for name, size in before.items():
        assert after[name] == pytest.approx(size * 1.25), name
    assert float(settings.value("zoom")) == 1.25  # kept for the next start
    tour = window.show_view("tour")
    tour.choose_principle(1)
    row = tour.round.visualItemRect(tour.round.topLevelItem(0))
    assert row.height() >= tour.round.fontMetrics().height()  # rows measured anew at the larger size
    key(qtbot, window, "Ctrl+-")
    assert zoom.factor() == 1.1
    key(qtbot, window, "Ctrl+0")
    assert zoom.factor() == 1.0
    assert sizes(window) == before
    assert float(settings.value("zoom")) == 1.0


def test_zoom_is_restored_at_the_next_start_and_a_bad_setting_is_ignored(qtbot, settings, demo_path):
    settings.setValue("zoom", 1.5)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    try:
        assert zoom.factor() == 1.5
        assert QApplication.font().pointSizeF() == pytest.approx(zoom.zoom.base.pointSizeF() * 1.5)
    finally:
        zoom.set_factor(1.0)
    settings.setValue("zoom", "large, please")
    w2 = MainWindow(settings)
    qtbot.addWidget(w2)
    assert zoom.factor() == 1.0


def test_the_tours_text_size_is_kept_for_the_next_start(qtbot, window, settings):
    tour = window.show_view("tour")
    tour.set_font_size(34)
    w2 = MainWindow(settings)
    qtbot.addWidget(w2)
    assert w2.views["tour"].font_size == 34
    assert w2.views["tour"].text.font().pointSizeF() == 34
    settings.setValue("tour_text_size", "huge")
    w3 = MainWindow(settings)
    qtbot.addWidget(w3)
    assert w3.views["tour"].font_size == DEFAULT_FONT  # nothing breaks on a bad setting


def test_zoom_stops_at_its_ends(window):
    for _ in range(20):
        window.presenting.zoom_in_action.trigger()
    assert zoom.factor() == zoom.FACTORS[-1] and not window.presenting.zoom_in_action.isEnabled()
    assert window.sidebar.width() >= window.sidebar.sizeHintForColumn(0)  # the views' names still whole
    for _ in range(20):
        window.presenting.zoom_out_action.trigger()
    assert zoom.factor() == zoom.FACTORS[0] and not window.presenting.zoom_out_action.isEnabled()


def test_f11_goes_full_screen_and_esc_leaves(qtbot, window):
    key(qtbot, window, "F11")
    qtbot.waitUntil(window.isFullScreen)
    assert window.presenting.full_screen_action.isChecked()
    window.show_view("tour").setFocus()
    qtbot.keyClick(window.views["tour"], Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.presenting.full_screen_action.isChecked()
    # Esc in the Tour's comment line leaves the line, not full screen
    key(qtbot, window, "F11")
    qtbot.waitUntil(window.isFullScreen)
    tour = window.views["tour"]
    tour.comment_edit.setFocus()
    qtbot.keyClick(tour.comment_edit, Qt.Key.Key_Escape)
    assert window.isFullScreen()
    key(qtbot, window, "F11")
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_choosing_a_meeting_in_the_tour_says_it_counts_everywhere(qtbot, window):
    rt = window.session.rt
    meeting = rt.meetings.latest()
    tour = window.show_view("tour")
    n = len(rt.delegations.list())
    assert window.presenting.counting_label.text() == f"Counting: all {n}"
    assert f"all {n} delegations — in every view" in window.presenting.counting_label.toolTip()
    tour.choose_meeting(meeting.id)
    wanted = f"Counting: the {len(meeting.attending)} delegations attending “{meeting.title}”"
    assert window.presenting.counting_label.text() == f"Counting: {meeting.title} ({len(meeting.attending)})"
    assert window.presenting.counting_label.toolTip().startswith(wanted)
    assert tour.counting.text().startswith(wanted) and "every view" in tour.counting.text()
    assert "Every view now counts" in window.statusBar().currentMessage()
    # the other views count the same meeting
    consensus = window.show_view("consensus")
    assert str(len(meeting.attending)) in consensus.counting_label.text()


# -- the audience window ---------------------------------------------------------------------------


def test_the_audience_screen_is_the_other_one():
    laptop, projector = QRect(0, 0, 1366, 768), QRect(1366, 0, 1920, 1080)
    chair = QRect(100, 50, 1200, 700)
    assert audience_screen([laptop], chair) is None  # one screen: a normal window
    assert audience_screen([laptop, projector], chair) == 1
    assert audience_screen([projector, laptop], chair) == 0
    # the chair's window on the projector: the audience gets the laptop's screen
    assert audience_screen([laptop, projector], QRect(1500, 100, 1200, 700)) == 1 - 1
    # three screens: the largest that is not the chair's
    small = QRect(-1024, 0, 1024, 768)
    assert audience_screen([small, laptop, projector], chair) == 2
    # a window off every screen (a screen unplugged): the one it overlaps most is the chair's
    assert audience_screen([laptop, projector], QRect(1300, -900, 200, 1000)) == 0


def open_audience(qtbot, window) -> AudienceWindow:
    window.presenting.audience_action.trigger()
    audience = window.presenting.audience
    qtbot.waitExposed(audience)
    return audience


def test_the_audience_window_follows_the_tour_and_each_stance_keyed(qtbot, window, settle):
    session = window.session
    tour = window.show_view("tour")
    tour.choose_meeting(session.rt.meetings.latest().id)
    tour.choose_principle(7)
    audience = open_audience(qtbot, window)
    assert window.presenting.audience_action.isChecked()
    assert audience.heading.text().startswith("Principle 7 · ")
    assert audience.text.text() == session.rt.principles.get(7).text
    assert "Not discussed" in audience.status_text()
    first = tour.current_delegation()
    assert audience.speaker.text() == f"Tour de table: {first.name}'s turn"
    # PageUp in the Tour: the room sees principle 6
    qtbot.keyClick(tour, Qt.Key.Key_PageUp)
    assert tour.principle_number() == 6 and audience.heading.text().startswith("Principle 6 · ")
    qtbot.keyClick(tour, Qt.Key.Key_PageDown)
    assert audience.heading.text().startswith("Principle 7 · ")
    # a stance keyed in the Tour: the tally and the status follow once it is written
    qtbot.keyClick(tour, "5")
    settle(session)
    assert audience.tally.counts[Stance.OBJECT.value].text() == "1"
    assert "Contested" in audience.status_text()
    assert audience.speaker.text() == f"Tour de table: {tour.current_delegation().name}'s turn"
    # and a change made in another view too
    window.show_view("positions")
    assert session.apply(lambda rt: rt.positions.set(first.code, 7, "support")).wait()
    settle(session)
    assert audience.tally.counts[Stance.OBJECT.value].text() == "0"
    assert audience.tally.counts[Stance.SUPPORT.value].text() == "1"
    assert "Contested" not in audience.status_text()
    assert session.errors == []


def test_the_audience_window_has_nothing_to_edit_and_closing_it_unchecks_the_action(qtbot, window):
    audience = open_audience(qtbot, window)
    for kind in (QAbstractButton, QLineEdit, QTextEdit, QComboBox):
        assert audience.findChildren(kind) == [], kind
    assert not audience.isFullScreen()  # one screen here: a normal window
    audience.close()
    assert not window.presenting.audience_action.isChecked()
    window.presenting.audience_action.trigger()  # opens again
    qtbot.waitExposed(window.presenting.audience)
    window.presenting.audience_action.trigger()
    assert not window.presenting.audience.isVisible()


def test_the_audience_text_is_large_and_fits(qtbot, window):
    audience = open_audience(qtbot, window)
    audience.resize(1280, 720)
    qtbot.waitUntil(lambda: audience.height() == 720)
    QApplication.processEvents()
    tour_text_px = audience.text.fontInfo().pixelSize()
    assert tour_text_px >= 30  # readable from the back of a room
    assert audience.heading.fontInfo().pixelSize() >= tour_text_px  # the text never outgrows its title
    assert audience.tally.badge.fontInfo().pixelSize() >= 30
    room = audience.text.contentsRect()
    needed = audience.text.fontMetrics().boundingRect(QRect(0, 0, room.width(), 100_000),
                                                      Qt.TextFlag.TextWordWrap, audience.text.text())
    assert needed.height() <= room.height()


TWO_SCREENS = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from qroundtable.demo import build_demo
from qroundtable.ui.main_window import MainWindow
from qroundtable.ui.views.tour import DEFAULT_FONT

app = QApplication([])
folder = Path(sys.argv[1])
build_demo(folder / "demo.qrt").close()
window = MainWindow(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
assert window.open_path(folder / "demo.qrt").wait()
window.setGeometry(100, 80, 1200, 640)  # on the laptop
window.show()
window.presenting.audience_action.trigger()
app.processEvents()
audience = window.presenting.audience
print(audience.screen().name(), audience.isFullScreen(), audience.geometry().getRect())
window.move(1500, 100)  # the chair's window dragged to the projector: the audience gets the laptop
window.presenting.audience_action.trigger()
window.presenting.audience_action.trigger()
app.processEvents()
print(audience.screen().name(), audience.isFullScreen(), audience.geometry().getRect())
window.presenting.audience_action.trigger()
window.close()
"""


def test_with_two_screens_the_audience_window_fills_the_one_the_chair_is_not_on(tmp_path):
    import json
    import os
    import subprocess
    import sys

    # Qt's offscreen platform can pretend to have two screens: a laptop and a projector to its right.
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "dpr": 1},
        {"name": "projector", "x": 1366, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}  # never the real keyring
    run = subprocess.run([sys.executable, "-c", TWO_SCREENS, str(tmp_path)], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    first, second = run.stdout.splitlines()[-2:]
    assert first == "projector True (1366, 0, 1920, 1080)"
    assert second == "laptop True (0, 0, 1366, 768)"
