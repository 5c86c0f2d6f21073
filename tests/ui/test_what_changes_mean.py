"""What an OpChanges means for the views is decided once (model.py), and one stance keyed
in the matrix computes consensus once however many views show it."""

from PySide6.QtCore import QItemSelectionModel, Qt

from qroundtable.roundtable import Roundtable
from qroundtable.ui.main_window import MainWindow


def test_a_meeting_renamed_moves_no_consensus_but_its_attendance_does(tmp_path, demo_path):
    rt = Roundtable.open(demo_path)
    try:
        meeting = rt.meetings.list()[-1]
        renamed = rt.meetings.update(meeting.id, title="Copenhagen, renamed")
        assert renamed.touches_meetings and not renamed.moves_all_consensus and not renamed.reshapes_roundtable
        attendance = rt.meetings.set_delegations(meeting.id, "attendee", ["JP", "DE"])
        assert attendance.touches_meetings and attendance.moves_all_consensus
        stance = rt.positions.set("JP", 2, "object")
        assert not (stance.touches_meetings or stance.moves_all_consensus or stance.touches_principle_text
                    or stance.touches_actions or stance.reshapes_roundtable)
        assert stance.principle_ids() == {rt.principles.get(2).id}
        added = rt.delegations.add("NZ", "New Zealand")
        assert added.reshapes_roundtable and added.moves_all_consensus and added.touches_delegations
        removed = rt.meetings.remove(meeting.id)
        assert removed.touches_meetings and removed.moves_all_consensus
    finally:
        rt.close()


def test_one_key_in_the_matrix_computes_consensus_once(qtbot, settings, demo_path, settle, monkeypatch):
    window = MainWindow(settings)
    window.session.errors = []
    window.session.report_error = window.session.errors.append
    qtbot.addWidget(window)
    assert window.open_path(demo_path).wait()
    window.show()
    # Every view that shows consensus has been seen once, so each follows the next edit.
    for key in ("principles", "consensus", "tour", "positions"):
        window.show_view(key)
    tour = window.views["tour"]
    tour.principle_combo.setCurrentIndex(tour.principle_combo.findData(4))
    tour._principle_chosen(tour.principle_combo.currentIndex())
    matrix = window.views["positions"]
    rt = window.session.rt

    calls = []
    real = Roundtable.consensus

    def counted(self, *args, **kwargs):
        meeting = args[0] if args else kwargs.get("meeting")
        if meeting == window.session.meeting_id:  # the per-meeting chart counts other meetings, after a pause
            calls.append(kwargs.get("principles"))
        return real(self, *args, **kwargs)

    window.views["consensus"].refresh_history()  # the chart drawn on first showing is not this key's work
    monkeypatch.setattr(Roundtable, "consensus", counted)
    ch = rt.delegations.get("CH")
    index = matrix.model.cell_index(ch.id, rt.principles.get(4).id)
    matrix.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(matrix.table, Qt.Key.Key_1)  # CH: support on principle 4
    settle(window.session)
    assert rt.positions.get("CH", 4).stance.value == "support"
    assert len(calls) == 1, calls
    # ... and every view shows the new status, not the one computed before the key.
    consensus = window.views["consensus"]
    assert consensus.model.consensus_at(consensus.model.row_of(4)).status.value == "near"
    principles = window.views["principles"]
    row = next(i for i in range(principles.model.rowCount()) if principles.model.principle_at(i).number == 4)
    assert principles.model._rows[row].consensus.status.value == "near"
    assert "near" in tour.status_text().lower(), tour.status_text()
    assert window.session.errors == []
