"""Conflicts waiting for a person: the competing values side by side, a word diff for text, and the choices."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSizePolicy,
                               QSplitter, QStackedWidget, QTextBrowser, QVBoxLayout, QWidget)

from ...sync.model import ConflictView
from ..style import MUTED, set_ink
from ..zoom import size_font
from .diff_view import DiffLegend, DiffView
from .sync_values import field_label, group_conflicts, group_value, one_line, show_value, when, writable
from .tables import read_only_item, read_only_table

HEADERS = ["What", "Field", "Current", "Incoming", "From", "Since"]


def sides(c: ConflictView) -> tuple[str, str, str]:
    """Captions of the old, current and incoming values, in the words of this kind of conflict."""
    sent = f"snapshot {c.sequence}" if c.sequence else "a snapshot"
    if c.kind == "local":  # this copy's unsent edit against a newer release
        return ("Before your edit", "Now — in the new release", "Your edit, not yet sent")
    return ("Both started from", "Current — in the master (kept until you decide)",
            f"Incoming — from {c.delegation}, {sent}")


class ValueBox(QFrame):
    """One of the competing values: a caption and the value, read-only, scrolling if long."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("font-weight: bold;")
        self.text = QTextBrowser()
        self.text.setMinimumHeight(40)  # two lines or so; the splitter gives more when the screen has it
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)  # share by stretch
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.text, 1)

    def show_value(self, caption: str, value: str) -> None:
        self.caption.setText(caption)
        self.text.setPlainText(value)


class ConflictPanel(QWidget):
    """The open conflicts (top) and the selected one in full (below), with Keep / Take / Edit buttons.

    One line per row a snapshot changed: a position whose stance and comment both clash is one
    conflict to a person (`group_conflicts`), decided in one step. The buttons are the view's to
    connect: deciding goes through the session like any edit.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.read_only = ""  # why this copy cannot resolve a conflict ('' when it can)
        self.conflicts: list[ConflictView] = []
        self.groups: list[list[ConflictView]] = []  # what each line of the table decides
        self.table = read_only_table(HEADERS)
        self.table.setAccessibleName("Conflicts to resolve")
        header = self.table.horizontalHeader()
        for col, width in enumerate((230, 110, 250, 250, 60)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.heading = QLabel()
        size_font(self.heading, scale=1.2, bold=True)
        self.context = QLabel()
        self.context.setWordWrap(True)
        set_ink(self.context, MUTED)
        self.old_box, self.current_box, self.incoming_box = ValueBox(), ValueBox(), ValueBox()
        values = QGridLayout()
        for col, box in enumerate((self.old_box, self.current_box, self.incoming_box)):
            values.addWidget(box, 0, col)
            values.setColumnStretch(col, 1)
        self.diff_caption = QLabel()
        self.diff_caption.setStyleSheet("font-weight: bold;")
        self.diff = DiffView(point_size=11)
        self.diff.setMinimumHeight(40)
        self.diff.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.diff_box = QWidget()
        diff_layout = QVBoxLayout(self.diff_box)
        diff_layout.setContentsMargins(0, 6, 0, 0)
        diff_top = QHBoxLayout()
        diff_top.addWidget(self.diff_caption)
        diff_top.addStretch(1)
        diff_top.addWidget(DiffLegend())
        diff_layout.addLayout(diff_top)
        diff_layout.addWidget(self.diff, 1)

        self.keep_button = QPushButton("Keep current")
        self.keep_button.setToolTip("Close the conflict and leave the current value as it is")
        self.take_button = QPushButton("Take incoming")
        self.take_button.setToolTip("Replace the current value with the incoming one")
        self.edit_button = QPushButton("Edit value…")
        self.edit_button.setToolTip("Write a value of your own, e.g. a compromise wording")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.keep_button, self.take_button, self.edit_button):
            buttons.addWidget(b)

        detail = QWidget()
        self.detail_layout = detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 4, 0, 0)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.context)
        detail_layout.addLayout(values, 1)
        detail_layout.addWidget(self.diff_box, 1)
        detail_layout.addLayout(buttons)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([170, 480])
        self.empty = QLabel("No conflicts waiting for a decision.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #5B6675; background: white; border: 1px solid #D9DEE4; font-size: 11pt;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(split)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.show_conflicts([])

    def show_conflicts(self, conflicts: list[ConflictView]) -> None:
        """Fill the list, keeping the selected conflict selected when it is still open."""
        chosen = {c.id for c in self.selected_group()}
        self.conflicts = list(conflicts)
        self.groups = group_conflicts(self.conflicts)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.groups))
        for row, group in enumerate(self.groups):
            c = group[0]
            current, incoming = group_value(group, "current"), group_value(group, "incoming")
            fields = ", ".join(field_label(g.field) for g in group)
            cells = [read_only_item(c.what, data=c.id), read_only_item(fields),
                     read_only_item(one_line(current, 60), current), read_only_item(one_line(incoming, 60), incoming),
                     read_only_item(c.delegation), read_only_item(when(c.created_at), c.reason)]
            for col, item in enumerate(cells):
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self.stack.setCurrentIndex(1 if self.groups else 0)
        if self.groups:
            again = [row for row, group in enumerate(self.groups) if chosen & {c.id for c in group}]
            self.table.selectRow(again[0] if again else 0)
        self._show_selected()

    def selected_group(self) -> list[ConflictView]:
        """Every conflict the selected line decides (empty when none is selected)."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.groups):
            return []
        return list(self.groups[rows[0].row()])

    def selected(self) -> ConflictView | None:
        """The first conflict of the selected line: the row it is about, who sent it, when."""
        group = self.selected_group()
        return group[0] if group else None

    def select(self, conflict_id: str) -> None:
        for row, group in enumerate(self.groups):
            if conflict_id in {c.id for c in group}:
                self.table.selectRow(row)

    def set_read_only(self, reason: str) -> None:
        """A copy that cannot be written shows its conflicts but cannot resolve them ('' when it can)."""
        self.read_only = reason
        self._show_selected()

    def _show_selected(self) -> None:
        group = self.selected_group()
        c = group[0] if group else None
        decidable = c is not None and not self.read_only
        for b in (self.keep_button, self.take_button, self.edit_button):
            b.setEnabled(decidable)
        if c is None:
            return
        fields = ", ".join(field_label(g.field) for g in group)
        self.heading.setText(c.what if c.field == "*" else f"{c.what} — {fields}")
        sent = f" in snapshot {c.sequence}" if c.sequence else ""
        self.context.setText(f"Sent by {c.delegation}{sent}; waiting since {when(c.created_at)}. "
                             f"Why: {c.reason or 'changed on both sides'}.")
        old_caption, current_caption, incoming_caption = sides(c)
        self.old_box.show_value(old_caption, group_value(group, "old", deleted="(not there yet)"))
        self.current_box.show_value(current_caption, group_value(group, "current"))
        self.incoming_box.show_value(incoming_caption, group_value(group, "incoming"))
        editable = any(writable(g.field) for g in group)
        self.edit_button.setEnabled(decidable and editable)
        self.edit_button.setToolTip("Write a value of your own, e.g. a compromise wording" if editable else
                                    "A whole entry is kept or taken as it is")
        # The word diff is of the prose in the group (a position's comment), when there is some.
        c = next((g for g in group if g.is_text and g.field not in ("stance", "status", "state")), c)
        current, incoming = show_value(c.current, c.field), show_value(c.incoming, c.field)
        # A word diff helps with sentences, not with a one-word status: there the values say it all.
        prose = c.is_text and max(len(current.split()), len(incoming.split())) > 3
        self.diff_box.setVisible(prose)
        self.detail_layout.setStretch(2, 2 if prose else 1)
        self.detail_layout.setStretch(3, 3 if prose else 0)
        if prose:
            self.diff_caption.setText("Word by word: what the incoming text changes in the current one")
            self.diff.show_diff(current, incoming)
