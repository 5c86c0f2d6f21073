"""What an import would do, file by file, before anything is written; and the button that does it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea, QStackedWidget,
                               QTextBrowser, QVBoxLayout, QWidget)

from ...sync.model import FileReport, ImportReport
from ...words import plural
from .sync_values import when
from .tables import read_only_item, read_only_table

HEADERS = ["File", "From", "Number", "Signature", "Changes", "Would apply", "Unchanged", "Conflicts", "Rejected",
           "Outcome"]
REFUSED_COLOR = QColor("#FFE3E0")
DONE_COLOR = QColor("#EEEEEE")
MERGEABLE = ("would merge", "merged")


def signature_text(f: FileReport) -> str:
    if f.signature_valid:
        return "✔ Valid"
    if f.status == "already imported":
        return "— (seen before)"
    return "✖ Invalid or unknown"


def outcome_text(f: FileReport) -> str:
    if f.status in MERGEABLE:
        return "Would import" if f.status == "would merge" else "Imported"
    if f.status == "already imported":
        return "Already imported: nothing to do"
    return f"Refused: {f.reason}"


class ImportPreview(QWidget):
    """A table of the files about to be imported, the selected file's details, and Apply."""

    apply_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.read_only = ""  # why this copy cannot apply an import ('' when it can)
        self.report: ImportReport | None = None
        self.table = read_only_table(HEADERS)
        self.table.setAccessibleName("What the import would change")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((150, 60, 90, 150, 70, 90, 85, 75, 75)):
            header.resizeSection(col, width)
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setMinimumHeight(96)  # more when the screen has it: the table and details share by stretch
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(24)
        self.empty.setStyleSheet("color: #5B6675; background: white; border: 1px dashed #AEB7C2; font-size: 11pt;")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.clear_button = QPushButton("Clear")
        self.clear_button.clicked.connect(self.clear)
        self.apply_button = QPushButton("Apply import")
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply_requested)

        filled = QWidget()
        filled_layout = QVBoxLayout(filled)
        filled_layout.setContentsMargins(0, 0, 0, 0)
        filled_layout.addWidget(self.table, 3)
        filled_layout.addWidget(self.details, 2)
        # The guide scrolls rather than make the window taller than a small screen.
        empty_area = QScrollArea()
        empty_area.setAccessibleName("How to import snapshots")  # Tab stops here (to scroll): a name to say
        empty_area.setWidgetResizable(True)
        empty_area.setFrameShape(QFrame.Shape.NoFrame)
        empty_area.setWidget(self.empty)
        self.stack = QStackedWidget()
        self.stack.addWidget(empty_area)
        self.stack.addWidget(filled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.set_empty_text("")
        self.clear()

    def set_empty_text(self, text: str) -> None:
        self.empty.setText(text)

    # -- contents ------------------------------------------------------------------------------

    def clear(self) -> None:
        self.report = None
        self.table.setRowCount(0)
        self.details.clear()
        self.summary.setText("")
        self.stack.setCurrentIndex(0)
        self._update_buttons()

    def show_report(self, report: ImportReport) -> None:
        self.report = report
        self.table.setRowCount(0)
        self.table.setRowCount(len(report.files))
        for row, f in enumerate(report.files):
            release = f.kind == "release"
            number = f"{f.kind} {f.sequence}" if f.sequence else f.kind or "—"
            cells = [
                read_only_item(f.name, f.path), read_only_item(f.delegation or "?"), read_only_item(number),
                read_only_item(signature_text(f), f"key {f.fingerprint}" if f.fingerprint else ""),
                read_only_item(f"{f.entries} rows" if release else str(f.entries), align_right=True),
                *[read_only_item(str(n) if f.status in MERGEABLE else "", align_right=True)
                  for n in (f.applied, f.unchanged, f.conflicts, len(f.rejected))],
                read_only_item(outcome_text(f), f.reason),
            ]
            for col, item in enumerate(cells):
                if f.status == "rejected":
                    item.setBackground(REFUSED_COLOR)
                elif f.status == "already imported":
                    item.setBackground(DONE_COLOR)
                self.table.setItem(row, col, item)
        self.summary.setText(self._summary(report))
        self.stack.setCurrentIndex(1)
        if report.files:
            self.table.selectRow(0)
        self._update_buttons()

    def files_to_apply(self) -> list[str]:
        """The files the import would merge; refused and already imported ones are left out."""
        if self.report is None or not self.report.dry_run:
            return []
        return [f.path for f in self.report.files if f.status == "would merge"]

    def set_read_only(self, reason: str) -> None:
        """A copy that cannot be written still previews; it cannot apply (`reason` says why; '' when it can)."""
        self.read_only = reason
        self.apply_button.setToolTip(reason)
        self._update_buttons()

    def _update_buttons(self) -> None:
        n = len(self.files_to_apply())
        self.apply_button.setEnabled(n > 0 and not self.read_only)
        self.apply_button.setText(f"Apply import of {plural(n, 'file')}" if n else "Apply import")
        self.clear_button.setEnabled(self.report is not None)

    @staticmethod
    def _summary(report: ImportReport) -> str:
        mergeable = [f for f in report.files if f.status in MERGEABLE]
        refused = sum(1 for f in report.files if f.status == "rejected")
        if len(mergeable) == 1 and mergeable[0].kind == "release":
            f = mergeable[0]
            text = (f"{'Would take' if report.dry_run else 'Took'} release {f.sequence} and "
                    f"{'keep' if report.dry_run else 'kept'} {plural(f.applied, 'change')} of this copy's own on "
                    f"top; {plural(f.conflicts, 'conflict')}.")
            if f.overrides:  # no clash, but never silent: the details below name each
                text += (f" <b>The secretariat's release {'sets' if report.dry_run else 'set'} "
                         f"{len(f.overrides) if len(f.overrides) > 1 else 'one'} of your own values otherwise</b> "
                         "(listed below).")
            return text + (" Nothing has been written yet." if report.dry_run else "")
        rejected = sum(len(f.rejected) for f in mergeable)
        parts = [f"{'Would apply' if report.dry_run else 'Applied'} {plural(report.applied, 'change')} "
                 f"from {plural(len(mergeable), 'file')}",
                 plural(report.conflicts, "conflict"), f"{rejected} rejected"]
        if refused:
            parts.append(f"{plural(refused, 'file')} refused")
        if report.already_imported:
            parts.append(f"{report.already_imported} already imported")
        text = "; ".join(parts) + "."
        for wait in report.waiting:  # a lost file blocks its sender's later ones: say whose and which
            said = escape(wait.text[:1].upper() + wait.text[1:], quote=False)
            text += f" <b>{said}</b>: ask {escape(wait.delegation)} to send it again (Sync ▸ Send a snapshot again)."
        return text + (" Nothing has been written yet." if report.dry_run else "")

    def _show_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if self.report is None or not rows:
            self.details.clear()
            return
        self.details.setHtml(file_details_html(self.report.files[rows[0].row()]))


def file_details_html(f: FileReport) -> str:
    """One file in sentences: what it is, whether its signature holds, and what becomes of each change."""
    title = f"<b>{escape(f.name)}</b>"
    if f.sequence:
        who = "the secretariat" if f.kind == "release" else escape(f.delegation)
        made = f", made {escape(when(f.created_at))}" if f.created_at else ""
        title += f" — {f.kind} {f.sequence} from {who}{made}"
    lines = [f"<p>{title}</p>"]
    if f.signature_valid:
        lines.append(f"<p>✔ The signature is valid: signed with {escape(f.delegation)}'s trusted key "
                     f"<tt>{escape(f.fingerprint)}</tt>.</p>")
    if f.status == "rejected":
        lines.append(f'<p style="color:#9A1B00;"><b>✖ This file will not be imported:</b> {escape(f.name)} '
                     f"{escape(f.reason)}.</p>")
        return "".join(lines)
    if f.status == "already imported":
        lines.append("<p>This file was imported before; importing it again changes nothing.</p>")
        return "".join(lines)
    if f.kind == "release":
        lines.append(f"<p>The release replaces this copy's data ({f.entries} rows). Of this copy's own edits, "
                     f"{f.applied} would be replayed on top, {f.unchanged} are already in it and {f.conflicts} "
                     "clash with the release and become conflicts for you to decide.</p>")
        if f.overrides:
            items = "".join(f"<li>{escape(o.text, quote=False)}</li>" for o in f.overrides)
            lines.append(f"<p><b>Your own values the secretariat set otherwise</b> (they change with this release; "
                         f"record your position again if it still stands):</p><ul>{items}</ul>")
        return "".join(lines)
    lines.append(f"<p>Of its {plural(f.entries, 'change')}: <b>{f.applied} would apply</b>, {f.unchanged} "
                 f"already match the master, <b>{plural(f.conflicts, 'conflict')}</b> (the master keeps its value "
                 f"until someone decides, under Conflicts), <b>{len(f.rejected)} rejected</b>.</p>")
    if f.rejected:
        items = "".join(f"<li>{escape(r.change or '')}: {escape(r.reason)}</li>" for r in f.rejected[:200])
        more = f"<p>… and {len(f.rejected) - 200} more.</p>" if len(f.rejected) > 200 else ""
        lines.append(f"<p>Rejected, and why (the rest still applies):</p><ul>{items}</ul>{more}")
    return "".join(lines)
