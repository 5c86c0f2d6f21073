"""`qroundtable export`: the roundtable as files other programs open (spreadsheets)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import FileProblem
from .root import Session, cli, pass_session


@cli.group()
def export() -> None:
    """Export the roundtable as files for other programs."""


@export.command("matrix")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), required=True,
              help="csv: the matrix alone; xlsx: coloured matrix, consensus and action items sheets.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The file to write.")
@click.option("--meeting", default=None, metavar="ID|latest",
              help="Only that meeting's attendees (and consensus counted over them).")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@pass_session
def export_matrix(session: Session, fmt: str, out: Path, meeting: str | None, force: bool) -> None:
    """Write the positions matrix (delegations × principles) as CSV or an Excel workbook.

    Cells hold the stance (support, object, …); a stance given on an older version of
    the text reads e.g. "support (stale)"; an empty cell is no position.

    Example: qroundtable --db demo.qrt export matrix --format xlsx --out positions.xlsx --meeting latest
    """
    if out.exists() and not force:
        raise FileProblem(f"{out} already exists; choose another --out or add --force to replace it")
    rt = session.open()
    path = rt.export_matrix(out, fmt, meeting, overwrite=force)
    rows = len(rt.expected_delegations(rt.meetings.get(meeting).id if meeting else None))
    click.echo(f"Wrote {path} ({rows} delegations × {len(rt.principles.list())} principles).")
