"""`qroundtable undo` and `redo` (through the change record), `history` (who changed what, when) and `find`."""

from __future__ import annotations

import click

from .output import emit
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



@cli.command()
@click.option("--delegation", default=None, help="Only what this delegation did or what is about it (its code).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True,
              help="How many entries, newest first.")
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many newest entries (the next page).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_session
def history(session: Session, delegation: str | None, limit: int, offset: int, fmt: str) -> None:
    """Who changed what, when: stances, principle texts, amendments, decisions, action items, edits.

    Example: qroundtable --db demo.qrt history --delegation JP --limit 20
    """
    entries = session.open().records.history(delegation=delegation, limit=limit, offset=offset)
    emit([e.as_json() for e in entries], fmt, [("at", "When"), ("who", "By"), ("what", "What")],
         empty="Nothing recorded yet.")


@cli.command()
@click.argument("text")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_session
def find(session: Session, text: str, fmt: str) -> None:
    """Find TEXT in principles (titles and text), delegations (code and name) and position comments.

    Example: qroundtable --db demo.qrt find security
    """
    found = session.open().records.find(text)
    emit([f.as_json() for f in found], fmt, [("kind", "Kind"), ("title", "Where"), ("excerpt", "Text")],
         empty=f"Nothing contains “{text}”.")
