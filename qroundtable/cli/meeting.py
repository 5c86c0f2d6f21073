"""`qroundtable meeting`: meetings and attendance."""

from __future__ import annotations

import click

from .output import FORMATS, emit
from .root import Session, cli, pass_session


@cli.group()
def meeting() -> None:
    """Meetings of the roundtable."""


@meeting.command("add")
@click.option("--title", required=True)
@click.option("--date", required=True, metavar="YYYY-MM-DD")
@click.option("--place", default="")
@click.option("--hosts", default="", metavar="CODES", help="Comma-separated, e.g. DK,NL.")
@click.option("--attending", default="", metavar="CODES", help="Comma-separated delegation codes.")
@click.option("--summary", default="")
@pass_session
def meeting_add(session: Session, title: str, date: str, place: str, hosts: str, attending: str,
                summary: str) -> None:
    """Add a meeting.

    Example: qroundtable meeting add --title "Third meeting" --date 2026-12-03 --hosts JP --attending JP,US,DK
    """
    changes = session.open().meetings.add(title, date, place=place, summary=summary, hosts=hosts,
                                          attending=attending)
    click.echo(f"Added meeting {next(iter(changes.rows('meetings')))}.")


@meeting.command("list")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_session
def meeting_list(session: Session, fmt: str) -> None:
    """List meetings, oldest first.

    Example: qroundtable meeting list --format json
    """
    rows = [{"id": m.id, "ref": m.id[-8:], "title": m.title, "date": m.date, "place": m.place, "hosts": list(m.hosts),
             "attending": list(m.attending), "summary": m.summary} for m in session.open().meetings.list()]
    emit(rows, fmt, [("ref", "Ref"), ("date", "Date"), ("hosts", "Hosts"), ("title", "Title")],
         empty="No meetings yet.", json_keys=("id", "title", "date", "place", "hosts", "attending", "summary"))
