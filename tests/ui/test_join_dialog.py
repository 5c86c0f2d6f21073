"""Joining from a release in the app: the fingerprint is shown, the copy is made and opened."""

import pytest
from PySide6.QtWidgets import QLabel
from sync_world import make_world

from qroundtable.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, settings):
    w = MainWindow(settings)
    w.session.errors = []
    w.session.report_error = w.session.errors.append
    qtbot.addWidget(w)
    yield w
    w.session.close()


def test_joining_shows_the_key_and_opens_the_delegations_copy(window, tmp_path):
    world = make_world(tmp_path, codes=("JP",))
    world.close()
    shown = {}

    def choose_dk(dialog):
        shown["text"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        shown["fingerprint"] = dialog.release.fingerprint
        dialog.code.setCurrentIndex(dialog.code.findData("DK"))
        return True

    assert window.join_release(world.release, ask=choose_dk)
    rt = window.session.rt
    assert rt.path == tmp_path / "dk.qrt"
    assert rt.info.copy_label == "Delegation — Denmark"
    assert window.copy_label.text() == "Delegation — Denmark"
    assert window.stack.currentWidget() is window.views["sync"]
    assert len(shown["fingerprint"]) >= 16 and shown["fingerprint"] in shown["text"]  # read aloud to compare
    assert window.session.errors == []


def test_the_secretariat_is_not_offered_and_cancel_makes_nothing(window, tmp_path):
    world = make_world(tmp_path, codes=())
    world.close()
    offered = []

    def cancel(dialog):
        offered.extend(dialog.code.itemData(i) for i in range(dialog.code.count()))
        return False

    assert not window.join_release(world.release, ask=cancel)
    assert "US" not in offered and "JP" in offered
    assert not (tmp_path / "jp.qrt").exists()


def test_a_damaged_release_is_refused_with_one_message(window, tmp_path):
    bad = tmp_path / "bad.qrtr"
    bad.write_bytes(b"QRT not really a release" * 50)
    assert not window.join_release(bad, ask=lambda d: True)
    assert len(window.session.errors) == 1
    assert window.session.rt is None


def test_no_delegation_is_chosen_for_the_person_and_make_my_copy_waits_for_a_choice(window, tmp_path):
    world = make_world(tmp_path, codes=("JP",))
    world.close()
    seen = {}

    def look(dialog):
        seen["first"] = dialog.code.currentData()
        seen["enabled_before"] = dialog.ok_button.isEnabled()
        dialog.code.setCurrentIndex(dialog.code.findData("JP"))
        seen["enabled_after"] = dialog.ok_button.isEnabled()
        seen["path"] = dialog.path.text()
        return False

    assert not window.join_release(world.release, ask=look)
    assert seen == {"first": None, "enabled_before": False, "enabled_after": True,
                    "path": str(tmp_path / "jp.qrt")}


def test_new_roundtable_reads_its_rules_in_words_names_the_file_after_the_title_and_keeps_what_was_typed(
        qtbot, window, tmp_path, demo_path):
    from qroundtable.ui.dialogs import NewRoundtableDialog

    assert window.open_path(demo_path).wait()
    dialog = NewRoundtableDialog(window.session, window)
    qtbot.addWidget(dialog)
    labels = [dialog.rule.itemText(i) for i in range(dialog.rule.count())]
    assert not any("_" in label or "majority:" in label for label in labels)
    assert [dialog.rule.itemData(i) for i in range(dialog.rule.count())][:3] == [
        "consensus", "consensus_minus_one", "majority:66.7"]
    qtbot.keyClicks(dialog.title, "Quantum Talks 2027")
    assert dialog.path.text() == str(demo_path.parent / "quantum-talks-2027.qrt")  # beside the file in use
    dialog.code.setText("US")
    dialog.rule.setCurrentIndex(1)
    dialog.path.setText(str(demo_path))  # a file that is there already: refused, nothing replaced
    before = demo_path.stat().st_mtime_ns
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.title.text() == "Quantum Talks 2027" and "already exists" in window.session.errors[-1]
    assert demo_path.stat().st_mtime_ns == before
    dialog.path.setText(str(tmp_path / "talks.qrt"))
    dialog.accept()
    assert not dialog.isVisible() and window.session.rt.info.title == "Quantum Talks 2027"
    assert window.session.rt.info.consensus_rule == "consensus_minus_one"
