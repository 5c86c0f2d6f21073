"""`qroundtable delegation`: who sits at the table."""

from __future__ import annotations

import click

from .output import FORMATS, emit
from .root import Session, cli, pass_session


@cli.group()
def delegation() -> None:
    """Delegations of the roundtable."""


@delegation.command("add")
@click.argument("code")
@click.argument("name")
@pass_session
def delegation_add(session: Session, code: str, name: str) -> None:
    """Add a delegation by code (ISO-3166 alpha-2 like JP, or an org code like EU).

    Example: qroundtable delegation add JP Japan
    """
    session.open().delegations.add(code, name)
    click.echo(f"Added delegation {code.upper()} ({name}).")


@delegation.command("list")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_session
def delegation_list(session: Session, fmt: str) -> None:
    """List the delegations.

    Example: qroundtable delegation list --format json
    """
    rows = [{"code": d.code, "name": d.name} for d in session.open().delegations.list()]
    emit(rows, fmt, [("code", "Code"), ("name", "Name")], empty="No delegations yet.", json_keys=("code", "name"))
