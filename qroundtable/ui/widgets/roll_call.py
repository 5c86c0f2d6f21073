"""A roll-call vote, recorded by keyboard down the list of delegations, like the tour de table.

In the table: Y, N or A records the selected delegation's vote and moves to the next; Delete
takes a vote back while the vote is open. "By proxy of" names the delegation casting the next
vote for another (its proxy is recorded); "Entered on the delegation's behalf" marks the votes
the secretariat types in for a delegation that is not at the table. A closed vote is final:
the table then only shows it.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ...model import Majority, Vote, VoteChoice, VoteState
from ...permissions import may_decide, refusal
from ..style import MUTED, WARNING_INK, set_ink
from .labels import buddy_label

CHOICE_KEYS = {Qt.Key.Key_Y: VoteChoice.YES, Qt.Key.Key_N: VoteChoice.NO, Qt.Key.Key_A: VoteChoice.ABSTAIN}
CHOICE_WORDS = {VoteChoice.YES: "Yes", VoteChoice.NO: "No", VoteChoice.ABSTAIN: "Abstain"}
DELEGATION, CHOICE, PROXY, ENTERED = range(4)
HEADINGS = ["Delegation", "Vote", "Proxy", "Entered"]


class BallotTable(QTableWidget):
    """One row per delegation expected to vote; Y / N / A record and move on, Delete takes back."""

    chosen = Signal(int, object)  # row, VoteChoice
    cleared = Signal(int)  # row

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        row = self.currentRow()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        if row >= 0 and plain and event.key() in CHOICE_KEYS:
            self.chosen.emit(row, CHOICE_KEYS[event.key()])
            return
        if row >= 0 and plain and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.cleared.emit(row)
            return
        super().keyPressEvent(event)


class OpenVoteDialog(QDialog):
    """A new roll-call vote: on which principle's current text, the question, the majority it needs."""

    def __init__(self, rt, principle: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Open a roll-call vote")
        self.principle = QComboBox()
        for p in rt.principles.list():
            self.principle.addItem(f"P{p.number} — {p.title} (text version {p.current.seq})", p.number)
        if principle is not None:
            self.principle.setCurrentIndex(max(self.principle.findData(principle), 0))
        self.question = QLineEdit()
        self.question.setAccessibleName("Question put to the vote")
        self.majority = QComboBox()
        for m in Majority:
            self.majority.addItem(m.label, m.value)
        self._suggested = ""
        self.principle.currentIndexChanged.connect(self._suggest)
        self._suggest()
        form = QFormLayout(self)
        form.addRow(buddy_label("&Principle", self.principle), self.principle)
        form.addRow(buddy_label("&Question", self.question), self.question)
        form.addRow(buddy_label("&Majority needed", self.majority), self.majority)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Open the vote")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def _suggest(self) -> None:
        number = self.principle.currentData()
        if number is not None and self.question.text() in ("", self._suggested):  # never over what was typed
            self._suggested = f"Shall principle {number} be adopted as it now reads?"
            self.question.setText(self._suggested)


class RollCallPanel(QWidget):
    """The votes of the meeting in view: one chosen, its roll call, its result, and closing it."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.floor = session.floor
        self.votes: list[Vote] = []
        self.vote: Vote | None = None
        self.expected: list = []  # delegations, in the order they are called

        self.vote_combo = QComboBox()
        self.vote_combo.setAccessibleName("Vote")
        self.vote_combo.activated.connect(lambda i: self.choose(self.vote_combo.itemData(i)))
        self.open_button = QPushButton("Open a &vote…")
        self.open_button.clicked.connect(self.open_vote)
        self.close_button = QPushButton("C&lose the vote…")
        self.close_button.setToolTip("Count it and fix the result: a closed vote can no longer change")
        self.close_button.clicked.connect(self.close_vote)
        top = QHBoxLayout()
        top.addWidget(buddy_label("Vot&e", self.vote_combo, bold=True))
        top.addWidget(self.vote_combo, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.close_button)

        self.question = QLabel()
        self.question.setWordWrap(True)
        self.proxy = QComboBox()
        self.proxy.setAccessibleName("Cast by proxy of")
        self.proxy.setToolTip("The delegation casting the next vote for the one selected (its proxy)")
        self.on_behalf = QCheckBox("Entered on the delegation's &behalf")
        self.on_behalf.setToolTip("The secretariat types in a vote the delegation gave it (by e-mail, say): "
                                  "marked as such, with who entered it")
        options = QHBoxLayout()
        options.addWidget(buddy_label("By pro&xy of", self.proxy))
        options.addWidget(self.proxy)
        options.addSpacing(12)
        options.addWidget(self.on_behalf)
        options.addStretch(1)

        self.table = BallotTable(0, 4)
        self.table.setAccessibleName("Roll call: Y yes, N no, A abstain, Delete takes a vote back")
        self.table.setHorizontalHeaderLabels(HEADINGS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DELEGATION, QHeaderView.ResizeMode.Stretch)
        for column in (CHOICE, PROXY, ENTERED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.chosen.connect(self.record)
        self.table.cleared.connect(self.take_back)
        self.keys_hint = QLabel("Y yes · N no · A abstain — records the selected delegation and moves down; "
                                "Delete takes a vote back")
        self.keys_hint.setWordWrap(True)
        set_ink(self.keys_hint, MUTED)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        set_ink(self.message, WARNING_INK)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.question)
        layout.addLayout(options)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.keys_hint)
        layout.addWidget(self.result)
        layout.addWidget(self.message)
        self.setTabOrder(self.vote_combo, self.open_button)
        self.setTabOrder(self.open_button, self.close_button)
        self.setTabOrder(self.close_button, self.proxy)
        self.setTabOrder(self.proxy, self.on_behalf)
        self.setTabOrder(self.on_behalf, self.table)

        self.floor.changed.connect(self.reload)
        session.changed.connect(self._changed)
        self.reload()

    # -- reading ----------------------------------------------------------------------------

    def _changed(self, changes) -> None:
        if changes.touches_votes or changes.touches_delegations or changes.touches_meetings:
            self.reload()

    def reload(self) -> None:
        rt = self.session.rt
        chosen = self.vote.id if self.vote else None
        self.votes = []
        if rt is not None:
            meeting = self.floor.meeting
            self.votes = [v for v in rt.votes.list() if meeting is None or v.meeting_id in (meeting.id, None)]
        self.vote_combo.clear()
        for v in self.votes:
            state = "open" if v.state == VoteState.OPEN else ("adopted" if v.result == "adopted" else "not adopted")
            self.vote_combo.addItem(f"P{v.principle} v{v.version_seq} — {v.question} ({state})", v.id)
        if not self.votes:
            self.vote_combo.addItem("No votes at this meeting yet", None)
        ids = [v.id for v in self.votes]
        open_ones = [v.id for v in self.votes if v.state == VoteState.OPEN]
        self.choose(chosen if chosen in ids else (open_ones[-1] if open_ones else (ids[-1] if ids else None)))

    def choose(self, vote_id: str | None) -> None:
        rt = self.session.rt
        self.vote = next((v for v in self.votes if v.id == vote_id), None)
        index = self.vote_combo.findData(vote_id)
        if index >= 0:
            self.vote_combo.setCurrentIndex(index)
        row = max(self.table.currentRow(), 0)
        self.table.setRowCount(0)
        self.expected = []
        if rt is None or self.vote is None:
            self.question.setText("Open a vote to take a roll call on a principle's current text." if rt else "")
            self.result.setText("")
            self._enable()
            return
        v = self.vote
        self.question.setText(f"<b>{escape(v.question)}</b><br>Principle {v.principle}, text version "
                              f"{v.version_seq} · {v.majority.label}"
                              + (f" · closed {v.closed_at[:16].replace('T', ' ')} UTC" if v.closed_at else ""))
        codes = rt.votes.expected(v.id)
        names = {d.code: d for d in rt.delegations.list()}
        self.expected = [names[c] for c in codes if c in names]
        ballots = {b.delegation: b for b in rt.votes.ballots(v.id)}
        self.table.setRowCount(len(self.expected))
        for i, d in enumerate(self.expected):
            b = ballots.get(d.code)
            cells = [f"{d.name} ({d.code})", CHOICE_WORDS[b.choice] if b else "—",
                     b.proxy or "" if b else "",
                     ("on behalf, by " + (b.entered_by or "the secretariat")) if b and b.on_behalf else ""]
            # What a screen reader says of each cell, empty ones too: "Japan, vote: no vote yet".
            spoken = [d.name, CHOICE_WORDS[b.choice] if b else "no vote yet",
                      f"cast by {b.proxy}" if b and b.proxy else "votes itself",
                      cells[ENTERED] or "entered as cast"]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole,
                             spoken[0] if column == DELEGATION else f"{d.name}, {HEADINGS[column].lower()}: "
                                                                     f"{spoken[column]}")
                self.table.setItem(i, column, item)
        self.table.setCurrentCell(min(row, len(self.expected) - 1), DELEGATION) if self.expected else None
        self.proxy.clear()
        self.proxy.addItem("— nobody (votes itself)", None)
        for d in self.expected:
            self.proxy.addItem(f"{d.code} — {d.name}", d.code)
        self._show_result()
        self._enable()

    def _show_result(self) -> None:
        r = self.session.rt.votes.result(self.vote.id)
        waiting = f" · not voting: {', '.join(r.not_voting)}" if r.not_voting else ""
        outcome = "adopted" if r.adopted else "not adopted"
        verb = "Result" if self.vote.state == VoteState.CLOSED else "If closed now"
        self.result.setText(f"Yes {r.yes} · No {r.no} · Abstain {r.abstain}{escape(waiting)}<br>"
                            f"<b>{verb}: {outcome}</b> ({escape(r.majority.label.lower())}: {escape(r.needed)})")

    def _enable(self) -> None:
        rt = self.session.rt
        decide = rt is not None and may_decide(rt.info)
        is_open = self.vote is not None and self.vote.state == VoteState.OPEN
        self.open_button.setEnabled(decide)
        self.close_button.setEnabled(decide and is_open)
        for widget in (self.proxy, self.on_behalf):
            widget.setEnabled(decide and is_open)
        self.keys_hint.setVisible(decide and is_open)
        if rt is not None and not decide:
            self.message.setText(refusal(rt.info)[:1].upper() + refusal(rt.info)[1:] + ".")
        elif self.vote is not None and not is_open:
            self.message.setText("This vote is closed: its record is final.")
        else:
            self.message.setText("")

    # -- recording ----------------------------------------------------------------------------

    def _writable(self) -> bool:
        rt = self.session.rt
        return (rt is not None and may_decide(rt.info) and self.vote is not None
                and self.vote.state == VoteState.OPEN)

    def record(self, row: int, choice: VoteChoice) -> None:
        if not self._writable() or not 0 <= row < len(self.expected):
            return
        code, vote_id = self.expected[row].code, self.vote.id
        proxy, behalf = self.proxy.currentData(), self.on_behalf.isChecked()
        if proxy == code:
            self.message.setText(f"{code} cannot hold its own proxy: choose another delegation, or nobody.")
            return
        self.session.apply(lambda rt: rt.votes.record(vote_id, code, choice.value, proxy=proxy, on_behalf=behalf),
                           f"{code} votes {choice.value}")
        self.proxy.setCurrentIndex(0)  # a proxy is for one vote: the next delegation votes itself
        if row + 1 < len(self.expected):
            self.table.setCurrentCell(row + 1, DELEGATION)

    def take_back(self, row: int) -> None:
        if not self._writable() or not 0 <= row < len(self.expected):
            return
        code, vote_id = self.expected[row].code, self.vote.id
        self.session.apply(lambda rt: rt.votes.withdraw_ballot(vote_id, code), f"Take back {code}'s vote")

    def open_vote(self) -> None:
        rt = self.session.rt
        dialog = OpenVoteDialog(rt, self.floor.principle, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        number, question = dialog.principle.currentData(), dialog.question.text()
        majority = dialog.majority.currentData()
        meeting = self.floor.meeting.id if self.floor.meeting else None
        self.open_new(number, question, majority, meeting)

    def open_new(self, number: int, question: str, majority: str, meeting: str | None) -> None:
        def opened(changes) -> None:
            ids = changes.rows("votes") if changes else set()
            if ids:
                self.reload()
                self.choose(next(iter(ids)))
                self.table.setFocus()
        self.session.apply(lambda rt: rt.votes.open(number, question, majority, meeting),
                           "Open a vote").then(opened)

    def close_vote(self, *, confirm: bool = True) -> None:
        if not self._writable():
            return
        r = self.session.rt.votes.result(self.vote.id)
        if confirm:
            box = QMessageBox(QMessageBox.Icon.Question, "Close the vote",
                              f"Close the vote and fix its result?\n\nYes {r.yes} · No {r.no} · Abstain {r.abstain}"
                              + (f" · not voting: {', '.join(r.not_voting)}" if r.not_voting else "")
                              + f"\n\nIt is {'adopted' if r.adopted else 'not adopted'}. "
                              "A closed vote can no longer change.", parent=self)
            close = box.addButton("Close the vote", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(close)
            box.exec()
            if box.clickedButton() is not close:
                return
        vote_id = self.vote.id
        self.session.apply(lambda rt: rt.votes.close(vote_id), "Close the vote")

