"""The live tally of one principle: a consensus badge and a count per stance, big enough for a projector."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from ...model import PrincipleConsensus
from ...stances import NO_POSITION, STANCE_ORDER
from ..zoom import size_font
from ..style import (MUTED, NO_POSITION_COLOR, NO_POSITION_TEXT, STANCE_COLORS, STANCE_TEXT, STATUS_COLORS,
                     STATUS_TEXT, SWATCH_EDGE, set_ink, stance_label, stance_short, status_badge)
from .stance_legend import chip_style



class StanceTally(QWidget):
    """`✔ Agreed` in its colour, then `S Support 7`, …, `No position 2`, and who is missing or objecting."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.badge = QLabel()
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setMinimumHeight(44)
        layout.addWidget(self.badge)
        self.over = QLabel()
        self.over.setWordWrap(True)
        set_ink(self.over, MUTED)
        layout.addWidget(self.over)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.counts: dict[str, QLabel] = {}
        self.chips: list[QLabel] = []
        self.texts: list[QLabel] = [self.over]  # what grows with `set_scale`, besides the badge and counts
        for row, stance in enumerate(STANCE_ORDER):
            chip = QLabel(stance_short(stance))
            chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
            chip.setStyleSheet(chip_style(STANCE_COLORS[stance], STANCE_TEXT[stance]))
            grid.addWidget(chip, row, 0)
            self.chips.append(chip)
            name = QLabel(stance_label(stance))
            name.setWordWrap(True)  # "Support with amendments" in two lines rather than cut, in large type
            self.texts += [chip, name]
            grid.addWidget(name, row, 1)
            self.counts[stance.value] = self._count_label()
            grid.addWidget(self.counts[stance.value], row, 2)
        none_chip = QLabel("—")
        none_chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        none_chip.setStyleSheet(chip_style(NO_POSITION_COLOR, NO_POSITION_TEXT, border=SWATCH_EDGE))
        grid.addWidget(none_chip, len(STANCE_ORDER), 0)
        none_name = QLabel("No position (or stale)")
        self.texts += [none_chip, none_name]
        grid.addWidget(none_name, len(STANCE_ORDER), 1)
        self.counts[NO_POSITION] = self._count_label()
        grid.addWidget(self.counts[NO_POSITION], len(STANCE_ORDER), 2)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        set_ink(self.detail, MUTED)
        layout.addWidget(self.detail)
        self.texts.append(self.detail)
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        """Every line of the tally at `scale` × the application font (a projector wants 2× or more)."""
        for label in self.texts:
            size_font(label, scale=scale)
        for chip in self.chips:
            chip.setMinimumWidth(chip.fontMetrics().horizontalAdvance("S+A") + 16)
        for label in self.counts.values():
            size_font(label, scale=1.3 * scale, bold=True)
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("00") + 8)
        size_font(self.badge, scale=1.6 * scale, bold=True)
        self.badge.setMinimumHeight(self.badge.fontMetrics().height() + 16)

    @staticmethod
    def _count_label() -> QLabel:
        label = QLabel("0")
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return label

    def show_result(self, result: PrincipleConsensus | None, over: str) -> None:
        if result is None:
            self.badge.setText("—")
            self.badge.setStyleSheet("background: palette(alternate-base); border-radius: 6px;")
            for label in self.counts.values():
                label.setText("–")
            self.over.setText(over)
            self.detail.setText("")
            return
        self.badge.setText(status_badge(result.status) + (f"  (by {result.agreed_by})" if result.agreed_by else ""))
        self.badge.setStyleSheet(f"background: {STATUS_COLORS[result.status].name()};"
                                 f"color: {STATUS_TEXT[result.status].name()}; border-radius: 6px;"
                                 "padding: 6px;")
        self.badge.setToolTip(f"Consensus status of this principle, rule applied to {over}")
        for key, label in self.counts.items():
            label.setText(str(result.counts.get(key, 0)))
        self.over.setText(over)
        parts = []
        if result.objecting:
            parts.append(f"Objecting: {', '.join(result.objecting)}")
        if result.missing:
            parts.append(f"Still to hear: {', '.join(result.missing)}")
        self.detail.setText("<br>".join(parts))
