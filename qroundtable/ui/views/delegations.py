"""The delegations view: who sits at the table, and the people in each delegation.

Adding, renaming and removing delegations is the secretariat's work; a
delegation's copy may keep its own delegation's member list and nothing else.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)

from ...model import Member, OpChanges
from ...permissions import may_decide, may_edit
from ..pending import Pending
from .base import View
from ..style import WARNING_INK, set_ink
from ..widgets.tables import read_only_item, read_only_table
from ..zoom import size_font



class DelegationDialog(QDialog):
    """A new delegation: its code and name."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New delegation")
        self.code = QLineEdit()
        self.code.setPlaceholderText("ISO code like JP, or a short code like EU")
        self.code.setMaxLength(8)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Japan")
        form = QFormLayout(self)
        form.addRow("Code", self.code)
        form.addRow("Name", self.name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str]:
        return self.code.text(), self.name.text()


class MemberDialog(QDialog):
    """A delegation member: name, agency, role."""

    def __init__(self, delegation: str, member: Member | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Edit member of {delegation}" if member else f"New member of {delegation}")
        self.setMinimumWidth(440)
        self.name = QLineEdit(member.name if member else "")
        self.agency = QLineEdit(member.agency if member else "")
        self.agency.setPlaceholderText("optional, e.g. Ministry of Foreign Affairs")
        self.role = QLineEdit(member.role if member else "")
        self.role.setPlaceholderText("optional, e.g. Head of delegation")
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Agency", self.agency)
        form.addRow("Role", self.role)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict:
        return {"name": self.name.text(), "agency": self.agency.text(), "role": self.role.text()}


class DelegationsView(View):
    title = "Delegations"

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(session, parent)
        heading = QLabel("Delegations")
        size_font(heading, scale=1.5, bold=True)  # follows View ▸ Zoom
        self.permission_label = QLabel()
        set_ink(self.permission_label, WARNING_INK)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.permission_label)

        self.delegation_table = read_only_table(["Code", "Name", "Members"], row_height=30)
        self.delegation_table.setAccessibleName("Delegations")
        header = self.delegation_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 70)
        header.resizeSection(2, 90)
        self.delegation_table.itemSelectionChanged.connect(self._delegation_selected)
        self.delegation_table.doubleClicked.connect(lambda _i: self.rename_selected())
        self.add_button = QPushButton("Add delegation…")
        self.add_button.clicked.connect(self.add_delegation)
        self.rename_button = QPushButton("Rename…")
        self.rename_button.clicked.connect(self.rename_selected)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        left_buttons = QHBoxLayout()
        for b in (self.add_button, self.rename_button, self.remove_button):
            left_buttons.addWidget(b)
        left_buttons.addStretch(1)
        self.count_label = QLabel()
        left = QGroupBox("At the table")
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.delegation_table, 1)
        left_layout.addWidget(self.count_label)
        left_layout.addLayout(left_buttons)

        self.member_table = read_only_table(["Name", "Agency", "Role"], row_height=30)
        self.member_table.setAccessibleName("Members of the delegation")
        member_header = self.member_table.horizontalHeader()
        member_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        member_header.resizeSection(0, 200)
        member_header.resizeSection(1, 150)
        self.member_table.itemSelectionChanged.connect(self._update_buttons)
        self.member_table.doubleClicked.connect(lambda _i: self.edit_member())
        self.add_member_button = QPushButton("Add member…")
        self.add_member_button.clicked.connect(self.add_member)
        self.edit_member_button = QPushButton("Edit…")
        self.edit_member_button.clicked.connect(self.edit_member)
        self.remove_member_button = QPushButton("Remove member")
        self.remove_member_button.clicked.connect(self.remove_member)
        right_buttons = QHBoxLayout()
        for b in (self.add_member_button, self.edit_member_button, self.remove_member_button):
            right_buttons.addWidget(b)
        right_buttons.addStretch(1)
        self.members_box = QGroupBox("Members")
        self.members_empty = QLabel()
        self.members_empty.setStyleSheet("color: #5B6675; background: white; border: 1px solid #D9DEE4;")
        self.members_empty.setWordWrap(True)
        self.members_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.members_empty.setMargin(40)
        self.member_stack = QStackedWidget()
        self.member_stack.addWidget(self.member_table)
        self.member_stack.addWidget(self.members_empty)
        right_layout = QVBoxLayout(self.members_box)
        right_layout.addWidget(self.member_stack, 1)
        right_layout.addLayout(right_buttons)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.members_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([500, 840])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._reload_if_open()
        self._update_buttons()

    # -- seams tests replace ----------------------------------------------------------------------

    def ask_delegation(self) -> tuple[str, str] | None:
        dialog = DelegationDialog(self)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_name(self, code: str, current: str) -> str | None:
        name, ok = QInputDialog.getText(self, "Rename delegation", f"New name for {code}:", text=current)
        return name if ok else None

    def ask_member(self, code: str, member: Member | None = None) -> dict | None:
        dialog = MemberDialog(code, member, self)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm(self, question: str) -> bool:
        return QMessageBox.question(self, "Delegations", question) == QMessageBox.StandardButton.Yes

    # -- loading ----------------------------------------------------------------------------------------

    def reload(self) -> None:
        # Start on this copy's own delegation: the one whose members its user keeps.
        self._fill_delegations(self.selected_code() or (self.rt.info.copy_owner if self.rt else None))

    def on_changed(self, changes: OpChanges) -> None:
        if changes.touches_delegations or "roundtable" in changes.tables:
            self._fill_delegations(self.selected_code(), self.selected_member_id())

    def _fill_delegations(self, select: str | None = None, member: str | None = None) -> None:
        rt = self.rt
        delegations = rt.delegations.list() if rt else []
        counts: dict[str, int] = {}
        for m in (rt.delegations.members() if rt else []):
            counts[m.delegation] = counts.get(m.delegation, 0) + 1
        table = self.delegation_table
        table.blockSignals(True)
        table.setRowCount(len(delegations))
        row_to_select = 0 if delegations else -1
        for row, d in enumerate(delegations):
            code = read_only_item(d.code, data=d.code)
            name = read_only_item(d.name)
            if rt.info.secretariat == d.code:
                name.setText(f"{d.name}  (secretariat)")
            if rt.info.copy_owner == d.code and not rt.info.is_secretariat:
                name.setText(f"{d.name}  (this copy)")
            table.setItem(row, 0, code)
            table.setItem(row, 1, name)
            n = read_only_item(str(counts.get(d.code, 0)))
            n.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(row, 2, n)
            if d.code == select:
                row_to_select = row
        if row_to_select >= 0:
            table.selectRow(row_to_select)
        else:
            table.clearSelection()
        table.blockSignals(False)
        self.count_label.setText(f"{len(delegations)} delegation{'s' if len(delegations) != 1 else ''}, "
                                 f"{sum(counts.values())} members")
        self._fill_members(member)

    def _delegation_selected(self) -> None:
        self._fill_members()

    def _fill_members(self, select: str | None = None) -> None:
        code = self.selected_code()
        members = self.rt.delegations.members(code) if (self.rt and code) else []
        table = self.member_table
        table.blockSignals(True)
        table.setRowCount(len(members))
        for row, m in enumerate(members):
            table.setItem(row, 0, read_only_item(m.name, data=m.id))
            table.setItem(row, 1, read_only_item(m.agency))
            table.setItem(row, 2, read_only_item(m.role))
            if m.id == select:
                table.selectRow(row)
        table.blockSignals(False)
        if code:
            name = self.rt.delegations.get(code).name
            self.members_box.setTitle(f"Members of {name} ({code})")
            self.members_empty.setText(f"No members recorded for {name} yet.\n\nAdd the head of delegation "
                                       "and the experts who attend,\nwith their agency and role.")
        else:
            self.members_box.setTitle("Members")
            self.members_empty.setText("Select a delegation to see its members.")
        self.member_stack.setCurrentWidget(self.member_table if members else self.members_empty)
        self._update_buttons()

    def selected_code(self) -> str | None:
        rows = self.delegation_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.delegation_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def select_delegation(self, code: str) -> None:
        for row in range(self.delegation_table.rowCount()):
            if self.delegation_table.item(row, 0).data(Qt.ItemDataRole.UserRole) == code:
                self.delegation_table.selectRow(row)
                return

    def selected_member_id(self) -> str | None:
        rows = self.member_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.member_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def select_member(self, member_id: str) -> None:
        for row in range(self.member_table.rowCount()):
            if self.member_table.item(row, 0).data(Qt.ItemDataRole.UserRole) == member_id:
                self.member_table.selectRow(row)
                return

    # -- permissions ----------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        rt = self.rt
        code = self.selected_code()
        if rt is None:
            for b in (self.add_button, self.rename_button, self.remove_button, self.add_member_button,
                      self.edit_member_button, self.remove_member_button):
                b.setEnabled(False)
            self.permission_label.setText("")
            return
        owner = rt.info.owner
        secretariat = may_decide(rt.info)
        why_not = "" if secretariat else rt.info.read_only or f"Only the secretariat's copy can change the " \
                                                              f"delegations; this copy belongs to {owner}"
        self.add_button.setEnabled(secretariat)
        self.add_button.setToolTip(why_not or "Add a delegation to the roundtable")
        self.rename_button.setEnabled(secretariat and code is not None)
        self.rename_button.setToolTip(why_not or "Rename the selected delegation")
        self.remove_button.setEnabled(secretariat and code is not None)
        self.remove_button.setToolTip(why_not or "Remove the selected delegation (only one with no positions, "
                                                 "amendments, action items or meetings)")
        may_edit_members = may_edit(rt.info, code)
        members_why = ("Select a delegation first" if code is None else "" if may_edit_members else
                       rt.info.read_only or f"This copy belongs to {owner}: it keeps only {rt.info.copy_owner}'s "
                                            "member list")
        has_member = self.selected_member_id() is not None
        self.add_member_button.setEnabled(may_edit_members)
        self.add_member_button.setToolTip(members_why or f"Add a member to {code}")
        self.edit_member_button.setEnabled(may_edit_members and has_member)
        self.edit_member_button.setToolTip(members_why or ("Edit the selected member" if has_member
                                                           else "Select a member first"))
        self.remove_member_button.setEnabled(may_edit_members and has_member)
        self.remove_member_button.setToolTip(members_why or ("Remove the selected member" if has_member
                                                             else "Select a member first"))
        self.permission_label.setText("" if secretariat else rt.info.read_only or
                                      f"This copy belongs to {owner}: you can keep its member list; "
                                      "delegations are the secretariat's to change.")

    # -- edits -------------------------------------------------------------------------------------------

    def add_delegation(self) -> Pending | None:
        if self.rt is None:
            return None
        answer = self.ask_delegation()
        if not answer:
            return None
        code, name = answer
        return self.session.apply(lambda rt: rt.delegations.add(code, name), "Add delegation").then(
            lambda changes: self.select_delegation(code.strip().upper()))

    def rename_selected(self) -> Pending | None:
        code = self.selected_code()
        if self.rt is None or code is None or not may_decide(self.rt.info):
            return None
        name = self.ask_name(code, self.rt.delegations.get(code).name)
        if name is None:
            return None
        return self.session.apply(lambda rt: rt.delegations.rename(code, name), "Rename delegation")

    def remove_selected(self) -> Pending | None:
        code = self.selected_code()
        if self.rt is None or code is None:
            return None
        name = self.rt.delegations.get(code).name
        if not self.confirm(f"Remove the delegation {name} ({code}) and its member list?"):
            return None
        return self.session.apply(lambda rt: rt.delegations.remove(code), "Remove delegation")

    def add_member(self) -> Pending | None:
        code = self.selected_code()
        if self.rt is None or code is None:
            return None
        values = self.ask_member(code)
        if not values:
            return None
        def select_new(changes: OpChanges) -> None:
            new_id = next(iter(changes.rows("members")), None)
            if new_id:
                self.select_member(new_id)
        return self.session.apply(lambda rt: rt.delegations.add_member(
            code, values["name"], values.get("agency", ""), values.get("role", "")), "Add member").then(select_new)

    def edit_member(self) -> Pending | None:
        code, member_id = self.selected_code(), self.selected_member_id()
        if self.rt is None or code is None or member_id is None:
            return None
        member = next((m for m in self.rt.delegations.members(code) if m.id == member_id), None)
        if member is None:
            return None
        values = self.ask_member(code, member)
        if not values:
            return None
        return self.session.apply(lambda rt: rt.delegations.update_member(member_id, **values), "Edit member")

    def remove_member(self) -> Pending | None:
        code, member_id = self.selected_code(), self.selected_member_id()
        if self.rt is None or member_id is None:
            return None
        member = next((m for m in self.rt.delegations.members(code) if m.id == member_id), None)
        if member is None or not self.confirm(f"Remove {member.name} from {code}?"):
            return None
        return self.session.apply(lambda rt: rt.delegations.remove_member(member_id), "Remove member")
