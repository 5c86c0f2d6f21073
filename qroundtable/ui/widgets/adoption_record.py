"""A principle's adoption record: how it was agreed, and what delegations attached to that.

How: by consensus, by a roll-call vote (each closed vote with its count) or by silence (and,
when a silence was broken, who broke it and with what). What: explanations of position,
interpretative statements and formal reservations, each by a delegation, dated. A delegation
adds its own statement once the principle is agreed; the secretariat may add one for any.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QPlainTextEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget)

from ...errors import InvalidInput
from ...model import Statement, StatementKind, VoteState
from ...permissions import may_edit
from ...stances import Status
from ...validation import clean_text
from ..style import MUTED, WARNING_INK, set_ink
from .labels import buddy_label


class StatementDialog(QDialog):
    """A statement for the adoption record: by which delegation, of which kind, on which date, saying what."""

    def __init__(self, codes: list[tuple[str, str]], number: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Statement on principle {number}")
        self.delegation = QComboBox()
        for code, name in codes:
            self.delegation.addItem(f"{code} — {name}", code)
        self.kind = QComboBox()
        for kind in StatementKind:
            self.kind.addItem(kind.label, kind.value)
        self.made_on = QDateEdit(QDate.currentDate())
        self.made_on.setCalendarPopup(True)
        self.made_on.setDisplayFormat("yyyy-MM-dd")
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Text of the statement")
        self.text.setTabChangesFocus(True)
        form = QFormLayout(self)
        form.addRow(buddy_label("&Delegation", self.delegation), self.delegation)
        form.addRow(buddy_label("&Kind", self.kind), self.kind)
        form.addRow(buddy_label("Made &on", self.made_on), self.made_on)
        form.addRow(buddy_label("&Text", self.text), self.text)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        set_ink(self.problem, WARNING_INK)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add to the record")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.resize(560, 380)

    def accept(self) -> None:
        """Only a text the record can hold closes the dialog: what was typed is never lost to a refusal."""
        try:
            clean_text(self.text.toPlainText(), "statement", multiline=True, max_len=10_000)
        except InvalidInput as exc:
            self.problem.setText(str(exc)[:1].upper() + str(exc)[1:] + ".")
            self.text.setFocus()
            return
        super().accept()

    def values(self) -> tuple[str, str, str, str]:
        """(delegation code, kind, text, date) as typed."""
        return (self.delegation.currentData(), self.kind.currentData(), self.text.toPlainText(),
                self.made_on.date().toString("yyyy-MM-dd"))


def _ask(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


class AdoptionRecordPanel(QWidget):
    """How one principle was agreed and the statements made on it, with Add / Withdraw statement."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.number: int | None = None
        self.statements: list[Statement] = []
        self.agreed = False
        self.ask: Callable[[QDialog], bool] = _ask  # the seam tests replace: fill the dialog, True to accept
        self.last_dialog: StatementDialog | None = None

        self.view = QTextBrowser()
        self.view.setAccessibleName("Adoption record")
        self.view.setOpenLinks(False)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        set_ink(self.hint, MUTED)
        self.add_button = QPushButton("&Add statement…")
        self.add_button.clicked.connect(self.add_statement)
        self.withdraw = QComboBox()
        self.withdraw.setAccessibleName("Statement to withdraw")
        self.withdraw_button = QPushButton("Withdraw")
        self.withdraw_button.clicked.connect(self.withdraw_statement)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.withdraw)
        buttons.addWidget(self.withdraw_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)

    def show_principle(self, number: int | None) -> None:
        rt = self.session.rt
        self.number = number
        if rt is None or number is None:
            self.statements, self.agreed = [], False
            self.view.setHtml("")
            self._enable()
            return
        # Agreed as the façade decides it for the record: over every delegation (or by vote or silence), whichever
        # meeting the views count: the Add button never offers what would then be refused.
        consensus = next(iter(self.session.consensus(None, principles=[number])), None)
        principle = rt.principles.get(number)
        self.agreed = (consensus is not None and consensus.status == Status.AGREED) or principle.stage == "adopted"
        self.statements = rt.statements.list(number)
        parts = [f"<h3>{escape(self._how(consensus, principle))}</h3>"]
        votes = [v for v in rt.votes.list(number) if v.state == VoteState.CLOSED]
        for v in votes:
            r = rt.votes.result(v.id)
            parts.append(f"<p><b>Vote</b> on text version {v.version_seq}, {escape(v.majority.label.lower())}: "
                         f"“{escape(v.question)}” — yes {r.yes}, no {r.no}, abstain {r.abstain}: "
                         f"<b>{'adopted' if v.result == 'adopted' else 'not adopted'}</b>"
                         f" ({escape(v.closed_at[:10]) if v.closed_at else ''}).</p>")
        breaks = rt.principles.silence_breaks(number)
        for b in breaks:
            with_what = f" with the objection “{escape(b.objection)}”" if b.objection else " with an objection"
            amended = f" and the amendment “{escape(b.amendment_text)}”" if b.amendment_text else ""
            parts.append(f"<p><b>Silence broken</b> by {escape(b.name)} ({escape(b.delegation)}) on "
                         f"{escape(b.at[:10])}{with_what}{amended}.</p>")
        if self.statements:
            for kind in StatementKind:
                made = [s for s in self.statements if s.kind == kind]
                if not made:
                    continue
                parts.append(f"<h4>{escape(kind.label)}{'s' if len(made) > 1 else ''}</h4>")
                for s in made:
                    older = "" if s.version_seq == principle.current.seq else f" (on text version {s.version_seq})"
                    parts.append(f"<p><b>{escape(s.name)} ({escape(s.delegation)})</b>, {escape(s.made_on)}{older}"
                                 f":<br>{escape(s.text).replace(chr(10), '<br>')}</p>")
        else:
            parts.append("<p>No statements on the record.</p>")
        self.view.setHtml("".join(parts))
        self._enable()

    def _how(self, consensus, principle) -> str:
        if consensus is None:
            return "Not yet discussed"
        if consensus.status != Status.AGREED:
            return ("Not agreed yet: statements are added once it is agreed"
                    + (" (its stage is adopted)" if principle.stage == "adopted" else ""))
        if consensus.by_vote:
            return "Agreed by vote"
        if consensus.by_silence:
            return "Agreed by silence"
        return "Agreed by consensus"

    def _writers(self) -> list[tuple[str, str]]:
        rt = self.session.rt
        return [(d.code, d.name) for d in rt.delegations.list() if may_edit(rt.info, d.code)]

    def _enable(self) -> None:
        rt = self.session.rt
        writers = self._writers() if rt is not None and self.number is not None else []
        self.add_button.setEnabled(self.agreed and bool(writers))
        own = [s for s in self.statements if rt is not None and may_edit(rt.info, s.delegation)]
        self.withdraw.clear()
        for s in own:
            self.withdraw.addItem(f"{s.delegation} · {s.kind.label} · {s.made_on}", s.id)
        self.withdraw.setVisible(bool(own))
        self.withdraw_button.setVisible(bool(own))
        if rt is None or self.number is None:
            self.hint.setText("")
        elif not self.agreed:
            self.hint.setText("Explanations of position, interpretative statements and formal reservations are "
                              "attached once the principle is agreed (by consensus, vote or silence).")
        elif not writers:
            self.hint.setText(rt.info.read_only or "")
        else:
            self.hint.setText("")

    def add_statement(self) -> bool:
        if self.number is None or not self.agreed:
            return False
        dialog = StatementDialog(self._writers(), self.number, self)
        owner = self.session.rt.info.copy_owner
        dialog.delegation.setCurrentIndex(max(dialog.delegation.findData(owner), 0))
        self.last_dialog = dialog
        try:
            if not self.ask(dialog):
                return False
        finally:
            self.last_dialog = None
        code, kind, text, made_on = dialog.values()
        number = self.number
        self.session.apply(lambda rt: rt.statements.add(number, code, kind, text, made_on), f"{code} statement")
        return True

    def withdraw_statement(self) -> None:
        statement_id = self.withdraw.currentData()
        if statement_id:
            self.session.apply(lambda rt: rt.statements.withdraw(statement_id), "Withdraw statement")

