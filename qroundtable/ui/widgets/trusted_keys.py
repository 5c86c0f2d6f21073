"""The delegations' public keys the master trusts, and the dialog to trust one after comparing fingerprints."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ... import keys
from ...errors import InvalidInput
from ...sync.model import RevokedKey, TrustedKey
from ..style import MUTED, readable, set_ink
from .sync_values import when


class TrustKeyDialog(QDialog):
    """A delegation and the public key it sent; the fingerprint shows as soon as the key reads well."""

    def __init__(self, delegations: list[tuple[str, str]], parent: QWidget | None = None, *,
                 replacing: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Replace {replacing}'s key" if replacing else "Trust a delegation's key")
        self.setMinimumWidth(520)
        self.delegation = QComboBox()
        for code, name in delegations:
            self.delegation.addItem(f"{code} — {name}", code)
        self.key = QPlainTextEdit()
        self.key.setPlaceholderText("qrt-ed25519:… (the first line the delegation's 'Copy public key' gave)")
        self.key.setFixedHeight(60)
        self.fingerprint = QLabel()
        self.fingerprint.setWordWrap(True)
        self.key.textChanged.connect(self._show_fingerprint)
        form = QFormLayout(self)
        if replacing:  # one delegation, named: its old key is revoked once the new one is trusted
            self.delegation.setCurrentIndex(max(self.delegation.findData(replacing), 0))
            self.delegation.setEnabled(False)
            warning = QLabel(f"The key trusted now for {replacing} is revoked: snapshots signed with it are refused "
                             f"from then on. {replacing}'s new laptop joins from the next release you issue.")
            warning.setWordWrap(True)
            form.addRow(warning)
        form.addRow("Delegation", self.delegation)
        form.addRow("Public key", self.key)
        form.addRow("Fingerprint", self.fingerprint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Trust the new key" if replacing
                                                                         else "Trust this key")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._show_fingerprint()

    def _show_fingerprint(self) -> None:
        text = self.key.toPlainText().strip()
        try:
            fingerprint = keys.fingerprint(text) if text else ""
        except InvalidInput:
            fingerprint = ""
        self.fingerprint.setText(f"<b>{fingerprint}</b> — compare it with the one the delegation reads to you"
                                 if fingerprint else "(appears once the key is pasted)")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(fingerprint))

    def values(self) -> tuple[str, str]:
        return self.delegation.currentData(), self.key.toPlainText().strip()


class TrustedKeys(QWidget):
    """The table of trusted keys (and of those revoked or replaced), and the buttons that add, replace or revoke
    one (the view connects them)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.keys: list[TrustedKey | RevokedKey] = []  # what each line of the table shows
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Delegation", "Name", "Fingerprint", "Status", "Trusted since"])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # Code, fingerprint and date as wide as they are; the status ("Replaced … by …") takes what is left,
        # so the table fits a 1024-pixel screen without scrolling sideways.
        fit, stretch = QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch
        for col, mode in enumerate((fit, QHeaderView.ResizeMode.Interactive, fit, stretch, fit)):
            header.setSectionResizeMode(col, mode)
        header.resizeSection(1, 130)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.note = QLabel("Snapshots are accepted only from delegations whose key is trusted here. Paste the key "
                           "a delegation sends you, and compare its fingerprint with the one they read to you.")
        self.note.setWordWrap(True)
        set_ink(self.note, MUTED)
        self.trust_button = QPushButton("Trust a delegation's key…")
        # A lost laptop: its key is revoked (nothing it signs is taken), or replaced by the new laptop's.
        self.replace_button = QPushButton("Replace key…")
        self.replace_button.setToolTip("Trust the delegation's new key instead (a new laptop); the old one is "
                                       "revoked")
        self.revoke_button = QPushButton("Revoke key…")
        self.revoke_button.setToolTip("Stop trusting this key (a lost or stolen laptop): its snapshots are refused")
        self.read_only = ""
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.trust_button)
        buttons.addWidget(self.replace_button)
        buttons.addWidget(self.revoke_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_keys(self, trusted: list[TrustedKey], revoked: list[RevokedKey] = ()) -> None:
        chosen = self.selected()
        self.keys = [*trusted, *revoked]
        self.table.setRowCount(len(self.keys))
        for row, k in enumerate(self.keys):
            if isinstance(k, RevokedKey):
                status = (f"Replaced {when(k.revoked_at)} by {k.replaced_by}" if k.replaced_by
                          else f"Revoked {when(k.revoked_at)}")
                cells, tip = (k.delegation, k.name, k.fingerprint, status, when(k.trusted_at)), ""
            else:
                cells, tip = (k.delegation, k.name, k.fingerprint, "Trusted", when(k.added_at)), k.public_key
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if col == 2 and tip:
                    item.setToolTip(tip)
                elif col == 3:
                    item.setToolTip(text)
                if isinstance(k, RevokedKey):
                    item.setForeground(readable(MUTED, QPalette.ColorRole.Base))
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()  # a replaced key's status takes two lines on a small screen
        if chosen is not None and chosen in self.keys:
            self.table.selectRow(self.keys.index(chosen))
        self._update_buttons()

    def selected(self) -> TrustedKey | RevokedKey | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.keys[rows[0].row()] if rows and rows[0].row() < len(self.keys) else None

    def select(self, code: str) -> None:
        """Select `code`'s trusted key."""
        for row, k in enumerate(self.keys):
            if isinstance(k, TrustedKey) and k.delegation == code:
                self.table.selectRow(row)

    def set_read_only(self, reason: str) -> None:
        self.read_only = reason
        self.trust_button.setEnabled(not reason)
        self.trust_button.setToolTip(reason)
        self._update_buttons()

    def _update_buttons(self) -> None:
        k = self.selected()
        usable = isinstance(k, TrustedKey) and not self.read_only
        for button in (self.replace_button, self.revoke_button):
            button.setEnabled(usable)
