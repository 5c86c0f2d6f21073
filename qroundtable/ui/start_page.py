"""What the window shows before a roundtable file is open: what the app is for, and ways to open one.

The views need a file; rather than empty grids and greyed forms, a first start says what qroundtable
does and offers the demo, a new roundtable, a file, or one of the recent files (missing ones marked).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from .style import MUTED, readable, set_ink

PURPOSE = ("qroundtable keeps an international roundtable's guiding principles, each delegation's position on "
           "them, consensus, action items and meetings — offline, in one file on this computer. Delegations send "
           "their changes to the secretariat as signed snapshots.")
MISSING = " — missing"


class StartPage(QWidget):
    """Open the demo, New roundtable…, Open…, and the recent files by their full paths."""

    demo_requested = Signal()
    new_requested = Signal()
    open_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startPage")
        heading = QLabel("Welcome to qroundtable")
        heading.setStyleSheet("font-size: 18pt; font-weight: 600;")
        heading.setWordWrap(True)
        purpose = QLabel(PURPOSE)
        purpose.setWordWrap(True)
        purpose.setStyleSheet("font-size: 11pt;")

        self.demo_button = QPushButton("Open the &demo roundtable")
        self.demo_button.setToolTip("The 2023 quantum roundtable, with invented positions to try things out")
        self.new_button = QPushButton("&New roundtable…")
        self.open_button = QPushButton("&Open…")
        self.demo_button.clicked.connect(self.demo_requested)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.setFocusProxy(self.demo_button)  # Enter or Space opens the demo on a first start
        buttons = QHBoxLayout()
        for button in (self.demo_button, self.new_button, self.open_button):
            button.setMinimumHeight(34)
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.recent_heading = QLabel("<b>Recent files</b>")
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent files")
        self.recent.setFrameShape(QFrame.Shape.StyledPanel)
        self.recent.setStyleSheet("QListWidget::item { padding: 5px 4px; }")
        self.recent.itemActivated.connect(lambda item: self.recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.no_recent = QLabel("No recent files yet.")
        set_ink(self.no_recent, MUTED)

        content = QWidget()
        content.setMaximumWidth(760)  # readable lines on a wide screen
        layout = QVBoxLayout(content)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(14)
        layout.addWidget(heading)
        layout.addWidget(purpose)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addWidget(self.recent_heading)
        layout.addWidget(self.recent)
        layout.addWidget(self.no_recent)
        layout.addStretch(1)  # the page reads from the top; free room stays below
        centred = QHBoxLayout()
        centred.addWidget(content, 0, Qt.AlignmentFlag.AlignHCenter)
        holder = QWidget()
        holder.setLayout(centred)
        # On a very small screen (or at a large text size) the page scrolls rather than push the window wide.
        area = QScrollArea()
        area.setAccessibleName("Welcome")  # Tab stops here (to scroll): a name to say
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(holder)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(area)

    def show_recent(self, paths: list[str]) -> None:
        """Each recent file by its absolute path; one that is no longer there says so."""
        self.recent.clear()
        for path in paths:
            missing = not Path(path).exists()
            item = QListWidgetItem(path + (MISSING if missing else ""))
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip("This file is no longer there" if missing else f"Open {path}")
            if missing:
                item.setForeground(readable(MUTED, QPalette.ColorRole.Base))
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.no_recent.setVisible(not paths)
