"""The dialogs of File ▸ Export: the Word readout and the positions matrix (Excel or CSV).

Both write in a process of their own, waited for by the session's writer (the window
keeps painting and Cancel works), never replace a file without asking first, and then
offer to open what they wrote.
A read-only roundtable exports all the same.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QGridLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget)

from ..permissions import may_decide
from .session import Session
from .style import MUTED, set_ink
from .tasks import wait_with_progress

ALL_DELEGATIONS = ""  # combo data for "no meeting": None does not survive a round trip through Qt everywhere

SECTION_LABELS = {
    "cover": "Cover page",
    "participants": "Participants",
    "summary": "Chair's summary (agenda, outcomes, next steps)",
    "consensus": "Consensus table",
    "principles": "Principles and positions",
    "floor": "Votes and speaking time",
    "matrix": "Positions matrix",
    "chart": "Stances per principle (chart)",
    "progress": "Negotiation progress",
    "actions": "Action items",
}


class ExportDialog(QDialog):
    """What both exports share: a meeting, a file to write, and OK running the work off the UI thread."""

    window_title = ""
    ok_text = "Export"
    file_filter = ""
    work_title = ""
    writes = False  # whether the work writes to the roundtable too (a read-only file refuses it then)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.window_title)
        self.setMinimumWidth(640)
        # Seams tests replace: a yes/no question, the offer to open a finished file, opening a URL.
        self.ask: Callable[[str], bool] = self._ask
        self.offer_open: Callable[[Path], None] = self._offer_open
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.written: Path | None = None

        self.meeting = QComboBox()
        self.meeting.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.meeting.setMinimumContentsLength(36)
        self.path = QLineEdit()
        self.path.textChanged.connect(self.path.setToolTip)  # the whole path, however narrow the field
        self._default_text = ""  # the last default we filled in; any other text is a person's choice
        self.choose = QPushButton("Choose…")
        self.choose.clicked.connect(self._choose_path)
        self.where = QHBoxLayout()
        self.where.addWidget(self.path, 1)
        self.where.addWidget(self.choose)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

    # -- the meeting --------------------------------------------------------------------

    def _fill_meetings(self, all_first: bool, all_label: str, selected: str | None) -> None:
        meetings = sorted(self.session.rt.meetings.list(), key=lambda m: m.date, reverse=True)
        items = [(f"{m.date} — {m.title}", m.id) for m in meetings]
        everyone = (all_label, ALL_DELEGATIONS)
        for text, data in ([everyone, *items] if all_first else [*items, everyone]):
            self.meeting.addItem(text, data)
        self.meeting.setCurrentIndex(max(self.meeting.findData(selected or ALL_DELEGATIONS), 0))
        self.meeting.currentIndexChanged.connect(self._meeting_changed)

    def meeting_id(self) -> str | None:
        return self.meeting.currentData() or None

    def _meeting_changed(self) -> None:
        if not self._path_chosen():
            self._fill_default_path()

    # -- the output file -----------------------------------------------------------------

    def export_folder(self) -> Path:
        """Where files go unless a person says otherwise: `exports/` beside the roundtable file."""
        return self.session.path.parent / "exports"

    def default_path(self) -> Path:
        raise NotImplementedError

    def suffix(self) -> str:
        raise NotImplementedError

    def _path_chosen(self) -> bool:
        """Whether a person typed or picked the file: then changing the meeting or format leaves it alone."""
        return self.path.text() != self._default_text

    def _fill_default_path(self) -> None:
        self._default_text = str(self.default_path())
        self.path.setText(self._default_text)

    def _choose_path(self) -> None:
        # We ask about replacing a file ourselves, on OK, for typed names too: the file dialog must not ask first.
        path, _ = QFileDialog.getSaveFileName(self, self.window_title, self.path.text(), self.file_filter,
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.path.setText(path)

    def output_path(self) -> Path | None:
        text = self.path.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.session.path.parent / path
        if path.suffix.lower() != self.suffix():
            path = path.with_name(path.name + self.suffix())
        return path

    # -- running it ------------------------------------------------------------------------

    def problem(self) -> str | None:
        """Why the export cannot start as filled in, or None."""
        return None

    def work(self, out: Path, replace: bool) -> tuple[str, dict]:
        """The long work (`long_work.JOBS`) and its plain values: done in a process of its own, never touching
        a widget."""
        raise NotImplementedError

    def accept(self) -> None:
        out = self.output_path()
        problem = self.problem() or (None if out else "choose a file to write")
        if problem:
            self.session.report_error(problem)
            return
        replace = out.exists()
        if replace:
            if out.is_dir():
                self.session.report_error(f"{out} is a folder; choose a file name")
                return
            if not self.ask(f"{out.name} already exists in {out.parent}.\n\nReplace it?"):
                return
        self.buttons.setEnabled(False)  # one export at a time
        try:
            job, values = self.work(out, replace)
            pending = self.session.run_apart(self.work_title, job, writes=self.writes, **values)
            written = wait_with_progress(self, self.session, pending)
        finally:
            self.buttons.setEnabled(True)
        if written is None:  # cancelled, or failed and already reported: the dialog stays for another try
            return
        self.written = Path(written)
        super().accept()
        self.offer_open(self.written)

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.window_title, question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _offer_open(self, path: Path) -> None:
        # A relative URL opens nothing (the desktop's file manager has another working folder): absolute only.
        path = Path(path).resolve()
        box = QMessageBox(QMessageBox.Icon.Information, self.window_title, f"Wrote {path.name}",
                          parent=self.parentWidget())
        box.setInformativeText(str(path.parent))
        open_file = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
        open_folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(open_file)
        box.exec()
        if box.clickedButton() is open_file:
            self.open_url(QUrl.fromLocalFile(str(path)))
        elif box.clickedButton() is open_folder:
            self.open_url(QUrl.fromLocalFile(str(path.parent)))


def _hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    set_ink(label, MUTED)
    return label


class ReadoutDialog(ExportDialog):
    """The Word readout of a meeting: which meeting, which sections, the header marking, where."""

    window_title = "Export readout (Word)"
    ok_text = "Write readout"
    file_filter = "Word documents (*.docx)"
    work_title = "Writing the readout"

    def __init__(self, session: Session, parent: QWidget | None = None):
        # The readout pulls in python-docx and its chart code: load it when asked for, not with the window.
        from ..readout import DEFAULT_MARKING, SECTIONS

        super().__init__(session, parent)
        latest = session.rt.meetings.latest()
        self._fill_meetings(False, "No meeting — all delegations", latest.id if latest else None)
        self.sections: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        rows = (len(SECTIONS) + 1) // 2
        for i, name in enumerate(SECTIONS):
            box = QCheckBox(SECTION_LABELS.get(name, name.replace("_", " ").capitalize()))
            box.setChecked(True)
            self.sections[name] = box
            grid.addWidget(box, i % rows, i // rows)
        self.marking = QLineEdit(DEFAULT_MARKING)
        self.marking.setPlaceholderText("printed in every page header, e.g. DRAFT — for delegations only")
        self.author = QLineEdit()
        info = session.rt.info
        self.author.setPlaceholderText(f"optional — by default {info.owner}")
        self._fill_default_path()

        self.form.addRow("Meeting", self.meeting)
        self.form.addRow("Sections", grid)
        self.form.addRow("Header marking", self.marking)
        self.form.addRow("Author", self.author)
        self.form.addRow("Save as", self.where)
        self.form.addRow("", _hint("Private notes never appear in a readout."))
        self.form.addRow(self.buttons)

    def suffix(self) -> str:
        return ".docx"

    def default_path(self) -> Path:
        from ..readout import default_readout_path

        return default_readout_path(self.session.rt, self.meeting_id(), folder=self.export_folder())

    def chosen_sections(self) -> frozenset[str]:
        return frozenset(name for name, box in self.sections.items() if box.isChecked())

    def problem(self) -> str | None:
        return None if self.chosen_sections() else "choose at least one section for the readout"

    def options(self):
        from ..readout import ReadoutOptions

        return ReadoutOptions(meeting=self.meeting_id(), sections=self.chosen_sections(),
                              marking=self.marking.text().strip(), author=self.author.text().strip() or None)

    def work(self, out: Path, replace: bool) -> tuple[str, dict]:
        return "write_readout", {"out": str(out), "options": self.options()}


class MatrixExportDialog(ExportDialog):
    """The positions matrix as an Excel workbook (matrix, consensus, action items) or a CSV file."""

    window_title = "Export positions matrix"
    work_title = "Writing the positions matrix"
    FORMATS = (("xlsx", "Excel workbook (.xlsx)",
                "Three sheets: Positions in the app's colours with a legend, Consensus, and Action items."),
               ("csv", "CSV (.csv)",
                "The matrix alone: a row per delegation, a column per principle (P1, P2, …); stale stances "
                "read e.g. \"support (stale)\".")
               )

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.format = QComboBox()
        for fmt, label, _ in self.FORMATS:
            self.format.addItem(label, fmt)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.about = _hint()
        self._fill_meetings(True, "All delegations", session.meeting_id)
        self._fill_default_path()
        self._format_changed()

        self.form.addRow("Format", self.format)
        self.form.addRow("", self.about)
        self.form.addRow("Delegations", self.meeting)
        self.form.addRow("Save as", self.where)
        self.form.addRow(self.buttons)

    @property
    def file_filter(self) -> str:
        return "Excel workbooks (*.xlsx)" if self.fmt() == "xlsx" else "CSV files (*.csv)"

    def fmt(self) -> str:
        return self.format.currentData()

    def suffix(self) -> str:
        return f".{self.fmt()}"

    def _fill_meetings(self, all_first: bool, all_label: str, selected: str | None) -> None:
        super()._fill_meetings(all_first, all_label, selected)
        for i in range(self.meeting.count()):
            if self.meeting.itemData(i):
                self.meeting.setItemText(i, f"Attendees of {self.meeting.itemText(i)}")

    def _format_changed(self) -> None:
        self.about.setText(next(about for fmt, _, about in self.FORMATS if fmt == self.fmt()))
        text = self.path.text()
        other = ".csv" if self.fmt() == "xlsx" else ".xlsx"
        if not self._path_chosen():
            self._fill_default_path()
        elif text.lower().endswith(other):
            self.path.setText(text[: -len(other)] + self.suffix())

    def default_path(self) -> Path:
        from ..spreadsheet import default_matrix_path

        return default_matrix_path(self.session.rt, self.meeting_id(), self.fmt(), folder=self.export_folder())

    def work(self, out: Path, replace: bool) -> tuple[str, dict]:
        return "export_matrix", {"out": str(out), "fmt": self.fmt(), "meeting": self.meeting_id(),
                                 "overwrite": replace}


class TextExportDialog(ExportDialog):
    """The negotiation text in Word: a new revision issued now, or one issued before; clean or as a redline."""

    window_title = "Export the negotiation text"
    work_title = "Writing the negotiation text"
    file_filter = "Word documents (*.docx)"

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(session, parent)
        rt = session.rt
        self.revisions = rt.revisions.list()
        following = len(self.revisions) + 1
        self.revision = QComboBox()
        self.revision.setAccessibleName("Revision")
        if may_decide(rt.info):
            self.revision.addItem(f"Issue Rev.{following} now: the texts as they stand", None)
        for r in reversed(self.revisions):
            self.revision.addItem(f"{r.name}, issued {r.issued_at[:10]}", r.number)
        self.redline = QComboBox()
        self.redline.setAccessibleName("Redline from")
        self.redline.addItem("No redline: a clean text", None)
        for r in reversed(self.revisions):
            self.redline.addItem(f"Changes since {r.name}, as tracked changes", r.number)
        if self.revisions:  # the usual case: Rev.N+1 as a redline from the last one
            self.redline.setCurrentIndex(1)
        self.about = _hint("Issuing records which version of each principle the revision holds; the document "
                           "names its roundtable and revision, so a delegation's marked-up copy can be traced back.")
        self.revision.currentIndexChanged.connect(self._revision_changed)
        self._fill_default_path()
        self.form.addRow("Revision", self.revision)
        self.form.addRow("Redline", self.redline)
        self.form.addRow("", self.about)
        self.form.addRow("Save as", self.where)
        self.form.addRow(self.buttons)

    @property
    def writes(self) -> bool:
        return self.revision.currentData() is None  # issuing a revision records it in the file

    def _revision_changed(self) -> None:
        if not self._path_chosen():
            self._fill_default_path()

    def suffix(self) -> str:
        return ".docx"

    def default_path(self) -> Path:
        from ..readout import _slug

        number = self.revision.currentData() or len(self.revisions) + 1
        return self.export_folder() / f"{_slug(self.session.rt.info.title)}-rev{number}.docx"

    def problem(self) -> str | None:
        if self.revision.currentData() is None and self.revision.count() == 0:
            return "only the secretariat's copy issues revisions, and none has been issued yet"
        if self.redline.currentData() is not None and self.redline.currentData() == self.revision.currentData():
            return "a redline compares two different revisions: choose an earlier one"
        return None

    def work(self, out: Path, replace: bool) -> tuple[str, dict]:
        return "export_text", {"out": str(out), "rev": self.revision.currentData(),
                               "redline_from": self.redline.currentData(), "overwrite": replace}
