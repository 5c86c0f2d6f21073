"""`qroundtable undo` and `qroundtable redo`, through the change record."""

from __future__ import annotations

import click

from .root import Session, cli, pass_session


@cli.command()
@pass_session
def undo(session: Session) -> None:
    """Undo the last change made in this copy.

    Example: qroundtable undo
    """
    click.echo(f"{session.open().undo().label}.")


@cli.command()
@pass_session
def redo(session: Session) -> None:
    """Redo the last undone change.

    Example: qroundtable redo
    """
    click.echo(f"{session.open().redo().label}.")

