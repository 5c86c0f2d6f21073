"""A principle's amendments: who proposed what against which version, and the decisions on them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QPushButton,
                               QSplitter, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ...amendments import sponsorship_in_words
from ...errors import RoundtableError
from ...model import Amendment, AmendmentState
from ...permissions import may_decide, may_edit
from ..session import Session
from ..style import MUTED, set_ink
from .diff_view import DiffLegend, DiffView, diff_summary
from .flow_layout import FlowLayout
from .propose_amendment import ProposeAmendmentDialog
from .version_history import format_timestamp

AMENDMENT_COLUMNS = ("Delegation", "State", "Based on", "Proposed", "Decided", "Co-sponsors")
STATE_LABELS = {
    AmendmentState.PROPOSED: "● Proposed",
    AmendmentState.ACCEPTED: "✔ Accepted",
    AmendmentState.REJECTED: "✖ Rejected",
    AmendmentState.WITHDRAWN: "↩ Withdrawn",
}


def _ask(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


class AmendmentsPanel(QWidget):
    """The amendments to one principle, each shown as a diff against the version it was made on."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.number: int | None = None
        self.title = ""
        self.amendments: list[Amendment] = []
        # The seam tests replace: show the dialog, True when the proposal went through.
        self.ask: Callable[[QDialog], bool] = _ask
        # The seam for the reason of a rejection: the reason ('' for none), or None when the person cancels.
        self.ask_reason: Callable[[Amendment], str | None] = self._ask_reason
        # The seam for which delegation co-sponsors, at the secretariat (a delegation's copy: its own), or None.
        self.ask_cosponsor: Callable[[Amendment, list[str]], str | None] = self._ask_cosponsor
        self.last_dialog: ProposeAmendmentDialog | None = None

        self.table = QTableWidget(0, len(AMENDMENT_COLUMNS))
        self.table.setHorizontalHeaderLabels(AMENDMENT_COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in range(len(AMENDMENT_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: 600;")
        self.summary = QLabel()
        set_ink(self.summary, MUTED)
        self.diff = DiffView()
        self.diff.shown.connect(lambda pieces: self.summary.setText(diff_summary(pieces)))
        self.sponsors = QLabel()  # "proposed by FR, co-sponsored by DE and NL"
        self.sponsors.setWordWrap(True)
        self.sponsors.setTextFormat(Qt.TextFormat.PlainText)
        self.rationale = QLabel()
        self.rationale.setWordWrap(True)
        self.rationale.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.propose_button = QPushButton("Propose amendment…")
        self.propose_button.setToolTip("Propose new wording for this principle on behalf of a delegation")
        self.accept_button = QPushButton("Accept")
        self.reject_button = QPushButton("Reject")
        self.withdraw_button = QPushButton("Withdraw")
        self.cosponsor_button = QPushButton("Co-sponsor…")
        self.cosponsor_button.clicked.connect(self.cosponsor_selected)
        self.propose_button.clicked.connect(lambda: self.propose())
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 6, 0, 0)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.summary)
        detail_layout.addLayout(heading_row)
        detail_layout.addWidget(self.sponsors)
        detail_layout.addWidget(self.diff, 1)
        legend = QHBoxLayout()
        legend.addWidget(DiffLegend())
        legend.addStretch(1)
        detail_layout.addLayout(legend)
        detail_layout.addWidget(self.rationale)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([130, 520])
        splitter.setChildrenCollapsible(False)

        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("font-size: 11pt; padding: 24px;")
        set_ink(self.empty, MUTED)
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)

        # The buttons flow onto a second row when the page is narrow (a 1024-pixel screen at 200 %).
        buttons = FlowLayout(spacing=6, line_spacing=6)
        for button in (self.propose_button, self.cosponsor_button, self.withdraw_button, self.reject_button,
                       self.accept_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- showing -----------------------------------------------------------------------------

    def show_principle(self, number: int | None, title: str = "", *, keep: str | None = None) -> None:
        """The amendments of principle `number`; `keep` (an amendment id) stays selected if present."""
        rt = self.session.rt
        if keep is None:
            current = self.selected()
            keep = current.id if current and number == self.number else None
        self.number, self.title = number, title
        self.amendments = rt.amendments.list(number) if rt is not None and number is not None else []
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.amendments))
        for row, a in enumerate(self.amendments):
            cells = (a.delegation, STATE_LABELS[a.state], f"v{a.base_seq}", format_timestamp(a.created_at),
                     format_timestamp(a.decided_at) or "—", ", ".join(a.cosponsors) or "—")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, a.id)
                if column == 0:
                    item.setToolTip(self._delegation_name(a.delegation))
                self.table.setItem(row, column, item)
        self.table.clearSelection()
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        if not self.amendments:
            self.empty.setText(self._empty_text())
            self.stack.setCurrentWidget(self.empty)
            self._show_selected()
            return
        self.stack.setCurrentIndex(0)
        ids = [a.id for a in self.amendments]
        if keep in ids:
            row = ids.index(keep)
        else:  # the first still open for decision, else the newest
            open_rows = [i for i, a in enumerate(self.amendments) if a.state is AmendmentState.PROPOSED]
            row = open_rows[0] if open_rows else len(self.amendments) - 1
        self.select_row(row)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self._show_selected()

    def selected(self) -> Amendment | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or not 0 <= rows[0].row() < len(self.amendments):
            return None
        return self.amendments[rows[0].row()]

    def _empty_text(self) -> str:
        if self.number is None:
            return "Select a principle to see its amendments."
        return (f"No amendments to principle {self.number} yet.\n\n"
                "A delegation that wants different wording proposes it with “Propose amendment…”; "
                "the secretariat then accepts or rejects it.")

    def _delegation_name(self, code: str) -> str:
        rt = self.session.rt
        try:
            return rt.delegations.get(code).name if rt is not None else code
        except RoundtableError:
            return code

    def _show_selected(self) -> None:
        a = self.selected()
        rt = self.session.rt
        if a is None or rt is None:
            self.heading.setText("")
            self.summary.setText("")
            self.rationale.setText("")
            self.sponsors.setText("")
            self.diff.show_message("Select an amendment to see its wording.")
            self._update_buttons()
            return
        current = rt.principles.get(a.principle).current
        base = rt.principles.version(a.base_version_id)
        heading = (f"{self._delegation_name(a.delegation)} ({a.delegation}) — {STATE_LABELS[a.state]}, "
                   f"changes to version {a.base_seq}")
        if a.state is AmendmentState.PROPOSED and current.seq != a.base_seq:
            heading += f" (the text is now at version {current.seq})"
        if a.untracked:  # read from a marked-up copy that was edited without tracked changes
            heading += " — edited without tracked changes: compare before deciding"
        self.heading.setText(heading)
        words = sponsorship_in_words(a)
        self.sponsors.setText(words[:1].upper() + words[1:] + ".")
        self.diff.show_diff(base.text, a.text)  # the summary follows when the diff is shown
        said = f"Rationale: {a.rationale}" if a.rationale else "No rationale given."
        if a.state is AmendmentState.REJECTED:  # the secretariat's reason, with its decision
            said += (f"\nRejected by the secretariat{' on ' + format_timestamp(a.decided_at) if a.decided_at else ''}"
                     + (f" — reason: {a.reason}" if a.reason else "; no reason given."))
        self.rationale.setText(said)
        self._update_buttons()

    def _update_buttons(self) -> None:
        rt = self.session.rt
        a = self.selected()
        self.propose_button.setEnabled(rt is not None and self.number is not None and not rt.info.read_only)
        is_open = a is not None and a.state is AmendmentState.PROPOSED
        secretariat = rt is not None and may_decide(rt.info)
        own = rt is not None and a is not None and may_edit(rt.info, a.delegation)
        joiners = self._may_cosponsor(a) if is_open else []
        self.cosponsor_button.setEnabled(bool(joiners))
        self.cosponsor_button.setText(self._cosponsor_verb(a, joiners))
        self.cosponsor_button.setToolTip(
            "Join this amendment as a co-sponsor, or withdraw from it" if joiners else
            "Select an amendment still proposed" if not is_open else
            rt.info.read_only or f"Only another delegation than {a.delegation} can co-sponsor its amendment")
        if not is_open:
            why = ("Select an amendment first" if a is None
                   else f"This amendment is already {a.state.value}; only proposed ones can be decided")
            for button in (self.accept_button, self.reject_button, self.withdraw_button):
                button.setEnabled(False)
                button.setToolTip(why)
            return
        owner = rt.info.owner
        for button, verb in ((self.accept_button, "accept"), (self.reject_button, "reject")):
            button.setEnabled(secretariat)
            button.setToolTip(f"{verb.capitalize()} this amendment" + ("; accepting makes its text the new version"
                                                                     if verb == "accept" else "")
                              if secretariat else rt.info.read_only or
                              f"Only the secretariat's copy can {verb} amendments; this copy belongs to {owner}")
        self.withdraw_button.setEnabled(own)
        self.withdraw_button.setToolTip(f"Withdraw {a.delegation}'s amendment" if own else rt.info.read_only or
                                        f"Only {a.delegation} can withdraw its own amendment")

    def _may_cosponsor(self, a: Amendment) -> list[str]:
        """The delegations this copy may sign on or off `a` for: its owner, or any at the secretariat."""
        rt = self.session.rt
        info = rt.info
        if info.read_only:
            return []
        return [d.code for d in rt.delegations.list() if d.code != a.delegation and may_edit(info, d.code)]

    def _cosponsor_verb(self, a: Amendment | None, joiners: list[str]) -> str:
        if len(joiners) == 1 and a is not None and joiners[0] in a.cosponsors:
            return "Withdraw co-sponsorship"
        return "Co-sponsor" if len(joiners) == 1 else "Co-sponsor…"

    def _ask_cosponsor(self, a: Amendment, codes: list[str]) -> str | None:
        labels = [f"{code} — {self._delegation_name(code)}" + (" (co-sponsoring: withdraws)" if code in a.cosponsors
                                                                 else "") for code in codes]
        label, ok = QInputDialog.getItem(self, "Co-sponsor", f"Which delegation joins or leaves {a.delegation}'s "
                                         "amendment as a co-sponsor?", labels, 0, False)
        return codes[labels.index(label)] if ok and label in labels else None

    def cosponsor_selected(self) -> None:
        """The delegation co-sponsors the selected amendment, or withdraws if it already does."""
        a = self.selected()
        if a is None:
            return
        codes = self._may_cosponsor(a)
        code = codes[0] if len(codes) == 1 else (self.ask_cosponsor(a, codes) if codes else None)
        if code is None:
            return
        ref = a.id
        if code in a.cosponsors:
            edit, label = (lambda rt: rt.amendments.withdraw_cosponsor(ref, code)), f"{code} withdraws co-sponsorship"
        else:
            edit, label = (lambda rt: rt.amendments.cosponsor(ref, code)), f"{code} co-sponsors"
        self.session.apply(edit, label)  # the principles view shows it again once written

    # -- acting --------------------------------------------------------------------------------

    def propose(self, text: str | None = None) -> bool:
        """Open the dialog (prefilled with `text`, else the current text); True once proposed."""
        rt = self.session.rt
        if rt is None or self.number is None:
            return False
        info = rt.info
        delegations = [d for d in rt.delegations.list() if may_edit(info, d.code)]
        number = self.number
        prefill = text if text is not None else rt.principles.get(number).text
        dialog = ProposeAmendmentDialog(f"principle {number}. {self.title}", delegations, prefill,
                                        lambda d: self._submit(number, d), self)
        dialog.set_delegation(info.copy_owner)
        self.last_dialog = dialog
        try:
            return bool(self.ask(dialog))
        finally:
            self.last_dialog = None
            dialog.deleteLater()

    def _submit(self, number: int, dialog: ProposeAmendmentDialog) -> bool:
        rt = self.session.rt
        if rt is None:
            return False
        code, text, rationale = dialog.delegation(), dialog.text(), dialog.rationale()
        pending = self.session.apply(lambda rt: rt.amendments.propose(number, code, text, rationale),
                                     "Propose amendment")
        if not pending.wait():  # refused: the dialog stays open with what was typed
            return False
        new_ids = pending.result.rows("amendments")
        if self.number == number and new_ids:
            self.show_principle(number, self.title, keep=next(iter(new_ids)))
        return True

    def accept_selected(self) -> None:
        self._decide("accept")

    def reject_selected(self) -> None:
        a = self.selected()
        if a is None or self.session.rt is None:
            return
        reason = self.ask_reason(a)
        if reason is None:
            return
        self.session.apply(lambda rt: rt.amendments.reject(a.id, reason), "Reject amendment")

    def _ask_reason(self, a: Amendment) -> str | None:
        text, ok = QInputDialog.getMultiLineText(
            self, "Reject amendment", f"Reject {self._delegation_name(a.delegation)}'s amendment to principle "
            f"{a.principle}.\n\nReason (optional; {a.delegation} and every delegation see it with the decision):")
        return text.strip() if ok else None

    def withdraw_selected(self) -> None:
        self._decide("withdraw")

    def _decide(self, verb: str) -> None:
        rt, a = self.session.rt, self.selected()
        if rt is None or a is None:
            return
        pending = self.session.apply(lambda rt: getattr(rt.amendments, verb)(a.id), f"{verb.capitalize()} amendment")
        if verb == "accept":  # the accepted wording is a new text: say what it did to the positions
            number = a.principle

            def said(_changes) -> None:
                notice = self.session.rt.positions.stale_notice(number) if self.session.rt is not None else ""
                if notice:
                    self.session.announced.emit(notice)
            pending.then(said)
