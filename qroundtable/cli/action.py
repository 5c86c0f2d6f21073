"""`qroundtable action`: action items."""

from __future__ import annotations

from datetime import date

import click

from .output import FORMATS, emit
from .root import Session, cli, pass_session


@cli.group()
def action() -> None:
    """Action items and who owns them."""


@action.command("add")
@click.option("--title", required=True)
@click.option("--owner", required=True, metavar="CODE", help="The delegation that owns it.")
@click.option("--due", default=None, metavar="YYYY-MM-DD")
@click.option("--principle", "number", type=int, default=None, metavar="N", help="A principle it concerns.")
@click.option("--meeting", default=None, help="The meeting it came from (id or 'latest').")
@click.option("--assignee", default="", help="A person in the owning delegation.")
@click.option("--detail", default="")
@pass_session
def action_add(session: Session, title: str, owner: str, due: str | None, number: int | None,
               meeting: str | None, assignee: str, detail: str) -> None:
    """Add an action item.

    Example: qroundtable action add --title "Circulate revised text" --owner DK --due 2026-12-01 --principle 4
    """
    changes = session.open().actions.add(title, owner, detail=detail, assignee=assignee, due=due,
                                         principle=number, meeting=meeting)
    click.echo(f"Added action {next(iter(changes.rows('action_items')))}.")


@action.command("set")
@click.argument("action_id", metavar="ID")
@click.option("--status", default=None, help="open, in_progress, done or dropped.")
@click.option("--due", default=None, metavar="YYYY-MM-DD")
@click.option("--assignee", default=None)
@pass_session
def action_set(session: Session, action_id: str, status: str | None, due: str | None, assignee: str | None) -> None:
    """Change an action item's status, due date or assignee (ID: a unique start or end of the id).

    Example: qroundtable action set 7a1b --status done
    """
    if status is None and due is None and assignee is None:
        raise click.UsageError("give --status, --due or --assignee")
    rt = session.open()
    rt.actions.update(action_id, status=status, assignee=assignee, **({"due": due} if due is not None else {}))
    a = rt.actions.get(action_id)
    click.echo(f"Action {a.id}: {a.status.value}, due {a.due or '—'}.")


@action.command("list")
@click.option("--owner", default=None, metavar="CODE")
@click.option("--status", default=None)
@click.option("--overdue", is_flag=True, help="Only items due before today and still open or in progress.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_session
def action_list(session: Session, owner: str | None, status: str | None, overdue: bool, fmt: str) -> None:
    """List action items, soonest due first; the overdue ones are marked.

    Example: qroundtable action list --owner US --overdue
    """
    today = date.today()
    items = session.open().actions.list(owner=owner, status=status)
    if overdue:
        items = [a for a in items if a.is_overdue(today)]
    rows = [{"id": a.id, "ref": a.id[-8:], "title": a.title, "owner": a.owner, "due": a.due, "status": a.status.value,
             "principle": a.principle, "assignee": a.assignee,
             "due_shown": f"{a.due} OVERDUE" if a.is_overdue(today) else a.due}
            for a in items]
    emit(rows, fmt, [("ref", "Ref"), ("owner", "Owner"), ("due_shown", "Due"), ("status", "Status"),
                     ("title", "Title")],
         empty="No overdue action items." if overdue else "No action items.",
         json_keys=("id", "title", "owner", "due", "status", "principle"))
