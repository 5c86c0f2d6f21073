"""`qroundtable position` and `qroundtable consensus`: where each delegation stands."""

from __future__ import annotations

import json

import click

from ..consensus import consensus_rows
from ..stances import NO_POSITION
from .output import FORMATS, emit, to_csv
from .root import Session, cli, pass_session


@cli.group()
def position() -> None:
    """Delegations' positions on principles."""


@position.command("set")
@click.option("--delegation", "code", required=True, metavar="CODE")
@click.option("--principle", "number", required=True, type=int, metavar="N")
@click.option("--stance", required=True, help="support, support_with_amendments, reservation, abstain or object.")
@click.option("--comment", default=None,
              help="What the delegation said (if omitted: kept when the stance is restated, empty for a new stance).")
@pass_session
def position_set(session: Session, code: str, number: int, stance: str, comment: str | None) -> None:
    """Record a delegation's stance on the current text of a principle.

    Example: qroundtable position set --delegation JP --principle 4 --stance reservation --comment "ad ref."
    """
    rt = session.open()
    changes = rt.positions.set(code, number, stance, comment)
    p = rt.positions.get(code, number)
    if changes:
        click.echo(f"Recorded: {p.delegation} {p.stance.value} on principle {number} (version {p.version_seq}).")
    else:
        click.echo(f"Unchanged: {p.delegation} already has {p.stance.value} on principle {number}.")


@position.command("list")
@click.option("--principle", "number", type=int, default=None, help="Only this principle.")
@click.option("--delegation", "code", default=None, help="Only this delegation.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_session
def position_list(session: Session, number: int | None, code: str | None, fmt: str) -> None:
    """List positions; a stale one was given on an older version of the text.

    Example: qroundtable position list --principle 5 --format json
    """
    rows = [{"delegation": p.delegation, "principle": p.principle, "stance": p.stance.value,
             "comment": p.comment, "version": p.version_seq, "stale": p.stale,
             "recorded_by": p.recorded_by, "recorded_at": p.recorded_at}
            for p in session.open().positions.list(principle=number, delegation=code)]
    emit(rows, fmt, [("principle", "No."), ("delegation", "Del."), ("stance", "Stance"), ("version", "On ver."),
                     ("stale", "Stale"), ("comment", "Comment")], empty="No positions recorded.",
         json_keys=("delegation", "principle", "stance", "comment", "version", "stale"))


@cli.command()
@click.option("--meeting", default=None, help="Count over this meeting's attendees (id, or 'latest').")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@pass_session
def consensus(session: Session, meeting: str | None, fmt: str) -> None:
    """Consensus status of every principle, under the roundtable's rule.

    Example: qroundtable --db demo.qrt consensus --meeting latest --format json
    """
    rt = session.open()
    results = rt.consensus(meeting)
    if fmt == "json":
        click.echo(json.dumps([{"principle": c.principle, "title": c.title, "status": c.status.value,
                                "counts": c.counts, "missing": list(c.missing), "objecting": list(c.objecting),
                                "by_silence": c.by_silence, "silence_deadline": c.silence_deadline,
                                "by_vote": c.by_vote}
                               for c in results], ensure_ascii=False, indent=2))
        return
    rows = consensus_rows(results)
    if fmt == "csv":
        click.echo(to_csv(rows, [(k, k) for k in (rows[0] if rows else {})]), nl=False)
        return
    click.echo(f"{rt.info.title} — rule: {rt.info.consensus_rule}, "
               f"counting {'attendees of ' + rt.meetings.get(meeting).title if meeting else 'all delegations'}")
    emit(rows, "table", [("principle", "No."), ("status", "Status"), ("support", "Sup"),
                         ("support_with_amendments", "S+A"), ("reservation", "Res"), ("abstain", "Abs"),
                         ("object", "Obj"), (NO_POSITION, "None"), ("title", "Title")], empty="No principles yet.")
