"""`qroundtable keys` and `qroundtable delegation trust | revoke`: signing keys and which ones the master trusts."""

from __future__ import annotations

import click

from .. import keys as signing
from .delegation import delegation
from .root import Session, cli, pass_session


@cli.group()
def keys() -> None:
    """Signing keys; the private half stays in this computer's keyring."""


@keys.command("init")
@click.option("--as", "code", required=True, metavar="CODE", help="The delegation whose key this is.")
@click.option("--replace", is_flag=True, help="Replace an existing key (the secretariat must trust the new one).")
def keys_init(code: str, replace: bool) -> None:
    """Make a key pair for a delegation; the private key goes into the OS keyring only.

    Example: qroundtable keys init --as JP
    """
    public = signing.create_key(code, replace=replace)
    code = code.strip().upper()
    click.echo(public)
    click.echo(signing.fingerprint(public))
    click.echo(f"Give the first line to the secretariat ('qroundtable delegation trust {code} --key ...') and read "
               "the fingerprint to them so they can compare it.", err=True)


@keys.command("show")
@click.option("--as", "code", required=True, metavar="CODE", help="The delegation whose key to show.")
def keys_show(code: str) -> None:
    """Print a delegation's public key (first line) and its fingerprint for reading aloud (second line).

    Example: qroundtable keys show --as JP
    """
    public = signing.public_key(code)
    click.echo(public)
    click.echo(signing.fingerprint(public))


@delegation.command("trust")
@click.argument("code")
@click.option("--key", "public_key", required=True, metavar="KEY", help="The text 'keys show' printed.")
@click.option("--replace", is_flag=True,
              help="Replace the key trusted now (a lost laptop, a new key); snapshots signed with it are then refused.")
@pass_session
def delegation_trust(session: Session, code: str, public_key: str, replace: bool) -> None:
    """Trust a delegation's public key for its snapshots (the secretariat's master).

    Compare the fingerprint printed here with the one the delegation reads to you.

    Example: qroundtable delegation trust JP --key qrt-ed25519:Y2hhbmdlIG1lIHRvIHRoZSBrZXkgb2YgeW91cnM=
    """
    rt = session.open()
    before = rt.sync.trusted()
    changes = rt.sync.trust(code, public_key, replace=replace)
    fingerprint = signing.fingerprint(public_key)
    code = code.strip().upper()
    old = next((k.fingerprint for k in before if k.delegation == code), None)
    if changes and old:
        click.echo(f"Trusted {code}'s new key {fingerprint}; its old key {old} is revoked: snapshots signed with "
                   f"it are refused. {code}'s new laptop joins from the next release (qroundtable release).")
    elif changes:
        click.echo(f"Trusted {code}'s key {fingerprint}.")
    else:
        click.echo(f"{code}'s key {fingerprint} was already trusted.")


@delegation.command("revoke")
@click.argument("code")
@pass_session
def delegation_revoke(session: Session, code: str) -> None:
    """Stop trusting a delegation's key (a lost or stolen laptop): snapshots signed with it are refused.

    Trust the delegation's new key later with 'delegation trust CODE --key KEY'.

    Example: qroundtable delegation revoke JP
    """
    rt = session.open()
    code = code.strip().upper()
    old = next((k.fingerprint for k in rt.sync.trusted() if k.delegation == code), None)
    rt.sync.revoke(code)
    click.echo(f"Revoked {code}'s key {old}: snapshots signed with it are refused from now on. When {code} has a new "
               f"laptop: 'qroundtable keys init --as {code}' there, 'delegation trust {code} --key KEY' here, then a "
               "new release for it to join from.")
