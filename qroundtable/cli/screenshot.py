"""`qroundtable screenshot`: the desktop views as PNG files."""

from __future__ import annotations

from pathlib import Path

import click

from .root import Session, cli, pass_session


@cli.command()
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the PNG files.")
@click.option("--fit-screen", is_flag=True,
              help="The window as a first start opens it on this screen, files named KEY-WxH.png, and the "
                   "start page; without it, a 1360x860 window offscreen, files NN-KEY.png.")
@pass_session
def screenshot(session: Session, out_dir: Path, fit_screen: bool) -> None:
    """Render each main view of the --db file to PNG, for docs and checks.

    Example: qroundtable --db demo.qrt screenshot --out screenshots
    """
    session.open().close()  # one clear error for a missing or damaged file before Qt starts
    from ..ui.screenshot import render_views

    for path in render_views(session.db, out_dir, fit_screen=fit_screen):
        click.echo(str(path))
