"""The side panel of the positions matrix: one cell's delegation, principle, stance, comment and history."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QTextBrowser,
                               QVBoxLayout, QWidget)

from ...model import Delegation, Position, Principle
from ...stances import STANCE_ORDER, Stance
from ..style import (MUTED, NO_POSITION_COLOR, NO_POSITION_TEXT, STALE_COLOR, STALE_TEXT, STANCE_COLORS,
                     STANCE_TEXT, SWATCH_EDGE, readable_hex, set_ink, stance_label, stance_short)
from ..zoom import size_font
from .stance_legend import chip_style

PANEL, BASE = QPalette.ColorRole.AlternateBase, QPalette.ColorRole.Base  # the panel, the history


class PositionPanel(QFrame):
    """Shows the current cell and lets its owner change the stance or the comment (Save).

    What is typed here is never dropped: the view saves it when another cell is chosen
    (see `PositionsView._current_changed`) and asks about it when the window closes.
    """

    save_requested = Signal(object, object, object, str)  # Delegation, Principle, Stance or None (withdraw), comment

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("positionPanel")
        # The theme's colours rather than a fixed light grey, under which a black theme's white text vanished.
        self.setStyleSheet("QFrame#positionPanel { background: palette(alternate-base);"
                           " border-left: 1px solid palette(mid); }")
        self.setMinimumWidth(280)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)

        self.delegation_label = QLabel()
        size_font(self.delegation_label, points=15, bold=True)
        self.principle_label = QLabel()
        self.principle_label.setWordWrap(True)
        size_font(self.principle_label, points=11)
        self.version_label = QLabel()
        set_ink(self.version_label, MUTED, PANEL)
        layout.addWidget(self.delegation_label)
        layout.addWidget(self.principle_label)
        layout.addWidget(self.version_label)

        stance_row = QHBoxLayout()
        self.stance_chip = QLabel()
        self.stance_chip.setMinimumWidth(40)
        self.stance_chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stance_text = QLabel()
        self.stance_text.setWordWrap(True)
        stance_row.addWidget(self.stance_chip)
        stance_row.addWidget(self.stance_text, 1)
        layout.addSpacing(4)
        layout.addLayout(stance_row)

        layout.addSpacing(6)
        layout.addWidget(_heading("Stance and comment"))
        self.stance_combo = QComboBox()
        # Item data are stance values and "" for none: PySide 6.12 hands back a stored None
        # without its reference, so None never goes in.
        self.stance_combo.addItem("No position", "")
        for number, stance in enumerate(STANCE_ORDER, start=1):
            self.stance_combo.addItem(f"{number}  {stance.label}", stance.value)
        layout.addWidget(self.stance_combo)
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setAccessibleName("Comment on this position")
        self.comment_edit.setPlaceholderText("Comment (e.g. ad referendum; instructions from capital awaited)")
        self.comment_edit.setFixedHeight(72)
        self.comment_edit.setTabChangesFocus(True)
        layout.addWidget(self.comment_edit)
        buttons = QHBoxLayout()
        self.read_only_label = QLabel()
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setStyleSheet("font-style: italic;")
        set_ink(self.read_only_label, MUTED, PANEL)
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        buttons.addWidget(self.read_only_label, 1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

        layout.addSpacing(6)
        layout.addWidget(_heading("History"))
        self.history = QTextBrowser()
        self.history.setAccessibleName("History of this position")  # it takes focus: a screen reader names it
        self.history.setOpenLinks(False)
        self.history.setStyleSheet("QTextBrowser { background: palette(base); border: 1px solid palette(mid); }")
        layout.addWidget(self.history, 1)

        self.comment_edit.textChanged.connect(self._touch)
        self.stance_combo.currentIndexChanged.connect(self._touch)
        self._touched = False  # a person changed the stance or comment shown (never set by showing a cell)
        self._position: Position | None = None
        self.cell: tuple[Delegation, Principle] | None = None  # the cell shown
        self._editable = False
        self.show_nothing()

    # -- showing a cell -------------------------------------------------------------------------

    def show_nothing(self) -> None:
        self.delegation_label.setText("No cell selected")
        self.principle_label.setText("Click a cell, or move with the arrow keys. Keys 1–5 record a stance for "
                                     "every selected cell, Delete withdraws it, Enter opens the editor.")
        self.version_label.setText("")
        self.stance_chip.hide()
        self.stance_text.setText("")
        self._position = None
        self.cell = None
        self._touched = False
        self._set_editable(False, "")
        self.comment_edit.setPlainText("")
        self.history.clear()

    def show_cell(self, delegation: Delegation, principle: Principle, position: Position | None,
                  history: list[dict], editable: bool, read_only_reason: str = "") -> None:
        self.delegation_label.setText(f"{delegation.name} ({delegation.code})")
        self.principle_label.setText(f"<b>P{principle.number}</b> — {_html(principle.title)}")
        self.version_label.setText(f"Current text: version {principle.current.seq}")
        self._position = position
        self.cell = (delegation, principle)
        self._touched = False
        if position is None:
            self.stance_chip.setText("—")
            self.stance_chip.setStyleSheet(chip_style(NO_POSITION_COLOR, NO_POSITION_TEXT, border=SWATCH_EDGE))
            self.stance_text.setText("No position recorded")
        elif position.stale:
            self.stance_chip.setText(stance_short(position.stance) + "*")
            self.stance_chip.setStyleSheet(chip_style(STALE_COLOR, STALE_TEXT, italic=True, border=SWATCH_EDGE))
            self.stance_text.setText(f"{stance_label(position.stance)} — <i>stale: given on version "
                                     f"{position.version_seq}, counts as no position</i>")
        else:
            self.stance_chip.setText(stance_short(position.stance))
            self.stance_chip.setStyleSheet(chip_style(STANCE_COLORS[position.stance], STANCE_TEXT[position.stance]))
            self.stance_text.setText(f"<b>{stance_label(position.stance)}</b>")
        self.stance_chip.show()
        self.stance_combo.blockSignals(True)
        self.stance_combo.setCurrentIndex(0 if position is None else STANCE_ORDER.index(position.stance) + 1)
        self.stance_combo.blockSignals(False)
        self.comment_edit.blockSignals(True)
        self.comment_edit.setPlainText(position.comment if position else "")
        self.comment_edit.blockSignals(False)
        self._set_editable(editable, read_only_reason)
        self._fill_history(history)

    def _fill_history(self, history: list[dict]) -> None:
        if not history:
            self.history.setHtml(f"<p style='color:{readable_hex(MUTED, BASE)}'>No stance given yet.</p>")
            return
        rows, muted = [], readable_hex(MUTED, BASE)
        for entry in reversed(history):  # newest first: what the chair asks about is the latest change
            stance = Stance(entry["stance"]) if entry["stance"] else None
            when = (entry["recorded_at"] or "").replace("T", " ")[:16]
            if stance is None:
                chip = f"<span style='color:{muted}'><i>withdrawn</i></span>"
            else:
                chip = (f"<span style='background:{STANCE_COLORS[stance].name()};color:{STANCE_TEXT[stance].name()};"
                        f"font-weight:bold'>&nbsp;{stance_short(stance)}&nbsp;</span> {stance_label(stance)}")
            version = f" · text v{entry['version_seq']}" if entry.get("version_seq") else ""
            meta = f"<span style='color:{muted}'>{when} UTC{version} · by {_html(entry['recorded_by'] or '?')}</span>"
            comment = f"<br>“{_html(entry['comment'])}”" if entry["comment"] else ""
            rows.append(f"<p style='margin:0 0 8px 0'>{chip}<br>{meta}{comment}</p>")
        self.history.setHtml("".join(rows))

    def _set_editable(self, editable: bool, reason: str) -> None:
        self._editable = editable
        self.stance_combo.setEnabled(editable)
        self.comment_edit.setReadOnly(not editable)
        self.read_only_label.setText("" if editable else reason)
        self._update_save()

    # -- saving -------------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Something a person chose or typed here that the file does not hold yet."""
        return self._touched and self._editable and self.cell is not None and self._dirty()

    def _touch(self, *args) -> None:
        self._touched = True
        self._update_save()

    def mark_saved(self) -> None:
        """What is shown went to the writer (with a stance keyed for this cell): nothing left to save."""
        self._touched = False
        self._update_save()

    def _dirty(self) -> bool:
        stance = self.chosen_stance()
        comment = self.comment_edit.toPlainText().strip()
        if self._position is None:
            return stance is not None
        return (stance != self._position.stance or comment != self._position.comment
                or (self._position.stale and stance is not None))

    def _update_save(self, *args) -> None:
        self.save_button.setEnabled(self._editable and self._dirty())

    def _save(self) -> None:
        # The Save button also restates a stale stance unchanged; leaving the cell saves only what was changed.
        if self._editable and self.cell is not None and self._dirty():
            d, p = self.cell
            self._touched = False
            self.save_requested.emit(d, p, self.chosen_stance(), self.comment())

    def save(self) -> bool:
        """Ask for what a person changed here to be saved (False when there is nothing to save)."""
        if not self.dirty:
            return False
        self._save()
        return True

    def matches(self, position: Position | None) -> bool:
        """Whether `position` holds what the panel shows (a save that has arrived)."""
        if position is None:
            return self.chosen_stance() is None
        return position.stance == self.chosen_stance() and position.comment == self.comment() and not position.stale

    def comment(self) -> str:
        return self.comment_edit.toPlainText().strip()

    def chosen_stance(self) -> Stance | None:
        index = self.stance_combo.currentIndex()
        return STANCE_ORDER[index - 1] if index > 0 else None


def _heading(text: str) -> QLabel:
    label = QLabel(text.upper())
    label.setStyleSheet("letter-spacing: 1px;")
    set_ink(label, MUTED, PANEL)
    size_font(label, points=8, bold=True)
    return label


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
