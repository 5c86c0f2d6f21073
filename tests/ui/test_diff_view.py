"""The word diff is computed off the UI thread, shown when it arrives, and dropped when no longer wanted."""

from __future__ import annotations

import threading

import pytest

from qroundtable.textdiff import Op, word_diff
from qroundtable.ui.widgets import diff_view
from qroundtable.ui.widgets.diff_view import DiffView

CLAUSE = ("Participants [shall|should] promote open and reciprocal access to quantum testbeds, "
          "in accordance with their respective laws. ")


@pytest.fixture
def view(qtbot):
    v = DiffView()
    qtbot.addWidget(v)
    v.seen = []
    v.shown.connect(v.seen.append)
    return v


@pytest.fixture
def gate(monkeypatch):
    """word_diff held on the diff thread until the test opens the gate, for texts starting 'held'."""
    opened = threading.Event()

    def held(old, new):
        if old.startswith("held"):
            assert opened.wait(10)
        return word_diff(old, new)

    monkeypatch.setattr(diff_view, "word_diff", held)
    yield opened
    opened.set()


def test_two_20k_texts_are_compared_off_the_ui_thread(qtbot, view):
    old = (CLAUSE * 200)[:20_000]
    new = old.replace("shall", "will")
    view.show_diff(old, new)
    assert view.pending and view.seen == []  # returned at once; nothing shown yet
    with qtbot.waitSignal(view.shown, timeout=10_000):
        pass
    assert not view.pending
    assert {p.text for p in view.pieces if p.op is Op.INSERT} == {"will"}
    assert "line-through" in view.toHtml()


def test_the_window_keeps_working_while_a_diff_is_computed(qtbot, view, gate):
    view.show_diff("held back", "held forward")
    qtbot.wait(50)  # the event loop runs: the UI thread is not the one waiting
    assert view.pending and view.seen == []
    gate.set()
    qtbot.waitUntil(lambda: not view.pending)
    assert [(p.op, p.text) for p in view.pieces if p.op is not Op.EQUAL] == [(Op.DELETE, "back"),
                                                                            (Op.INSERT, "forward")]


def test_a_result_for_texts_no_longer_shown_is_dropped(qtbot, view, gate):
    view.show_diff("held: the first pair", "held: the first pair, changed")  # stuck on the diff thread
    view.show_diff("the second pair", "the second pair, changed")
    gate.set()
    qtbot.waitUntil(lambda: not view.pending)
    qtbot.wait(50)  # room for the late first result to arrive, and be ignored
    assert len(view.seen) == 1
    assert "".join(p.text for p in view.pieces if p.op is not Op.INSERT) == "the second pair"


def test_a_message_shown_meanwhile_is_not_overwritten(qtbot, view, gate):
    view.show_diff("held: old", "held: new")
    view.show_message("Select a principle to see how its text changed.")
    assert not view.pending
    gate.set()
    qtbot.wait(100)
    assert view.seen == [] and "Select a principle" in view.toPlainText()


def test_a_failure_is_said_in_the_view(qtbot, view, monkeypatch):
    def broken(old, new):
        raise ValueError("no diff today")

    monkeypatch.setattr(diff_view, "word_diff", broken)
    view.show_diff("a", "b")
    qtbot.waitUntil(lambda: not view.pending)
    assert "could not be compared" in view.toPlainText() and "no diff today" in view.toPlainText()
