"""The live tally of one principle: a consensus badge and a count per stance, big enough for a projector."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from ...model import PrincipleConsensus
from ...stances import NO_POSITION, STANCE_ORDER
from ..style import (NO_POSITION_COLOR, NO_POSITION_TEXT, STANCE_COLORS, STANCE_TEXT, STATUS_COLORS, STATUS_TEXT,
                     SWATCH_EDGE, stance_label, stance_short, status_badge)
from .stance_legend import chip_style

MUTED = "#5F6B7A"


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
        self.over.setStyleSheet(f"color: {MUTED};")
        layout.addWidget(self.over)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.counts: dict[str, QLabel] = {}
        for row, stance in enumerate(STANCE_ORDER):
            chip = QLabel(stance_short(stance))
            chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
            chip.setMinimumWidth(42)
            chip.setStyleSheet(chip_style(STANCE_COLORS[stance], STANCE_TEXT[stance]))
            grid.addWidget(chip, row, 0)
            grid.addWidget(QLabel(stance_label(stance)), row, 1)
            self.counts[stance.value] = self._count_label()
            grid.addWidget(self.counts[stance.value], row, 2)
        none_chip = QLabel("—")
        none_chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        none_chip.setStyleSheet(chip_style(NO_POSITION_COLOR, NO_POSITION_TEXT, border=SWATCH_EDGE))
        grid.addWidget(none_chip, len(STANCE_ORDER), 0)
        grid.addWidget(QLabel("No position (or stale)"), len(STANCE_ORDER), 1)
        self.counts[NO_POSITION] = self._count_label()
        grid.addWidget(self.counts[NO_POSITION], len(STANCE_ORDER), 2)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet(f"color: {MUTED};")
        layout.addWidget(self.detail)

    @staticmethod
    def _count_label() -> QLabel:
        label = QLabel("0")
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setMinimumWidth(28)
        label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        return label

    def show_result(self, result: PrincipleConsensus | None, over: str) -> None:
        if result is None:
            self.badge.setText("—")
            self.badge.setStyleSheet("background: #EEF1F5; border-radius: 6px; font-size: 16pt;")
            for label in self.counts.values():
                label.setText("–")
            self.over.setText(over)
            self.detail.setText("")
            return
        self.badge.setText(status_badge(result.status) + ("  (by silence)" if result.by_silence else ""))
        self.badge.setStyleSheet(f"background: {STATUS_COLORS[result.status].name()};"
                                 f"color: {STATUS_TEXT[result.status].name()}; border-radius: 6px;"
                                 "font-size: 16pt; font-weight: bold; padding: 6px;")
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
