"""How the command line prints records: aligned tables for people, JSON and CSV for programs."""

from __future__ import annotations

import json
import shutil
import textwrap

import click

from ..cells import csv_table
from ..cells import field_text as cell

FORMATS = click.Choice(["table", "json"])


def emit(rows: list[dict], fmt: str, columns: list[tuple[str, str]] | None = None, *, empty: str = "",
         json_keys: tuple[str, ...] | None = None) -> None:
    """Print `rows` as JSON (`json_keys`, the documented shape, or every key) or as a table of `columns`."""
    if fmt == "json":
        if json_keys:
            rows = [{k: row[k] for k in json_keys} for row in rows]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        click.echo(to_csv(rows, columns), nl=False)
        return
    if not rows:
        if empty:
            click.echo(empty)
        return
    click.echo(table(rows, columns or [(k, k) for k in rows[0]]))


def to_csv(rows: list[dict], columns: list[tuple[str, str]] | None) -> str:
    # Titles and comments are users' text: csv_table keeps a spreadsheet from running one as a formula.
    return csv_table(rows, columns or [(k, k) for k in (rows[0] if rows else {})])


def table(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    """Columns padded to their widest cell; the last column wraps to the terminal width."""
    texts = [[cell(row.get(key)).replace("\n", " ") for key, _ in columns] for row in rows]
    headings = [heading for _, heading in columns]
    widths = [max(len(h), *(len(t[i]) for t in texts)) for i, h in enumerate(headings)]
    term = shutil.get_terminal_size((120, 24)).columns
    lead = sum(widths[:-1]) + 2 * (len(widths) - 1)
    last = max(30, term - lead - 1)
    widths[-1] = min(widths[-1], last)

    def line(values: list[str]) -> list[str]:
        wrapped = textwrap.wrap(values[-1], widths[-1]) or [""]
        head = "  ".join(v.ljust(w) for v, w in zip(values[:-1], widths[:-1]))
        pad = " " * (lead + (2 if len(widths) > 1 else 0))
        first = (head + "  " if len(widths) > 1 else "") + wrapped[0]
        return [first.rstrip()] + [(pad + w).rstrip() for w in wrapped[1:]]

    out = line(headings)
    out.append("  ".join("-" * w for w in widths))
    for t in texts:
        out.extend(line(t))
    return "\n".join(out)
