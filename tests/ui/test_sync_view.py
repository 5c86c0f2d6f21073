"""The Sync view on real files: keys, snapshot and release export, import preview and apply, conflicts, history."""

import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from sync_world import make_world

from qroundtable import keys
from qroundtable.roundtable import Roundtable
from qroundtable.ui.main_window import MainWindow

# Renders for a person to look at: kept where QRT_SHOTS points, else in a throwaway folder.
SHOTS = Path(os.environ.get("QRT_SHOTS") or tempfile.mkdtemp(prefix="qrt-shots-"))
PREVIEW, FROM, NUMBER, SIGNATURE, OUTCOME = 0, 1, 2, 3, 9


@pytest.fixture
def world(tmp_path):
    """The demo as master (US), keys for US, JP and CH, release 1, and JP's and CH's copies — all closed."""
    w = make_world(tmp_path, ("JP", "CH"))
    w.close()
    return w


@pytest.fixture
def window(qtbot, settings):
    w = MainWindow(settings)
    w.session.errors = []
    w.session.report_error = w.session.errors.append
    w.resize(1360, 860)
    qtbot.addWidget(w)
    return w


def snapshot_of(world, code: str, edits, name: str | None = None) -> Path:
    """`edits(rt)` in `code`'s copy, then its snapshot file."""
    path = world.dir / (name or f"{code.lower()}-snap.qrts")
    with Roundtable.open(world.dir / f"{code.lower()}.qrt") as rt:
        edits(rt)
        rt.sync.export_snapshot(path)
    return path


def open_sync(window, path) -> object:
    pending = window.open_path(path)
    assert pending is not None and pending.wait(), window.session.errors
    return window.show_view("sync")


def cell(table, row, col) -> str:
    return table.item(row, col).text()


def tampered(path: Path) -> Path:
    """The same snapshot with its manifest altered after signing: made a year earlier than it says."""
    head, manifest, signature, payload = path.read_bytes().split(b"\n", 3)
    altered = manifest.replace(b'"created_at":"20', b'"created_at":"19', 1)
    assert altered != manifest
    bad = path.with_name("tampered.qrts")
    bad.write_bytes(b"\n".join([head, altered, signature, payload]))
    return bad


def shot(window, name: str) -> None:
    from PySide6.QtWidgets import QApplication

    window.show()
    for _ in range(3):  # let layouts settle
        QApplication.processEvents()
    window.grab().save(str(SHOTS / name))


# -- the header ----------------------------------------------------------------------------------


def test_header_says_whose_copy_its_key_the_last_release_and_what_is_unsent(window, world, settle):
    view = open_sync(window, world.master.path)
    assert "secretariat's master" in view.copy_line.text() and "(US)" in view.copy_line.text()
    assert keys.fingerprint(keys.public_key("US")) in view.key_line.text()
    assert not view.copy_key_button.isHidden() and view.create_key_button.isHidden()
    facts = view.facts_line.text()
    assert "Last release: <b>1</b>" in facts and "0 changes</b> not yet in a release" in facts
    assert view.send_button.text() == "Issue release…" and view.send_button.isEnabled()
    window.session.apply(lambda rt: rt.positions.set("JP", 4, "support"))
    settle(window.session)
    assert "not yet in a release" in view.facts_line.text() and "0 changes" not in view.facts_line.text()


def test_a_copy_without_a_key_offers_to_create_one(window, demo_path, tmp_path, qtbot):
    with Roundtable.open(demo_path) as rt:
        rt.save_delegation_copy(tmp_path / "de.qrt", "DE")
    view = open_sync(window, tmp_path / "de.qrt")
    window.show()
    assert "Germany's copy" in view.copy_line.text()
    assert not view.create_key_button.isHidden() and "No signing key for DE" in view.key_line.text()
    assert not view.send_button.isEnabled()
    view.create_key_button.click()
    assert keys.has_key("DE")
    fingerprint = keys.fingerprint(keys.public_key("DE"))
    assert fingerprint in view.key_line.text() and fingerprint in view.result_label.text()
    assert view.create_key_button.isHidden() and not view.copy_key_button.isHidden()
    view.copy_key_button.click()
    from PySide6.QtGui import QGuiApplication
    assert QGuiApplication.clipboard().text() == keys.public_key("DE")
    assert window.session.errors == []


# -- a delegation sends -----------------------------------------------------------------------------


def test_export_snapshot_writes_a_file_and_nothing_is_left_unsent(window, world, settle):
    view = open_sync(window, world.dir / "jp.qrt")
    assert view.send_button.text() == "Export snapshot…" and not view.send_button.isEnabled()  # nothing to send
    window.session.apply(lambda rt: rt.positions.set("JP", 4, "support", "Instructions received."))
    settle(window.session)
    assert window.unsent_label.text() != "0 changes not yet sent" and view.send_button.isEnabled()
    asked = []
    view.ask_save_path = lambda title, suggested, flt: asked.append(suggested) or str(world.dir / "out" / "jp-one")
    view.send_button.click()
    settle(window.session)
    assert Path(asked[0]).name == "jp-1.qrts"
    out = world.dir / "out" / "jp-one.qrts"
    assert out.exists() and window.session.errors == []
    assert window.unsent_label.text() == "0 changes not yet sent"
    assert "Snapshot 1 of JP written to jp-one.qrts" in view.result_label.text()
    assert "last snapshot: <b>1</b>" in view.facts_line.text() and not view.send_button.isEnabled()
    with Roundtable.open(world.master.path) as master:
        assert master.sync.preview([out]).files[0].signature_valid


# -- the master imports ---------------------------------------------------------------------------


def test_preview_shows_sender_number_and_valid_signature_and_writes_nothing(window, world, settle):
    snap = snapshot_of(world, "JP", lambda rt: rt.positions.set("JP", 4, "support", "Instructions received."))
    view = open_sync(window, world.master.path)
    view.ask_open_paths = lambda title, flt: [str(snap)]
    view.import_button.click()
    settle(window.session)
    table = view.preview.table
    assert view.tabs.currentWidget() is view.preview and table.rowCount() == 1
    assert [cell(table, 0, col) for col in (FROM, NUMBER, SIGNATURE)] == ["JP", "snapshot 1", "✔ Valid"]
    assert cell(table, 0, OUTCOME) == "Would import"
    summary = view.preview.summary.text()
    assert "Would apply" in summary and "Nothing has been written yet" in summary
    assert "signature is valid" in view.preview.details.toPlainText()
    assert view.preview.apply_button.isEnabled()
    assert window.session.rt.positions.get("JP", 4).stance.value == "reservation"
    assert window.session.rt.sync.history() == []


def test_a_tampered_file_shows_an_invalid_signature_and_cannot_be_applied(window, world, settle):
    snap = snapshot_of(world, "JP", lambda rt: rt.positions.set("JP", 4, "support"))
    bad = tampered(snap)
    view = open_sync(window, world.master.path)
    view.preview_files([bad])
    settle(window.session)
    table = view.preview.table
    assert cell(table, 0, SIGNATURE).startswith("✖")
    assert cell(table, 0, OUTCOME).startswith("Refused: has a signature")
    assert "will not be imported" in view.preview.details.toPlainText()
    assert not view.preview.apply_button.isEnabled()
    view.apply_import()  # refuses even when called directly
    settle(window.session)
    assert len(window.session.errors) == 1 and "none of these files" in window.session.errors[0]
    assert window.session.rt.sync.history() == [] and window.session.rt.positions.get("JP", 4).stance.value == \
        "reservation"


def test_applying_imports_the_change_and_every_view_shows_it(window, world, settle):
    snap = snapshot_of(world, "CH", lambda rt: rt.positions.set("CH", 4, "support", "New instructions."))
    view = open_sync(window, world.master.path)
    consensus = window.views["consensus"]
    matrix = window.views["positions"]

    def status_of_4():
        window.show_view("consensus")  # as the chair looks: a page is brought up to date when shown
        return consensus.model.consensus_at(consensus.model.row_of(4)).status.value

    def ch_cell():
        window.show_view("positions")
        rt = window.session.rt
        ch = next(d for d in rt.delegations.list() if d.code == "CH")
        return matrix.model.position_at(matrix.model.cell_index(ch.id, rt.principles.get(4).id)).stance.value

    assert status_of_4() == "contested" and ch_cell() == "object"
    window.show_view("sync")
    view.preview_files([snap])
    settle(window.session)
    view.preview.apply_button.click()
    settle(window.session)
    rt = window.session.rt
    assert window.session.errors == []
    assert rt.positions.get("CH", 4).stance.value == "support"
    assert status_of_4() == "near" and ch_cell() == "support"
    window.show_view("sync")  # the import's outcome is still there to read
    assert "Imported 1 file" in view.result_label.text() and "backed up" in view.result_label.text()
    assert view.preview.table.rowCount() == 0
    # the import history, with each change's provenance
    assert view.tabs.currentWidget() is view.history and view.history.imports.rowCount() == 1
    assert cell(view.history.imports, 0, 1) == "CH" and cell(view.history.imports, 0, 2) == "snapshot 1"
    stance = next(c for c in view.history.changes if c.field == "stance")
    assert stance.what == "CH position on principle 4" and (stance.old, stance.new) == ("object", "support")
    assert stance.delegation == "CH" and stance.sequence == 1 and stance.imported_at
    row = [c.field for c in view.history.changes].index("stance")
    assert [cell(view.history.change_table, row, col) for col in (1, 2, 3, 4, 5)] == \
        ["stance", "Object", "Support", "CH", "1"]
    # importing the same file again changes nothing
    view.preview_files([snap])
    settle(window.session)
    assert cell(view.preview.table, 0, OUTCOME).startswith("Already imported")
    assert not view.preview.apply_button.isEnabled()


def test_dropping_a_snapshot_on_the_window_opens_its_preview(window, world, settle):
    snap = snapshot_of(world, "JP", lambda rt: rt.positions.set("JP", 4, "support"))
    assert window.open_path(world.master.path).wait()
    window.show_view("principles")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(snap))])
    window.dropEvent(QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))
    settle(window.session)
    view = window.views["sync"]
    assert window.stack.currentWidget() is view and view.tabs.currentWidget() is view.preview
    assert cell(view.preview.table, 0, PREVIEW) == snap.name and window.session.path == world.master.path


# -- conflicts ------------------------------------------------------------------------------------


@pytest.fixture
def conflicted(window, world, settle):
    """The master and JP both rewrote JP's comments on principles 1–3 after release 1: three conflicts."""
    with Roundtable.open(world.master.path) as master:
        for n in (1, 2, 3):
            master.positions.set("JP", n, "reservation", f"As heard in the room on principle {n}.")

    def jp_edits(rt):
        for n in (1, 2, 3):
            rt.positions.set("JP", n, "reservation", f"Capital instructs support for principle {n} with care.")
    snap = snapshot_of(world, "JP", jp_edits)
    view = open_sync(window, world.master.path)
    view.preview_files([snap])
    settle(window.session)
    view.preview.apply_button.click()
    settle(window.session)
    return view


def test_a_conflict_shows_both_values_side_by_side_with_a_word_diff(qtbot, window, conflicted):
    view = conflicted
    assert view.tabs.currentWidget() is view.conflicts
    assert view.tabs.tabText(view.tabs.indexOf(view.conflicts)) == "Conflicts (3)"
    table = view.conflicts.table
    assert table.rowCount() == 3
    first = view.conflicts.selected()
    assert first.field == "comment" and first.delegation == "JP"
    assert cell(table, 0, 0) == first.what and cell(table, 0, 4) == "JP"
    assert view.conflicts.current_box.text.toPlainText() == first.current
    assert view.conflicts.incoming_box.text.toPlainText() == first.incoming
    assert "from JP, snapshot 1" in view.conflicts.incoming_box.caption.text()
    assert "master" in view.conflicts.current_box.caption.text()
    qtbot.waitUntil(lambda: not view.conflicts.diff.pending)  # the diff is computed off the UI thread
    assert not view.conflicts.diff_box.isHidden() and view.conflicts.diff.pieces
    html = view.conflicts.diff.toHtml()
    assert "line-through" in html and "underline" in html
    assert "3 conflicts</b> waiting" in view.facts_line.text()


def test_keep_take_and_edit_resolve_conflicts_through_the_facade(window, conflicted, settle):
    view, rt = conflicted, window.session.rt
    by_principle = {c.what: c for c in rt.sync.conflicts()}
    view.conflicts.select(by_principle["JP position on principle 1"].id)
    view.conflicts.keep_button.click()
    settle(window.session)
    assert rt.positions.get("JP", 1).comment == "As heard in the room on principle 1."
    view.conflicts.select(by_principle["JP position on principle 2"].id)
    view.conflicts.take_button.click()
    settle(window.session)
    assert rt.positions.get("JP", 2).comment == "Capital instructs support for principle 2 with care."
    view.conflicts.select(by_principle["JP position on principle 3"].id)
    view.ask_values = lambda group: {c.id: ("value", "Agreed wording after the call with Tokyo.") for c in group}
    view.conflicts.edit_button.click()
    settle(window.session)
    assert rt.positions.get("JP", 3).comment == "Agreed wording after the call with Tokyo."
    assert window.session.errors == []
    assert rt.sync.conflicts() == [] and view.conflicts.table.rowCount() == 0
    resolved = {c.what: c.resolution for c in rt.sync.conflicts(include_closed=True)}
    assert resolved == {"JP position on principle 1": "keep", "JP position on principle 2": "take",
                        "JP position on principle 3": "value"}
    assert view.tabs.tabText(view.tabs.indexOf(view.conflicts)) == "Conflicts"
    assert "Undo" in window.undo_action.text()  # a resolution is an ordinary, undoable edit
    assert "Resolved: set a new value of JP position on principle 3" in view.result_label.text()
    window.undo_action.trigger()
    settle(window.session)
    assert len(rt.sync.conflicts()) == 1 and view.conflicts.table.rowCount() == 1
    # The line under the buttons follows the undo: the conflict is open again, not "Resolved".
    assert "Resolved" not in view.result_label.text()
    assert "open again" in view.result_label.text() and "principle 3" in view.result_label.text()
    window.redo_action.trigger()
    settle(window.session)
    assert rt.sync.conflicts() == [] and view.result_label.text().count("Resolved") == 1


@pytest.fixture
def stance_and_comment(window, world, settle):
    """The master and JP both changed JP's stance and comment on principle 1: one position, two fields."""
    with Roundtable.open(world.master.path) as master:
        master.positions.set("JP", 1, "reservation", "Japan asked for time to consult.")
    snap = snapshot_of(world, "JP", lambda rt: rt.positions.set("JP", 1, "object", "Japan cannot accept the scope."))
    view = open_sync(window, world.master.path)
    view.preview_files([snap])
    settle(window.session)
    view.preview.apply_button.click()
    settle(window.session)
    return view


def test_a_position_clashing_on_stance_and_comment_is_one_conflict(window, stance_and_comment, settle):
    view, rt = stance_and_comment, window.session.rt
    assert sorted(c.field for c in rt.sync.conflicts()) == ["comment", "stance"]  # the core keeps both fields
    assert view.conflicts.table.rowCount() == 1  # …a person sees one position
    assert cell(view.conflicts.table, 0, 1) == "stance, comment"
    assert view.conflicts.heading.text() == "JP position on principle 1 — stance, comment"
    assert view.conflicts.current_box.text.toPlainText() == ("Stance: Reservation (ad ref.)\n"
                                                             "Comment: Japan asked for time to consult.")
    assert view.conflicts.incoming_box.text.toPlainText() == "Stance: Object\nComment: Japan cannot accept the scope."
    view.conflicts.take_button.click()
    settle(window.session)
    position = rt.positions.get("JP", 1)
    assert (position.stance.value, position.comment) == ("object", "Japan cannot accept the scope.")
    assert rt.sync.conflicts() == [] and window.session.errors == []
    window.undo_action.trigger()  # one step took both fields, one undo gives both back
    settle(window.session)
    assert len(rt.sync.conflicts()) == 2 and view.conflicts.table.rowCount() == 1
    assert rt.positions.get("JP", 1).stance.value == "reservation"
    assert "open again" in view.result_label.text()


def test_edit_value_offers_stances_by_their_labels_and_text_as_text(window, stance_and_comment, settle):
    from PySide6.QtWidgets import QComboBox, QPlainTextEdit

    from qroundtable.ui.widgets.conflict_value import ConflictValueDialog

    view, rt = stance_and_comment, window.session.rt
    seen = []

    def answer(group):
        dialog = ConflictValueDialog(group, view)
        by_field = {c.field: dialog.editors[c.id] for c in group}
        stance, comment = by_field["stance"], by_field["comment"]
        assert isinstance(stance, QComboBox) and isinstance(comment, QPlainTextEdit)
        seen.append([stance.itemText(i) for i in range(stance.count())])
        assert stance.currentText() == "Reservation (ad ref.)"  # starts from the current value
        stance.setCurrentIndex(stance.findText("Support with amendments"))
        comment.setPlainText("  Japan can join if research security is named.\n")
        return dialog.answers()
    view.ask_values = answer
    view.conflicts.edit_button.click()
    settle(window.session)
    assert seen == [["Support", "Support with amendments", "Reservation (ad ref.)", "Abstain", "Object"]]
    assert window.session.errors == []
    position = rt.positions.get("JP", 1)
    assert (position.stance.value, position.comment) == ("support_with_amendments",
                                                         "Japan can join if research security is named.")
    assert {c.resolution for c in rt.sync.conflicts(include_closed=True)} == {"value"}
    assert "Resolved: set a new value of JP position on principle 1 (stance, comment)" in view.result_label.text()


# -- a release, and a delegation taking it ---------------------------------------------------------------


def test_a_release_issued_by_the_master_is_previewed_and_taken_by_a_delegation(window, world, qtbot, settings, settle):
    view = open_sync(window, world.master.path)
    window.session.apply(lambda rt: rt.principles.edit(2, "Incorporate expertise in decisions.", note="shorter"))
    settle(window.session)
    view.ask_save_path = lambda title, suggested, flt: str(world.dir / Path(suggested).name)
    view.send_button.click()
    settle(window.session)
    release = world.dir / "release-2.qrtr"
    assert release.exists() and "Release 2 written" in view.result_label.text()
    assert "Last release: <b>2</b>" in view.facts_line.text()
    assert window.unsent_label.text() == "0 changes not yet in a release"

    jp = MainWindow(settings)
    jp.session.errors = []
    jp.session.report_error = jp.session.errors.append
    qtbot.addWidget(jp)
    jp_view = open_sync(jp, world.dir / "jp.qrt")
    jp.session.apply(lambda rt: rt.positions.set("JP", 4, "support"))
    settle(jp.session)
    jp_view.preview_files([release])
    settle(jp.session)
    assert (cell(jp_view.preview.table, 0, FROM), cell(jp_view.preview.table, 0, NUMBER)) == ("US", "release 2")
    assert cell(jp_view.preview.table, 0, SIGNATURE) == "✔ Valid"
    jp_view.preview.apply_button.click()
    settle(jp.session)
    assert jp.session.errors == []
    rt = jp.session.rt
    assert rt.principles.get(2).text == "Incorporate expertise in decisions."
    assert rt.positions.get("JP", 4).stance.value == "support"  # the unsent edit survived
    assert "At release <b>2</b>" in jp_view.facts_line.text()
    assert jp.unsent_label.text() != "0 changes not yet sent"
    assert cell(jp_view.history.imports, 0, 2) == "release 2"


def test_a_release_names_the_delegations_own_values_it_sets_otherwise(window, world, qtbot, settings, settle):
    with Roundtable.open(world.master.path) as master:
        assert master.positions.get("JP", 4).stance.value == "reservation"
        master.positions.set("JP", 4, "support", "Capital agreed in the room.")  # the chair records it for JP
        master.sync.issue_release(world.dir / "release-2.qrtr")
    said = "The secretariat's release sets JP's stance on principle 4 to Support (yours: Reservation (ad ref.))."
    view = open_sync(window, world.dir / "jp.qrt")
    view.preview_files([world.dir / "release-2.qrtr"])
    settle(window.session)
    assert "2 of your own values otherwise" in view.preview.summary.text()
    assert said in view.preview.details.toPlainText()
    shot(window, "sync-release-overrides.png")
    view.preview.apply_button.click()
    settle(window.session)
    assert window.session.errors == []
    assert said in view.result_label.text() and "0 conflicts" in view.result_label.text()
    assert view.tabs.currentWidget() is view.preview and said in view.preview.details.toPlainText()
    assert not view.preview.apply_button.isEnabled()  # the report of what was done, nothing more to apply
    shot(window, "sync-release-overrides-applied.png")
    assert window.session.rt.positions.get("JP", 4).stance.value == "support"


def test_the_master_trusts_a_key_after_seeing_its_fingerprint(window, world, settle):
    view = open_sync(window, world.master.path)
    assert view.tabs.isTabVisible(view.tabs.indexOf(view.trusted))
    keys.create_key("DK")
    public = keys.public_key("DK")
    offered = []
    view.ask_trust = lambda choices: offered.append(choices) or ("DK", public)
    view.trusted.trust_button.click()
    settle(window.session)
    assert ("DK", "Denmark") in offered[0] and all(code != "US" for code, _ in offered[0])
    assert "DK" in [k.delegation for k in window.session.rt.sync.trusted()]
    codes = [cell(view.trusted.table, r, 0) for r in range(view.trusted.table.rowCount())]
    assert "DK" in codes and keys.fingerprint(public) in view.result_label.text()


def test_a_lost_laptops_key_is_revoked_or_replaced_at_the_master(window, world, settle):
    view = open_sync(window, world.master.path)
    trusted = view.trusted
    assert not trusted.revoke_button.isEnabled()  # nothing selected yet
    old_jp, old_ch = keys.fingerprint(keys.public_key("JP")), keys.fingerprint(keys.public_key("CH"))
    trusted.select("JP")
    assert trusted.revoke_button.isEnabled() and trusted.replace_button.isEnabled()
    asked = []
    view.confirm = lambda title, question: asked.append(question) or True
    trusted.revoke_button.click()
    settle(window.session)
    rt = window.session.rt
    assert old_jp in asked[0] and "JP" not in [k.delegation for k in rt.sync.trusted()]
    statuses = {cell(trusted.table, r, 2): cell(trusted.table, r, 3) for r in range(trusted.table.rowCount())}
    assert statuses[old_jp].startswith("Revoked ")
    assert "revoked" in view.result_label.text()

    keys.create_key("CH", replace=True)  # CH's new laptop
    new_ch = keys.fingerprint(keys.public_key("CH"))
    offered = []
    view.ask_trust = lambda choices, replacing=None: offered.append((choices, replacing)) or (
        "CH", keys.public_key("CH"))
    trusted.select("CH")
    trusted.replace_button.click()
    settle(window.session)
    assert offered == [([("CH", "Switzerland")], "CH")]
    assert [k.fingerprint for k in rt.sync.trusted() if k.delegation == "CH"] == [new_ch]
    statuses = {cell(trusted.table, r, 2): cell(trusted.table, r, 3) for r in range(trusted.table.rowCount())}
    assert statuses[new_ch] == "Trusted" and statuses[old_ch].startswith("Replaced ")
    assert statuses[old_ch].endswith(f"by {new_ch}")
    trusted.table.selectRow([cell(trusted.table, r, 2) for r in range(trusted.table.rowCount())].index(old_ch))
    assert not trusted.revoke_button.isEnabled()  # a revoked key is not revoked twice
    assert window.session.errors == []
    view.tabs.setCurrentWidget(trusted)
    trusted.select("CH")
    shot(window, "sync-trusted-keys.png")


def test_a_delegation_copy_has_no_trusted_keys_tab(window, world):
    view = open_sync(window, world.dir / "jp.qrt")
    assert not view.tabs.isTabVisible(view.tabs.indexOf(view.trusted))
    assert "Japan's copy" in view.copy_line.text() and "At release <b>1</b>" in view.facts_line.text()


# -- renders for a person to look at --------------------------------------------------------------------


def test_render_the_sync_view(window, world, settle):
    good = snapshot_of(world, "CH", lambda rt: rt.positions.set("CH", 4, "support", "New instructions."))
    jp = snapshot_of(world, "JP", lambda rt: rt.positions.set("JP", 4, "support", "Instructions received."))
    bad = tampered(jp)
    with Roundtable.open(world.master.path) as master:
        master.positions.set("JP", 1, "reservation", "Japan asked for time to consult on the scope of the principle.")
    jp2 = snapshot_of(world, "JP", lambda rt: rt.positions.set(
        "JP", 1, "support_with_amendments", "Japan can support the scope if research security is named."),
        name="jp-2.qrts")
    view = open_sync(window, world.master.path)
    view.preview_files([good, bad, jp, jp2])
    settle(window.session)
    shot(window, "sync-preview.png")
    view.preview.table.selectRow(1)
    shot(window, "sync-preview-refused.png")
    view.preview.table.selectRow(1)
    view.preview_files([good, jp, jp2])
    settle(window.session)
    view.preview.apply_button.click()
    settle(window.session)
    assert window.session.errors == []
    shot(window, "sync-conflicts.png")
    assert [c.field for c in view.conflicts.selected_group()] == ["stance", "comment"]  # one position, one line
    assert view.conflicts.current_box.text.toPlainText().startswith("Stance: Reservation (ad ref.)\n")
    assert not view.conflicts.diff_box.isHidden()  # the comments, word by word
    shot(window, "sync-conflict-stance.png")
    view.tabs.setCurrentWidget(view.history)
    shot(window, "sync-history.png")
    view.ask_save_path = lambda title, suggested, flt: str(world.dir / Path(suggested).name)
    view.send_button.click()  # release 2
    settle(window.session)
    jp_view = open_sync(window, world.dir / "jp.qrt")
    window.session.apply(lambda rt: rt.positions.set("JP", 5, "abstain", "Awaiting instructions."))
    settle(window.session)
    shot(window, "sync-delegation.png")
    jp_view.preview_files([world.dir / "release-2.qrtr"])
    settle(window.session)
    shot(window, "sync-delegation-release.png")
    assert cell(jp_view.preview.table, 0, SIGNATURE) == "✔ Valid" and window.session.errors == []


def test_a_lost_snapshot_is_named_at_the_master_and_sent_again_from_the_copy(window, world, settle):
    jp = open_sync(window, world.dir / "jp.qrt")
    assert jp.resend_button.isVisible() is False or not jp.resend_button.isEnabled()  # nothing sent yet
    jp.ask_save_path = lambda title, suggested, flt: str(world.dir / Path(suggested).name)
    for n, stance in ((1, "object"), (2, "abstain")):
        window.session.apply(lambda rt, n=n, stance=stance: rt.positions.set("JP", n, stance))
        settle(window.session)
        jp.send_button.click()
        settle(window.session)
    lost = world.dir / "jp-1.qrts"
    lost.unlink()  # it never reached the secretariat

    master = open_sync(window, world.master.path)
    master.preview_files([world.dir / "jp-2.qrts"])
    settle(window.session)
    assert cell(master.preview.table, 0, OUTCOME).startswith("Refused")
    assert "Waiting for JP's snapshot 1" in master.preview.summary.text()
    assert "waiting for JP's snapshot 1" in master.preview.report.files[0].reason

    jp = open_sync(window, world.dir / "jp.qrt")
    assert jp.resend_button.isEnabled()
    asked = []
    jp.ask_snapshot = lambda sent: asked.append([s.sequence for s in sent]) or 1
    jp.ask_save_path = lambda title, suggested, flt: str(world.dir / "jp-1-again.qrts")
    jp.resend_button.click()
    settle(window.session)
    assert asked == [[1, 2]] and (world.dir / "jp-1-again.qrts").exists()
    assert "Snapshot 1 of JP written again" in jp.result_label.text()

    master = open_sync(window, world.master.path)
    master.preview_files([world.dir / "jp-2.qrts", world.dir / "jp-1-again.qrts"])
    settle(window.session)
    master.preview.apply_button.click()
    settle(window.session)
    rt = window.session.rt
    assert (rt.positions.get("JP", 1).stance.value, rt.positions.get("JP", 2).stance.value) == ("object", "abstain")
    assert window.session.errors == []


def test_a_hidden_sync_page_catches_up_with_edits_when_shown(window, conflicted, settle):
    view = conflicted
    window.show_view("positions")  # the chair works elsewhere; hundreds of conflicts are not re-read per key
    window.session.apply(lambda rt: rt.positions.set("JP", 1, "reservation", "Reworded in the room."))
    settle(window.session)
    assert view._behind
    window.show_view("sync")
    first = next(c for c in view.conflicts.conflicts if c.what == "JP position on principle 1")
    assert first.current == "Reworded in the room." and not view._behind
    assert "Conflicts (3)" == view.tabs.tabText(view.tabs.indexOf(view.conflicts))
