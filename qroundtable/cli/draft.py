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
