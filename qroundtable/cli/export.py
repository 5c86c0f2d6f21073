"""`qroundtable export`: the roundtable as files other programs open (spreadsheets, the negotiation text)."""

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


@export.command("text")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The .docx to write.")
@click.option("--rev", default=None, metavar="N", help="Write Rev.N again (default: issue the next revision now).")
@click.option("--redline-from", "redline_from", default=None, metavar="REV|DATE",
              help="Show the changes since that revision (e.g. Rev.1) or date (YYYY-MM-DD) as tracked changes.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@pass_session
def export_text(session: Session, out: Path, rev: str | None, redline_from: str | None, force: bool) -> None:
    """The negotiation text as a Word document titled Rev.N, numbered, brackets highlighted, dated.

    Without --rev it issues the next revision (the secretariat's), recording the version of every principle it
    holds; --redline-from turns it into a redline: real Word tracked changes signed by the pen-holder.

    Example: qroundtable export text --out rev2-redline.docx --redline-from Rev.1
    """
    revision, path = session.open().export_text(out, rev=rev, redline_from=redline_from, overwrite=force)
    what = f"{revision.name}" + (f", changes since {redline_from} tracked" if redline_from else "")
    click.echo(f"Wrote {path} ({what}).")


@export.command("compilation")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The .docx to write.")
@click.option("--columns", is_flag=True, help="The four-column document: No. | base text | proposals | current text.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@pass_session
def export_compilation(session: Session, out: Path, columns: bool, force: bool) -> None:
    """The compilation text: per principle the base text (the latest revision), each bracket with its options and
    each proposed amendment with its sponsors, and the counts per principle and in total.

    Example: qroundtable export compilation --out compilation.docx --columns
    """
    path = session.open().export_compilation(out, columns=columns, overwrite=force)
    click.echo(f"Wrote {path}.")
