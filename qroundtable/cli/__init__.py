"""The `qroundtable` command line: thin click commands over the Roundtable façade."""

from . import action, delegation, export, history, meeting, position, principle, readout, screenshot, setup  # noqa: F401
from . import keys, sync  # noqa: F401
from .root import cli


def main() -> None:
    cli(prog_name="qroundtable")


__all__ = ["cli", "main"]
