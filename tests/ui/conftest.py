"""Fixtures for the desktop views: a real demo roundtable file behind a real Session."""

import pytest


@pytest.fixture
def demo_path(tmp_path):
    from qroundtable.demo import build_demo

    path = tmp_path / "demo.qrt"
    build_demo(path).close()
    return path


@pytest.fixture
def session(qtbot, demo_path):
    """A Session on the demo roundtable; errors it reports are collected in `session.errors`."""
    from qroundtable.ui.session import Session

    s = Session()
    s.errors = []
    s.report_error = s.errors.append
    assert s.open(demo_path).wait(), s.errors
    yield s
    s.close()


@pytest.fixture
def settle(qtbot):
    """`settle(session)`: wait until every edit handed to the writer is written and announced."""
    def wait(session, timeout: int = 10_000):
        qtbot.waitUntil(lambda: session.idle, timeout=timeout)
    return wait


@pytest.fixture
def settings(tmp_path):
    """QSettings in a file under tmp_path, so tests never touch the user's settings."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def hand_out():
    """`hand_out(session, path, code)`: the secretariat's copy for `code` at `path`, made through the writer."""
    def make(session, path, code: str) -> None:
        assert session.run("Hand out a copy", lambda rt, progress: rt.save_delegation_copy(path, code)).wait()
    return make
