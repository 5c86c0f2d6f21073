"""`qroundtable release | join | snapshot | import | conflicts`: sync between laptops, by file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import SyncProblem
from ..roundtable import Roundtable
from ..sync.model import ConflictView, ImportReport, snapshots_text
from ..validation import shown
from .output import FORMATS, emit
from .root import Session, cli, pass_session


@cli.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The release file to write (it must not exist yet).")
@pass_session
def release(session: Session, out: Path) -> None:
    """Issue a release: the whole master, signed with the secretariat's key (secretariat).

    Example: qroundtable --db master.qrt release --out release-3.qrtr
    """
    issued = session.open().sync.issue_release(out)
    click.echo(f"Release {issued.sequence} written to {shown(out)}: {issued.rows} rows, signed with key "
               f"{issued.fingerprint}.")


@cli.command()
@click.argument("release_file", metavar="RELEASE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as", "code", required=True, metavar="CODE", help="Your delegation's code.")
@click.option("--expect", "fingerprint", default=None, metavar="FINGERPRINT",
              help="The secretariat key's fingerprint as they read it to you: refuse any other.")
@pass_session
def join(session: Session, release_file: Path, code: str, fingerprint: str | None) -> None:
    """Make your delegation's copy (the new --db file) from a release.

    Compare the fingerprint shown with the one the secretariat reads to you.

    Example: qroundtable --db jp.qrt join release-3.qrtr --as JP
    """
    rt = session.adopt(Roundtable.join(release_file, session.db, code, expect_fingerprint=fingerprint))
    joined = rt.sync.releases()[-1]
    click.echo(f"Release {joined['seq']} of “{rt.info.title}”, signed by the secretariat ({rt.info.secretariat}) "
               f"with key {joined['fingerprint']}: compare this fingerprint with the one the secretariat gave you.")
    click.echo(f"Created {rt.path} ({rt.info.copy_label}).")
    if rt.sync.status().has_key is False:
        click.echo(f"Next: 'qroundtable keys init --as {rt.info.copy_owner}', and give the public key to the "
                   "secretariat.")


@cli.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The snapshot file to write (it must not exist yet).")
@click.option("--resend", "resend", type=click.IntRange(min=1), default=None, metavar="N",
              help="Make snapshot N again (same number, changes and id) instead of a new one: for a file that "
                   "was lost on the way.")
@pass_session
def snapshot(session: Session, out: Path, resend: int | None) -> None:
    """Export your delegation's changes since its last snapshot, signed, for the secretariat.

    With --resend N, write snapshot N again as it was first made: the secretariat's import
    says when it is waiting for one ("waiting for JP's snapshot 1"). A copy it already has
    is reported there as already imported, so sending one twice does no harm.

    Example: qroundtable --db jp.qrt snapshot --out jp-4.qrts

    Example: qroundtable --db jp.qrt snapshot --out jp-1-again.qrts --resend 1
    """
    rt = session.open()
    if resend is not None:
        sent = rt.sync.resend_snapshot(resend, out)
        same = " (byte for byte the first file)" if sent.same_bytes else ""
        click.echo(f"Snapshot {sent.sequence} of {sent.delegation} written again to {shown(out)}{same}: "
                   f"{sent.entries} change{'s' if sent.entries != 1 else ''}, made {sent.created_at}. "
                   "Send it to the secretariat.")
        return
    sent = rt.sync.export_snapshot(out)
    click.echo(f"Snapshot {sent.sequence} of {sent.delegation} written to {shown(out)}: {sent.entries} "
               f"change{'s' if sent.entries != 1 else ''}. Send it to the secretariat.")


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report only; write nothing.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_session
def import_files(session: Session, files: tuple[Path, ...], dry_run: bool, fmt: str) -> None:
    """Import snapshots into the master as one batch, or a newer release into a delegation's copy.

    Example: qroundtable --db master.qrt import jp-4.qrts dk-2.qrts fr-1.qrts --dry-run
    """
    report = session.open().sync.import_files(list(files), dry_run=dry_run)
    if all(f.status == "rejected" for f in report.files):
        first = report.files[0]
        more = f" (and {len(report.files) - 1} more refused)" if len(report.files) > 1 else ""
        raise SyncProblem(f"nothing imported: {first.name} {first.reason}{more}")
    if fmt == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return
    _print_report(report)


def _print_report(report: ImportReport) -> None:
    for f in report.files:
        who = f"{f.delegation} {f.kind} {f.sequence}" if f.sequence else f.kind
        if f.status == "rejected":
            click.echo(f"{f.name}: rejected — {f.name} {f.reason}")
        elif f.status == "already imported":
            click.echo(f"{f.name}: {who}, already imported; nothing to do." + (f" ({f.reason})" if f.reason else ""))
        else:
            click.echo(f"{f.name}: {who}, {f.status}: {f.applied} applied, {f.unchanged} unchanged, "
                       f"{f.conflicts} conflict{'s' if f.conflicts != 1 else ''}, {len(f.rejected)} rejected.")
            for r in f.rejected:
                click.echo(f"  rejected {r.change}: {r.reason}")
            for o in f.overrides:  # the copy's own values the release sets otherwise: never silently
                click.echo(f"  {o.text}")
    for w in report.waiting:
        click.echo(f"Waiting for {w.delegation}'s {snapshots_text(w.missing)}: {len(w.files)} later "
                   f"file{'s' if len(w.files) != 1 else ''} of {w.delegation} cannot merge before it. "
                   f"{w.delegation} can make it again: qroundtable snapshot --resend {w.missing[0]} --out FILE")
    verb = "Would apply" if report.dry_run else "Applied"
    click.echo(f"{verb} {report.applied} change{'s' if report.applied != 1 else ''}; {report.conflicts} "
               f"conflict{'s' if report.conflicts != 1 else ''}, {len(report.rejected)} rejected, "
               f"{report.already_imported} already imported." + (" Nothing was written." if report.dry_run else ""))
    if report.conflicts and not report.dry_run:
        click.echo("Conflicts wait for a decision: qroundtable conflicts")


# -- conflicts -------------------------------------------------------------------------------------


@cli.group(invoke_without_command=True)
@click.option("--all", "include_closed", is_flag=True, help="Also the resolved and superseded ones.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def conflicts(ctx: click.Context, include_closed: bool, fmt: str) -> None:
    """List conflicts waiting for a decision; 'conflicts resolve' decides one.

    Example: qroundtable --db master.qrt conflicts --format json
    """
    if ctx.invoked_subcommand is not None:
        return
    session: Session = ctx.find_object(Session)
    rows = [_conflict_row(c) for c in session.open().sync.conflicts(include_closed=include_closed)]
    emit(rows, fmt, [("ref", "Ref"), ("delegation", "From"), ("what", "What"), ("field", "Field"),
                     ("current_text", "Current"), ("incoming_text", "Incoming")],
         empty="No conflicts waiting.",
         json_keys=("id", "kind", "delegation", "sequence", "table", "row", "field", "what", "old", "current",
                    "incoming", "reason", "state", "created_at", "resolution", "resolved_value", "resolved_by",
                    "resolved_at"))


def _conflict_row(c: ConflictView) -> dict:
    return {"id": c.id, "ref": c.id[-8:], "kind": c.kind, "delegation": c.delegation, "sequence": c.sequence,
            "table": c.table, "row": c.row_id, "field": "(whole row)" if c.field == "*" else c.field, "what": c.what,
            "old": c.old, "current": c.current, "incoming": c.incoming, "reason": c.reason, "state": c.state,
            "created_at": c.created_at, "resolution": c.resolution, "resolved_value": c.resolved_value,
            "resolved_by": c.resolved_by, "resolved_at": c.resolved_at,
            "current_text": _short(c.current), "incoming_text": _short(c.incoming)}


def _short(value) -> str:
    if value is None:
        return "(deleted)"
    if isinstance(value, dict):
        return "(a row: " + ", ".join(f"{k}={v}" for k, v in value.items() if k.endswith(("stance", "title",
                                                                                          "name", "status")))+")"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


@conflicts.command("resolve")
@click.argument("conflict_id", metavar="ID")
@click.option("--keep", is_flag=True, help="Keep the current value.")
@click.option("--take", is_flag=True, help="Take the incoming value.")
@click.option("--value", default=None, help="Write this value instead.")
@pass_session
def conflicts_resolve(session: Session, conflict_id: str, keep: bool, take: bool, value: str | None) -> None:
    """Decide a conflict (ID: a unique start or end of its id): --keep, --take or --value V.

    Example: qroundtable --db master.qrt conflicts resolve 7d41c2 --take
    """
    if sum((keep, take, value is not None)) != 1:
        raise click.UsageError("give exactly one of --keep, --take or --value")
    rt = session.open()
    c = rt.sync.conflict(conflict_id)
    rt.sync.resolve(conflict_id, keep=keep, take=take, value=value)
    field = "" if c.field == "*" else f" {c.field.replace('_', ' ')} of"
    how = "kept the current" if keep else "took the incoming" if take else "set a new"
    click.echo(f"Resolved: {how}{field} {c.what}.")
