"""The tour de table: the chair goes round the delegations on one principle, recording each stance.

Keyboard only, for a chair at a projector: keys 1–5 record the current delegation's
stance and move on, Enter skips ahead, Backspace goes back. The comment line takes
typing without triggering any of that; Enter there records the comment and moves on.
The tally and consensus status update as each stance is recorded. PageDown/PageUp
go to the next/previous principle, + and − change the text size, and everything in
the Tour (the round, the tally, the speaker) grows with the text, for the back of a room.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QSizePolicy, QSplitter, QTextBrowser, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from ...errors import RoundtableError
from ...model import Delegation, OpChanges, Position, Principle
from ...permissions import may_edit
from ...stances import STANCE_ORDER, Stance
from ..counting_basis import counting_phrase
from ..models.position_matrix import stance_for_key
from ..style import (MUTED, STALE_COLOR, STALE_TEXT, STANCE_COLORS, STANCE_TEXT, WARNING_INK, readable_hex, set_ink,
                     stance_label, stance_short)
from ..widgets.bracket_highlighter import bracket_html
from ..widgets.floor_strip import FloorStrip
from ..widgets.flow_layout import FlowLayout
from ..widgets.labels import buddy_label
from ..widgets.stance_legend import chip_style
from ..widgets.stance_tally import StanceTally
from ..zoom import zoom
from ..panels import make_collapsible
from .base import View
from .tour_scale import scale_tour

MIN_FONT, MAX_FONT, DEFAULT_FONT = 12, 40, 22
ALTERNATE = QPalette.ColorRole.AlternateBase  # the speaker's box
CURRENT_ROW, CURRENT_ROW_INK = QColor("#DCE6F2"), QColor("#1F2A37")
# Combo data for "everyone": never None, which PySide 6.12 hands back without its reference.
ALL = ""


class CommentLine(QLineEdit):
    """The comment for the current delegation; its keys never reach the tour's shortcuts."""

    submitted = Signal()
    left = Signal()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            return  # accepted here: the tour must not also take it as "next"
        if event.key() == Qt.Key.Key_Escape:
            self.left.emit()
            return
        super().keyPressEvent(event)
        event.accept()


class TourView(View):
    title = "Tour de table"
    presented = Signal()  # the principle, the tally or the speaker on screen changed (the audience window follows)
    text_size_changed = Signal(int)  # kept in the settings by the window: the room is the same tomorrow

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the tour takes its keys (stances, next) itself
        self.setAccessibleName(self.title)  # and a screen reader says where focus went
        self.principles: list[Principle] = []
        self.expected: list[Delegation] = []
        self.positions: dict[str, Position] = {}
        self.current = 0  # index into `expected`; len(expected) once everyone has been heard
        self.font_size = DEFAULT_FONT
        self._meetings = []

        # -- top bar: what is being toured --
        self.principle_combo = QComboBox()
        self.principle_combo.activated.connect(self._principle_chosen)
        self.meeting_combo = QComboBox()
        self.meeting_combo.activated.connect(self._meeting_chosen)
        self.meeting_combo.setToolTip("Whose stances count — in every view, not only here: the attendees of "
                                      "a meeting, or all delegations")
        for combo in (self.principle_combo, self.meeting_combo):
            combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable by Tab and by its Alt+letter
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)  # the full title shows when the window is wide
        self.smaller = QPushButton("A−")
        self.larger = QPushButton("A+")
        self.size_label = QLabel()
        for button, step, tip in ((self.smaller, -2, "Smaller text (−)"), (self.larger, 2, "Larger text (+)")):
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAccessibleName(tip.split(" (")[0])
            button.setFixedWidth(40)
            button.setToolTip(tip)
            button.clicked.connect(lambda checked=False, s=step: self.set_font_size(self.font_size + s))
        # The principle on a row of its own (its title is long), whose stances count and the text size
        # below it: one row of all of them would not fit a 1024-pixel screen.
        top = QVBoxLayout()
        principle_row = QHBoxLayout()
        principle_row.addWidget(buddy_label("&Principle", self.principle_combo, bold=True))
        principle_row.addWidget(self.principle_combo, 1)
        top.addLayout(principle_row)
        meeting_row = QHBoxLayout()
        meeting_row.addWidget(buddy_label("Coun&t", self.meeting_combo, bold=True))
        meeting_row.addWidget(self.meeting_combo, 1)
        meeting_row.addSpacing(12)
        meeting_row.addWidget(buddy_label("Text si&ze", self.smaller))
        meeting_row.addWidget(self.smaller)
        meeting_row.addWidget(self.size_label)
        meeting_row.addWidget(self.larger)
        top.addLayout(meeting_row)

        # The counting basis is the session's, shared by every view: said here in so many words.
        self.counting = QLabel()
        self.counting.setWordWrap(True)
        set_ink(self.counting, MUTED)

        # -- the principle text --
        self.principle_heading = QLabel()
        self.principle_heading.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        # The theme's base and text, not white: a black high-contrast theme keeps its white text.
        self.text.setStyleSheet("QTextBrowser { background: palette(base); border: 1px solid palette(mid);"
                                " padding: 10px; }")

        # -- the delegation speaking --
        self.speaker = QLabel()
        self.speaker.setWordWrap(True)  # a long name at 40 pt wraps rather than widen the window past the screen
        self.speaker.setStyleSheet("font-weight: bold;")
        self.speaker_stance = QLabel()
        self.speaker_stance.setWordWrap(True)
        self.comment_edit = CommentLine()
        self.comment_edit.setAccessibleName("Comment on this delegation's stance")
        self.comment_edit.setPlaceholderText("Comment (optional) — Enter records it and moves on, Esc leaves")
        self.comment_edit.setStyleSheet("padding: 4px;")
        self.comment_edit.submitted.connect(self.record_comment)
        self.comment_edit.left.connect(self.setFocus)
        self.message = QLabel()
        self.message.setWordWrap(True)
        set_ink(self.message, WARNING_INK)
        # The stance keys flow onto more rows on a small screen (all on one row on a wide one).
        keys = FlowLayout(spacing=6, line_spacing=6)
        self.stance_buttons = {}
        for number, stance in enumerate(STANCE_ORDER, start=1):
            button = QPushButton(f"{number}  {stance_label(stance)}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setStyleSheet(f"QPushButton {{ {chip_style(STANCE_COLORS[stance], STANCE_TEXT[stance])}"
                                 " padding: 6px 10px; }"
                                 "QPushButton:disabled { background: #E4E7EB; color: #9AA5B1; }")
            button.clicked.connect(lambda checked=False, s=stance: self.record(s))
            self.stance_buttons[stance] = button
            keys.addWidget(button)
        # Back/Next on a row of their own; the keys above flow onto as many rows as the width needs
        # (five in one row made the Tour wider than a 1280-pixel screen at a large text size).
        steps = QHBoxLayout()
        steps.setSpacing(6)
        self.back_button = QPushButton("◀ Back  (Backspace)")
        self.next_button = QPushButton("Next ▶  (Enter)")
        for button in (self.back_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        steps.addWidget(self.back_button)
        steps.addWidget(self.next_button)
        steps.addStretch(1)

        speaker_box = QFrame()
        speaker_box.setObjectName("speaker")
        speaker_box.setStyleSheet("QFrame#speaker { background: palette(alternate-base);"
                                  " border: 1px solid palette(mid); border-radius: 8px; }")
        speaker_layout = QVBoxLayout(speaker_box)
        speaker_layout.setContentsMargins(16, 12, 16, 12)
        speaker_layout.addWidget(self.speaker)
        speaker_layout.addWidget(self.speaker_stance)
        speaker_layout.addWidget(self.comment_edit)
        speaker_layout.addLayout(keys)
        speaker_layout.addLayout(steps)
        speaker_layout.addWidget(self.message)

        left = QVBoxLayout()
        # Who has the floor on the speakers list in view (the Floor view), its time left and who is next.
        self.floor_strip = FloorStrip(session)
        left.addWidget(self.floor_strip)
        left.addWidget(self.principle_heading)
        left.addWidget(self.text, 1)
        left.addWidget(speaker_box)

        # -- the side: tally and the round --
        self.tally = StanceTally()
        self.tally.over.hide()  # whose stances count: the counting line above says it, for every view
        self.round = QTreeWidget()
        self.round.setAccessibleName("The round: delegations and their stances")
        self.round.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.round.setRootIsDecorated(False)
        self.round.setHeaderLabels(["", "Delegation", "Stance"])
        self.round.setUniformRowHeights(True)
        self.round.setStyleSheet("QTreeWidget::item { padding: 3px 0px; }")
        header = self.round.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, 26)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, 56)
        self.round.itemClicked.connect(lambda item, column: self.go_to(self.round.indexOfTopLevelItem(item)))
        side = QVBoxLayout()
        self.headings = [_heading("Consensus"), _heading("The round")]
        side.addWidget(self.headings[0])
        side.addWidget(self.tally)
        side.addSpacing(8)
        side.addWidget(self.headings[1])
        side.addWidget(self.round, 1)
        side.setContentsMargins(8, 0, 0, 0)
        side_widget = self.side = QWidget()
        side_widget.setLayout(side)
        left.setContentsMargins(0, 0, 8, 0)
        left_widget = QWidget()
        left_widget.setLayout(left)

        # The choosers span the whole width; below them a splitter, not fixed widths: on a small screen
        # the chair gives the text or the round more room.
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left_widget)
        self.splitter.addWidget(side_widget)
        make_collapsible(self.splitter, side_widget)  # the text and the voting keep their room
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([800, 330])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(top)
        layout.addWidget(self.counting)
        layout.addWidget(self.splitter, 1)

        # Next/previous principle from anywhere in the Tour, the comment line included.
        for key, direction in ((Qt.Key.Key_PageDown, 1), (Qt.Key.Key_PageUp, -1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=direction: self.step_principle(d))
        self.setTabOrder(self.principle_combo, self.meeting_combo)
        self.setTabOrder(self.meeting_combo, self.smaller)
        self.setTabOrder(self.smaller, self.larger)
        self.setTabOrder(self.larger, self.comment_edit)

        session.meeting_changed.connect(self._meeting_changed)
        zoom.changed.connect(self._zoomed)
        self.set_font_size(DEFAULT_FONT)
        if session.rt is not None:
            self.reload()

    # -- loading ----------------------------------------------------------------------------

    def side_panel(self) -> QWidget:
        return self.side

    def reload(self) -> None:
        number = self.principle_number()
        self.principles = self.rt.principles.list() if self.rt else []
        self.principle_combo.clear()
        for p in self.principles:
            self.principle_combo.addItem(f"P{p.number} — {p.title}", p.number)
        index = self.principle_combo.findData(number)
        self.principle_combo.setCurrentIndex(index if index >= 0 else 0)
        self._fill_meetings()
        self._load_round(keep_place=number is not None and index >= 0)

    def on_changed(self, changes: OpChanges) -> None:
        if changes.reshapes_roundtable:
            self.reload()
            return
        principle = self.principle()
        if changes.touches_meetings or changes.moves_all_consensus:
            self._fill_meetings()
            self._load_round(keep_place=True)
        elif principle is not None and (principle.id in changes.principle_ids() or "principles" in changes.tables):
            self._load_round(keep_place=True)

    def _fill_meetings(self) -> None:
        self._meetings = self.rt.meetings.list() if self.rt else []
        self.meeting_combo.clear()
        self.meeting_combo.addItem("All delegations", ALL)
        for m in reversed(self._meetings):  # the latest first
            self.meeting_combo.addItem(f"{m.title} ({m.date})", m.id)
        index = self.meeting_combo.findData(self.session.meeting_id or ALL)
        self.meeting_combo.setCurrentIndex(max(index, 0))

    def _load_round(self, *, keep_place: bool) -> None:
        """Read who is expected and where each stands on the chosen principle; redraw everything."""
        rt = self.rt
        principle = self.principle()
        if rt is None or principle is None:
            self.expected, self.positions = [], {}
            self._show_all(None)
            return
        principle = rt.principles.get(principle.number)  # the newest text and title
        self.principles = [principle if p.id == principle.id else p for p in self.principles]
        self.principle_combo.setItemText(self.principle_combo.currentIndex(),
                                         f"P{principle.number} — {principle.title}")
        everyone = rt.delegations.list()
        meeting = self._meeting()
        if meeting is not None and meeting.attending:
            by_code = {d.code: d for d in everyone}
            self.expected = [by_code[c] for c in meeting.attending if c in by_code]
        else:
            self.expected = everyone
        self.positions = {p.delegation: p for p in rt.positions.list(principle=principle.number)}
        if not keep_place:
            self.current = 0
        self.current = min(self.current, len(self.expected))
        self._show_all(principle)

    # -- choosing what to tour -----------------------------------------------------------------

    def principle_number(self) -> int | None:
        if self.principle_combo.currentIndex() < 0:
            return None
        return self.principle_combo.currentData()

    def principle(self) -> Principle | None:
        number = self.principle_number()
        return next((p for p in self.principles if p.number == number), None)

    def choose_principle(self, number: int) -> None:
        index = self.principle_combo.findData(number)
        if index >= 0:
            self.principle_combo.setCurrentIndex(index)
            self._principle_chosen(index)

    def step_principle(self, direction: int) -> None:
        """PageDown/PageUp: the next (+1) or previous (-1) principle, staying put at either end."""
        index = self.principle_combo.currentIndex() + direction
        if 0 <= index < self.principle_combo.count():
            self.principle_combo.setCurrentIndex(index)
            self._principle_chosen(index)

    def _principle_chosen(self, index: int) -> None:
        self.message.clear()
        self._load_round(keep_place=False)
        self.setFocus()

    def choose_meeting(self, meeting_id: str | None) -> None:
        self.session.set_meeting(meeting_id)

    def _meeting_chosen(self, index: int) -> None:
        self.session.set_meeting(self.meeting_combo.itemData(index) or None)
        self.setFocus()

    def _meeting_changed(self, meeting_id) -> None:
        index = self.meeting_combo.findData(meeting_id or ALL)
        self.meeting_combo.setCurrentIndex(max(index, 0))
        if self.rt is not None:
            self._load_round(keep_place=False)

    def _meeting(self):
        return next((m for m in self._meetings if m.id == self.session.meeting_id), None)

    # -- going round ---------------------------------------------------------------------------

    def current_delegation(self) -> Delegation | None:
        return self.expected[self.current] if 0 <= self.current < len(self.expected) else None

    def go_to(self, index: int) -> None:
        if self.expected:
            self.current = max(0, min(index, len(self.expected)))
            self.message.clear()
            self._show_speaker()
            self._show_round()

    def next(self) -> None:
        self.go_to(self.current + 1)

    def previous(self) -> None:
        self.go_to(self.current - 1)

    def record(self, stance: Stance) -> None:
        """Record the current delegation's stance (with the comment line) and move to the next."""
        delegation, principle = self.current_delegation(), self.principle()
        if delegation is None or principle is None:
            return
        info = self.rt.info
        if not may_edit(info, delegation.code):
            # Spare the chair a dialog per keystroke: this copy may only write its owner's stance.
            self.message.setText(f"{info.read_only}: nothing can be recorded. Enter moves on." if info.read_only else
                                 f"This copy belongs to {info.owner}: it can record only "
                                 f"{info.copy_owner}'s stance. Enter moves on.")
            return
        comment = self.comment_edit.text().strip()
        code, number, name = delegation.code, principle.number, delegation.name
        # The chair moves on at once: the stance is written in turn (after an import under way, say).
        self.session.apply(lambda rt: rt.positions.set(code, number, stance, comment), stance.label).failed(
            lambda message: message and self.message.setText(f"Not recorded for {name}: {message}"))
        self.next()
        self.setFocus()

    def record_comment(self) -> None:
        """Enter in the comment line: keep the comment with the stance already given, and move on."""
        delegation = self.current_delegation()
        if delegation is None:
            return
        position = self.positions.get(delegation.code)
        if position is None:
            self.message.setText(f"{delegation.name} has no stance yet: press 1–5 to record one with this comment.")
            self.setFocus()
            return
        self.record(position.stance)

    def keyPressEvent(self, event) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if not modifiers:
            stance = stance_for_key(event.text())
            if stance is not None:
                self.record(stance)
                return
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Right, Qt.Key.Key_Down):
                self.next()
                return
            if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Left, Qt.Key.Key_Up):
                self.previous()
                return
            if key == Qt.Key.Key_C:
                self.comment_edit.setFocus()
                return
        if not modifiers & ~Qt.KeyboardModifier.ShiftModifier:  # "+" needs Shift on many keyboards
            if event.text() in ("+", "="):
                self.set_font_size(self.font_size + 2)
                return
            if event.text() in ("-", "−"):
                self.set_font_size(self.font_size - 2)
                return
        super().keyPressEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.setFocus()

    # -- text size ---------------------------------------------------------------------------------

    def set_font_size(self, size: int) -> None:
        self.font_size = max(MIN_FONT, min(MAX_FONT, size))
        self.size_label.setText(f"{self.font_size} pt")
        self.smaller.setEnabled(self.font_size > MIN_FONT)
        self.larger.setEnabled(self.font_size < MAX_FONT)
        self._apply_text_size()
        self.text_size_changed.emit(self.font_size)

    def _zoomed(self, factor: float) -> None:
        self._apply_text_size()  # the fonts followed the zoom; the widths and row heights measured from them too

    def text_scale(self) -> float:
        """How much larger than at the default size everything in the Tour is drawn."""
        return self.font_size / DEFAULT_FONT

    def _apply_text_size(self) -> None:
        scale_tour(self)
        self._show_round()  # its rows again, the current one in bold at the new size, row heights measured anew

    # -- drawing -------------------------------------------------------------------------------------

    def _show_all(self, principle: Principle | None) -> None:
        if principle is None:
            self.principle_heading.setText("No principles yet")
            self.text.setHtml("")
        else:
            brackets = principle.current.brackets
            self.principle_heading.setText(
                f"<b>Principle {principle.number} · {_html(principle.title)}</b>"
                f"<span style='color:{readable_hex(MUTED)}'> — text version {principle.current.seq}"
                + (f", {brackets} bracketed segment{'s' if brackets != 1 else ''}" if brackets else "")
                + "</span>")
            self.text.setHtml(bracket_html(principle.text))
        self._show_speaker()
        self._show_round()
        self._show_tally()
        self.presented.emit()

    def _show_speaker(self) -> None:
        delegation = self.current_delegation()
        total = len(self.expected)
        if delegation is None:
            heard = sum(1 for d in self.expected if self._current_position(d) is not None)
            self.speaker.setText("Tour complete" if total else "No delegations")
            self.speaker_stance.setText(
                f"{heard} of {total} delegations have a stance on the current text. Backspace goes back; "
                "choose the next principle above." if total else "Add delegations to start a tour.")
            self.comment_edit.clear()
            self._enable_recording(False)
            self.presented.emit()
            return
        self._enable_recording(True)
        self.speaker.setText(f"{delegation.name} — {self.current + 1} of {total}")
        position = self.positions.get(delegation.code)
        muted = readable_hex(MUTED, ALTERNATE)
        on_record = f"<span style='color:{muted}'>On record:</span> "
        if position is None:
            self.speaker_stance.setText(f"<span style='color:{muted}'>No stance yet — press 1–5</span>")
        elif position.stale:
            self.speaker_stance.setText(
                on_record + f"<span style='{_chip_css(STALE_COLOR, STALE_TEXT)}font-style:italic'>"
                f"&nbsp;{stance_short(position.stance)}*&nbsp;</span> "
                f"<i>{stance_label(position.stance)} on text version {position.version_seq} — stale, "
                "ask again</i>")
        else:
            # Its comment is in the comment line just below: not twice, which at 40 pt took three lines.
            self.speaker_stance.setText(
                on_record + f"<span style='{_chip_css(STANCE_COLORS[position.stance], STANCE_TEXT[position.stance])}'>"
                f"&nbsp;{stance_short(position.stance)}&nbsp;</span> <b>{stance_label(position.stance)}</b>")
        self.comment_edit.setText(position.comment if position else "")
        self.presented.emit()

    def _enable_recording(self, enabled: bool) -> None:
        self.comment_edit.setEnabled(enabled)
        for button in self.stance_buttons.values():
            button.setEnabled(enabled)
        self.next_button.setEnabled(enabled)

    def _show_round(self) -> None:
        self.round.clear()
        bold = QFont(self.round.font())
        bold.setBold(True)
        for i, d in enumerate(self.expected):
            position = self.positions.get(d.code)
            current = self._current_position(d)
            tick = "▶" if i == self.current else ("✓" if current is not None else "")
            stance_text = ""
            if position is not None:
                stance_text = stance_short(position.stance) + ("*" if position.stale else "")
            item = QTreeWidgetItem([tick, f"{d.code}  {d.name}", stance_text])
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignCenter)
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignCenter)
            if current is not None:
                item.setBackground(2, QBrush(STANCE_COLORS[current.stance]))
                item.setForeground(2, QBrush(STANCE_TEXT[current.stance]))
            elif position is not None:
                item.setBackground(2, QBrush(STALE_COLOR))
                item.setForeground(2, QBrush(STALE_TEXT))
            if i == self.current:
                for col in range(3):
                    item.setFont(col, bold)
                for col in (0, 1):  # a light tint with its own dark ink: legible whatever the theme
                    item.setBackground(col, QBrush(CURRENT_ROW))
                    item.setForeground(col, QBrush(CURRENT_ROW_INK))
            item.setToolTip(1, position.comment if position and position.comment else d.name)
            self.round.addTopLevelItem(item)
        current_item = self.round.topLevelItem(self.current)
        if current_item is not None:
            self.round.scrollToItem(current_item)

    def _show_tally(self) -> None:
        principle = self.principle()
        meeting = self._meeting()
        if meeting is not None and meeting.attending:
            over = f"Over the {len(self.expected)} delegations attending {meeting.title}"
        else:
            over = f"Over all {len(self.expected)} delegations"
        self.counting.setText(counting_phrase(self.rt, self.session.meeting_id)
                              + " — in every view (Count, above, changes it everywhere)")
        if principle is None or self.rt is None:
            self.tally.show_result(None, over)
            return
        try:
            result = self.session.consensus(meeting.id if meeting is not None and meeting.attending else None,
                                            [principle.number])
        except RoundtableError as exc:
            self.tally.show_result(None, str(exc))
            return
        self.tally.show_result(result[0] if result else None, over)

    def _current_position(self, d: Delegation) -> Position | None:
        position = self.positions.get(d.code)
        return position if position is not None and not position.stale else None

    def status_text(self) -> str:
        """The consensus badge as shown (for tests and screen readers)."""
        return self.tally.badge.text()


def _heading(text: str) -> QLabel:
    label = QLabel(text.upper())
    label.setStyleSheet("letter-spacing: 1px;")
    set_ink(label, MUTED)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return label


def _chip_css(background: QColor, foreground: QColor) -> str:
    return f"background:{background.name()};color:{foreground.name()};font-weight:bold;"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
