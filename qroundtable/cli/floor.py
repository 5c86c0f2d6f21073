"""`qroundtable speakers`, `vote` and `statement`: running the meeting from the command line.

Every command takes `--format json`; what it prints then is the record as it now stands
(the speakers list, the vote with every expected delegation's vote, the statements).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from ..model import Majority
from ..speaking import clock_in_words
from .output import FORMATS, emit
from .root import Session, cli, pass_session

MEETING = click.option("--meeting", required=True, metavar="MEETING",
                       help="The meeting: its id (or a unique start or end of it), or 'latest'.")
ITEM = click.option("--principle", "number", type=int, default=None,
                    help="The agenda item: a principle's number (default: the general debate).")
FORMAT = click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)


def _json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


# -- speakers ------------------------------------------------------------------------------------


@cli.group()
def speakers() -> None:
    """Speakers lists of a meeting: who asked for the floor, who has it, for how long."""


def _show_list(session: Session, meeting: str, number: int | None, fmt: str) -> None:
    rt = session.open()
    rows = [{"id": s.id, "ref": s.id[-8:], "place": s.place, "delegation": s.delegation, "name": s.name,
             "kind": s.kind.value, "state": s.state.value, "started_at": s.started_at, "ended_at": s.ended_at,
             "spoken_ms": s.spoken_ms,
             "time": clock_in_words(s.spoken_ms) if s.spoken_ms is not None else ""}
            for s in rt.speakers.list(meeting, number)]
    if fmt == "json":
        timer = rt.speakers.timer(meeting, number)
        _json({"meeting": rt.meetings.get(meeting).id, "principle": number,
               "speaking_limit": rt.meetings.get(meeting).speaking_limit, "speakers": rows,
               "timer": asdict(timer) if timer else None})
        return
    item = "the general debate" if number is None else f"principle {number}"
    click.echo(f"Speakers on {item}:")
    emit(rows, "table", [("place", "#"), ("delegation", "Code"), ("name", "Delegation"), ("kind", "Kind"),
                         ("state", "State"), ("time", "Spoke")], empty="Nobody has asked for the floor.")
    timer = rt.speakers.timer(meeting, number)
    if timer is not None:
        left = ("no time limit" if timer.remaining_ms is None else
                f"over time by {clock_in_words(-timer.remaining_ms)}" if timer.overrun else
                f"{clock_in_words(timer.remaining_ms, counting_down=True)} left")
        click.echo(f"\nSpeaking for {clock_in_words(timer.elapsed_ms)} ({left}).")


@speakers.command("add")
@click.argument("code")
@MEETING
@ITEM
@click.option("--point-of-order", is_flag=True, help="A point of order: goes to the top of the list.")
@FORMAT
@pass_session
def speakers_add(session: Session, code: str, meeting: str, number: int | None, point_of_order: bool,
                 fmt: str) -> None:
    """Put delegation CODE on the speakers list.

    Example: qroundtable speakers add FR --meeting latest --principle 4
    """
    session.open().speakers.add(meeting, code, number, point_of_order=point_of_order)
    _show_list(session, meeting, number, fmt)


@speakers.command("next")
@MEETING
@ITEM
@FORMAT
@pass_session
def speakers_next(session: Session, meeting: str, number: int | None, fmt: str) -> None:
    """End the current turn and give the floor to the first speaker waiting.

    Example: qroundtable speakers next --meeting latest --principle 4
    """
    session.open().speakers.next(meeting, number)
    _show_list(session, meeting, number, fmt)


@speakers.command("yield")
@MEETING
@ITEM
@FORMAT
@pass_session
def speakers_yield(session: Session, meeting: str, number: int | None, fmt: str) -> None:
    """The speaker who has the floor yields the rest of their time.

    Example: qroundtable speakers yield --meeting latest --principle 4
    """
    session.open().speakers.yield_floor(meeting, number)
    _show_list(session, meeting, number, fmt)


@speakers.command("list")
@MEETING
@ITEM
@FORMAT
@pass_session
def speakers_list(session: Session, meeting: str, number: int | None, fmt: str) -> None:
    """Show the speakers list, who has the floor and the time they have left.

    Example: qroundtable speakers list --meeting latest --principle 4 --format json
    """
    _show_list(session, meeting, number, fmt)


@speakers.command("time")
@click.option("--meeting", default=None, metavar="MEETING", help="Only this meeting (default: every meeting).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the CSV to this file (it must not exist yet).")
@pass_session
def speakers_time(session: Session, meeting: str | None, fmt: str, out: Path | None) -> None:
    """Speaking time per delegation: turns and minutes, most first.

    Example: qroundtable speakers time --meeting latest --format csv
    """
    rt = session.open()
    if out is not None:
        written = rt.speakers.export_speaking_time(out, meeting)
        click.echo(f"Wrote {written}.")
        return
    rows = [{"delegation": t.delegation, "name": t.name, "turns": t.turns, "seconds": round(t.spoken_ms / 1000),
             "time": clock_in_words(t.spoken_ms)} for t in rt.speakers.speaking_time(meeting)]
    emit(rows, fmt, [("delegation", "Code"), ("name", "Delegation"), ("turns", "Turns"), ("time", "Time")]
         if fmt != "csv" else [("delegation", "delegation"), ("name", "name"), ("turns", "turns"),
                               ("seconds", "seconds")],
         empty="Nobody has spoken yet.", json_keys=("delegation", "name", "turns", "seconds"))


@speakers.command("limit")
@click.argument("seconds")
@MEETING
@pass_session
def speakers_limit(session: Session, seconds: str, meeting: str) -> None:
    """Set the time each speaker has at a meeting, in seconds ('none': no limit).

    Example: qroundtable speakers limit 180 --meeting latest
    """
    value = None if seconds.strip().lower() == "none" else _seconds(seconds)
    rt = session.open()
    rt.speakers.set_limit(meeting, value)
    m = rt.meetings.get(meeting)
    click.echo(f"Each speaker at {m.title} has {clock_in_words(value * 1000) if value else 'no time limit'}.")


def _seconds(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a number of seconds (or 'none')") from None


# -- votes --------------------------------------------------------------------------------------------


@cli.group()
def vote() -> None:
    """Roll-call votes on a principle's current text."""


def _vote_record(rt, ref: str) -> dict:
    v = rt.votes.get(ref)
    ballots = {b.delegation: b for b in rt.votes.ballots(v.id)}
    r = rt.votes.result(v.id)
    names = {d.code: d.name for d in rt.delegations.list()}
    roll = [{"delegation": code, "name": names.get(code, code),
             "vote": ballots[code].choice.value if code in ballots else None,
             "proxy": ballots[code].proxy if code in ballots else None,
             "on_behalf": ballots[code].on_behalf if code in ballots else False,
             "entered_by": ballots[code].entered_by if code in ballots else None}
            for code in rt.votes.expected(v.id)]
    return {"id": v.id, "principle": v.principle, "version": v.version_seq, "meeting": v.meeting_id,
            "question": v.question, "majority": v.majority.value, "state": v.state.value, "opened_at": v.opened_at,
            "closed_at": v.closed_at, "result": v.result,
            "count": {"yes": r.yes, "no": r.no, "abstain": r.abstain, "not_voting": list(r.not_voting),
                      "adopted": r.adopted, "needed": r.needed},
            "roll": roll}


def _show_vote(rt, ref: str, fmt: str) -> None:
    record = _vote_record(rt, ref)
    if fmt == "json":
        _json(record)
        return
    c = record["count"]
    outcome = ("adopted" if record["result"] == "adopted" else "not adopted") if record["state"] == "closed" \
        else f"open; if closed now: {'adopted' if c['adopted'] else 'not adopted'}"
    click.echo(f"Vote {record['id'][-8:]} on principle {record['principle']} (text version {record['version']}): "
               f"{record['question']}")
    click.echo(f"{Majority(record['majority']).label} ({c['needed']}) — {outcome}")
    rows = [{**r, "vote": r["vote"] or "—",
             "how": (f"by proxy of {r['proxy']}" if r["proxy"] else "")
             + (("; " if r["proxy"] else "") + f"entered on its behalf by {r['entered_by']}" if r["on_behalf"]
                else "")} for r in record["roll"]]
    emit(rows, "table", [("delegation", "Code"), ("name", "Delegation"), ("vote", "Vote"), ("how", "")])
    click.echo(f"\nYes {c['yes']} · No {c['no']} · Abstain {c['abstain']}"
               + (f" · not voting: {', '.join(c['not_voting'])}" if c["not_voting"] else ""))


@vote.command("open")
@click.option("--principle", "number", type=int, required=True, help="The principle whose current text is voted.")
@click.option("--question", required=True, help="The question put to the vote.")
@click.option("--majority", type=click.Choice(["simple", "two_thirds", "consensus_minus_one"]), default="simple",
              show_default=True)
@click.option("--meeting", default=None, metavar="MEETING", help="Its meeting: its attendees are who vote.")
@FORMAT
@pass_session
def vote_open(session: Session, number: int, question: str, majority: str, meeting: str | None, fmt: str) -> None:
    """Open a roll-call vote on a principle's current text.

    Example: qroundtable vote open --principle 2 --question "Adopt principle 2?" --majority two_thirds --meeting latest
    """
    rt = session.open()
    vote_id = next(iter(rt.votes.open(number, question, majority, meeting).rows("votes")))
    if fmt == "json":
        _show_vote(rt, vote_id, fmt)
        return
    click.echo(f"Opened vote {vote_id} on principle {number}.")


@vote.command("record")
@click.argument("vote_id", metavar="VOTE")
@click.argument("code")
@click.argument("choice", type=click.Choice(["yes", "no", "abstain"], case_sensitive=False))
@click.option("--proxy", default=None, metavar="CODE", help="The delegation casting the vote for CODE.")
@click.option("--on-behalf", is_flag=True, help="Entered by the secretariat on the delegation's behalf.")
@FORMAT
@pass_session
def vote_record(session: Session, vote_id: str, code: str, choice: str, proxy: str | None, on_behalf: bool,
                fmt: str) -> None:
    """Record delegation CODE's vote (while the vote is open).

    Example: qroundtable vote record 9f3c KR yes --proxy JP
    """
    rt = session.open()
    rt.votes.record(vote_id, code, choice, proxy=proxy, on_behalf=on_behalf)
    if fmt == "json":
        _show_vote(rt, vote_id, fmt)
        return
    how = f" by proxy of {proxy.upper()}" if proxy else (" on its behalf" if on_behalf else "")
    click.echo(f"{code.upper()} votes {choice.lower()}{how}.")


@vote.command("close")
@click.argument("vote_id", metavar="VOTE")
@FORMAT
@pass_session
def vote_close(session: Session, vote_id: str, fmt: str) -> None:
    """Close a vote: its result is fixed and it can no longer change.

    Example: qroundtable vote close 9f3c
    """
    rt = session.open()
    rt.votes.close(vote_id)
    _show_vote(rt, vote_id, fmt)


@vote.command("show")
@click.argument("vote_id", metavar="VOTE")
@FORMAT
@pass_session
def vote_show(session: Session, vote_id: str, fmt: str) -> None:
    """Every expected delegation's vote, with proxies and votes entered on a delegation's behalf, and the count.

    Example: qroundtable vote show 9f3c --format json
    """
    _show_vote(session.open(), vote_id, fmt)


@vote.command("list")
@click.option("--principle", "number", type=int, default=None, help="Only this principle's votes.")
@FORMAT
@pass_session
def vote_list(session: Session, number: int | None, fmt: str) -> None:
    """List votes: principle, question, state and result.

    Example: qroundtable vote list --principle 2
    """
    rows = [{"id": v.id, "ref": v.id[-8:], "principle": v.principle, "version": v.version_seq,
             "question": v.question, "majority": v.majority.value, "state": v.state.value, "result": v.result,
             "opened_at": v.opened_at, "closed_at": v.closed_at} for v in session.open().votes.list(number)]
    emit(rows, fmt, [("ref", "Ref"), ("principle", "No."), ("state", "State"), ("result", "Result"),
                     ("majority", "Majority"), ("question", "Question")], empty="No votes.",
         json_keys=("id", "principle", "version", "question", "majority", "state", "result", "opened_at",
                    "closed_at"))


# -- statements --------------------------------------------------------------------------------------


@cli.group()
def statement() -> None:
    """The adoption record: statements delegations attach to an agreed principle."""


def _statement_rows(rt, number: int | None) -> list[dict]:
    return [{"id": s.id, "ref": s.id[-8:], "principle": s.principle, "version": s.version_seq,
             "delegation": s.delegation, "kind": s.kind.value, "label": s.kind.label, "made_on": s.made_on,
             "text": s.text} for s in rt.statements.list(number)]


@statement.command("add")
@click.option("--principle", "number", type=int, required=True)
@click.option("--kind", type=click.Choice(["explanation", "interpretative", "reservation"]), required=True,
              help="An explanation of position, an interpretative statement or a formal reservation.")
@click.option("--as", "code", required=True, metavar="CODE", help="The delegation making it.")
@click.option("--text", required=True)
@click.option("--date", "made_on", default=None, metavar="YYYY-MM-DD", help="When it was made (default: today).")
@FORMAT
@pass_session
def statement_add(session: Session, number: int, kind: str, code: str, text: str, made_on: str | None,
                  fmt: str) -> None:
    """Attach a statement to an agreed principle.

    Example: qroundtable statement add --principle 1 --kind interpretative --as JP --text "..."
    """
    rt = session.open()
    statement_id = next(iter(rt.statements.add(number, code, kind, text, made_on).rows("statements")))
    if fmt == "json":
        _json(next(r for r in _statement_rows(rt, number) if r["id"] == statement_id))
        return
    click.echo(f"Added statement {statement_id} by {code.upper()} on principle {number}.")


@statement.command("list")
@click.option("--principle", "number", type=int, default=None)
@FORMAT
@pass_session
def statement_list(session: Session, number: int | None, fmt: str) -> None:
    """List statements on the record, by principle and date.

    Example: qroundtable statement list --principle 1 --format json
    """
    emit(_statement_rows(session.open(), number), fmt,
         [("ref", "Ref"), ("principle", "No."), ("delegation", "By"), ("label", "Kind"), ("made_on", "Date"),
          ("text", "Text")], empty="No statements.",
         json_keys=("id", "principle", "version", "delegation", "kind", "made_on", "text"))


@statement.command("withdraw")
@click.argument("statement_id", metavar="ID")
@pass_session
def statement_withdraw(session: Session, statement_id: str) -> None:
    """Take a statement off the record (ID: a unique start or end of its id).

    Example: qroundtable statement withdraw 9f3c
    """
    session.open().statements.withdraw(statement_id)
    click.echo("Statement withdrawn.")
