"""`qroundtable principle` and `qroundtable amendment`: the negotiated text."""

from __future__ import annotations

import json

import click

from ..amendments import sponsorship_in_words
from ..brackets import count_brackets
from .output import FORMATS, emit
from .root import Session, cli, pass_session


@cli.group()
def principle() -> None:
    """Guiding principles and their versions."""


@principle.command("add")
@click.option("--title", required=True, help="A short title.")
@click.option("--text", required=True, help="The full text; disputed wording in [brackets].")
@click.option("--note", default="", help="A note on this first version.")
@pass_session
def principle_add(session: Session, title: str, text: str, note: str) -> None:
    """Add a principle; it gets the next number.

    Example: qroundtable principle add --title Talent --text "Share best practices [to grow|for] talent."
    """
    changes = session.open().principles.add(title, text, note=note)
    number = next(c.new["number"] for c in changes.changes if c.table == "principles")
    click.echo(f"Added principle {number}.")
    _warn_brackets(text)


@principle.command("edit")
@click.argument("number", type=int)
@click.option("--text", required=True, help="The new full text.")
@click.option("--note", default="", help="Why it changed (kept with the version).")
@pass_session
def principle_edit(session: Session, number: int, text: str, note: str) -> None:
    """Save new text for principle NUMBER as its next version.

    Example: qroundtable principle edit 5 --text "Plan for [timely] deployment..." --note "after tour de table"
    """
    rt = session.open()
    rt.principles.edit(number, text, note=note)
    click.echo(f"Principle {number} is now at version {rt.principles.get(number).current.seq}.")
    _say_stale(rt, number)
    _warn_brackets(text)


def _say_stale(rt, number: int) -> None:
    """The positions a new text made stale: said, as the app says it, never silently."""
    notice = rt.positions.stale_notice(number)
    if notice:
        click.echo(notice)


def _warn_brackets(text: str) -> None:
    for warning in count_brackets(text).warnings:
        click.echo(f"warning: {warning}", err=True)


@principle.command("list")
@click.option("--meeting", default=None, help="Count consensus over this meeting's attendees (id or 'latest').")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_session
def principle_list(session: Session, meeting: str | None, fmt: str) -> None:
    """List principles with their current version, brackets and consensus status.

    Example: qroundtable principle list --format json
    """
    rt = session.open()
    status = {c.principle: c for c in rt.consensus(meeting)}
    rows = [{"number": p.number, "title": p.title, "text": p.text, "version": p.current.seq,
             "brackets": p.current.brackets, "status": status[p.number].status.value,
             "silence_deadline": status[p.number].silence_deadline, "stage": p.stage.value}
            for p in rt.principles.list()]
    emit(rows, fmt, [("number", "No."), ("version", "Ver."), ("brackets", "[ ]"), ("status", "Status"),
                     ("title", "Title")], empty="No principles yet.",
         json_keys=("number", "title", "text", "version", "brackets", "status", "silence_deadline"))


@principle.command("show")
@click.argument("number", type=int)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_session
def principle_show(session: Session, number: int, fmt: str) -> None:
    """Show a principle's text, its versions and the positions on it.

    Example: qroundtable principle show 4
    """
    rt = session.open()
    p = rt.principles.get(number)
    versions = rt.principles.versions(number)
    positions = rt.positions.list(principle=number)
    status = rt.consensus(principles=[number])[0]
    statements = rt.statements.list(number)
    breaks = rt.principles.silence_breaks(number)
    if fmt == "json":
        click.echo(json.dumps({
            "number": p.number, "title": p.title, "stage": p.stage.value, "text": p.text,
            "version": p.current.seq, "brackets": p.current.brackets, "status": status.status.value,
            "versions": [{"version": v.seq, "text": v.text, "author": v.author, "note": v.note,
                          "brackets": v.brackets, "created_at": v.created_at} for v in versions],
            "positions": [{"delegation": x.delegation, "stance": x.stance.value, "comment": x.comment,
                           "version": x.version_seq, "stale": x.stale} for x in positions],
            "agreed_by": status.agreed_by or None,
            "statements": [{"id": st.id, "delegation": st.delegation, "kind": st.kind.value, "made_on": st.made_on,
                            "version": st.version_seq, "text": st.text} for st in statements],
            "silence_broken_by": [{"delegation": b.delegation, "at": b.at, "objection": b.objection,
                                   "amendment": b.amendment_text} for b in breaks],
        }, ensure_ascii=False, indent=2))
        return
    click.echo(f"Principle {p.number}: {p.title}  [{status.status.label}]")
    click.echo(f"Version {p.current.seq}, {p.current.brackets} bracketed segment(s)\n")
    click.echo(p.text + "\n")
    emit([{"v": v.seq, "author": v.author, "when": v.created_at[:16].replace("T", " "), "note": v.note}
          for v in versions], "table", [("v", "Ver."), ("author", "By"), ("when", "When (UTC)"), ("note", "Note")])
    if positions:
        click.echo("")
        emit([{"d": x.delegation, "stance": x.stance.value + (" (stale)" if x.stale else ""),
               "v": x.version_seq, "comment": x.comment} for x in positions], "table",
             [("d", "Delegation"), ("stance", "Stance"), ("v", "On ver."), ("comment", "Comment")])
    for b in breaks:
        amended = f"; proposed instead: {b.amendment_text}" if b.amendment_text else ""
        click.echo(f"\nSilence broken by {b.delegation} on {b.at[:10]}: {b.objection or 'an objection'}{amended}")
    if statements:
        click.echo("\nAdoption record" + (f" (agreed by {status.agreed_by})" if status.agreed_by else "") + ":")
        emit([{"d": st.delegation, "kind": st.kind.label, "on": st.made_on, "text": st.text} for st in statements],
             "table", [("d", "By"), ("kind", "Kind"), ("on", "Date"), ("text", "Statement")])


@principle.command("silence")
@click.argument("number", type=int)
@click.option("--deadline", required=True, help="YYYY-MM-DD (end of day, UTC) or YYYY-MM-DDTHH:MM.")
@pass_session
def principle_silence(session: Session, number: int, deadline: str) -> None:
    """Open a silence procedure on the current text of principle NUMBER.

    Unless a delegation records an objection before the deadline, the principle
    counts as agreed from then on.

    Example: qroundtable principle silence 3 --deadline 2026-12-15
    """
    rt = session.open()
    rt.principles.open_silence(number, deadline)
    s = next(s for s in rt.principles.silences() if s.principle == number)
    click.echo(f"Silence procedure on principle {number} (version {s.version_seq}) until {s.deadline}.")


# -- amendments ------------------------------------------------------------------------------


@cli.group()
def amendment() -> None:
    """Amendments proposed by delegations."""


@amendment.command("propose")
@click.argument("number", type=int)
@click.option("--as", "code", required=True, metavar="CODE", help="The proposing delegation.")
@click.option("--text", required=True, help="The proposed full text.")
@click.option("--rationale", default="", help="Why.")
@pass_session
def amendment_propose(session: Session, number: int, code: str, text: str, rationale: str) -> None:
    """Propose new text for principle NUMBER on behalf of a delegation.

    Example: qroundtable amendment propose 4 --as FR --text "..." --rationale "clarity"
    """
    changes = session.open().amendments.propose(number, code, text, rationale)
    amendment_id = next(iter(changes.rows("amendments")))
    click.echo(f"Proposed amendment {amendment_id} to principle {number}.")


def _decide(verb: str):
    @pass_session
    def command(session: Session, amendment_id: str) -> None:
        rt = session.open()
        getattr(rt.amendments, verb)(amendment_id)
        a = rt.amendments.get(amendment_id)
        extra = f"; principle {a.principle} is now at version {rt.principles.get(a.principle).current.seq}" \
            if verb == "accept" else ""
        click.echo(f"Amendment {a.id} by {a.delegation} {a.state.value}{extra}.")
        if verb == "accept":
            _say_stale(rt, a.principle)
    return command


@amendment.command("reject")
@click.argument("amendment_id", metavar="ID")
@click.option("--reason", default="", help="Why (the secretariat's; it travels with the decision in releases).")
@pass_session
def amendment_reject(session: Session, amendment_id: str, reason: str) -> None:
    """Reject an amendment, with the secretariat's reason if given.

    ID may be a unique start or end of the id.

    Example: qroundtable amendment reject 9f3c --reason "Goes beyond the mandate of this roundtable."
    """
    rt = session.open()
    rt.amendments.reject(amendment_id, reason)
    a = rt.amendments.get(amendment_id)
    because = f"; reason: {a.reason.rstrip('.')}" if a.reason else ""
    click.echo(f"Amendment {a.id} by {a.delegation} rejected{because}.")


for _verb, _doc in (("accept", "Accept an amendment: its text becomes the principle's new version."),
                    ("withdraw", "Withdraw an amendment (its own delegation, or the secretariat).")):
    _cmd = _decide(_verb)
    _cmd.__doc__ = (f"{_doc}\n\n    ID may be a unique start or end of the id.\n\n"
                    f"    Example: qroundtable amendment {_verb} 9f3c")
    amendment.command(_verb)(click.argument("amendment_id", metavar="ID")(_cmd))


@amendment.command("list")
@click.option("--principle", "number", type=int, default=None, help="Only this principle's.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_session
def amendment_list(session: Session, number: int | None, fmt: str) -> None:
    """List amendments and their state.

    Example: qroundtable amendment list --principle 4
    """
    rows = [{"id": a.id, "ref": a.id[-8:], "principle": a.principle, "delegation": a.delegation, "state": a.state.value,
             "base_version": a.base_seq, "text": a.text, "rationale": a.rationale, "reason": a.reason,
             "cosponsors": list(a.cosponsors), "also": ",".join(a.cosponsors)}
            for a in session.open().amendments.list(number)]
    emit(rows, fmt, [("ref", "Ref"), ("principle", "No."), ("delegation", "By"), ("also", "Co-sponsors"),
                     ("state", "State"), ("text", "Text"), ("reason", "Reason")], empty="No amendments.",
         json_keys=("id", "principle", "delegation", "state", "base_version", "text", "rationale", "reason",
                    "cosponsors"))


def _sponsorship(verb: str):
    @pass_session
    def command(session: Session, amendment_id: str, code: str) -> None:
        rt = session.open()
        getattr(rt.amendments, verb)(amendment_id, code)
        a = rt.amendments.get(amendment_id)
        click.echo(f"Amendment {a.id} to principle {a.principle}: {sponsorship_in_words(a)}.")
    return command


for _verb, _name, _doc in (
        ("cosponsor", "cosponsor", "Co-sponsor another delegation's proposed amendment."),
        ("withdraw_cosponsor", "withdraw-cosponsor", "Withdraw a delegation's co-sponsorship of an amendment.")):
    _cmd = _sponsorship(_verb)
    _cmd.__doc__ = (f"{_doc}\n\n    ID may be a unique start or end of the id; a delegation's copy acts only for "
                    f"itself.\n\n    Example: qroundtable amendment {_name} 9f3c --as NL")
    amendment.command(_name)(click.argument("amendment_id", metavar="ID")(
        click.option("--as", "code", required=True, metavar="CODE", help="The co-sponsoring delegation.")(_cmd)))
