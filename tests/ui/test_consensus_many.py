"""The consensus page with many delegations and meetings: a compact "Counting" line and a
meeting chart whose labels never overlap."""

import os
import tempfile
from pathlib import Path

from PySide6.QtGui import QFontMetrics

from qroundtable.roundtable import Roundtable
from qroundtable.ui.views.consensus import CODES_SHOWN, ConsensusView
from qroundtable.ui.widgets.stance_chart import AgreedByMeetingChart, MeetingTally

SHOTS = Path(os.environ.get("QRT_SHOTS") or tempfile.mkdtemp(prefix="qrt-shots-"))


def test_counting_line_names_a_few_codes_and_shows_all_on_demand(qtbot, tmp_path):
    from qroundtable.ui.session import Session

    path = tmp_path / "many.qrt"
    rt = Roundtable.create(path, title="Many", secretariat="US", secretariat_name="United States")
    with rt.batch("Add delegations", setup=True):
        for i in range(1, 60):
            rt.delegations.add(f"D{i:03d}", f"Delegation {i}")
    rt.close()
    session = Session()
    session.errors = []
    session.report_error = session.errors.append
    assert session.open(path).wait()
    try:
        view = ConsensusView(session)
        qtbot.addWidget(view)
        view.resize(1280, 720)
        view.show()
        qtbot.waitExposed(view)
        text = view.counting_label.text()
        assert "Counting all 60 delegations" in text
        assert f"and {60 - CODES_SHOWN} more" in text and "D059" not in text
        one_line = QFontMetrics(view.counting_label.font()).lineSpacing()
        assert view.counting_label.height() <= 2 * one_line + 8  # one line (two at most), not a quarter of the page
        view.counting_label.linkActivated.emit("all")
        assert "D059" in view.counting_label.text() and "show fewer" in view.counting_label.text()
        view.counting_label.linkActivated.emit("fewer")
        assert "D059" not in view.counting_label.text()
    finally:
        session.close()


def test_twenty_meetings_in_a_narrow_chart_label_only_what_fits(qtbot):
    chart = AgreedByMeetingChart()
    qtbot.addWidget(chart)
    tallies = [MeetingTally(f"m{i}", f"Roundtable meeting {i + 1}", f"20{22 + i // 6}-{1 + 2 * (i % 6):02d}-15",
                            150 + i, 200) for i in range(20)]
    chart.set_tallies(tallies, "m7")
    chart.resize(420, 260)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (420, 700, 1400):
        chart.resize(width, 260)
        assert chart.grab().save(str(SHOTS / f"meeting-chart-20-{width}.png"))
        boxes = [box for _, box in chart.drawn_labels]
        assert len(boxes) >= 3  # thinned, not gone
        assert any("◆" in text for text, _ in chart.drawn_labels)  # the meeting in view always says so
        assert all(not a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1:]), width
        assert all("…" not in text for text, _ in chart.drawn_labels)  # whole dates, not "1…"
    chart.resize(2600, 260)
    chart.grab()
    assert len(chart.drawn_labels) == 20  # wide enough: every meeting has its date
