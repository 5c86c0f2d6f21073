"""File ▸ Import draft (Word)…: a Word draft's numbered paragraphs as principles, previewed before anything is written.

The preview is the import itself run with `dry_run` on the writer's thread (reading the file is
long work for a large draft); Import writes it as one undo step, and every view reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..drafts import DraftImport
from ..permissions import may_decide, refusal

WHAT = ("What", "No.", "Title", "Text")


def preview_rows(result: DraftImport) -> list[tuple[str, str, str, str]]:
    """(what, number, title, start of the text) per principle the import touches, then those it leaves."""
    def start(text: str) -> str:
        first = text.splitlines()[0] if text else ""
        return first if len(first) <= 90 else first[:89] + "…"
    rows = [("New", str(d.number), d.title, start(d.text)) for d in result.new]
    rows += [("New version", str(n), d.title, start(d.text)) for n, d in result.changed]
    rows += [("Retitled", str(n), f"{old} → {new}", "") for n, old, new in result.retitled]
    rows += [("Unchanged", str(n), d.title, "") for n, d in result.unchanged]
    rows += [("Not in the draft (kept)", str(n), title, "") for n, title in result.missing]
    return rows


class DraftPreviewDialog(QDialog):
    """What the draft would create and change; Import writes it."""

    def __init__(self, result: DraftImport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Import draft — {result.file}")
        self.result_ = result
        summary = QLabel(f"{len(result.new)} new, {len(result.changed)} with a new version, {len(result.retitled)} "
                         f"retitled, {len(result.unchanged)} unchanged"
                         + (f"; {len(result.missing)} of the roundtable's principles are not in the draft and stay "
                            "as they are" if result.missing else "") + ".")
        summary.setWordWrap(True)
        self.table = QTableWidget(0, len(WHAT))
        self.table.setAccessibleName("What the draft creates and changes")
        self.table.setHorizontalHeaderLabels(WHAT)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        rows = preview_rows(result)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 260)
        header.setStretchLastSection(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Import")
        ok.setEnabled(bool(result.new or result.changed or result.retitled))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 480)


def _ask(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


class DraftImporter:
    """Choose a .docx, preview it, import it: File ▸ Import draft (Word)…."""

    def __init__(self, window):
        self.window = window
        # The seams tests replace: the file chosen (or ""), and the preview's answer.
        self.ask_path: Callable[[], str] = lambda: QFileDialog.getOpenFileName(
            window, "Import a Word draft", str(window.session.path.parent if window.session.path else Path.home()),
            "Word documents (*.docx)")[0]
        self.ask: Callable[[QDialog], bool] = _ask
        self.last_dialog: DraftPreviewDialog | None = None

    def start(self, path: str | Path | None = None):
        session = self.window.session
        rt = session.rt
        if rt is None:
            session.report_error("no roundtable is open")
            return None
        if not may_decide(rt.info):
            session.report_error(refusal(rt.info))
            return None
        chosen = str(path) if path is not None else self.ask_path()
        if not chosen:
            return None
        file = Path(chosen).absolute()
        return session.run(f"Reading {file.name}", lambda rt, progress: rt.import_draft(file, dry_run=True),
                           writes=False).then(lambda result: self._preview(file, result))

    def _preview(self, file: Path, result: DraftImport) -> None:
        dialog = DraftPreviewDialog(result, self.window)
        self.last_dialog = dialog
        try:
            if not self.ask(dialog):
                return
        finally:
            self.last_dialog = None
            dialog.deleteLater()
        session = self.window.session
        session.run(f"Import draft {file.name}", lambda rt, progress: rt.import_draft(file), reopen=True).then(
            lambda done: self.window.statusBar().showMessage(
                f"Imported {file.name}: {len(done.new)} new, {len(done.changed)} with a new version.", 10_000))
