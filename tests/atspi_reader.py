"""Reads a running app over AT-SPI, from outside, the way a screen reader (Orca) does; prints JSON.

Runs under the system Python with pyatspi (Debian's python3-pyatspi), not the project's venv, which
has no `gi`. Waits until the application `name` shows a node whose name contains `--until` (the app
opens its file after its window shows), then prints what it shows:
{"seconds", "apps", "windows": [titles], "nodes": [{"role", "name", "focusable", "path"}],
 "views": {item name: nodes}}. With `--views LIST`, it also selects each item of the list named LIST
through the AT-SPI Selection interface, as assistive technology picks an item, and reads the window again.
Only showing nodes: Qt keeps hidden pages (the start page, the other views) in the tree, and a screen
reader does not read those either.
"""

import argparse
import json
import sys
import time

import pyatspi
from gi.repository import GLib

MAX_NODES = 20_000  # a cap, so a runaway tree fails the test instead of hanging it


def find_app(name: str):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name == name:
            return app
    return None


def app_names() -> list[str]:
    desktop = pyatspi.Registry.getDesktop(0)
    return [child.name for child in (desktop.getChildAtIndex(i) for i in range(desktop.childCount)) if child]


def showing(app) -> list[tuple[dict, object]]:
    """Each showing node under the app's windows, as (what a screen reader says of it, the node)."""
    found: list[tuple[dict, object]] = []

    def walk(node, path: str) -> None:
        if node is None or len(found) >= MAX_NODES:
            return
        states = node.getState()
        if not states.contains(pyatspi.STATE_SHOWING):
            return
        here = f"{path}/{node.getRoleName()}"
        found.append(({"role": node.getRoleName(), "name": node.name or "", "path": here,
                       "focusable": states.contains(pyatspi.STATE_FOCUSABLE)}, node))
        for i in range(node.childCount):
            walk(node.getChildAtIndex(i), here)

    for i in range(app.childCount):  # the application node itself is never "showing"; its windows are
        walk(app.getChildAtIndex(i), "")
    return found


def read(app) -> list[tuple[dict, object]]:
    """A reading that holds still: the tree can change under a walk (a view filling in), so walk till two agree."""
    last = None
    for _ in range(10):
        try:
            now = showing(app)
        except GLib.GError as exc:  # a node went away mid-walk (the D-Bus call failed): read again
            print(f"reading again after {exc!r}", file=sys.stderr)
            time.sleep(0.2)
            continue
        if last is not None and [n for n, _ in now] == [n for n, _ in last]:
            return now
        last = now
        time.sleep(0.2)
    return last or []


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("name", help="the application's name on the accessibility bus")
    parser.add_argument("--until", required=True, help="wait until a showing node's name contains this")
    parser.add_argument("--views", help="the name of a list whose items are selected one by one, each read")
    parser.add_argument("--timeout", type=float, default=20)
    args = parser.parse_args()
    start = time.monotonic()
    nodes: list[tuple[dict, object]] = []
    apps: list[str] = []
    while time.monotonic() - start < args.timeout:
        app = find_app(args.name)
        if app is not None:
            nodes = read(app)
            if any(args.until in node["name"] for node, _ in nodes):
                break
        else:
            apps = app_names()
        time.sleep(0.3)
    views: dict[str, list[dict]] = {}
    lists = [obj for node, obj in nodes if node["role"] == "list" and node["name"] == args.views]
    if args.views and len(lists) == 1:
        items = lists[0]
        for i in range(items.childCount):
            if time.monotonic() - start > args.timeout:
                print("out of time before every view was read", file=sys.stderr)
                break
            item = items.getChildAtIndex(i)
            if not items.querySelection().selectChild(i):
                print(f"could not select {item.name!r}", file=sys.stderr)
                continue
            views[item.name] = [node for node, _ in read(app)]
    windows = [node["name"] for node, _ in nodes if node["path"].count("/") == 1]
    print(json.dumps({"seconds": round(time.monotonic() - start, 2), "apps": apps, "windows": windows,
                      "nodes": [node for node, _ in nodes], "views": views}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
