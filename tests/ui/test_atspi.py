"""The running app read from outside over AT-SPI, as Orca reads it on a Linux desktop.

test_accessibility.py asks Qt's QAccessible interfaces in-process; this test checks what actually
reaches a screen reader: the real app (`python -m qroundtable --db demo.qrt`) on an X server
(Xvfb) with a private D-Bus session and the accessibility bus of at-spi2-core, read by a separate
process (tests/atspi_reader.py, system Python with pyatspi) the way Orca walks an application.

Needs xvfb, dbus, at-spi2-core and python3-pyatspi; `bash dev.sh` installs them. Not skipped when
they are missing: CI runs through dev.sh, so a missing piece is a failure to see, not to hide.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import keyring
import keyring.backends.null
import pytest

from qroundtable.ui.main_window import VIEWS

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="AT-SPI is the Linux accessibility bus")

READER = Path(__file__).parent.parent / "atspi_reader.py"
# The system interpreter: pyatspi comes from Debian's python3-pyatspi (GObject introspection), which
# the project's pip-made venv cannot import; `python3` on PATH may be another (pyenv) Python.
SYSTEM_PYTHON = "/usr/bin/python3"
# What a person can act on, by AT-SPI role name; each needs a name a screen reader can say.
INTERACTIVE = {"push button", "toggle button", "check box", "radio button", "combo box", "text", "entry",
               "password text", "spin button", "slider", "list", "list item", "table", "table cell", "tree",
               "tree table", "tree item", "page tab list", "page tab", "menu item", "link"}
CELL = re.compile(r"^(?P<delegation>.+), principle (?P<number>\d+): (?P<stance>.+)$")


def read_line(fd: int, seconds: float) -> str:
    """One line from a child's pipe, or "" if none comes in time (a child that fails must not hang us)."""
    data = b""
    deadline = time.monotonic() + seconds
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        chunk = os.read(fd, 256)
        if not chunk:
            break
        data += chunk
    return data.decode().strip()


def start(stack: ExitStack, args: list[str], **kwargs) -> subprocess.Popen:
    """Start `args` in its own process group, which is killed whole when `stack` closes.

    A group, because the session bus starts the accessibility bus launcher, its dbus-daemon and the
    registry daemon as its children (D-Bus activation), and those stay in the bus's group.
    """
    child = subprocess.Popen(args, start_new_session=True, **kwargs)

    def stop() -> None:
        # SIGTERM first, so the bus launcher can take its bus down; then SIGKILL for whatever is left.
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(child.pid, sig)
            except ProcessLookupError:
                break
            try:
                child.wait(5)
            except subprocess.TimeoutExpired:
                pass

    stack.callback(stop)
    return child


def desktop(stack: ExitStack, home: Path) -> dict[str, str]:
    """An X server, a D-Bus session and a running accessibility bus; the environment to reach them."""
    for folder in ("config", "data"):
        (home / folder).mkdir(parents=True, exist_ok=True)
    # The accessibility bus's socket goes in XDG_RUNTIME_DIR: a short path of our own (a socket's path
    # has a 108-byte limit, and the user's real runtime folder is theirs).
    runtime = tempfile.mkdtemp(prefix="qrt-a11y-")
    stack.callback(shutil.rmtree, runtime, ignore_errors=True)
    env = {key: value for key, value in os.environ.items()
           if key not in {"DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "AT_SPI_BUS_ADDRESS",
                          "QROUNDTABLE_DB", "QT_QPA_PLATFORM", "SESSION_MANAGER"}}
    # A home of its own: the app's settings (QSettings, its last file and view) stay in tmp_path.
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_RUNTIME_DIR=runtime)

    # -displayfd: Xvfb picks a free display number and writes it to us when it is ready to accept clients.
    read_end, write_end = os.pipe()
    start(stack, ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
          pass_fds=[write_end], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    os.close(write_end)
    display = read_line(read_end, 15)
    os.close(read_end)
    assert display.isdigit(), "Xvfb did not start"
    env["DISPLAY"] = f":{display}"

    bus = start(stack, ["dbus-daemon", "--session", "--nofork", "--print-address=1"], stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, env=env)
    address = read_line(bus.stdout.fileno(), 15)
    assert address.startswith("unix:"), "the D-Bus session did not start"
    env["DBUS_SESSION_BUS_ADDRESS"] = address

    # Qt does not start the accessibility bus: it watches the session bus for org.a11y.Bus and connects when
    # it appears (QAtSpiDBusConnection in qtbase). A desktop starts the bus at login; here asking it for its
    # address starts it through D-Bus activation (at-spi-bus-launcher), before the app, as on a desktop.
    asked = subprocess.run(["dbus-send", "--session", "--print-reply", "--reply-timeout=10000", "--dest=org.a11y.Bus",
                            "/org/a11y/bus", "org.a11y.Bus.GetAddress"], env=env, capture_output=True, text=True,
                           timeout=15, check=False)
    assert asked.returncode == 0, f"the accessibility bus did not start: {asked.stderr}"
    return env


def read_app(tmp_path: Path, demo_path: Path) -> dict:
    """Start the app on the demo under Xvfb and return what the AT-SPI reader saw of it."""
    with ExitStack() as stack:
        env = desktop(stack, tmp_path / "home")
        # Qt registers with AT-SPI only when the session says a screen reader is on (org.a11y.Status
        # IsEnabled / ScreenReaderEnabled); nothing turns that on here, so tell Qt to register anyway.
        app_env = dict(env, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                       PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")  # never the real keyring
        log = (tmp_path / "app.log").open("w")
        stack.callback(log.close)
        app = start(stack, [sys.executable, "-m", "qroundtable", "--db", str(demo_path)], env=app_env,
                    stdout=log, stderr=subprocess.STDOUT)
        # The reader is another Python: the project's PYTHONPATH and venv are not its.
        reader_env = {key: value for key, value in env.items() if key not in {"PYTHONPATH", "PYTHONHOME"}}
        try:
            done = subprocess.run([SYSTEM_PYTHON, str(READER), "qroundtable", "--until", "principle 1: ",
                                   "--views", "Views", "--timeout", "25"], env=reader_env, capture_output=True,
                                  text=True, timeout=40, check=False)
        except subprocess.TimeoutExpired:
            pytest.fail("the AT-SPI reader hung")
        alive = app.poll() is None
    app_log = (tmp_path / "app.log").read_text()
    assert done.returncode == 0, (f"the reader failed (python3-pyatspi is installed by dev.sh):\n"
                                  f"{done.stderr[-3000:]}\napp:\n{app_log[-3000:]}")
    assert alive, f"the app quit early:\n{app_log[-3000:]}"
    seen = json.loads(done.stdout)
    seen["app_log"] = app_log
    return seen


@pytest.fixture(scope="module")
def seen(tmp_path_factory) -> dict:
    """One run of the app for every test here: starting X, buses and the app takes a few seconds."""
    from qroundtable.demo import build_demo

    tmp_path = tmp_path_factory.mktemp("atspi")
    demo = tmp_path / "demo.qrt"
    previous = keyring.get_keyring()  # conftest's in-memory keyring is per test; this runs before it
    keyring.set_keyring(keyring.backends.null.Keyring())
    try:
        build_demo(demo).close()
    finally:
        keyring.set_keyring(previous)
    return read_app(tmp_path, demo)


def test_a_screen_reader_finds_the_app_and_its_window(seen):
    assert seen["windows"], (f"no window of qroundtable on the accessibility bus (apps seen: {seen['apps']})\n"
                             f"app:\n{seen['app_log'][-3000:]}")
    assert any(title.endswith("— qroundtable") for title in seen["windows"]), seen["windows"]


def test_matrix_cells_reach_the_screen_reader_with_delegation_principle_and_stance(seen):
    tables = [n for n in seen["nodes"] if n["role"] == "table" and n["name"].startswith("Positions matrix")]
    assert len(tables) == 1, [n["name"] for n in seen["nodes"] if n["role"] == "table"]
    prefix = tables[0]["path"] + "/"
    cells = [n["name"] for n in seen["nodes"] if n["role"] == "table cell" and n["path"].startswith(prefix)]
    assert "Australia, principle 1: Support" in cells
    assert any(name.endswith(": Object") for name in cells)  # the demo's objection, said in words
    assert any(name.endswith(": no position") for name in cells)  # an empty cell is still said
    odd = [name for name in cells if not CELL.match(name)]
    assert odd == [], odd
    # the demo's 12 delegations by 7 principles, every cell on screen at 1280×800
    parsed = [CELL.match(name) for name in cells]
    assert len({m["delegation"] for m in parsed}) == 12
    assert {int(m["number"]) for m in parsed} == set(range(1, 8))


def sidebar(nodes: list[dict]) -> str:
    """The path under which the sidebar's items are: the list a screen reader calls "Views"."""
    lists = [n for n in nodes if n["role"] == "list" and n["name"] == "Views"]
    assert len(lists) == 1, [n["name"] for n in nodes if n["role"] == "list"]
    return lists[0]["path"] + "/"


def test_the_sidebar_says_each_view_by_name(seen):
    prefix = sidebar(seen["nodes"])
    items = [n["name"] for n in seen["nodes"] if n["role"] == "list item" and n["path"].startswith(prefix)]
    assert items == [title for _, title, _ in VIEWS]


@pytest.mark.parametrize("title", [title for _, title, _ in VIEWS])
def test_every_control_a_screen_reader_reaches_in_each_view_has_a_name(seen, title):
    # The reader picked the view in the sidebar through AT-SPI, as assistive technology does.
    assert title in seen["views"], f"the reader could not show {title}: {list(seen['views'])}"
    nodes = seen["views"][title]
    prefix = sidebar(nodes)
    # that view is on screen: something outside the sidebar says its name (a heading, the table, the view)
    assert any(n["name"].startswith(title) for n in nodes if not n["path"].startswith(prefix)), \
        f"{title} is not on screen after the reader selected it in the sidebar"
    unnamed = [f"{n['role']} at {n['path']}" for n in nodes
               if (n["focusable"] or n["role"] in INTERACTIVE) and not n["name"].strip()]
    assert unnamed == [], "\n".join(unnamed)
