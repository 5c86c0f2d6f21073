"""The speakers list of the floor in view, and its clock: the chair's side of the Floor view.

By keyboard: type a delegation's code (or the start of its name) and Enter puts it on the
list; Ctrl+Enter gives the floor to the next speaker; Alt+Up / Alt+Down move the selected
speaker; Delete takes them off the list. A point of order goes to the top. The clock says
the time left, turns amber 30 seconds before the end and red, counting up, once over.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCompleter, QFileDialog, QFrame, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSplitter, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from ...model import SpeakerKind, SpeakerState
from ...permissions import may_decide, refusal
from ...speaking import TimerState, clock_in_words
from ..style import ACCENT_INK, ERROR_INK, MUTED, WARNING_INK, set_ink
from ..zoom import size_font
from .labels import buddy_label

STATE_WORDS = {SpeakerState.SPOKE: "spoke", SpeakerState.YIELDED: "yielded"}


class WaitingList(QListWidget):
    """The speakers waiting, in order: dragged, or moved with Alt+Up / Alt+Down, to another place."""

    moved = Signal(str, int)  # speaker id, its new place (1 = next)
    removed = Signal(str)  # speaker id: taken off the list

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAccessibleName("Waiting to speak")
        self.model().rowsMoved.connect(self._dropped)

    def speaker_id(self, row: int) -> str | None:
        item = self.item(row)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _dropped(self, _parent, start: int, _end: int, _dest, row: int) -> None:
        place = row if row < start else row - 1  # where the moved row sits now (0-based)
        speaker = self.speaker_id(place)
        if speaker is not None:
            self.moved.emit(speaker, place + 1)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        row = self.currentRow()
        speaker = self.speaker_id(row)
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if speaker is not None and alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            target = row + (-1 if event.key() == Qt.Key.Key_Up else 1)
            if 0 <= target < self.count():
                self.moved.emit(speaker, target + 1)
            return
        if speaker is not None and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.removed.emit(speaker)
            return
        super().keyPressEvent(event)


class SpeakersPanel(QWidget):
    """The clock and the list: who has the floor, for how long still, who is next, who has spoken."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.floor = session.floor
        self._place_wanted: int | None = None  # the waiting row to select once the list is read again

        # -- the clock --
        self.now_label = QLabel("Has the floor")
        set_ink(self.now_label, MUTED)
        self.speaker_name = QLabel()
        self.speaker_name.setWordWrap(True)
        size_font(self.speaker_name, scale=1.8, bold=True)
        self.clock = QLabel()
        self.clock.setAccessibleName("Time left")
        size_font(self.clock, scale=4.0, bold=True)
        self.clock_note = QLabel()
        self.clock_note.setWordWrap(True)
        self.next_button = QPushButton("Next speaker ▶  (Ctrl+Enter)")
        self.next_button.clicked.connect(self.next_speaker)
        self.yield_button = QPushButton("&Yielded the floor")
        self.yield_button.setToolTip("The speaker gives up the rest of their time; their time so far is kept")
        self.yield_button.clicked.connect(self.yielded)
        buttons = QHBoxLayout()
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.yield_button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        set_ink(self.message, WARNING_INK)
        clock_box = QFrame()
        clock_box.setObjectName("floorClock")
        clock_box.setStyleSheet("QFrame#floorClock { background: palette(alternate-base);"
                                f" border: 1px solid palette(mid); border-left: 6px solid {ACCENT_INK};"
                                " border-radius: 8px; }")
        clock_layout = QVBoxLayout(clock_box)
        clock_layout.setContentsMargins(16, 12, 16, 12)
        for widget in (self.now_label, self.speaker_name, self.clock, self.clock_note):
            clock_layout.addWidget(widget)
        clock_layout.addLayout(buttons)
        clock_layout.addWidget(self.message)
        clock_layout.addStretch(1)

        # -- asking for the floor --
        self.add_edit = QLineEdit()
        self.add_edit.setPlaceholderText("Code or name, then Enter")
        self.add_edit.setAccessibleName("Delegation asking for the floor")
        self.add_edit.returnPressed.connect(lambda: self.add(point_of_order=False))
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(lambda: self.add(point_of_order=False))
        self.order_button = QPushButton("Point of &order")
        self.order_button.setToolTip("Put the delegation at the top of the list: a point of order comes first")
        self.order_button.clicked.connect(lambda: self.add(point_of_order=True))
        add_row = QHBoxLayout()
        add_row.addWidget(buddy_label("&Asks for the floor", self.add_edit))
        add_row.addWidget(self.add_edit, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.order_button)
        self.waiting_heading = QLabel()
        self.waiting = WaitingList()
        self.waiting.moved.connect(self.move)
        self.waiting.removed.connect(self.withdraw)
        self.waiting.setToolTip("Drag, or Alt+Up / Alt+Down, to change the order; Delete takes a speaker off")
        self.heard = QTreeWidget()
        self.heard.setAccessibleName("Heard on this item")
        self.heard.setRootIsDecorated(False)
        self.heard.setHeaderLabels(["Delegation", "Spoke for", "Ended"])
        self.totals = QTreeWidget()
        self.totals.setAccessibleName("Speaking time per delegation at this meeting")
        self.totals.setRootIsDecorated(False)
        self.totals.setHeaderLabels(["Delegation", "Turns", "Time"])
        self.waiting.setAlternatingRowColors(True)
        size_font(self.waiting, scale=1.25)  # the queue, read at a glance from the chair
        for tree in (self.heard, self.totals):
            tree.setAlternatingRowColors(True)
            tree.setUniformRowHeights(True)
            header = tree.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for column in (1, 2):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.export_button = QPushButton("Speaking time as &CSV…")
        self.export_button.clicked.connect(self.export_time)
        totals_row = QHBoxLayout()
        totals_row.addWidget(QLabel("<b>Speaking time at this meeting</b>"))
        totals_row.addStretch(1)
        totals_row.addWidget(self.export_button)

        list_side = QWidget()
        list_layout = QVBoxLayout(list_side)
        list_layout.setContentsMargins(8, 0, 0, 0)
        list_layout.addLayout(add_row)
        list_layout.addWidget(self.waiting_heading)
        list_layout.addWidget(self.waiting, 2)
        list_layout.addWidget(QLabel("<b>Heard</b>"))
        list_layout.addWidget(self.heard, 1)
        list_layout.addLayout(totals_row)
        list_layout.addWidget(self.totals, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(clock_box)
        splitter.addWidget(list_side)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.next_speaker)
        self.setTabOrder(self.add_edit, self.add_button)
        self.setTabOrder(self.add_button, self.order_button)
        self.setTabOrder(self.order_button, self.waiting)

        self.floor.changed.connect(self.show_list)
        self.floor.ticked.connect(self.show_clock)
        self.show_list()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Ctrl+Enter from any control of the panel that lets it through (the shortcut above needs the window
        # to be the active one; a key sent to the panel itself must work as well).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.next_speaker()
            return
        super().keyPressEvent(event)

    # -- showing ------------------------------------------------------------------------

    def show_list(self) -> None:
        rt = self.session.rt
        floor = self.floor
        delegations = rt.delegations.list() if rt is not None else []
        words = [d.code for d in delegations] + [d.name for d in delegations]
        completer = QCompleter(words, self.add_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.add_edit.setCompleter(completer)

        current = floor.current()
        self.speaker_name.setText(escape(current.name) if current else "Nobody")
        waiting = floor.waiting()
        self.waiting.clear()
        for n, s in enumerate(waiting, start=1):
            order = "  — point of order" if s.kind == SpeakerKind.POINT_OF_ORDER else ""
            item = QListWidgetItem(f"{n}.  {s.name} ({s.delegation}){order}", self.waiting)
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 10))
        if self._place_wanted is not None and self.waiting.count():
            self.waiting.setCurrentRow(min(self._place_wanted, self.waiting.count()) - 1)
            self._place_wanted = None
        self.waiting_heading.setText(f"<b>Waiting to speak</b> ({len(waiting)})" if waiting
                                     else "<b>Waiting to speak</b> — nobody yet")
        self.heard.clear()
        for s in floor.heard():
            QTreeWidgetItem(self.heard, [f"{s.name} ({s.delegation})", clock_in_words(s.spoken_ms or 0),
                                         STATE_WORDS.get(s.state, "")])
        self.totals.clear()
        if rt is not None and floor.meeting is not None:
            for t in rt.speakers.speaking_time(floor.meeting.id):
                QTreeWidgetItem(self.totals, [f"{t.name} ({t.delegation})", str(t.turns),
                                              clock_in_words(t.spoken_ms)])
        self._enable()

    def show_clock(self, state: TimerState | None) -> None:
        if state is None:  # nobody speaks: the time the next speaker will have, muted
            limit = self.floor.limit
            self.clock.setText(clock_in_words(limit * 1000) if limit else "—")
            waiting = self.floor.waiting()
            self.clock_note.setText((f"Next: {waiting[0].name}. " if waiting else "")
                                    + ("Ctrl+Enter gives them the floor." if waiting else "Nobody is waiting."))
            set_ink(self.clock, MUTED)
            set_ink(self.clock_note, MUTED)
            return
        if state.remaining_ms is None:
            self.clock.setText(clock_in_words(state.elapsed_ms))
            self.clock_note.setText("speaking for — no time limit set for this meeting")
            set_ink(self.clock, None)
            set_ink(self.clock_note, MUTED)
        elif state.overrun:
            self.clock.setText("+" + clock_in_words(-state.remaining_ms))
            self.clock_note.setText(f"Over time: the limit is {clock_in_words(state.limit_ms)}")
            set_ink(self.clock, ERROR_INK)
            set_ink(self.clock_note, ERROR_INK)
        else:
            self.clock.setText(clock_in_words(state.remaining_ms, counting_down=True))
            warning = "30 seconds or less left · " if state.warning else ""
            self.clock_note.setText(f"{warning}left of {clock_in_words(state.limit_ms)}")
            set_ink(self.clock, WARNING_INK if state.warning else None)
            set_ink(self.clock_note, WARNING_INK if state.warning else MUTED)
        self.clock.setAccessibleDescription(self.clock_note.text())

    def _enable(self) -> None:
        rt = self.session.rt
        allowed = rt is not None and may_decide(rt.info) and self.floor.meeting is not None
        why = "" if allowed else (refusal(rt.info) if rt is not None and not may_decide(rt.info)
                                  else "choose a meeting above first")
        for widget in (self.add_edit, self.add_button, self.order_button, self.waiting):
            widget.setEnabled(allowed)
        self.next_button.setEnabled(allowed and bool(self.floor.waiting() or self.floor.current()))
        self.yield_button.setEnabled(allowed and self.floor.current() is not None)
        self.export_button.setEnabled(rt is not None and self.floor.meeting is not None)
        self.message.setText(why[:1].upper() + why[1:] + "." if why else "")

    # -- the chair's moves ----------------------------------------------------------------

    def _apply(self, label: str, edit):
        self.message.setText("")
        meeting, item = self.floor.meeting, self.floor.principle
        if meeting is None:
            return None
        return self.session.apply(lambda rt: edit(rt, meeting.id, item), label)

    def add(self, *, point_of_order: bool) -> None:
        typed = self.add_edit.text().strip()
        if not typed:
            return
        code = self._code_for(typed)
        if code is None:
            self.message.setText(f"No delegation with the code or name “{typed}”.")
            return
        pending = self._apply("Add speaker", lambda rt, m, p: rt.speakers.add(m, code, p,
                                                                             point_of_order=point_of_order))
        if pending is not None:  # cleared once on the list (a refusal leaves what was typed), unless retyped
            pending.then(lambda _changes: self.add_edit.clear() if self.add_edit.text().strip() == typed else None)

    def _code_for(self, typed: str) -> str | None:
        delegations = self.session.rt.delegations.list()
        low = typed.casefold()
        for d in delegations:
            if low in (d.code.casefold(), d.name.casefold()):
                return d.code
        starts = [d for d in delegations if d.name.casefold().startswith(low)]
        return starts[0].code if len(starts) == 1 else None

    def next_speaker(self) -> None:
        if self.next_button.isEnabled():
            at = self.floor.clock()
            self._apply("Next speaker", lambda rt, m, p: rt.speakers.next(m, p, at=at))

    def yielded(self) -> None:
        if self.yield_button.isEnabled():
            at = self.floor.clock()
            self._apply("Speaker yielded", lambda rt, m, p: rt.speakers.yield_floor(m, p, at=at))

    def move(self, speaker_id: str, place: int) -> None:
        self._place_wanted = place
        self.session.apply(lambda rt: rt.speakers.move(speaker_id, place), "Move speaker")

    def withdraw(self, speaker_id: str) -> None:
        self._place_wanted = max(self.waiting.currentRow(), 0) + 1
        self.session.apply(lambda rt: rt.speakers.withdraw(speaker_id), "Take speaker off the list")

    def export_time(self) -> None:
        meeting = self.floor.meeting
        if meeting is None:
            return
        start = self.session.path.parent if self.session.path else Path.home()
        path, _ = QFileDialog.getSaveFileName(self, "Speaking time", str(start / f"speaking-time-{meeting.date}.csv"),
                                              "CSV files (*.csv)")
        if path:
            self.session.run("Export speaking time", lambda rt, progress: rt.speakers.export_speaking_time(
                path, meeting.id, overwrite=True), writes=False)
