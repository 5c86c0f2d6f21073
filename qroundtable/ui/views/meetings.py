"""The meetings view: when and where the roundtable met, who hosted, who attended.

A meeting's attendance is also whom consensus counts when that meeting is in
view; the button under the form puts it there. Meetings are the secretariat's
to record, so in a delegation's copy the form is read-only.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QAbstractItemView, QDateEdit, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit,
                               QPushButton, QSplitter, QVBoxLayout, QWidget)

from ...model import Meeting, OpChanges
from ...permissions import may_decide
from ..pending import Pending
from ..style import ACCENT_INK, WARNING_INK, set_ink
from ..zoom import size_font
from .base import View



def _checked(widget: QListWidget) -> list[str]:
    return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


class MeetingsView(View):
    title = "Meetings"

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.editing_id: str | None = None  # None: the form describes a new meeting
        self._loading = False
        self.dirty = False

        heading = QLabel("Meetings")
        size_font(heading, scale=1.5, bold=True)  # follows View ▸ Zoom

        # -- the list of meetings ------------------------------------------------------------
        self.meeting_list = QListWidget()
        self.meeting_list.setAccessibleName("Meetings")
        self.meeting_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.meeting_list.setWordWrap(True)
        self.meeting_list.setSpacing(2)
        self.meeting_list.currentItemChanged.connect(self._current_changed)
        self.new_button = QPushButton("New meeting")
        self.new_button.clicked.connect(self.new_meeting)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.new_button)
        list_buttons.addWidget(self.remove_button)
        list_buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.meeting_list, 1)
        left_layout.addLayout(list_buttons)

        # -- the form ------------------------------------------------------------------------
        self.form_box = QGroupBox("Meeting")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. October 2023 roundtable")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText("City, venue, or who hosted it")
        self.chair_edit = QLineEdit()
        self.chair_edit.setPlaceholderText("Who chaired it, e.g. Ambassador Jane Doe (US)")
        self.agenda_edit = QPlainTextEdit()
        self.agenda_edit.setPlaceholderText("The agenda, an item a line")
        self.agenda_edit.setTabChangesFocus(True)
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setPlaceholderText("What the meeting discussed and decided")
        self.summary_edit.setTabChangesFocus(True)
        for edit, name in ((self.chair_edit, "Chair"), (self.agenda_edit, "Agenda"), (self.summary_edit, "Summary")):
            edit.setAccessibleName(name)
        for edit in (self.agenda_edit, self.summary_edit):
            edit.setMinimumHeight(56)  # side by side, under their labels: the form is no taller than before
        self.hosts_list = QListWidget()
        self.attending_list = QListWidget()
        for widget in (self.hosts_list, self.attending_list):
            widget.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
            widget.itemChanged.connect(self._mark_dirty)
        self.all_attending = QPushButton("All")
        self.all_attending.setToolTip("Check every delegation as attending")
        self.all_attending.clicked.connect(lambda: self._check_all(self.attending_list, True))
        self.none_attending = QPushButton("None")
        self.none_attending.clicked.connect(lambda: self._check_all(self.attending_list, False))
        self.title_edit.textChanged.connect(self._mark_dirty)
        self.date_edit.dateChanged.connect(self._mark_dirty)
        self.place_edit.textChanged.connect(self._mark_dirty)
        self.summary_edit.textChanged.connect(self._mark_dirty)
        self.chair_edit.textChanged.connect(self._mark_dirty)
        self.agenda_edit.textChanged.connect(self._mark_dirty)

        form = QFormLayout()
        form.addRow("Title", self.title_edit)
        form.addRow("Date", self.date_edit)
        where = QHBoxLayout()
        where.addWidget(self.place_edit, 1)
        chair_label = QLabel("Chair")
        chair_label.setBuddy(self.chair_edit)
        where.addWidget(chair_label)
        where.addWidget(self.chair_edit, 1)
        form.addRow("Place", where)
        texts = QGridLayout()
        for col, (label, edit) in enumerate((("&Agenda", self.agenda_edit), ("S&ummary", self.summary_edit))):
            above = QLabel(label)
            above.setBuddy(edit)
            texts.addWidget(above, 0, col)
            texts.addWidget(edit, 1, col)
            # Five lines at most: the delegation lists below keep the room they had.
            edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * 5 + 12)
        self.hosts_label = QLabel("Hosts")
        self.attending_label = QLabel("Attending")
        attend_buttons = QHBoxLayout()
        attend_buttons.addWidget(self.attending_label)
        attend_buttons.addStretch(1)
        attend_buttons.addWidget(self.all_attending)
        attend_buttons.addWidget(self.none_attending)
        who = QGridLayout()
        who.addWidget(self.hosts_label, 0, 0)
        who.addLayout(attend_buttons, 0, 1)
        who.addWidget(self.hosts_list, 1, 0)
        who.addWidget(self.attending_list, 1, 1)

        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(self._load_form)
        self.count_button = QPushButton()
        self.count_button.clicked.connect(self.count_over_this_meeting)
        self.counting_label = QLabel()
        set_ink(self.counting_label, ACCENT_INK)
        self.counting_label.setWordWrap(True)
        self.permission_label = QLabel()
        set_ink(self.permission_label, WARNING_INK)
        self.permission_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_button)

        box_layout = QVBoxLayout(self.form_box)
        box_layout.addLayout(form)
        box_layout.addLayout(texts)
        box_layout.addLayout(who, 1)
        box_layout.addLayout(buttons)
        box_layout.addWidget(self.counting_label)
        box_layout.addWidget(self.permission_label)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.form_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([480, 860])

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(split, 1)

        session.meeting_changed.connect(lambda _id: self._update_buttons())
        self._reload_if_open()
        self._update_buttons()

    # -- seams ----------------------------------------------------------------------------------

    def confirm(self, question: str) -> bool:
        return QMessageBox.question(self, "Meetings", question) == QMessageBox.StandardButton.Yes

    # -- loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.editing_id is not None and all(m.id != self.editing_id for m in self.meetings()):
            self.editing_id = None  # another file, or an import removed it
            self.dirty = False
        self._fill_list(self.editing_id)
        if self.editing_id is None and self.meeting_list.count():
            self.meeting_list.setCurrentRow(0)
        else:
            self._load_form()

    def on_changed(self, changes: OpChanges) -> None:
        if not (changes.touches_meetings or changes.touches_delegations):
            return
        if self.editing_id is not None and all(m.id != self.editing_id for m in self.rt.meetings.list()):
            self.editing_id = None  # removed here or elsewhere (or its creation undone)
        self._fill_list(self.editing_id)
        if self.dirty:
            # A form being typed: keep it, but offer delegations added meanwhile.
            for widget in (self.hosts_list, self.attending_list):
                self._fill_checklist(widget, _checked(widget))
        elif self.editing_id is None and self.meeting_list.count():
            self.meeting_list.setCurrentRow(0)
        else:
            self._load_form()

    def meetings(self) -> list[Meeting]:
        return sorted(self.rt.meetings.list(), key=lambda m: m.date, reverse=True) if self.rt else []

    def _fill_list(self, select: str | None) -> None:
        self.meeting_list.blockSignals(True)
        self.meeting_list.clear()
        for m in self.meetings():
            attending = f"{len(m.attending)} attending" if m.attending else "attendance not recorded"
            hosts = f" · hosted by {', '.join(m.hosts)}" if m.hosts else ""
            item = QListWidgetItem(f"{m.date}   {m.title}\n{m.place or 'place not recorded'} · {attending}{hosts}")
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            item.setToolTip(m.summary or m.title)
            self.meeting_list.addItem(item)
            if m.id == select:
                self.meeting_list.setCurrentItem(item)
        self.meeting_list.blockSignals(False)

    def _current_changed(self, current, previous) -> None:
        if self.dirty and not self._settle_form():
            self.meeting_list.blockSignals(True)
            self.meeting_list.setCurrentItem(previous)  # back to the form being typed
            self.meeting_list.blockSignals(False)
            return
        self.editing_id = current.data(Qt.ItemDataRole.UserRole) if current else None
        self._load_form()

    def _settle_form(self) -> bool:
        """A form typed and not saved, about to be replaced: save it, drop it, or stay (False)."""
        answer = self.session.ask_unsaved(self.unsaved(), True)
        if answer == "save":
            self.save(select=False)
        return answer != "cancel"

    # -- what is typed and not yet saved ------------------------------------------------------------

    def unsaved(self) -> list[str]:
        if not self.dirty:
            return []
        title = self.title_edit.text().strip() or "untitled"
        return [f"the meeting form “{title}”" + (" (a new meeting)" if self.editing_id is None else "")]

    def save_unsaved(self) -> None:
        if self.dirty:
            self.save(select=False)

    def discard_unsaved(self) -> None:
        self._load_form()

    def select_meeting(self, meeting_id: str) -> None:
        for i in range(self.meeting_list.count()):
            if self.meeting_list.item(i).data(Qt.ItemDataRole.UserRole) == meeting_id:
                self.meeting_list.setCurrentRow(i)
                return

    def _load_form(self) -> None:
        """Fill the form from the meeting being edited (or blank it for a new one)."""
        self._loading = True
        try:
            meeting = None
            if self.rt is not None and self.editing_id is not None:
                meeting = self.rt.meetings.get(self.editing_id)
            self.form_box.setTitle(f"Meeting: {meeting.title}" if meeting else "New meeting")
            self.title_edit.setText(meeting.title if meeting else "")
            self.date_edit.setDate(QDate.fromString(meeting.date, "yyyy-MM-dd") if meeting
                                   else QDate.currentDate())
            self.place_edit.setText(meeting.place if meeting else "")
            self.summary_edit.setPlainText(meeting.summary if meeting else "")
            self.chair_edit.setText(meeting.chair if meeting else "")
            for edit in (self.place_edit, self.chair_edit):
                edit.setCursorPosition(0)  # a long place or chair shows its beginning, not its end
            self.agenda_edit.setPlainText(meeting.agenda if meeting else "")
            self._fill_checklist(self.hosts_list, meeting.hosts if meeting else ())
            self._fill_checklist(self.attending_list, meeting.attending if meeting else ())
        finally:
            self._loading = False
        self.dirty = False
        self._update_buttons()

    def _fill_checklist(self, widget: QListWidget, checked) -> None:
        widget.blockSignals(True)
        widget.clear()
        for d in (self.rt.delegations.list() if self.rt else []):
            item = QListWidgetItem(f"{d.code} — {d.name}")
            item.setData(Qt.ItemDataRole.UserRole, d.code)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if d.code in checked else Qt.CheckState.Unchecked)
            widget.addItem(item)
        widget.blockSignals(False)
        self._update_who_labels()

    def _check_all(self, widget: QListWidget, on: bool) -> None:
        for i in range(widget.count()):
            widget.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_checked(self, role: str, codes) -> None:
        """Check exactly these delegations as hosts (`host`) or attendees (`attendee`), as a user would."""
        widget = self.hosts_list if role == "host" else self.attending_list
        wanted = set(codes)
        for i in range(widget.count()):
            item = widget.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)

    def _update_who_labels(self) -> None:
        self.hosts_label.setText(f"Hosts ({len(_checked(self.hosts_list))})")
        self.attending_label.setText(f"Attending ({len(_checked(self.attending_list))} of "
                                     f"{self.attending_list.count()})")

    def _mark_dirty(self, *args) -> None:
        if self._loading:
            return
        self.dirty = True
        self._update_who_labels()
        self._update_buttons()

    # -- permissions and buttons ------------------------------------------------------------------

    def _secretariat_only_reason(self) -> str:
        rt = self.rt
        if rt is None:
            return "No roundtable open"
        if may_decide(rt.info):
            return ""
        return rt.info.read_only or (f"Only the secretariat's copy can record meetings; this copy belongs to "
                                     f"{rt.info.owner}")

    def _update_buttons(self) -> None:
        reason = self._secretariat_only_reason()
        editable = not reason
        for widget in (self.title_edit, self.place_edit, self.chair_edit):
            widget.setReadOnly(not editable)
        self.summary_edit.setReadOnly(not editable)
        self.agenda_edit.setReadOnly(not editable)
        self.date_edit.setReadOnly(not editable)
        for widget in (self.hosts_list, self.attending_list, self.all_attending, self.none_attending,
                       self.new_button):
            widget.setEnabled(editable)
        for widget in (self.title_edit, self.date_edit, self.place_edit, self.chair_edit, self.agenda_edit,
                       self.summary_edit, self.hosts_list, self.attending_list, self.new_button):
            widget.setToolTip(reason)
        self.save_button.setEnabled(editable and (self.dirty or self.editing_id is None))
        self.save_button.setText("Create meeting" if self.editing_id is None else "Save changes")
        self.save_button.setToolTip(reason or ("Record this meeting" if self.editing_id is None
                                               else "Save the changes to this meeting (one undo step)"))
        self.revert_button.setEnabled(self.dirty)
        self.remove_button.setEnabled(editable and self.editing_id is not None)
        self.remove_button.setToolTip(reason or ("Remove the selected meeting" if self.editing_id
                                                 else "Select a meeting to remove it"))
        self.permission_label.setText(reason + "." if reason and self.rt is not None else "")
        self._update_count_button()

    def _update_count_button(self) -> None:
        in_view = self.session.meeting_id
        meeting = None
        if self.rt is not None and self.editing_id is not None:
            meeting = next((m for m in self.rt.meetings.list() if m.id == self.editing_id), None)
        if meeting is not None and in_view == meeting.id:
            self.count_button.setText("Count all delegations instead")
            self.count_button.setToolTip("Consensus counts this meeting's attendees; count everyone again")
            self.count_button.setEnabled(True)
        else:
            self.count_button.setText("Count consensus over this meeting's attendees")
            ok = meeting is not None and bool(meeting.attending)
            self.count_button.setEnabled(ok)
            self.count_button.setToolTip(
                "Count only the delegations that attended this meeting in the Consensus view" if ok else
                "Record and save this meeting's attendance first" if meeting is not None else
                "Save the meeting first")
        if self.rt is None:
            self.counting_label.setText("")
        elif in_view is None:
            self.counting_label.setText("Consensus currently counts all delegations.")
        else:
            counted = next((m for m in self.rt.meetings.list() if m.id == in_view), None)
            self.counting_label.setText(
                f"Consensus currently counts the attendees of “{counted.title}” ({counted.date})." if counted
                else "Consensus currently counts all delegations.")

    # -- edits ---------------------------------------------------------------------------------------

    def new_meeting(self) -> None:
        """Blank the form for a new meeting (it is created by Save)."""
        self.meeting_list.blockSignals(True)
        self.meeting_list.clearSelection()
        self.meeting_list.setCurrentItem(None)
        self.meeting_list.blockSignals(False)
        self.editing_id = None
        self._load_form()
        self.title_edit.setFocus()

    def form_values(self) -> dict:
        return {
            "title": self.title_edit.text(),
            "date": self.date_edit.date().toString("yyyy-MM-dd"),
            "place": self.place_edit.text(),
            "summary": self.summary_edit.toPlainText(),
            "chair": self.chair_edit.text(),
            "agenda": self.agenda_edit.toPlainText(),
            "hosts": _checked(self.hosts_list),
            "attending": _checked(self.attending_list),
        }

    def save(self, *, select: bool = True) -> Pending | None:
        """Save the form; it stays as typed until the writer has it, and stays so if refused."""
        if self.rt is None:
            return None
        v = self.form_values()
        if self.editing_id is None:
            def select_new(changes: OpChanges) -> None:
                new_id = next(iter(changes.rows("meetings")), None)
                if new_id and select and self.editing_id is None:
                    self.dirty = False
                    self.select_meeting(new_id)
            return self.session.apply(lambda rt: rt.meetings.add(
                v["title"], v["date"], place=v["place"], summary=v["summary"], hosts=v["hosts"],
                attending=v["attending"], chair=v["chair"], agenda=v["agenda"]), "Add meeting").then(select_new)
        meeting = self.rt.meetings.get(self.editing_id)
        fields = {k: v[k] for k in ("title", "date", "place", "chair", "agenda", "summary")
                  if v[k] != getattr(meeting, k)}
        hosts_changed = set(v["hosts"]) != set(meeting.hosts)
        attending_changed = set(v["attending"]) != set(meeting.attending)
        steps = []  # façade calls, each labelled as its own undo step would be
        if fields:
            steps.append(lambda rt: rt.meetings.update(meeting.id, **fields))
        if hosts_changed:
            steps.append(lambda rt: rt.meetings.set_delegations(meeting.id, "host", v["hosts"]))
        if attending_changed:
            steps.append(lambda rt: rt.meetings.set_delegations(meeting.id, "attendee", v["attending"]))
        if not steps:
            self.dirty = False
            self._update_buttons()
            return None

        def saved(changes: OpChanges) -> None:
            if self.editing_id == meeting.id:
                self.dirty = False
                self._load_form()
        if len(steps) == 1:
            return self.session.apply(steps[0], f"Edit meeting {meeting.title}").then(saved)
        # Several façade calls, one undo step.
        return self.session.apply_batch(f"Edit meeting {meeting.title}",
                                        lambda rt: [step(rt) for step in steps]).then(saved)

    def remove_selected(self) -> Pending | None:
        if self.rt is None or self.editing_id is None:
            return None
        meeting = self.rt.meetings.get(self.editing_id)
        if not self.confirm(f"Remove the meeting “{meeting.title}” ({meeting.date})? "
                            "Action items agreed there stay, without the link to it."):
            return None

        def removed(changes: OpChanges) -> None:
            if self.session.meeting_id == meeting.id:
                self.session.set_meeting(None)
        return self.session.apply(lambda rt: rt.meetings.remove(meeting.id), "Remove meeting").then(removed)

    def count_over_this_meeting(self) -> None:
        if self.editing_id is None:
            return
        self.session.set_meeting(None if self.session.meeting_id == self.editing_id else self.editing_id)
