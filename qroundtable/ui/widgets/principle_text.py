"""The current text of one principle: bracket-highlighted editor, disputed wording, save as a new version."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from ...brackets import BracketReport
from ...model import Principle
from ...permissions import may_decide
from ...words import plural
from ..session import Session
from ..style import ERROR_INK, MUTED, readable_hex, set_ink
from ..zoom import size_font
from .bracket_highlighter import BracketHighlighter
from .version_history import format_timestamp

TEXT_POINT_SIZE = 12.0
BANNER = "background: #EAF2FB; border: 1px solid #B9D3EE; border-radius: 4px; padding: 8px; color: #1F3550;"


def disputes_html(report: BracketReport) -> str:
    """Each bracketed segment as a line: its alternatives, or the optional wording it holds."""
    if not report.segments:
        muted = readable_hex(MUTED, QPalette.ColorRole.AlternateBase)
        return (f'<span style="color:{muted};">Disputed wording is written in square brackets, '
                'e.g. [shall|should] or [to the extent possible].</span>')
    lines = []
    for s in report.segments:
        options = s.options
        indent = "&nbsp;" * 6 * (s.depth - 1)
        if len(options) == 1:
            what = f"<b>{escape(options[0]) or '(empty)'}</b> — optional wording: keep or drop"
        else:
            shown = " <i>or</i> ".join(f"<b>{escape(o) or '(nothing)'}</b>" for o in options)
            what = f"{shown} — choose one of {len(options)}"
        lines.append(f"{indent}• {what}")
    return "<br>".join(lines)


class TextPanel(QWidget):
    """The current text of one principle, editable, saved by the pen-holder as a new version."""

    propose_requested = Signal(str)  # the edited text, to offer as an amendment

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.principle: Principle | None = None
        self.drafts: dict[int, str] = {}  # unsaved edits per principle, kept while browsing others

        self.version_label = QLabel()
        self.version_label.setWordWrap(True)
        self.version_label.setTextFormat(Qt.TextFormat.RichText)
        set_ink(self.version_label, MUTED)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Principle text")
        size_font(self.editor, points=TEXT_POINT_SIZE)
        self.editor.setTabChangesFocus(True)
        self.editor.document().setDocumentMargin(10)
        self.highlighter = BracketHighlighter(self.editor.document())
        self.bracket_label = QLabel()
        self.bracket_label.setWordWrap(True)
        self.disputes = QLabel()
        self.disputes.setWordWrap(True)
        self.disputes.setTextFormat(Qt.TextFormat.RichText)
        self.disputes.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.disputes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.disputes.setContentsMargins(0, 0, 0, 0)
        disputes_box = QFrame()
        disputes_box.setObjectName("disputes")
        disputes_box.setStyleSheet("QFrame#disputes { background: palette(alternate-base);"
                                   " border: 1px solid palette(mid); border-radius: 4px; }")
        box_layout = QVBoxLayout(disputes_box)
        box_layout.setContentsMargins(10, 8, 10, 8)
        box_layout.addWidget(self.bracket_label)
        box_layout.addWidget(self.disputes)
        self.disputes_scroll = QScrollArea()
        self.disputes_scroll.setAccessibleName("Disputed wording")  # Tab stops here (to scroll): a name to say
        self.disputes_scroll.setWidgetResizable(True)
        self.disputes_scroll.setWidget(disputes_box)
        self.disputes_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.disputes_scroll.setMaximumHeight(170)
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Note on this version (what changed)")
        self.note_edit.setPlaceholderText("What changed and why (optional, kept with the version)")
        self.note_edit.setClearButtonEnabled(True)
        self.copy_banner = QLabel()
        self.copy_banner.setWordWrap(True)
        self.copy_banner.setStyleSheet(BANNER)

        self.save_button = QPushButton("Save as new version")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Throw away the edits and show the current text again")
        self.propose_button = QPushButton("Propose as amendment…")
        self.propose_button.setToolTip("Offer this wording as a delegation's amendment instead of a new version")
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.propose_button.clicked.connect(lambda: self.propose_requested.emit(self.editor.toPlainText()))
        self.editor.textChanged.connect(self._text_edited)

        note_row = QHBoxLayout()
        note_row.addWidget(QLabel("Note for this version:"))
        note_row.addWidget(self.note_edit, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.propose_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.copy_banner)
        layout.addWidget(self.version_label)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.disputes_scroll)
        layout.addLayout(note_row)
        layout.addLayout(buttons)

    @property
    def dirty(self) -> bool:
        return self.principle is not None and self.editor.toPlainText() != self.principle.text

    def show_principle(self, principle: Principle | None) -> None:
        """Show `principle`; an unsaved edit of the one shown before is kept for when it returns."""
        same = principle is not None and self.principle is not None and principle.id == self.principle.id
        if same:
            # The principle shown changed (a new version, a new title): keep an edit in
            # progress, the label then says it is unsaved against the newer text.
            keep_edit = self.dirty
            self.principle = principle
            if not keep_edit:
                self.editor.setPlainText(principle.text)
            self._update()
            return
        if self.principle is not None and self.dirty:
            self.drafts[self.principle.number] = self.editor.toPlainText()
        self.principle = principle
        self.editor.setPlainText(self.drafts.pop(principle.number, principle.text) if principle else "")
        self._update()

    def forget(self) -> None:
        """Drop the principle shown and every unsaved draft (another file was opened)."""
        self.principle = None
        self.drafts.clear()

    def save(self):
        """Save the text shown as a new version (queued; it stays in the editor until written)."""
        p = self.principle
        if self.session.rt is None or p is None:
            return None
        return self._save(p.number, self.editor.toPlainText(), self.note_edit.text())

    def _save(self, number: int, text: str, note: str):
        def saved(changes) -> None:
            rt = self.session.rt
            if rt is None:
                return
            if self.principle is not None and self.principle.number == number:
                self.note_edit.clear()
                self.principle = rt.principles.get(number)
                if self.editor.toPlainText() == text:
                    self.editor.setPlainText(self.principle.text)  # as stored (the core tidies whitespace)
                self._update()
            elif self.drafts.get(number) == text:
                del self.drafts[number]
            notice = rt.positions.stale_notice(number)
            if notice:
                self.session.announced.emit(notice)
        return self.session.apply(lambda rt: rt.principles.edit(number, text, note=note),
                                  f"New version of principle {number}").then(saved)

    # -- what is typed and not yet saved ------------------------------------------------------------

    def unsaved_numbers(self) -> list[int]:
        """Principles whose text was edited here and not saved: the one shown and the drafts kept."""
        numbers = sorted(self.drafts)
        if self.dirty and self.principle.number not in numbers:
            numbers.append(self.principle.number)
        return numbers

    def save_all(self) -> list:
        """Save every edited text, each as a new version."""
        pending = [self._save(n, t, "") for n, t in sorted(self.drafts.items())]
        if self.dirty:
            pending.append(self.save())
        return pending

    def discard_all(self) -> None:
        self.drafts.clear()
        self.revert()

    def revert(self) -> None:
        if self.principle is not None:
            self.drafts.pop(self.principle.number, None)
            self.editor.setPlainText(self.principle.text)

    def _text_edited(self) -> None:
        self._update()

    def _update(self) -> None:
        rt, p = self.session.rt, self.principle
        secretariat = rt is not None and may_decide(rt.info)
        read_only = rt.info.read_only if rt is not None else ""
        owner = rt.info.owner if rt is not None else ""
        self.copy_banner.setVisible(rt is not None and not secretariat)
        self.copy_banner.setText(f"{read_only}. The text can be read and copied, not changed." if read_only else
                                 f"This is {owner}'s copy. Only the secretariat, as pen-holder, saves new "
                                 "versions of the text; edit the wording here and propose it as an amendment.")
        self.editor.setReadOnly(bool(read_only))
        self.editor.setEnabled(p is not None)
        if p is None:
            self.version_label.setText("Select a principle in the list to read and edit its text.")
            self.bracket_label.setText("")
            self.disputes.setText("")
            for button in (self.save_button, self.revert_button, self.propose_button):
                button.setEnabled(False)
            self.note_edit.setEnabled(False)
            return
        v = p.current
        label = escape(f"Version {v.seq} by {v.author}, {format_timestamp(v.created_at)}")
        if v.note:
            label += escape(f" — “{v.note}”")
        if self.dirty:
            label += "&nbsp;&nbsp;·&nbsp;&nbsp;<b>unsaved changes</b>"
        self.version_label.setText(label)
        report = self.highlighter.report
        if report.warnings:
            self.bracket_label.setStyleSheet("font-weight: 600;")
            set_ink(self.bracket_label, ERROR_INK, QPalette.ColorRole.AlternateBase)
            self.bracket_label.setText("⚠ Unbalanced brackets: " + "; ".join(report.warnings))
        else:
            self.bracket_label.setStyleSheet("font-weight: 600;")
            set_ink(self.bracket_label, None)
            self.bracket_label.setText(f"Disputed wording: {plural(report.count, 'bracketed segment')}"
                                       if report.count else "No bracketed (disputed) wording")
        self.disputes.setText(disputes_html(report))
        dirty = self.dirty
        self.save_button.setEnabled(secretariat and dirty)
        self.note_edit.setEnabled(secretariat)
        if read_only:
            self.save_button.setToolTip(read_only)
        elif not secretariat:
            self.save_button.setToolTip(f"Only the secretariat's copy can save new versions of the text "
                                        f"(the pen-holder's task); this copy belongs to {owner}. "
                                        "Propose your wording as an amendment instead.")
        elif not dirty:
            self.save_button.setToolTip("Edit the text first; saving keeps every earlier version")
        else:
            self.save_button.setToolTip("Save the edited text as a new version; earlier versions are kept")
        self.revert_button.setEnabled(dirty)
        self.propose_button.setEnabled(rt is not None and not read_only)
