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
@click.option("--chair", default="", help="Who chaired it, as the readout names them.")
@click.option("--agenda", default="", help="The agenda, an item a line.")
@pass_session
def meeting_add(session: Session, title: str, date: str, place: str, hosts: str, attending: str,
                summary: str, chair: str, agenda: str) -> None:
    """Add a meeting.

    Example: qroundtable meeting add --title "Third meeting" --date 2026-12-03 --hosts JP --attending JP,US,DK
    """
    changes = session.open().meetings.add(title, date, place=place, summary=summary, hosts=hosts,
                                          attending=attending, chair=chair, agenda=agenda)
    click.echo(f"Added meeting {next(iter(changes.rows('meetings')))}.")


@meeting.command("edit")
@click.argument("ref")
@click.option("--title")
@click.option("--date", metavar="YYYY-MM-DD")
@click.option("--place")
@click.option("--summary")
@click.option("--chair", help="Who chaired it, as the readout names them.")
@click.option("--agenda", help="The agenda, an item a line (replaces the one recorded).")
@pass_session
def meeting_edit(session: Session, ref: str, **fields) -> None:
    """Change what is recorded of meeting REF (its id, the start or end of it, or `latest`); what is not
    given stays as it is.

    Example: qroundtable meeting edit latest --chair "Ambassador Jane Doe (US)" --agenda $'Opening\nPrinciple 4'
    """
    rt = session.open()
    meeting = rt.meetings.get(ref)
    given = {k: v for k, v in fields.items() if v is not None}
    if not given:
        raise click.UsageError("say what to change: --title, --date, --place, --summary, --chair or --agenda")
    rt.meetings.update(meeting.id, **given)
    click.echo(f"Edited meeting {meeting.title} ({', '.join(sorted(given))}).")


@meeting.command("list")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_session
def meeting_list(session: Session, fmt: str) -> None:
    """List meetings, oldest first.

    Example: qroundtable meeting list --format json
    """
    rows = [{"id": m.id, "ref": m.id[-8:], "title": m.title, "date": m.date, "place": m.place, "hosts": list(m.hosts),
             "attending": list(m.attending), "summary": m.summary, "chair": m.chair, "agenda": m.agenda_items}
            for m in session.open().meetings.list()]
    emit(rows, fmt, [("ref", "Ref"), ("date", "Date"), ("hosts", "Hosts"), ("title", "Title")],
         empty="No meetings yet.", json_keys=("id", "title", "date", "place", "hosts", "attending", "summary", "chair",
                                                    "agenda"))
