"""The consensus view on the demo roundtable: table model, in-place refresh, meeting filter, charts."""

import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible, QFontMetrics, QImage

from qroundtable.consensus import stances_in_words

from qroundtable.stances import Status
from qroundtable.ui.models.consensus_table import MISSING, OBJECTING, STATUS, TITLE, RawRole
from qroundtable.ui.views.consensus import ConsensusView

# Renders for a person to look at: kept where QRT_SHOTS points, else in a throwaway folder.
SHOTS = Path(os.environ.get("QRT_SHOTS") or tempfile.mkdtemp(prefix="qrt-shots-"))


@pytest.fixture
def view(qtbot, session):
    v = ConsensusView(session)
    qtbot.addWidget(v)
    return v


def meeting_id(session, title_start: str) -> str:
    return next(m.id for m in session.rt.meetings.list() if m.title.startswith(title_start))


def status_of(view, number: int) -> Status:
    return Status(view.model.index(view.model.row_of(number), STATUS).data(RawRole))


def test_table_model_passes_the_model_tester(qtmodeltester, view):
    assert view.model.rowCount() == 7
    qtmodeltester.check(view.model)


def test_rows_show_status_counts_missing_and_objecting(view):
    model = view.model
    row = model.row_of(4)
    assert model.index(row, TITLE).data() == "Research security and a fair marketplace"
    assert model.index(row, STATUS).data() == "✖ Contested"
    assert model.index(row, OBJECTING).data() == "CH"
    assert model.index(row, MISSING).data() == "KR"
    silence = model.consensus_at(model.row_of(3))
    assert silence.by_silence and model.index(model.row_of(3), STATUS).data() == "✔ Agreed by silence"
    # The table says the same as the façade, row for row.
    assert [(r.principle, r.status) for r in model.consensus_rows()] == \
        [(r.principle, r.status) for r in view.session.rt.consensus()]


def test_header_says_the_rule_and_whom_it_counts(view):
    assert view.rule_label.text().startswith("Rule: consensus")
    assert "Counting all 12 delegations" in view.counting_label.text()


def test_a_stance_change_refreshes_one_row_in_place_and_undo_restores_it(qtbot, view, session, settle):
    resets, changed_rows = [], []
    view.model.modelReset.connect(lambda: resets.append(True))
    view.model.dataChanged.connect(lambda tl, br, roles=(): changed_rows.extend(range(tl.row(), br.row() + 1)))
    assert status_of(view, 4) is Status.CONTESTED

    with qtbot.waitSignal(view.model.dataChanged, raising=True):
        session.apply(lambda rt: rt.positions.set("CH", 4, "support"))
        settle(session)
    assert status_of(view, 4) is Status.NEAR
    assert view.model.index(view.model.row_of(4), OBJECTING).data() == "—"
    assert changed_rows == [view.model.row_of(4)]
    assert resets == []

    session.undo()
    settle(session)
    assert status_of(view, 4) is Status.CONTESTED
    assert session.rt.consensus(principles=[4])[0].status is Status.CONTESTED
    assert resets == []
    assert session.errors == []


def test_renaming_a_principle_updates_its_row_in_place(view, session, settle):
    resets = []
    view.model.modelReset.connect(lambda: resets.append(True))
    session.apply(lambda rt: rt.principles.retitle(6, "Quantum readiness"))
    settle(session)
    assert view.model.index(view.model.row_of(6), TITLE).data() == "Quantum readiness"
    assert resets == []


def test_the_meeting_filter_changes_the_counts(view, session):
    october = meeting_id(session, "October 2023")
    view.choose_meeting(october)
    assert session.meeting_id == october
    # Switzerland, the one objection on principle 4, did not attend in October 2023.
    assert status_of(view, 4) is Status.NEAR
    row = view.model.consensus_at(view.model.row_of(4))
    assert row.objecting == () and sum(row.counts.values()) == 11
    assert "not counted: CH" in view.counting_label.text()
    assert view.meeting_combo.currentData() == october

    session.set_meeting(None)  # from elsewhere (the meetings view): the combo follows
    assert view.meeting_combo.currentData() is None
    assert status_of(view, 4) is Status.CONTESTED


def test_stance_edits_while_a_meeting_is_in_view_count_its_attendees(view, session, settle):
    session.set_meeting(meeting_id(session, "October 2023"))
    session.apply(lambda rt: rt.positions.set("KR", 4, "support"))
    settle(session)
    assert view.model.consensus_at(view.model.row_of(4)).missing == ()
    # Everyone who attended now has a current stance; reservation and amendments still hold it at near.
    assert status_of(view, 4) is Status.NEAR


def test_adding_a_principle_adds_a_row_and_undo_takes_it_away(view, session, settle):
    session.apply(lambda rt: rt.principles.add("Open science", "Share [data|results] openly."))
    settle(session)
    assert view.model.rowCount() == 8
    assert status_of(view, 8) is Status.NOT_DISCUSSED
    session.undo()
    settle(session)
    assert view.model.rowCount() == 7


def test_the_stance_chart_reads_the_model(view, session, settle):
    chart = view.stance_chart
    assert [r.principle for r in chart.model.consensus_rows()] == list(range(1, 8))
    assert [text for text, _ in chart.legend_items()][-1] == "No position (None)"
    session.apply(lambda rt: rt.positions.set("CH", 4, "support"))
    settle(session)
    four = next(r for r in chart.model.consensus_rows() if r.principle == 4)
    assert four.counts["object"] == 0 and four.counts["support"] == 9


def test_the_charts_say_their_data_to_a_screen_reader_and_follow_an_edit(view, session, settle):
    def said(widget) -> tuple[str, str]:
        iface = QAccessible.queryAccessibleInterface(widget)
        return iface.text(QAccessible.Text.Name), iface.text(QAccessible.Text.Description)

    name, description = said(view.stance_chart)
    assert name == "Chart: stances per principle"
    assert "Principle 1: 12 support;" in description
    assert "Principle 4: 8 support, 1 support with amendments, 1 reservation (ad ref.), 1 object, 1 no position;" \
        in description
    session.apply(lambda rt: rt.positions.set("CH", 4, "support"))
    settle(session)
    assert "Principle 4: 9 support, 1 support with amendments, 1 reservation (ad ref.), 1 no position;" \
        in said(view.stance_chart)[1]
    # The readout's picture says the same words: they have one home.
    assert said(view.stance_chart)[1] == stances_in_words(session.rt.consensus())

    view.refresh_history()
    name, description = said(view.meeting_chart)
    assert name == "Chart: principles agreed per meeting"
    tallies = view.meeting_chart.tallies
    assert f"{tallies[-1].title} (2023-10-24): {tallies[-1].agreed} of 7 principles agreed" in description


def test_a_bar_segment_says_its_stance_without_colour(view):
    chart = view.stance_chart
    metrics = QFontMetrics(chart.font())
    amend = next(seg for _, seg in chart.legend_items() if seg.short == "S+A")
    assert chart.segment_text(metrics, amend, 3, 200) == "S+A 3"
    assert chart.segment_text(metrics, amend, 3, metrics.horizontalAdvance("3") + 10) == "3"  # no room for the code
    assert chart.segment_text(metrics, amend, 3, 4) is None


def test_the_legend_swatches_differ_in_greyscale(qtbot, view):
    """Support with amendments, reservation and abstain were alike in grey: each now has a hatching of its own."""
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    chart = view.stance_chart
    image = chart.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    image.save(str(SHOTS / "stance-chart-grey.png"))
    ratio = chart.devicePixelRatioF()
    shapes = {}
    for text, rect in chart.legend_swatches():
        inner = rect.adjusted(2, 2, -2, -2)  # inside the outline
        grey = [image.pixelColor(int((inner.left() + dx) * ratio), int((inner.top() + dy) * ratio)).value()
                for dx in range(int(inner.width())) for dy in range(int(inner.height()))]
        mean = sum(grey) / len(grey)
        # The swatch's shape, whatever its shade: which pixels are darker than its average. Shades of grey
        # close to each other are what made the stances alike; a plain fill has no shape at all.
        shapes[text] = tuple(v < mean - 4 for v in grey)
    assert len(shapes) == 6
    assert len(set(shapes.values())) == 6, "two stances look alike in greyscale"


def test_agreed_principles_per_meeting(view, session, settle):
    view.refresh_history()
    tallies = view.meeting_chart.tallies
    assert [t.date for t in tallies] == ["2022-11-15", "2023-10-24"]
    for t in tallies:
        expected = sum(r.status is Status.AGREED for r in session.rt.consensus(t.meeting_id))
        assert t.agreed == expected and t.total == 7
    # Principle 2 becomes agreed once the reservation and the amendment request are lifted.
    session.apply(lambda rt: rt.positions.set("FR", 2, "support"))
    settle(session)
    session.apply(lambda rt: rt.positions.set("KR", 2, "support"))
    settle(session)
    view.refresh_history()
    assert [t.agreed for t in view.meeting_chart.tallies] == [t.agreed + 1 for t in tallies]
    # Attendance changes recount that meeting from scratch.
    october = tallies[-1].meeting_id
    session.apply(lambda rt: rt.meetings.set_delegations(october, "attendee", ["US", "DK"]))
    settle(session)
    view.refresh_history()
    expected = sum(r.status is Status.AGREED for r in session.rt.consensus(october))
    assert view.meeting_chart.tallies[-1].agreed == expected
    view.choose_meeting(october)
    assert view.meeting_chart.current == october


def test_the_meeting_chart_says_counting_until_its_tallies_arrive_never_no_meetings(qtbot, view):
    """The tallies come just after the first paint: until then the chart must not claim there are no meetings."""
    assert view.meeting_chart.tallies == [] and not view.meeting_chart.counted
    view.show()
    qtbot.waitUntil(lambda: view.meeting_chart.counted)
    assert [t.date for t in view.meeting_chart.tallies] == ["2022-11-15", "2023-10-24"]


def test_tallies_follow_edits_by_themselves_while_the_view_is_shown(qtbot, view, session, settle):
    view.show()
    qtbot.waitUntil(lambda: len(view.meeting_chart.tallies) == 2)
    before = view.meeting_chart.tallies[-1].agreed
    session.apply(lambda rt: rt.positions.set("FR", 2, "support"))
    settle(session)
    session.apply(lambda rt: rt.positions.set("KR", 2, "support"))
    settle(session)
    qtbot.waitUntil(lambda: view.meeting_chart.tallies[-1].agreed == before + 1)


def test_positions_setup_matches_the_demo(session):
    """The tests above lean on these demo stances; fail loudly here if the demo changes."""
    rt = session.rt
    assert rt.positions.get("CH", 4).stance == "object"
    assert {p.stance for p in rt.positions.list(principle=2)} >= {"reservation", "support_with_amendments"}


def test_a_view_without_a_roundtable_stays_empty_until_one_opens(qtbot, demo_path):
    from qroundtable.ui.session import Session

    s = Session()
    v = ConsensusView(s)
    qtbot.addWidget(v)
    v.reload()
    assert v.model.rowCount() == 0
    assert v.rule_label.text() == "No roundtable open."
    assert s.open(demo_path).wait()
    try:
        assert v.model.rowCount() == 7 and v.meeting_combo.count() == 3
    finally:
        s.close()


def test_the_progress_chart_shows_the_history_and_follows_an_edit(qtbot, view, session, settle):
    from qroundtable.progress import progress_in_words
    from qroundtable.ui.widgets.progress_chart import AGREED, BRACKETS

    chart = view.progress_chart
    assert not chart.counted  # "Counting…" until the figures arrive, never a false "nothing yet"
    view.show()
    view.refresh_history()
    assert not chart.counted  # the history is read for the tab in view only (a second on the largest files)
    view.history_tabs.setCurrentWidget(chart)
    assert chart.counted
    assert [m["label"] for m in chart.milestones] == ["Inaugural roundtable: Pursuing Quantum Information Together",
                                                      "October 2023 roundtable", "Now"]
    iface = QAccessible.queryAccessibleInterface(chart)
    assert iface.text(QAccessible.Text.Name) == "Chart: negotiation progress"
    assert iface.text(QAccessible.Text.Description) == progress_in_words(
        session.rt.progress().milestones.to_dict("records"))
    before = chart.milestones[-1]["brackets"]
    assert before > 0
    bracketed = next(p for p in session.rt.principles.list() if p.current.brackets)
    session.apply(lambda rt: rt.principles.edit(bracketed.number, bracketed.current.text.replace("[", "").replace(
        "]", "")))
    settle(session)
    view.refresh_history()
    assert chart.milestones[-1]["brackets"] == before - bracketed.current.brackets
    assert chart.milestones[1]["brackets"] == before  # October 2023 keeps the brackets it had then
    # A revision issued while the tab is in view is a new milestone at once (it touches no principle's row).
    session.apply(lambda rt: rt.revisions.issue())
    settle(session)
    assert chart.milestones[-2]["label"] == "Rev.1" and chart.milestones[-1]["label"] == "Now"
    # Both lines are painted, each in its own ink.
    chart.resize(520, 320)
    image = chart.grab().toImage()
    image.save(str(SHOTS / "progress-chart.png"))
    inks = {image.pixelColor(x, y).name().upper() for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)}
    assert BRACKETS.name().upper() in inks and AGREED.name().upper() in inks
