"""`qroundtable init` and `qroundtable demo`: making a roundtable file."""

from __future__ import annotations

import click

from ..demo import build_demo
from ..errors import FileProblem
from ..roundtable import Roundtable
from .root import Session, cli, pass_session


@cli.command()
@click.option("--title", required=True, help="The roundtable's title.")
@click.option("--secretariat", required=True, metavar="CODE", help="The secretariat's delegation code, e.g. US.")
@click.option("--name", default=None, help="The secretariat delegation's name (default: its code).")
@click.option("--rule", default="consensus", show_default=True,
              help="consensus, consensus_minus_one or majority:P.")
@pass_session
def init(session: Session, title: str, secretariat: str, name: str | None, rule: str) -> None:
    """Create a new, empty roundtable; this copy is the secretariat's.

    Example: qroundtable --db g7.qrt init --title "Quantum roundtable" --secretariat US
    """
    rt = session.adopt(Roundtable.create(session.db, title=title, secretariat=secretariat,
                                         secretariat_name=name, rule=rule))
    click.echo(f"Created {rt.path} ({rt.info.copy_label}).")


@cli.command()
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@pass_session
def demo(session: Session, force: bool) -> None:
    """Create the demo roundtable "Pursuing Quantum Information Together: 2^N vs 2N".

    Its principles, delegations and meetings come from the NSTC report of August
    2024; positions, amendments and action owners are invented for illustration.

    Example: qroundtable --db demo.qrt demo
    """
    path = session.db
    if path.exists() and not force:
        raise FileProblem(f"{path} already exists; add --force to replace it")
    rt = session.adopt(build_demo(path, replace=force))
    statuses = [c.status.value for c in rt.consensus()]
    click.echo(f"Created the demo roundtable in {path}: {len(rt.delegations.list())} delegations, "
               f"{len(statuses)} principles ({', '.join(sorted(set(statuses)))}).")
    click.echo("Positions, amendments and action owners in the demo are invented for illustration.")
