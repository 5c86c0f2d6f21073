"""The `qroundtable` command line: thin click commands over the Roundtable façade."""

import multiprocessing
import sys

from . import action, delegation, export, history, meeting, position, principle, readout, screenshot, setup  # noqa: F401
from . import draft, floor, keys, sync  # noqa: F401
from .root import cli


def main() -> None:
    # A bundled app (PyInstaller) starts its processes of long work (long_work.py) through this.
    multiprocessing.freeze_support()
    # A name or text that is not UTF-8 (a file name, a Latin-1 byte typed in a terminal) must never
    # stop the output: each message shows such characters replaced, and this is the safety net.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    cli(prog_name="qroundtable")


__all__ = ["cli", "main"]
