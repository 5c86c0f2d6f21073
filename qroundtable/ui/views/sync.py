"""The Sync view: whose copy this is, its signing key, and the files that travel between laptops.

The secretariat's master imports delegations' snapshots (a preview first, then Apply),
decides conflicts and issues releases; a delegation's copy exports snapshots and takes
newer releases. Every file is written or read on the session's writer, with progress in the
status bar and Cancel; what is typed meanwhile is written after it. After an import every
view reloads, so each shows the result.
"""

from __future__ import annotations

import dataclasses
from html import escape
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QFileDialog, QFrame, QHBoxLayout, QInputDialog, QLabel, QMessageBox,
                               QPushButton, QTabWidget, QVBoxLayout, QWidget)

from ... import keys
from ...errors import RoundtableError
from ...model import OpChanges
from ...sync.model import ConflictView, SyncStatus, TrustedKey
from ...words import plural
from ..style import readable_hex, set_ink
from ..widgets.conflict_panel import ConflictPanel
from ..widgets.conflict_value import ConflictValueDialog
from ..widgets.import_history import ImportHistory
from ..widgets.import_preview import ImportPreview
from ..widgets.sync_values import field_label, when
from ..widgets.trusted_keys import TrustedKeys, TrustKeyDialog
from ..zoom import size_font
from .base import View

SNAPSHOT_SUFFIX, RELEASE_SUFFIX = ".qrts", ".qrtr"
SYNC_SUFFIXES = (SNAPSHOT_SUFFIX, RELEASE_SUFFIX)
SNAPSHOT_FILTER = "Snapshots (*.qrts);;All files (*)"
RELEASE_FILTER = "Releases (*.qrtr);;All files (*)"
_OK, _WARN, _MUTED = "#0B6B3A", "#9A3A00", "#4A5563"

# Shown where the import preview will be, until files are dropped: the round trip in four steps.
_GUIDE = ('<table width="100%" align="center"><tr><td align="left"><h3 style="color:#1F2A37;">{title}</h3>'
          '<ol>{steps}</ol><p><b>{last}</b></p></td></tr></table>')
MASTER_GUIDE = _GUIDE.format(title="Drop delegations' snapshot files (.qrts) here", steps="".join(
    f"<li style='margin-bottom:6px;'>{s}</li>" for s in (
        "Each delegation creates its signing key in its own copy and sends you the public key: trust it under "
        "<i>Trusted keys</i>, comparing the fingerprint they read to you.",
        "<i>Issue release…</i> writes the whole master, signed; delegations join from it, or take it as an update.",
        "Delegations send back snapshots of their changes. Drop them here (or <i>Import files…</i>) to see, file by "
        "file, its sender, number and signature, and which changes would apply, conflict or be rejected, and why.",
        "Fields changed on both sides wait under <i>Conflicts</i> for your decision; the master keeps its value "
        "until then.")), last="Nothing is written until you press “Apply import”.")
COPY_GUIDE = _GUIDE.format(title="Drop a release from the secretariat (.qrtr) here", steps="".join(
    f"<li style='margin-bottom:6px;'>{s}</li>" for s in (
        "Create your signing key (above), send the public key to the secretariat with <i>Copy public key</i>, and "
        "read them its fingerprint.",
        "Work in this copy. <i>Export snapshot…</i> writes your changes since the last snapshot, signed, for the "
        "secretariat.",
        "When a newer release arrives, drop it here (or <i>Import files…</i>) to see what it changes. Your own "
        "edits not yet sent are kept on top of it.")), last="Nothing is written until you press “Apply import”.")


def is_sync_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SYNC_SUFFIXES


class SyncView(View):
    title = "Sync"
    follows_when_hidden = False  # hundreds of open conflicts are worth re-reading only when someone looks
    synced = Signal()  # a snapshot or release went out: counts of unsent changes moved

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.status: SyncStatus | None = None
        self.own_fingerprint = ""
        self._decided: tuple[set[str], str, str] | None = None  # the last resolution: its ids, what, how
        self._loaded_path = None  # the file the view was last filled from
        heading = QLabel("Sync")
        size_font(heading, scale=1.5, bold=True)  # follows View ▸ Zoom

        self.copy_line = QLabel()
        size_font(self.copy_line, scale=1.2, bold=True)
        self.key_line = QLabel()
        self.key_line.setWordWrap(True)
        self.create_key_button = QPushButton("Create signing key")
        self.create_key_button.clicked.connect(self.create_key)
        self.copy_key_button = QPushButton("Copy public key")
        self.copy_key_button.clicked.connect(self.copy_public_key)
        self.facts_line = QLabel()
        self.facts_line.setWordWrap(True)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_line, 1)
        key_row.addWidget(self.create_key_button)
        key_row.addWidget(self.copy_key_button)
        header = QFrame()
        header.setObjectName("syncHeader")
        # The theme's base (white on a light theme, black on a high-contrast one): its labels use the theme's text.
        header.setStyleSheet("QFrame#syncHeader { background: palette(base); border: 1px solid palette(mid);"
                             " border-radius: 4px; }")
        header_layout = QVBoxLayout(header)
        header_layout.addWidget(self.copy_line)
        header_layout.addLayout(key_row)
        header_layout.addWidget(self.facts_line)

        self.send_button = QPushButton()
        self.send_button.clicked.connect(self.send)
        # A snapshot file lost on the way holds back the later ones at the secretariat: make it again.
        self.resend_button = QPushButton("Send a snapshot again…")
        self.resend_button.setToolTip("Write a snapshot already sent once more (same number, same changes): for "
                                      "a file the secretariat never received")
        self.resend_button.clicked.connect(self.resend_snapshot)
        self.import_button = QPushButton("Import files…")
        self.import_button.clicked.connect(self.import_dialog)
        self.drop_hint = QLabel()
        set_ink(self.drop_hint, _MUTED)
        self.drop_hint.setWordWrap(True)  # on two lines rather than widen the window beside three buttons
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.send_button)
        actions.addWidget(self.resend_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.drop_hint, 1)

        self.preview = ImportPreview()
        self.preview.apply_requested.connect(self.apply_import)
        self.conflicts = ConflictPanel()
        self.conflicts.keep_button.clicked.connect(lambda: self.resolve_selected(keep=True))
        self.conflicts.take_button.clicked.connect(lambda: self.resolve_selected(take=True))
        self.conflicts.edit_button.clicked.connect(self.edit_selected)
        self.history = ImportHistory()
        self.trusted = TrustedKeys()
        self.trusted.trust_button.clicked.connect(self.trust_key)
        self.trusted.replace_button.clicked.connect(self.replace_key)
        self.trusted.revoke_button.clicked.connect(self.revoke_key)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Imports and keys")  # focusable: a screen reader says where focus went
        for widget, name in ((self.preview, "Import preview"), (self.conflicts, "Conflicts"),
                             (self.history, "Import history"), (self.trusted, "Trusted keys")):
            self.tabs.addTab(widget, name)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(header)
        layout.addLayout(actions)
        layout.addWidget(self.result_label)
        layout.addWidget(self.tabs, 1)
        self._show_closed()
        self._reload_if_open()

    # -- seams tests replace ----------------------------------------------------------------------

    def ask_save_path(self, title: str, suggested: str, file_filter: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, file_filter)
        return path or None

    def ask_open_paths(self, title: str, file_filter: str) -> list[str]:
        start = str(self.session.path.parent) if self.session.path else ""
        paths, _ = QFileDialog.getOpenFileNames(self, title, start, file_filter)
        return paths

    def ask_values(self, group: list[ConflictView]) -> dict[str, tuple[str, object]] | None:
        """How to decide each conflict of `group` (id → keep | take | value, value), or None on Cancel."""
        dialog = ConflictValueDialog(group, self)
        return dialog.answers() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_snapshot(self, sent: list) -> int | None:
        """Which of the snapshots sent to make again (its number), or None."""
        items = [f"Snapshot {s.sequence} — {plural(s.entries, 'change')}, made {when(s.created_at)}" for s in sent]
        item, ok = QInputDialog.getItem(self, "Send a snapshot again",
                                        "The secretariat is waiting for which snapshot?", items, len(items) - 1, False)
        return sent[items.index(item)].sequence if ok else None

    def ask_trust(self, delegations: list[tuple[str, str]], replacing: str | None = None) -> tuple[str, str] | None:
        dialog = TrustKeyDialog(delegations, self, replacing=replacing)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question, QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # -- showing where this copy stands -------------------------------------------------------------

    def _show_closed(self) -> None:
        self.copy_line.setText("No roundtable open")
        self.key_line.setText("")
        self.facts_line.setText("Open a roundtable (File ▸ Open) to send or import its changes.")
        for w in (self.send_button, self.import_button, self.create_key_button, self.copy_key_button):
            w.setEnabled(False)
        self.create_key_button.hide()
        self.copy_key_button.hide()
        self.resend_button.hide()
        self.send_button.setText("Export snapshot…")

    def reload(self) -> None:
        """Everything from the façade (a file was opened, or reopened after an import)."""
        rt = self.rt
        same_file = self._loaded_path == rt.path  # after an import: its result stays in sight
        self._loaded_path = rt.path
        if not same_file:
            self.result_label.hide()
        self.preview.clear()
        self._read_status()
        secretariat = rt.info.is_secretariat
        self.tabs.setTabVisible(self.tabs.indexOf(self.trusted), secretariat)
        self.send_button.setText("Issue release…" if secretariat else "Export snapshot…")
        self.resend_button.setVisible(not secretariat)
        self.resend_button.setEnabled(not secretariat and bool(rt.sync.snapshots_sent()))
        self.drop_hint.setText("…or drop delegations' snapshot files (.qrts) anywhere on this window."
                               if secretariat else "…or drop a release from the secretariat (.qrtr) anywhere on "
                               "this window.")
        self.preview.set_empty_text(MASTER_GUIDE if secretariat else COPY_GUIDE)
        self.history.show_history(rt.sync.history(), rt.sync.import_changes)
        if secretariat:
            self.trusted.show_keys(rt.sync.trusted(), rt.sync.revoked())
        # A read-only file still shows and previews everything; it cannot import, resolve, trust or send.
        read_only = rt.info.read_only
        self.preview.set_read_only(read_only)
        self.conflicts.set_read_only(read_only)
        self.trusted.set_read_only(read_only)
        self._refresh_conflicts()
        self._show_status()
        if not same_file:
            self.tabs.setCurrentWidget(self.conflicts if self.conflicts.conflicts else self.preview)

    def catch_up(self) -> None:
        """Edits made elsewhere while hidden: the counts, and conflicts whose current value may have moved."""
        if self.status is not None:
            self.status = dataclasses.replace(self.status, unsent=self.session.unsent)
        self._refresh_conflicts()
        if self.rt.info.is_secretariat:
            self.trusted.show_keys(self.rt.sync.trusted(), self.rt.sync.revoked())
        self._show_status()

    def _read_status(self) -> None:
        """Where this copy stands, and whether this computer's keyring holds its key (asked afresh)."""
        self.status = self.rt.sync.status()
        self.own_fingerprint = ""
        if self.status.has_key:
            try:
                self.own_fingerprint = keys.fingerprint(keys.public_key(self.status.owner))
            except RoundtableError:
                self.own_fingerprint = ""

    def showEvent(self, event) -> None:
        # A key made meanwhile (on the command line) or a keyring unlocked since shows on coming back.
        super().showEvent(event)
        if self.rt is not None and self.status is not None:
            self._read_status()
            self._show_status()

    def on_changed(self, changes: OpChanges) -> None:
        # Cheap: an edit anywhere moves the unsent count; conflicts are read again only when the
        # edit decided one or touched a row one is about (its current value moved).
        if self.status is None:
            return
        self.status = dataclasses.replace(self.status, unsent=self.session.unsent)
        in_conflict = {(c.table, c.row_id) for c in self.conflicts.conflicts}
        if "conflicts" in changes.tables or any((c.table, c.row_id) in in_conflict for c in changes.changes):
            self._refresh_conflicts()
        if changes.tables & {"trusted_keys", "revoked_keys"} and self.rt.info.is_secretariat:
            self.trusted.show_keys(self.rt.sync.trusted(), self.rt.sync.revoked())
        self._show_status()

    def _refresh_conflicts(self) -> None:
        found = self.rt.sync.conflicts()
        self.conflicts.show_conflicts(found)
        if self.status is not None:
            self.status = dataclasses.replace(self.status, open_conflicts=len(found))
        self.tabs.setTabText(self.tabs.indexOf(self.conflicts), f"Conflicts ({len(found)})" if found else "Conflicts")
        self._follow_decision()

    def _show_status(self) -> None:
        rt, s = self.rt, self.status
        info = rt.info
        if info.is_secretariat:
            self.copy_line.setText(f"The secretariat's master — {info.owner} "
                                   f"({info.copy_owner})")
        else:
            self.copy_line.setText(f"{info.owner}'s copy (delegation {info.copy_owner}) — "
                                   f"secretariat: {info.secretariat}")
        self.create_key_button.setVisible(s.has_key is False)
        self.create_key_button.setEnabled(s.has_key is False)
        self.copy_key_button.setVisible(bool(s.has_key))
        self.copy_key_button.setEnabled(bool(s.has_key))
        signs = "releases" if info.is_secretariat else "snapshots"
        if s.has_key is None:
            self._set(self.key_line, _WARN, "⚠ The keyring of this computer cannot be reached, so nothing can be "
                      "signed. Unlock it (or start your desktop's keyring) and come back to this page.")
        elif not s.has_key:
            self._set(self.key_line, _WARN, f"⚠ No signing key for {s.owner} on this computer yet: {signs} cannot "
                      "be signed until you create one. Its private half stays in this computer's keyring.")
        else:
            who = "" if info.is_secretariat else " — give the public key to the secretariat and read them this"
            self._set(self.key_line, _OK, f"✔ Signing key of {s.owner} on this computer, fingerprint "
                      f"<b>{self.own_fingerprint}</b>{who}.")
        facts = self._master_facts(s) if info.is_secretariat else self._copy_facts(s)
        self.facts_line.setText(" · ".join(facts))
        self.import_button.setEnabled(True)
        if info.read_only:
            self.send_button.setEnabled(False)
            self.send_button.setToolTip(info.read_only)
        elif info.is_secretariat:
            self.send_button.setEnabled(bool(s.has_key))
            self.send_button.setToolTip("The whole master, signed, for the delegations to take"
                                        if s.has_key else "Create a signing key first")
        else:
            self.send_button.setEnabled(bool(s.has_key) and s.unsent > 0)
            self.send_button.setToolTip("Your changes since the last snapshot, signed, for the secretariat" if
                                        s.has_key and s.unsent else "Nothing to send" if s.has_key else
                                        "Create a signing key first")

    def _master_facts(self, s: SyncStatus) -> list[str]:
        issued = [r for r in self.rt.sync.releases() if r.get("role") == "issued"]
        last = (f"Last release: <b>{issued[-1]['seq']}</b>, issued {when(issued[-1]['issued_at'])}" if issued
                else "No release issued yet")
        imported = self.history.records
        seen = f"last import {when(imported[0].imported_at)}" if imported else "no snapshot imported yet"
        return [last, seen, f"<b>{plural(s.unsent, 'change')}</b> not yet in a release",
                f"<b>{plural(s.open_conflicts, 'conflict')}</b> waiting for a decision"]

    def _copy_facts(self, s: SyncStatus) -> list[str]:
        base = f"At release <b>{s.base_release}</b>" if s.base_release else "Not joined from a release"
        if s.secretariat_fingerprint:
            base += f" (secretariat key {s.secretariat_fingerprint})"
        sent = self.rt.sync.snapshots_sent()
        last = (f"last snapshot: <b>{sent[-1].sequence}</b>, sent {when(sent[-1].created_at)}" if sent
                else "no snapshot sent yet")
        facts = [base, last, f"<b>{plural(s.unsent, 'change')}</b> not yet sent"]
        if s.open_conflicts:
            facts.append(f"<b>{plural(s.open_conflicts, 'conflict')}</b> waiting for you")
        return facts

    @staticmethod
    def _set(label: QLabel, colour: str, html: str) -> None:
        label.setText(f'<span style="color:{readable_hex(colour)};">{html}</span>')

    def _say(self, text: str, ok: bool = True, *, decided: tuple[set[str], str, str] | None = None) -> None:
        """The outcome of the last action, in one sentence under the buttons (`decided`: a resolution's, which
        the line then follows through Undo and Redo)."""
        self._decided = decided
        self._set(self.result_label, _OK if ok else _WARN, text)
        self.result_label.show()

    # -- keys ----------------------------------------------------------------------------------------

    def create_key(self) -> None:
        owner = self.rt.info.copy_owner
        try:
            public = keys.create_key(owner)
        except RoundtableError as exc:
            self.session.report_error(str(exc))
            return
        self.reload()
        to = "" if self.rt.info.is_secretariat else " Use “Copy public key” and send it to the secretariat."
        self._say(f"Signing key created for {owner}: fingerprint <b>{keys.fingerprint(public)}</b>.{to}")

    def copy_public_key(self) -> None:
        owner = self.rt.info.copy_owner
        try:
            public = keys.public_key(owner)
        except RoundtableError as exc:
            self.session.report_error(str(exc))
            return
        QGuiApplication.clipboard().setText(public)
        self._say(f"The public key of {owner} is on the clipboard: paste it into your message to the "
                  f"secretariat, and read them the fingerprint <b>{keys.fingerprint(public)}</b> to compare.")

    def trust_key(self) -> None:
        rt = self.rt
        choices = [(d.code, d.name) for d in rt.delegations.list() if d.code != rt.info.secretariat]
        answer = self.ask_trust(choices)
        if answer is None:
            return
        code, public = answer
        # The table follows through on_changed.
        self.session.apply(lambda rt: rt.sync.trust(code, public), f"Trust {code}'s key").then(
            lambda changes: self._say(f"{code}'s key {keys.fingerprint(public)} is trusted: its snapshots can now "
                                      "be imported."))

    def replace_key(self) -> None:
        """The selected delegation's new key (a new laptop) instead of the one trusted now, which is revoked."""
        k = self.trusted.selected()
        if not isinstance(k, TrustedKey):
            return
        rt = self.rt
        answer = self.ask_trust([(d.code, d.name) for d in rt.delegations.list() if d.code == k.delegation],
                                k.delegation)
        if answer is None:
            return
        code, public = answer
        self.session.apply(lambda rt: rt.sync.trust(code, public, replace=True), f"Replace {code}'s key").then(
            lambda changes: self._say(f"{code}'s new key {keys.fingerprint(public)} is trusted; its old key "
                                      f"{k.fingerprint} is revoked: snapshots signed with it are refused. Issue a "
                                      f"release for {code}'s new laptop to join from."))

    def revoke_key(self) -> None:
        """Stop trusting the selected key (a lost or stolen laptop)."""
        k = self.trusted.selected()
        if not isinstance(k, TrustedKey):
            return
        if not self.confirm("Revoke key", f"Revoke {k.delegation}'s key {k.fingerprint}?\n\nSnapshots signed with "
                            f"it are refused from now on, whatever date they claim (use this when {k.delegation}'s "
                            f"laptop is lost). Trust {k.delegation}'s new key when it has one."):
            return
        code = k.delegation
        self.session.apply(lambda rt: rt.sync.revoke(code), f"Revoke {code}'s key").then(
            lambda changes: self._say(f"{code}'s key {k.fingerprint} is revoked: its snapshots are refused. Undo "
                                      "(Ctrl+Z) takes it back.", ok=False))

    # -- sending ---------------------------------------------------------------------------------------

    def send(self) -> None:
        if self.rt.info.is_secretariat:
            self.issue_release()
        else:
            self.export_snapshot()

    def _ask_new_file(self, title: str, name: str, file_filter: str, suffix: str) -> str | None:
        chosen = self.ask_save_path(title, str(self.session.path.parent / name), file_filter)
        if not chosen:
            return None
        return chosen if Path(chosen).suffix.lower() == suffix else chosen + suffix

    def export_snapshot(self) -> None:
        s = self.rt.sync.status()
        dest = self._ask_new_file("Export snapshot", f"{s.owner.lower()}-{s.next_snapshot}{SNAPSHOT_SUFFIX}",
                                  SNAPSHOT_FILTER, SNAPSHOT_SUFFIX)
        if dest is None:
            return
        def sent(info) -> None:
            self._sent()
            self._say(f"Snapshot {info.sequence} of {info.delegation} written to {Path(info.path).name}: "
                      f"{plural(info.entries, 'change')}. Send this file to the secretariat.")
        return self.session.run("Writing the snapshot", lambda rt, progress: rt.sync.export_snapshot(dest)).then(sent)

    def issue_release(self) -> None:
        s = self.rt.sync.status()
        dest = self._ask_new_file("Issue release", f"release-{(s.base_release or 0) + 1}{RELEASE_SUFFIX}",
                                  RELEASE_FILTER, RELEASE_SUFFIX)
        if dest is None:
            return
        def issued(info) -> None:
            self._sent()
            self._say(f"Release {info.sequence} written to {Path(info.path).name} ({info.rows} rows), signed "
                      f"with key {info.fingerprint}. Give it to every delegation.")
        return self.session.run("Writing the release",
                                lambda rt, progress: rt.sync.issue_release(dest, progress)).then(issued)

    def resend_snapshot(self):
        """Make a snapshot already sent again, for a file that never reached the secretariat."""
        sent = self.rt.sync.snapshots_sent()
        if not sent:
            return None
        sequence = self.ask_snapshot(sent)
        if sequence is None:
            return None
        owner = self.rt.info.copy_owner
        dest = self._ask_new_file("Send a snapshot again", f"{owner.lower()}-{sequence}-again{SNAPSHOT_SUFFIX}",
                                  SNAPSHOT_FILTER, SNAPSHOT_SUFFIX)
        if dest is None:
            return None

        def written(info) -> None:
            same = " byte for byte as the first time" if info.same_bytes else ""
            self._say(f"Snapshot {info.sequence} of {info.delegation} written again to {Path(info.path).name}"
                      f"{same}: {plural(info.entries, 'change')}. Send it to the secretariat; if it already has "
                      "this snapshot, importing it changes nothing.")
        return self.session.run(f"Writing snapshot {sequence} again",
                                lambda rt, progress: rt.sync.resend_snapshot(sequence, dest),
                                writes=False).then(written)

    def _sent(self) -> None:
        self.reload()
        self.synced.emit()

    # -- importing -----------------------------------------------------------------------------------

    def import_dialog(self) -> None:
        secretariat = self.rt.info.is_secretariat
        paths = self.ask_open_paths("Import snapshots" if secretariat else "Import a release",
                                    SNAPSHOT_FILTER if secretariat else RELEASE_FILTER)
        if paths:
            self.preview_files(paths)

    def preview_files(self, paths: list[str | Path]) -> None:
        """Check `paths` (added to those already previewed, at the master) and show what importing would do."""
        if self.rt is None:
            self.session.report_error("open a roundtable first, then import files into it")
            return
        wanted = [str(p) for p in paths]
        if self.rt.info.is_secretariat and self.preview.report is not None:
            wanted = list(dict.fromkeys([f.path for f in self.preview.report.files] + wanted))
        def checked(report) -> None:
            self.tabs.setCurrentWidget(self.preview)
            self.result_label.hide()
            self.preview.show_report(report)
        return self.session.run_apart("Checking the files", "import_files", paths=wanted, dry_run=True,
                                      writes=False).then(checked)

    def apply_import(self) -> None:
        paths = self.preview.files_to_apply()
        if not paths:
            self.session.report_error("none of these files can be imported; the table says why for each")
            return
        def imported(report) -> None:  # every view has reloaded by now (reopen=True)
            if report.reload:  # a release: the meetings counted may be others now
                self.session.set_meeting(None)
            merged = [f for f in report.files if f.status == "merged"]
            rejected = len(report.rejected)
            text = (f"Imported {plural(len(merged), 'file')}: {plural(report.applied, 'change')} applied, "
                    f"{plural(report.conflicts, 'conflict')} waiting for a decision, {rejected} rejected.")
            if report.backup:
                text += f" The roundtable was backed up first as {Path(report.backup).name}."
            overrides = report.overrides  # a release set some of this delegation's own values otherwise
            if overrides:
                named = " ".join(escape(o.text, quote=False) for o in overrides[:3])
                more = f" …and {len(overrides) - 3} more, listed under Import preview." if len(overrides) > 3 else ""
                text += f"<br><b>Your own values changed by the release:</b> {named}{more}"
            self._say(text, ok=not rejected and not overrides)
            if overrides:
                self.preview.show_report(report)  # the whole list, with the file's details
            self.tabs.setCurrentWidget(self.conflicts if report.conflicts else
                                       self.preview if overrides else self.history)
        return self.session.run_apart("Importing", "import_files", paths=paths, reopen=True).then(imported)

    # -- conflicts -------------------------------------------------------------------------------------

    def resolve_selected(self, *, keep: bool = False, take: bool = False) -> None:
        """Keep or take every conflict of the selected line, as one edit (one undo step)."""
        group = self.conflicts.selected_group()
        if group:
            how = "keep" if keep else "take"
            self._resolve(group, {c.id: (how, None) for c in group})

    def edit_selected(self) -> None:
        group = self.conflicts.selected_group()
        if not group:
            return
        answers = self.ask_values(group)
        if answers is not None:
            self._resolve(group, answers)

    def _resolve(self, group: list[ConflictView], answers: dict[str, tuple[str, object]]):
        def decide(rt) -> None:
            for c in group:
                how, value = answers[c.id]
                rt.sync.resolve(c.id, keep=how == "keep", take=how == "take",
                                value=value if how == "value" else None)
        hows = {how for how, _ in answers.values()}
        said = ("kept the current value" if hows == {"keep"} else "took the incoming value" if hows == {"take"}
                else "set a new value")
        c = group[0]
        what = c.what + ("" if c.field == "*" else f" ({', '.join(field_label(g.field) for g in group)})")

        def done(changes) -> None:
            self._say(f"Resolved: {said} of {what}. Undo (Ctrl+Z) takes it back.", decided=({g.id for g in group},
                                                                                           what, said))
        return self.session.apply_batch("Resolve conflict", decide).then(done)

    def _follow_decision(self) -> None:
        """The line under the buttons follows Undo and Redo of the last resolution: never 'Resolved' for a
        conflict that is open again."""
        if self._decided is None or self.result_label.isHidden():
            return
        ids, what, said = decided = self._decided
        if ids & {c.id for c in self.conflicts.conflicts}:
            self._say(f"Undone: the conflict on {what} is open again.", ok=False, decided=decided)
        else:
            self._say(f"Resolved: {said} of {what}. Undo (Ctrl+Z) takes it back.", decided=decided)
