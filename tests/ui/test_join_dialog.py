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
