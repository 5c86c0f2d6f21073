"""The Floor view: running the meeting — the speakers list with its clock, and roll-call votes.

Above both: which meeting, which agenda item (the general debate or a principle) and the
time each speaker has at that meeting. The Tour and the audience window show the same
list's speaker, time left and the next three (`ui/floor.py`). Only the secretariat's copy
(the chair's table) writes these; a delegation's copy shows them as released.
"""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QTabWidget, QTimeEdit, QVBoxLayout, QWidget

from ...model import OpChanges
from ...permissions import may_decide
from ..widgets.labels import buddy_label
from ..widgets.roll_call import RollCallPanel
from ..widgets.speakers_panel import SpeakersPanel
from .base import View

NO_LIMIT = QTime(0, 0)  # the time editor's lowest value, shown as "No limit"


class FloorView(View):
    title = "Floor"

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.floor = session.floor
        self.setAccessibleName("Floor: speakers list and votes")  # a screen reader says where focus went
        self.meeting_combo = QComboBox()
        self.meeting_combo.activated.connect(self._chosen)
        self.item_combo = QComboBox()
        self.item_combo.activated.connect(self._chosen)
        for combo in (self.meeting_combo, self.item_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.limit = QTimeEdit()
        self.limit.setDisplayFormat("m:ss")
        self.limit.setMinimumTime(NO_LIMIT)
        self.limit.setMaximumTime(QTime(0, 59, 59))
        self.limit.setSpecialValueText("No limit")
        self.limit.setAccessibleName("Speaking time per speaker at this meeting")
        self.limit.setToolTip("Minutes and seconds each speaker has at this meeting; the clock warns 30 seconds "
                              "before the end")
        self.limit.editingFinished.connect(self._limit_set)
        top = QHBoxLayout()
        top.addWidget(buddy_label("&Meeting", self.meeting_combo, bold=True))
        top.addWidget(self.meeting_combo, 2)
        top.addWidget(buddy_label("A&genda item", self.item_combo, bold=True))
        top.addWidget(self.item_combo, 2)
        top.addWidget(buddy_label("Speaking t&ime", self.limit))
        top.addWidget(self.limit)

        self.speakers = SpeakersPanel(session)
        self.roll_call = RollCallPanel(session)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Speakers and votes")
        self.tabs.addTab(self.speakers, "Spea&kers")
        self.tabs.addTab(self.roll_call, "&Votes")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.setTabOrder(self.meeting_combo, self.item_combo)
        self.setTabOrder(self.item_combo, self.limit)
        self.setTabOrder(self.limit, self.tabs)
        self.floor.changed.connect(self._show_choice)
        if session.rt is not None:
            self.reload()

    def reload(self) -> None:
        rt = self.rt
        self.meeting_combo.clear()
        for m in sorted(rt.meetings.list(), key=lambda m: (m.date, m.id), reverse=True):
            self.meeting_combo.addItem(f"{m.date} — {m.title}", m.id)
        if not self.meeting_combo.count():
            self.meeting_combo.addItem("No meetings yet: add one in Meetings", None)
        self.item_combo.clear()
        self.item_combo.addItem("General debate", None)
        for p in rt.principles.list():
            self.item_combo.addItem(f"P{p.number} — {p.title}", p.number)
        self._show_choice()

    def on_changed(self, changes: OpChanges) -> None:
        if changes.touches_meetings or changes.touches_principle_text or changes.reshapes_roundtable:
            self.reload()

    def _show_choice(self) -> None:
        meeting = self.floor.meeting
        self.meeting_combo.setCurrentIndex(max(self.meeting_combo.findData(meeting.id if meeting else None), 0))
        self.item_combo.setCurrentIndex(max(self.item_combo.findData(self.floor.principle), 0))
        limit = self.floor.limit
        self.limit.blockSignals(True)
        self.limit.setTime(NO_LIMIT.addSecs(limit) if limit else NO_LIMIT)
        self.limit.blockSignals(False)
        rt = self.rt
        self.limit.setEnabled(rt is not None and may_decide(rt.info) and meeting is not None)
        self.item_combo.setEnabled(meeting is not None)

    def _chosen(self, _index: int = 0) -> None:
        self.floor.show(self.meeting_combo.currentData(), self.item_combo.currentData())

    def _limit_set(self) -> None:
        meeting = self.floor.meeting
        if meeting is None:
            return
        seconds = NO_LIMIT.secsTo(self.limit.time()) or None
        if seconds != meeting.speaking_limit:
            self.session.apply(lambda rt: rt.speakers.set_limit(meeting.id, seconds), "Speaking time")
