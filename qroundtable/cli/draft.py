"""`qroundtable import-draft`: a Word draft's numbered paragraphs as principles."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .output import FORMATS, emit
from .root import Session, cli, pass_session


@cli.command("import-draft")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be created and changed; write nothing.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_session
def import_draft(session: Session, file: Path, dry_run: bool, fmt: str) -> None:
    """Import a Word draft: each numbered paragraph a principle; a later draft adds versions where it changed.

    Example: qroundtable import-draft draft-rev1.docx --dry-run
    """
    result = session.open().import_draft(file, dry_run=dry_run)
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    rows = ([{"what": "new", "number": n, "title": d.title, "text": d.text}
             for d, n in zip(result.new, result.added or [d.number for d in result.new])]
            + [{"what": "new version", "number": n, "title": d.title, "text": d.text} for n, d in result.changed]
            + [{"what": "retitled", "number": n, "title": f"{old} → {new}", "text": ""}
               for n, old, new in result.retitled]
            + [{"what": "unchanged", "number": n, "title": d.title, "text": ""} for n, d in result.unchanged])
    verb = "Would import" if dry_run else "Imported"
    click.echo(f"{verb} {file.name}: {len(result.new)} new, {len(result.changed)} changed, "
               f"{len(result.retitled)} retitled, {len(result.unchanged)} unchanged"
               + (" (nothing written)." if dry_run else "."))
    emit(rows, "table", [("what", "What"), ("number", "No."), ("title", "Title"), ("text", "Text")])
    for number, title in result.missing:
        click.echo(f"Not in the draft (kept): principle {number}, {title}")


@cli.command("import-markup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as", "code", required=True, metavar="CODE", help="The delegation whose marked-up copy it is.")
@click.option("--dry-run", is_flag=True, help="Show the amendments it would propose; write nothing.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_session
def import_markup(session: Session, file: Path, code: str, dry_run: bool, fmt: str) -> None:
    """A delegation's marked-up copy of a revision: its tracked changes as amendments, its comments as rationale.

    The file must be a copy of a Rev.N that `export text` issued. Edits made without tracking are found and the
    amendment flagged for review.

    Example: qroundtable import-markup rev2-jp.docx --as JP --dry-run
    """
    result = session.open().import_markup(file, code, dry_run=dry_run)
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    verb = "Would propose" if dry_run else "Proposed"
    click.echo(f"{file.name} is {result.delegation}'s copy of {result.revision}. {verb} "
               f"{len(result.amendments)} amendment(s); {len(result.unchanged)} principle(s) unchanged.")
    from ..markup import rationale

    emit([{"number": m.number, "how": "UNTRACKED edits, to review" if m.untracked else "tracked changes",
           "text": m.proposed, "why": rationale(m) if not m.untracked else "\n".join(m.comments)}
          for m in result.amendments], "table",
         [("number", "No."), ("how", "How"), ("text", "Proposed text"), ("why", "Comments")])
    for m in result.commented:
        kept = "kept as its position comment" if m.number not in result.unattached else \
            "not kept: it has no current position there"
        click.echo(f"Comment on principle {m.number} ({kept}): {' / '.join(m.comments)}")
