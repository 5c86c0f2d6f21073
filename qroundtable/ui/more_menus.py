"""The window's menu entries for Find, the roundtable's history, printing, Save a copy and Help.

Kept apart from main_window.py, which calls `install()` once: these entries only reach the window
through its public parts (session, views, show_view, statusBar), so they can grow without it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from ..errors import RoundtableError
from . import help_dialogs, printing
from .draft_dialog import DraftImporter
from .find_dialog import FindDialog
from .history_dialog import HistoryDialog


class MoreMenus:
    """The entries, and what they open; `window.more` after `install(window, ...)`."""

    def __init__(self, window):
        self.window = window
        self.find_dialog: FindDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        # The seam tests replace: (caption, suggested path, filter) -> a path or "".
        self.ask_save_path = lambda caption, start, filters: QFileDialog.getSaveFileName(
            window, caption, start, filters)[0]

    def _add(self, menu, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # -- Find ------------------------------------------------------------------------------

    def open_find(self) -> FindDialog:
        if self.find_dialog is None:
            self.find_dialog = FindDialog(self.window.session, self.window)
            self.find_dialog.chosen.connect(self.go_to)
        self.find_dialog.show()
        self.find_dialog.raise_()
        self.find_dialog.field.setFocus()
        self.find_dialog.field.selectAll()
        return self.find_dialog

    def go_to(self, found) -> None:
        """Show what Find found: the principle in Principles, the cell in Positions, the delegation."""
        window, rt = self.window, self.window.session.rt
        if rt is None:
            return
        try:
            if found.kind == "principle":
                window.show_view("principles").select_principle(found.principle)
            elif found.kind == "delegation":
                window.show_view("delegations").select_delegation(found.delegation)
            else:
                matrix = window.show_view("positions")
                index = matrix.model.cell_index(rt.delegations.get(found.delegation).id,
                                                rt.principles.get(found.principle).id)
                if index.isValid():
                    matrix.table.setCurrentIndex(index)
                    matrix.table.scrollTo(index)
                    matrix.table.setFocus()
                else:
                    window.statusBar().showMessage(
                        f"{found.delegation} is not shown in the matrix: choose “All delegations” above it.", 8000)
        except RoundtableError as exc:  # removed since it was found
            window.session.report_error(str(exc))

    # -- history, printing, copies -------------------------------------------------------------

    def open_history(self) -> HistoryDialog | None:
        if self.window.session.rt is None:
            self.window.session.report_error("no roundtable is open")
            return None
        self.history_dialog = HistoryDialog(self.window.session, self.window)
        self.history_dialog.show()
        return self.history_dialog

    def view_in_sight(self) -> str:
        from .main_window import VIEWS

        return VIEWS[self.window.stack.currentIndex()][0]

    def print_view(self) -> None:
        if self.window.session.rt is None:
            self.window.session.report_error("no roundtable is open")
            return
        try:
            document = printing.document(self.window.session, self.view_in_sight())
        except RoundtableError as exc:
            self.window.session.report_error(str(exc))
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            document.print_(printer)

    def save_pdf(self, path: Path | None = None) -> Path | None:
        session = self.window.session
        if session.rt is None:
            session.report_error("no roundtable is open")
            return None
        view = self.view_in_sight()
        if path is None:
            start = str(session.path.with_name(f"{session.path.stem}-{view}.pdf")) if session.path else "page.pdf"
            chosen = self.ask_save_path("Save the page as PDF", start, "PDF (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen)
        path = Path(path).absolute()
        if not path.parent.is_dir():
            session.report_error(f"could not write {path}: no folder {path.parent}")
            return None
        try:
            printing.save_pdf(session, path, view)
        except RoundtableError as exc:
            session.report_error(str(exc))
            return None
        if not path.exists() or path.stat().st_size == 0:
            session.report_error(f"could not write {path}")
            return None
        self.window.statusBar().showMessage(f"Saved {path.name}", 5000)
        return path

    def save_copy(self, path: Path | None = None):
        """File ▸ Save a copy as…: the whole file, through SQLite's backup API on the writer."""
        session = self.window.session
        if session.rt is None:
            session.report_error("no roundtable is open")
            return None
        if path is None:
            start = str(session.path.with_name(session.path.stem + " copy.qrt"))
            chosen = self.ask_save_path("Save a copy as", start, "Roundtable files (*.qrt)")
            if not chosen:
                return None
            path = Path(chosen)
        path = Path(path).absolute()
        pending = session.run(f"Save a copy as {path.name}", lambda rt, progress: rt.save_copy(path), writes=False)
        return pending.then(lambda saved: self.window.statusBar().showMessage(f"Saved a copy as {saved}", 8000))

    def export_readout_pdf(self):
        from .readout_pdf import ReadoutPdfDialog  # python-docx loads when asked for, not with the window

        if self.window.session.rt is None:
            self.window.session.report_error("no roundtable is open")
            return None
        dialog = ReadoutPdfDialog(self.window.session, self.window)
        dialog.exec()
        return dialog

    def export_text(self):
        from .export_dialogs import TextExportDialog  # python-docx loads when asked for, not with the window

        if self.window.session.rt is None:
            self.window.session.report_error("no roundtable is open")
            return None
        dialog = TextExportDialog(self.window.session, self.window)
        dialog.exec()
        return dialog

    # -- help --------------------------------------------------------------------------------

    def show_shortcuts(self):
        return help_dialogs.show_text(self.window, "Keyboard shortcuts", help_dialogs.shortcuts_html(self.window))

    def show_guide(self):
        from .main_window import VIEWS

        return help_dialogs.show_text(self.window, "Short guide", help_dialogs.guide_html(VIEWS))


def install(window, file_menu, edit_menu, view_menu, help_menu) -> MoreMenus:
    more = MoreMenus(window)
    more.readout_pdf_action = more._add(window.export_menu, "Readout (&PDF)…", more.export_readout_pdf)
    exports = window.export_menu.actions()
    if len(exports) > 2:  # beside the Word readout
        window.export_menu.removeAction(more.readout_pdf_action)
        window.export_menu.insertAction(exports[1], more.readout_pdf_action)
    more.text_action = more._add(window.export_menu, "Negotiation &text (Word)…", more.export_text)
    more.text_action.setStatusTip("Rev.N of the texts, clean or as a redline with tracked changes")
    file_menu.addSeparator()
    more.save_copy_action = more._add(file_menu, "Save a &copy as…", lambda: more.save_copy())
    more.drafts = DraftImporter(window)
    more.import_draft_action = more._add(file_menu, "&Import draft (Word)…", lambda: more.drafts.start())
    more.import_draft_action.setStatusTip("A Word draft's numbered paragraphs as principles, previewed first")
    more.import_markup_action = more._add(file_menu, "Import &marked-up copy (Word)…",
                                          lambda: more.drafts.start_markup())
    more.import_markup_action.setStatusTip("A delegation's copy of a revision with tracked changes: its amendments")
    more.print_action = more._add(file_menu, "&Print…", more.print_view, QKeySequence.StandardKey.Print)
    more.print_action.setStatusTip("Print the page in view (the matrix, the action items, or the principles)")
    more.pdf_action = more._add(file_menu, "Save as P&DF…", lambda: more.save_pdf())
    more.pdf_action.setStatusTip("The page in view as a PDF")
    edit_menu.addSeparator()
    more.find_action = more._add(edit_menu, "&Find…", more.open_find, QKeySequence.StandardKey.Find)
    view_menu.addSeparator()
    more.history_action = more._add(view_menu, "Roundtable &history…", more.open_history, "Ctrl+H")
    more._add(help_menu, "&Keyboard shortcuts", more.show_shortcuts)
    more._add(help_menu, "Short &guide", more.show_guide, QKeySequence.StandardKey.HelpContents)
    window.more = more
    return more
