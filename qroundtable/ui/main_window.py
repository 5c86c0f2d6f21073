"""The main window: sidebar of views, menus, status bar, opening files, settings."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QByteArray, QEventLoop, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QMainWindow, QMessageBox, QProgressBar, QProgressDialog, QPushButton,
                               QStackedWidget, QVBoxLayout, QWidget)

from ..model import OpChanges
from . import focus_ring, keyboard, more_menus
from .dialogs import NewRoundtableDialog
from .export_dialogs import MatrixExportDialog, ReadoutDialog
from .pending import Pending
from .panels import Panels
from .presenting import Presenting
from .session import Session
from .start_page import StartPage
from .views.actions import ActionsView
from .views.consensus import ConsensusView
from .views.delegations import DelegationsView
from .views.floor import FloorView
from .views.matrix import PositionsView
from .views.meetings import MeetingsView
from .views.principles import PrinciplesView
from .views.sync import SyncView, is_sync_file
from .views.tour import TourView
from .widgets.elided_label import ElidedLabel
from .window_size import clamped, first_geometry, is_small
from .zoom import size_font

VIEWS = [
    ("principles", "Principles", PrinciplesView),
    ("positions", "Positions", PositionsView),
    ("tour", "Tour de table", TourView),
    ("floor", "Floor", FloorView),
    ("consensus", "Consensus", ConsensusView),
    ("actions", "Action items", ActionsView),
    ("meetings", "Meetings", MeetingsView),
    ("delegations", "Delegations", DelegationsView),
    ("sync", "Sync", SyncView),
]
# The View menu's names with their keyboard letters (Alt+V, then the letter).
VIEW_MNEMONICS = {"principles": "&Principles", "positions": "P&ositions", "tour": "&Tour de table", "floor": "Floo&r",
                  "consensus": "&Consensus", "actions": "Actio&n items", "meetings": "&Meetings",
                  "delegations": "&Delegations", "sync": "&Sync"}
FILE_FILTER = "Roundtable files (*.qrt);;All files (*)"
MAX_RECENT = 8


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None):
        super().__init__()
        keyboard.install(QApplication.instance())  # Tab leaves tables and text boxes, in dialogs too
        focus_ring.install(QApplication.instance())  # the control with the focus is ringed, in dialogs too
        self.settings = settings or QSettings("qroundtable", "qroundtable")
        self.session = Session(self)
        self.setWindowTitle("qroundtable")
        self.setAcceptDrops(True)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.stack = QStackedWidget()
        self.views: dict[str, QWidget] = {}
        for key, title, view_class in VIEWS:
            view = view_class(self.session)
            self.views[key] = view
            self.stack.addWidget(view)
            QListWidgetItem(title, self.sidebar)
        self.sidebar.setAccessibleName("Views")
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        # Assistive technology picks a view by selecting it (AT-SPI Selection.SelectChild), which moves the
        # selection but not the current row: without this a screen reader would say "Consensus, selected"
        # while the Positions view stays on screen.
        self.sidebar.itemSelectionChanged.connect(self._view_selected)
        # A page made current is brought up to date at once, even before the window is shown.
        self.stack.currentChanged.connect(lambda row: self.stack.widget(row).bring_up_to_date())
        self.views["sync"].synced.connect(self._update_status)  # a snapshot went out: nothing unsent
        self.sidebar.setStyleSheet(
            "QListWidget#sidebar { background: #1F2A37; color: #E8EEF4; border: none; }"
            "QListWidget#sidebar::item { padding: 10px 14px; }"
            "QListWidget#sidebar::item:selected { background: #34506E; color: white; }")
        size_font(self.sidebar, scale=1.2)  # a little larger than the text, and zoomed with it
        self._fit_sidebar()

        # Says so when the file can only be read: edits are off, exports still work.
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet("QLabel#readOnlyBanner { background: #FFF4E5; color: #5C3300; "
                                            "border-bottom: 1px solid #E8C9A0; padding: 6px 12px; }")
        self.read_only_banner.hide()
        views = QHBoxLayout()
        views.setContentsMargins(0, 0, 0, 0)
        views.setSpacing(0)
        views.addWidget(self.sidebar)
        views.addWidget(self.stack, 1)
        self.views_page = QWidget()
        self.views_page.setLayout(views)
        # Until a file is open: the start page, not empty views.
        self.start_page = StartPage()
        self.start_page.demo_requested.connect(self.open_demo)
        self.start_page.new_requested.connect(self.new_roundtable)
        self.start_page.open_requested.connect(self.open_dialog)
        self.start_page.recent_chosen.connect(self.open_recent)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(self.views_page)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.read_only_banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        # Long work (an import, a release) runs behind the window: its progress and Cancel live here.
        self.work_label = ElidedLabel()  # labels that shorten rather than widen the window
        self.work_bar = QProgressBar()
        self.work_bar.setMaximumWidth(160)
        self.work_bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop it; nothing it did so far is kept")
        self.cancel_button.clicked.connect(self.session.cancel)
        for widget in (self.work_label, self.work_bar, self.cancel_button):
            self.statusBar().addWidget(widget)
            widget.hide()
        self.copy_label = ElidedLabel()
        self.file_label = ElidedLabel()
        self.unsent_label = ElidedLabel()
        for label in (self.copy_label, self.file_label, self.unsent_label):
            label.setStyleSheet("padding: 0 10px; border-left: 1px solid #C8CDD3;")
            self.statusBar().addPermanentWidget(label)
        self._build_menus()

        self.session.opened.connect(self._on_opened)
        self.session.announced.connect(lambda text: self.statusBar().showMessage(text, 20_000))
        self.session.changed.connect(self._on_changed)
        self.session.queue_changed.connect(self._show_work)
        self.session.progressed.connect(self._show_progress)
        self._restore_settings()
        self._update_status()

    def _view_selected(self) -> None:
        selected = self.sidebar.selectedIndexes()
        if selected and selected[0].row() != self.sidebar.currentRow():
            self.sidebar.setCurrentRow(selected[0].row())

    def _fit_sidebar(self) -> None:
        """As wide as its longest title, not a fixed width: every pixel counts on a 1024-pixel screen."""
        self.sidebar.ensurePolished()
        metrics = self.sidebar.fontMetrics()
        widest = max(metrics.horizontalAdvance(self.sidebar.item(i).text()) for i in range(self.sidebar.count()))
        self.sidebar.setFixedWidth(widest + 2 * 14 + 12)  # the items' padding, and room for a focus frame

    # -- menus ---------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&New roundtable…", self.new_roundtable, QKeySequence.StandardKey.New)
        self._action(file_menu, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self._action(file_menu, "Open &demo roundtable", self.open_demo)
        self._action(file_menu, "&Join from a release…", self.join_dialog)
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addSeparator()
        self.export_menu = file_menu.addMenu("&Export")
        self._action(self.export_menu, "&Readout (Word)…", self.export_readout)
        self._action(self.export_menu, "Positions &matrix (Excel/CSV)…", self.export_matrix)
        self._action(self.export_menu, "&Consensus table as CSV…", self.export_consensus_csv)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self._action(edit_menu, "&Undo", self.session_undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(edit_menu, "&Redo", self.session_redo, QKeySequence.StandardKey.Redo)
        # Ctrl+Y as well as Ctrl+Shift+Z: both are what people coming from Word or LibreOffice press.
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])

        view_menu = self.menuBar().addMenu("&View")
        self.view_actions = [
            self._action(view_menu, VIEW_MNEMONICS[key], lambda checked=False, row=i: self.show_view(row),
                         f"Ctrl+{i + 1}")
            for i, (key, _, _) in enumerate(VIEWS)]
        self.presenting = Presenting(self, view_menu, self.settings)  # full screen, zoom, audience window
        self.panels = Panels(self, view_menu, self.settings)  # the navigation list and side panels may step aside

        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About qroundtable", self.about)
        more_menus.install(self, file_menu, edit_menu, view_menu, help_menu)  # Find, history, print, copy, help
        # Off until a file is open (the start page shows instead); add any new action that needs a file here.
        self.needs_file: list[QAction] = [*self.export_menu.actions(), *self.view_actions,
                                          self.more.import_draft_action, self.more.import_markup_action,
                                          self.panels.navigation_action]
        self._update_recent_menu()

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def show_view(self, row_or_key) -> QWidget:
        row = row_or_key if isinstance(row_or_key, int) else [k for k, _, _ in VIEWS].index(row_or_key)
        self.sidebar.setCurrentRow(row)
        return self.stack.widget(row)

    # -- opening files -----------------------------------------------------------------

    def open_path(self, path: str | Path) -> Pending | None:
        """Open a roundtable file on the session's writer (a large file must not freeze the window)."""
        path = Path(path).expanduser().resolve()  # absolute, so the recent files work from any folder
        if not path.exists():
            recent = str(path) in self._recent()
            self._forget_recent(str(path))
            self.session.report_error(f"There is no roundtable file at {path}: it may have been moved, renamed or "
                                      "deleted." + (" It was taken off the recent files." if recent else ""))
            return None
        if not self.confirm_leave():
            return None
        return self.session.open(path)

    def open_recent(self, path: str) -> Pending | None:
        return self.open_path(path)

    def open_dialog(self) -> None:
        start = str(self.session.path.parent) if self.session.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open roundtable", start, FILE_FILTER)
        if path:
            self.open_path(path)

    def open_demo(self) -> None:
        import platformdirs

        from ..demo import build_demo

        from ..roundtable import Roundtable

        if not self.confirm_leave():
            return None
        path = Path(platformdirs.user_data_dir("qroundtable", appauthor=False)) / "demo.qrt"
        return self.session.open_with("Opening the demo roundtable",
                                      lambda: Roundtable.open(path) if path.exists() else build_demo(path))

    def new_roundtable(self) -> None:
        if self.confirm_leave():
            NewRoundtableDialog(self.session, self).exec()

    def join_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Release from the secretariat", str(Path.home()),
                                              "Releases (*.qrtr);;All files (*)")
        if path:
            self.join_release(path)

    def join_release(self, path: str | Path, *, ask=None) -> bool:
        """Check `path`, show its key's fingerprint, and make this laptop's delegation copy from it."""
        from .join_dialog import JoinDialog, inspect

        release = inspect(str(path), self.session.report_error)
        if release is None or not self.confirm_leave():
            return False
        dialog = JoinDialog(release, self)
        if not (ask or (lambda d: d.exec()))(dialog):
            return False
        if dialog.join(self.session) is None:
            return False
        self.show_view("sync")
        return True

    def export_readout(self) -> None:
        if self.session.rt is not None:
            ReadoutDialog(self.session, self).exec()

    def export_matrix(self) -> None:
        if self.session.rt is not None:
            MatrixExportDialog(self.session, self).exec()

    def export_consensus_csv(self) -> None:
        if self.session.rt is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export consensus table", "consensus.csv", "CSV (*.csv)")
        if path:
            self.write_consensus_csv(Path(path))

    def write_consensus_csv(self, path: Path) -> None:
        """The consensus table as `consensus --format csv` writes it (titles never become formulas)."""
        from ..cells import csv_table
        from ..consensus import consensus_rows

        rows = consensus_rows(self.session.rt.consensus(self.session.meeting_id))
        text = csv_table(rows, [(k, k) for k in (rows[0] if rows else {})])
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self.session.report_error(f"could not write {path}: {exc.strerror}")
            return
        self.statusBar().showMessage(f"Exported {path.name}", 5000)

    # -- reacting to the session -------------------------------------------------------------

    def _on_opened(self) -> None:
        path = str(Path(self.session.path).resolve())
        self.settings.setValue("last_file", path)
        recent = [p for p in self._recent() if p != path]
        self.settings.setValue("recent_files", [path, *recent][:MAX_RECENT])
        self._update_recent_menu()
        self.setWindowTitle(f"{self.session.rt.info.title} — qroundtable")
        self._update_status()

    def _on_changed(self, changes: OpChanges) -> None:
        self._update_status()

    def _show_work(self) -> None:
        """Long work under way (with Cancel), and the edits waiting behind it."""
        job = self.session.long_job
        running = job is not None and not job.done
        for widget in (self.work_label, self.work_bar, self.cancel_button):
            widget.setVisible(running)
        waiting = self.session.queued - (1 if running else 0)
        if running and waiting:
            self.unsent_label.setText(f"{waiting} edit{'s' if waiting != 1 else ''} waiting for “{job.label}”")
        elif not running:
            self._update_status()

    def _show_progress(self, text: str, done: int, total: int) -> None:
        self.work_label.setText(text.rstrip("…") + "…")
        self.work_bar.setRange(0, total)
        self.work_bar.setValue(done)

    def _update_status(self) -> None:
        rt = self.session.rt
        self.read_only_banner.setVisible(bool(self.session.read_only_reason))
        reason = escape(self.session.read_only_reason, quote=False)
        self.read_only_banner.setText(f"<b>Read-only.</b> {reason}. You can read and export; edits are off."
                                      if reason else "")
        self._show_page()
        if rt is None:
            self.copy_label.setText("No roundtable open")
            self.file_label.setText("")
            self.unsent_label.setText("")
        else:
            self.copy_label.setText(rt.info.copy_label)
            self.file_label.setText(rt.path.name)
            self.file_label.setToolTip(str(rt.path))
            n = self.session.unsent
            where = "in a release" if rt.info.is_secretariat else "sent"
            self.unsent_label.setText(f"{n} change{'s' if n != 1 else ''} not yet {where}")
        writable = self.session.writable
        undo = rt.undo_label() if writable else None
        redo = rt.redo_label() if writable else None
        self.undo_action.setEnabled(undo is not None)
        self.undo_action.setText(f"&Undo {undo}" if undo else "&Undo")
        self.redo_action.setEnabled(redo is not None)
        self.redo_action.setText(f"&Redo {redo}" if redo else "&Redo")

    def _show_page(self) -> None:
        """The views once a file is open, the start page before; what needs a file waits for one."""
        has_file = self.session.rt is not None
        self.pages.setCurrentWidget(self.views_page if has_file else self.start_page)
        if has_file:  # the views were hidden behind the start page when the file opened: the current one loads now
            self.stack.currentWidget().bring_up_to_date()
        self.export_menu.setEnabled(has_file)
        for action in self.needs_file:
            action.setEnabled(has_file)
        self.panels.follow_view()

    def session_undo(self) -> None:
        if self.session.rt is not None:
            self.session.undo()

    def session_redo(self) -> None:
        if self.session.rt is not None:
            self.session.redo()

    def _recent(self) -> list[str]:
        """The recent files, absolute. Relative ones (saved by older versions) are resolved against the
        working folder if they are there, else dropped: they cannot be found from another folder."""
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):  # QSettings returns a lone string for one-item lists
            value = [value]
        paths = []
        for entry in value or []:
            if not entry:
                continue
            path = Path(entry).expanduser()
            if not path.is_absolute():
                if not path.exists():
                    continue
                path = path.resolve()
            if str(path) not in paths:
                paths.append(str(path))
        return paths

    def _forget_recent(self, path: str) -> None:
        self.settings.setValue("recent_files", [p for p in self._recent() if p != path])
        if self.settings.value("last_file") == path:
            self.settings.remove("last_file")
        self._update_recent_menu()

    def _update_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self._recent()
        for path in recent:
            self._action(self.recent_menu, path, lambda checked=False, p=path: self.open_recent(p))
        self.recent_menu.setEnabled(bool(recent))
        self.start_page.show_recent(recent)

    def about(self) -> None:
        QMessageBox.about(self, "About qroundtable",
                          "<b>qroundtable</b><p>Guiding principles, positions and consensus for international "
                          "roundtables, offline.</p><p>The demo roundtable's principles come from the NSTC report "
                          "of August 2024; its positions, amendments and action owners are invented for "
                          "illustration.</p>")

    # -- drag and drop, settings ---------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            sync_files = [f for f in files if is_sync_file(f)]
            if sync_files:  # snapshots or a release: previewed in the Sync view, nothing written yet
                self.show_view("sync").preview_files(sync_files)
            elif files[0].lower().endswith(".docx") and self.session.rt is not None:
                self.more.drafts.drop(files[0])  # a draft, or a delegation's marked-up copy: previewed first
            else:
                self.open_path(files[0])  # asks first about anything typed and not saved

    def _restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            available = self.screen().availableGeometry()
            self.setGeometry(first_geometry(available))
            if is_small(available):  # the window manager fits it, title bar and all
                self.setWindowState(Qt.WindowState.WindowMaximized)
        self.fit_to_screen()
        state = self.settings.value("window_state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.show_view(int(self.settings.value("view", 1)))

    def fit_to_screen(self) -> None:
        """A window saved on a larger screen (or an unplugged projector) comes back inside this one."""
        if self.isMaximized() or self.isFullScreen():
            return
        # restoreGeometry() already keeps a restored frame on a screen; this is for what it leaves over
        # (a window state restored as normal but wider than the screen it now opens on).
        fitted = clamped(self.geometry(), self.screen().availableGeometry())
        if fitted != self.geometry():
            self.setGeometry(fitted)

    # -- leaving a file ------------------------------------------------------------------------------

    def confirm_leave(self) -> bool:
        """Before another file or quitting: what is typed and unsaved is saved, dropped, or kept (False)."""
        job = self.session.long_job
        if job is not None and not job.done:
            self.session.report_error(f"“{job.label}” is still running: wait for it, or cancel it in the status "
                                      "bar, then try again")
            return False
        views = [v for v in self.views.values() if v.unsaved()]
        if not views:
            return True
        items = [item for v in views for item in v.unsaved()]
        answer = self.session.ask_unsaved(items, all(v.can_save_unsaved() for v in views))
        if answer == "cancel":
            return False
        for view in views:
            view.save_unsaved() if answer == "save" else view.discard_unsaved()
        return True

    def closeEvent(self, event) -> None:
        if not self.confirm_leave():
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.settings.setValue("view", self.sidebar.currentRow())
        self._drain()
        self.session.close()
        super().closeEvent(event)

    def _drain(self) -> None:
        """Every edit acknowledged on screen is written before the window goes (the window keeps painting)."""
        if self.session.idle:
            return
        dialog = QProgressDialog("Saving your last changes…", "", 0, 0, self)
        dialog.setCancelButton(None)
        loop = QEventLoop()

        def settled() -> None:
            if self.session.idle:
                loop.quit()
        self.session.queue_changed.connect(settled)
        QTimer.singleShot(300, lambda: self.session.idle or dialog.show())
        QTimer.singleShot(0, settled)
        loop.exec()
        self.session.queue_changed.disconnect(settled)
        dialog.close()
