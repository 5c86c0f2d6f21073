"""File ▸ Join from a release…: a delegation's own copy, made from the secretariat's signed release."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QWidget)

from ..roundtable import Roundtable
from ..sync.facade import Sync
from ..sync.model import ReleaseInfo
from .session import Session
from .tasks import wait_with_progress


class JoinDialog(QDialog):
    """Shows what the release is and the key that signed it, to compare with the secretariat's word."""

    def __init__(self, release: ReleaseInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.release = release
        self.setWindowTitle("Join from a release")
        self.setMinimumWidth(560)
        about = QLabel(
            f"<b>{escape(release.title)}</b><br>Release {release.sequence} from the secretariat "
            f"({escape(release.secretariat)}), issued {escape(release.issued_at[:16].replace('T', ' '))} UTC")
        about.setWordWrap(True)
        key = QLabel(f"Signed with key <b style='font-size:14pt; font-family:monospace'>"
                     f"{escape(release.fingerprint)}</b><br><span style='color:#8A3B00'>Compare it with the "
                     "fingerprint the secretariat reads to you; if they differ, cancel.</span>")
        key.setWordWrap(True)
        self.code = QComboBox()
        # Nothing chosen for the person: a preselected first delegation (Australia) made JP's laptop AU's copy.
        self.code.addItem("Choose your delegation…", None)
        for code, name in release.delegations:
            if code != release.secretariat:
                self.code.addItem(f"{code} — {name}", code)
        self.path = QLineEdit()
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        self.code.currentIndexChanged.connect(self._suggest_path)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(about)
        form.addRow(key)
        form.addRow("Your delegation", self.code)
        form.addRow("New file", where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Make my copy")
        self.ok_button.setEnabled(False)
        self.code.currentIndexChanged.connect(lambda _i: self.ok_button.setEnabled(self.code.currentData() is not None))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._suggest_path()

    def _suggest_path(self) -> None:
        code = (self.code.currentData() or "delegation").lower()
        self.path.setText(str(Path(self.release.path).with_name(f"{code}.qrt")))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Your delegation's copy", self.path.text(),
                                              "Roundtable files (*.qrt)")
        if path:
            self.path.setText(path if path.endswith(".qrt") else path + ".qrt")

    def join(self, session: Session) -> Roundtable | None:
        """Make the copy on the session's writer (a large release takes seconds) and open it there."""
        release, code, dest = self.release, self.code.currentData(), Path(self.path.text().strip())
        if code is None:  # "Make my copy" is off until a delegation is chosen
            return None
        pending = session.open_with(
            "Making your copy from the release",
            lambda: Roundtable.join(release.path, dest, code, expect_fingerprint=release.fingerprint))
        return wait_with_progress(self, session, pending)


def inspect(path: str, report_error: Callable[[str], None]) -> ReleaseInfo | None:
    """The release's details after checking it, or None with the reason reported."""
    from ..errors import RoundtableError

    try:
        return Sync.inspect_release(path)
    except RoundtableError as exc:
        report_error(str(exc))
        return None
