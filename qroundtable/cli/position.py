"""`qroundtable position`, `consensus` and `progress`: where each delegation stands, and how it moved."""

from __future__ import annotations

import json

import click

from ..consensus import consensus_rows
from ..stances import NO_POSITION
from ..validation import iso_date
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


@cli.command()
@click.option("--until", default=None, metavar="YYYY-MM-DD",
              help="As it stood at the end of that day (a meeting's date), without today's line.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@pass_session
def progress(session: Session, until: str | None, fmt: str) -> None:
    """Negotiation progress: at each meeting, each revision issued and today, the principles drafted, brackets
    remaining, principles agreed and the stances then taken; then each delegation's stance shifts.

    Example: qroundtable --db demo.qrt progress --format json
    """
    from ..progress import MILESTONE_COLUMNS  # pandas: loaded for the commands that need it

    rt = session.open()
    found = rt.progress(until=iso_date(until, "--until date") if until else None)
    milestones = found.milestones.drop(columns=["at"]).to_dict("records")
    shifts = found.shifts.to_dict("records")
    if fmt == "json":
        click.echo(json.dumps({"milestones": milestones, "shifts": shifts}, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":  # the milestones: one table, as a spreadsheet wants it (the shifts: --format json)
        click.echo(to_csv(milestones, [(k, k) for k in MILESTONE_COLUMNS if k != "at"]), nl=False)
        return
    emit(milestones, "table", [("date", "Date"), ("kind", "Kind"), ("principles", "Princ"), ("brackets", "Brack"),
                               ("agreed", "Agreed"), ("support", "Sup"), ("support_with_amendments", "S+A"),
                               ("reservation", "Res"), ("abstain", "Abs"), ("object", "Obj"),
                               (NO_POSITION, "None"), ("label", "Milestone")],
         empty="No meetings or revisions yet.")
    moved = [r for r in shifts if r["shifts"] or r["withdrawn"]]
    if moved:
        click.echo("")
        emit(moved, "table", [("delegation", "Code"), ("shifts", "Shifts"), ("towards", "Towards"),
                              ("away", "Away"), ("withdrawn", "Withdrawn"), ("last_shift", "Last"), ("name", "Name")])
    else:
        click.echo("\nNo delegation has changed its stance on a principle.")
