"""Opening the desktop app from the command line (Qt is imported only here, and only then)."""

from __future__ import annotations

from pathlib import Path

import click


def open_desktop(db: Path | None) -> None:
    try:
        from ..ui.app import run
    except ImportError as exc:
        raise click.ClickException(f"the desktop app cannot start: {exc}") from None
    raise SystemExit(run(db))
