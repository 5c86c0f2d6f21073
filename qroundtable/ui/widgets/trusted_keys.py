"""The delegations' public keys the master trusts, and the dialog to trust one after comparing fingerprints."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ... import keys
from ...errors import InvalidInput
from ...sync.model import TrustedKey
from .sync_values import when


class TrustKeyDialog(QDialog):
    """A delegation and the public key it sent; the fingerprint shows as soon as the key reads well."""

    def __init__(self, delegations: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Trust a delegation's key")
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
        form.addRow("Delegation", self.delegation)
        form.addRow("Public key", self.key)
        form.addRow("Fingerprint", self.fingerprint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Trust this key")
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
    """The table of trusted keys, and the button that adds one (the view connects it)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Delegation", "Name", "Fingerprint", "Trusted since"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for col, width in enumerate((90, 220, 200)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel("Snapshots are accepted only from delegations whose key is trusted here. Paste the key "
                           "a delegation sends you, and compare its fingerprint with the one they read to you.")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #4A5563;")
        self.trust_button = QPushButton("Trust a delegation's key…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.trust_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_keys(self, trusted: list[TrustedKey]) -> None:
        self.table.setRowCount(len(trusted))
        for row, k in enumerate(trusted):
            for col, text in enumerate((k.delegation, k.name, k.fingerprint, when(k.added_at))):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if col == 2:
                    item.setToolTip(k.public_key)
                self.table.setItem(row, col, item)
