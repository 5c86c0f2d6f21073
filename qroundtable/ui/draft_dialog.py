"""Word in: File ▸ Import draft (Word)… and Import marked-up copy (Word)…, or a .docx dropped on the window.

A draft's numbered paragraphs become principles; a delegation's marked-up copy of an issued
revision becomes its amendments. Either is previewed first: the import itself run with
`dry_run` on the writer's thread (reading a large file is long work); Import writes it as one
undo step, and every view reloads. A dropped .docx is a marked-up copy when its properties
name a revision qroundtable issued, else a draft.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QInputDialog,
                               QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..drafts import DraftImport
from ..permissions import may_decide, may_edit, refusal

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


def markup_rows(result) -> list[tuple[str, str, str, str]]:
    """(what, number, proposed text, comments) per principle of a marked-up copy."""
    rows = [("Amendment, edited WITHOUT tracking: review" if m.untracked else "Amendment (tracked changes)",
             str(m.number), m.proposed, " / ".join(m.comments)) for m in result.amendments]
    rows += [("Comment" + ("" if m.number not in result.unattached else ", not kept: no current position"),
              str(m.number), "", " / ".join(m.comments)) for m in result.commented]
    return rows


class PreviewDialog(QDialog):
    """What an import would do, row by row; Import writes it."""

    def __init__(self, title: str, summary: str, headings: tuple[str, ...], rows: list, can_import: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        summary = QLabel(summary)
        summary.setWordWrap(True)
        self.table = QTableWidget(0, len(headings))
        self.table.setAccessibleName(title)
        self.table.setHorizontalHeaderLabels(headings)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
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
        ok.setEnabled(can_import)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 480)


def _ask(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def draft_preview(result: DraftImport, parent: QWidget | None = None) -> PreviewDialog:
    summary = (f"{len(result.new)} new, {len(result.changed)} with a new version, {len(result.retitled)} retitled, "
               f"{len(result.unchanged)} unchanged" + (f"; {len(result.missing)} of the roundtable's principles are "
                                                       "not in the draft and stay as they are" if result.missing
                                                       else "") + ".")
    return PreviewDialog(f"Import draft — {result.file}", summary, WHAT, preview_rows(result),
                         bool(result.new or result.changed or result.retitled), parent)


def markup_preview(result, parent: QWidget | None = None) -> PreviewDialog:
    untracked = sum(1 for m in result.amendments if m.untracked)
    summary = (f"{result.file} is {result.delegation}'s copy of {result.revision}: {len(result.amendments)} "
               f"amendment(s) against the texts of {result.revision}"
               + (f", {untracked} of them edited without tracked changes (flagged for review)" if untracked else "")
               + f"; {len(result.unchanged)} principle(s) unchanged.")
    return PreviewDialog(f"Import marked-up copy — {result.file}", summary, ("What", "No.", "Proposed text",
                                                                           "Comments"),
                         markup_rows(result), bool(result.amendments or len(result.commented) > len(result.unattached)),
                         parent)


class DraftImporter:
    """Choose a .docx, preview it, import it: File ▸ Import draft (Word)… and Import marked-up copy (Word)…."""

    def __init__(self, window):
        self.window = window
        # The seams tests replace: the file chosen (or ""), and the preview's answer.
        self.ask_path: Callable[[], str] = lambda: QFileDialog.getOpenFileName(
            window, "Import a Word draft", str(window.session.path.parent if window.session.path else Path.home()),
            "Word documents (*.docx)")[0]
        self.ask: Callable[[QDialog], bool] = _ask
        # Which delegation's marked-up copy it is, at the secretariat: its code, or "" to stop.
        self.ask_delegation: Callable[[list[str]], str] = self._ask_delegation
        self.last_dialog: PreviewDialog | None = None

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

    def drop(self, path: str | Path):
        """A .docx dropped on the window: a marked-up copy of an issued revision, or a draft."""
        from ..readout.text import custom_properties

        return self.start_markup(path) if "qroundtable-revision" in custom_properties(Path(path)) else self.start(path)

    def start_markup(self, path: str | Path | None = None):
        session = self.window.session
        rt = session.rt
        if rt is None:
            session.report_error("no roundtable is open")
            return None
        codes = [d.code for d in rt.delegations.list() if may_edit(rt.info, d.code)]
        if not codes:
            session.report_error(refusal(rt.info))
            return None
        chosen = str(path) if path is not None else self.ask_path()
        if not chosen:
            return None
        code = codes[0] if len(codes) == 1 else self.ask_delegation(codes)
        if not code:
            return None
        file = Path(chosen).absolute()
        return session.run(f"Reading {file.name}", lambda rt, progress: rt.import_markup(file, code, dry_run=True),
                           writes=False).then(lambda result: self._preview_markup(file, code, result))

    def _preview_markup(self, file: Path, code: str, result) -> None:
        if not self._accepted(markup_preview(result, self.window)):
            return
        self.window.session.run(f"Import {code}'s marked-up copy", lambda rt, progress: rt.import_markup(file, code),
                                reopen=True).then(lambda done: self.window.statusBar().showMessage(
                                    f"{code}'s {done.revision}: {len(done.amendments)} amendment(s) proposed.",
                                    10_000))

    def _ask_delegation(self, codes: list[str]) -> str:
        code, ok = QInputDialog.getItem(self.window, "Import marked-up copy", "Whose marked-up copy is it?", codes,
                                        0, False)
        return code if ok else ""

    def _accepted(self, dialog: PreviewDialog) -> bool:
        self.last_dialog = dialog
        try:
            return bool(self.ask(dialog))
        finally:
            self.last_dialog = None
            dialog.deleteLater()

    def _preview(self, file: Path, result: DraftImport) -> None:
        dialog = draft_preview(result, self.window)
        if not self._accepted(dialog):
            return
        session = self.window.session
        session.run(f"Import draft {file.name}", lambda rt, progress: rt.import_draft(file), reopen=True).then(
            lambda done: self.window.statusBar().showMessage(
                f"Imported {file.name}: {len(done.new)} new, {len(done.changed)} with a new version.", 10_000))
