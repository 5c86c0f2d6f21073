"""`qroundtable readout`: the Word readout of a meeting."""

from __future__ import annotations

from pathlib import Path

import click

from .root import Session, cli, pass_session


@cli.command()
@click.option("--meeting", default="latest", show_default=True, metavar="ID|latest|all",
              help="The meeting to report on (its id, or the start or end of it); "
                   "`all` for the roundtable as a whole, counting every delegation.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The .docx file to write (default: exports/<roundtable>-<meeting date>.docx). "
                   "An existing file is never replaced.")
@click.option("--marking", default=None, metavar="TEXT",
              help='The marking at the top of every page (default: "Draft — for participants only").')
@pass_session
def readout(session: Session, meeting: str, out: Path | None, marking: str | None) -> None:
    """Write the Word readout: cover, participants, summary, consensus, each principle with its
    positions and proposed amendments as tracked changes, positions matrix, chart, action items.

    Example: qroundtable --db demo.qrt readout --meeting latest --out exports/october.docx
    """
    from ..readout import DEFAULT_MARKING, ReadoutOptions, default_readout_path

    rt = session.open()
    meeting_ref = None if meeting.strip().lower() == "all" else meeting
    path = out or default_readout_path(rt, meeting_ref, Path("exports"))
    options = ReadoutOptions(meeting=meeting_ref, marking=DEFAULT_MARKING if marking is None else marking)
    click.echo(str(rt.write_readout(path, options)))
