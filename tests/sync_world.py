"""Helpers for the sync tests: a demo master, keys in the (test) keyring, delegations joined from a release."""

from __future__ import annotations

import base64
import gzip
import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from qroundtable import keys
from qroundtable.demo import build_demo
from qroundtable.roundtable import Roundtable
from qroundtable.sync import format, snapshot


@dataclass
class World:
    dir: Path
    master: Roundtable
    release: Path
    copies: dict[str, Roundtable] = field(default_factory=dict)

    def close(self) -> None:
        for rt in [self.master, *self.copies.values()]:
            rt.close()


def make_world(tmp: Path, codes=("JP", "DK", "FR"), *, trust=None) -> World:
    """The demo as master (secretariat US), keys for US and `codes`, release 1, and each code's joined copy."""
    master = build_demo(tmp / "master.qrt")
    if not keys.has_key("US"):
        keys.create_key("US")
    for code in codes:
        if not keys.has_key(code):
            keys.create_key(code)
    for code in (codes if trust is None else trust):
        master.sync.trust(code, keys.public_key(code))
    release = tmp / "release-1.qrtr"
    master.sync.issue_release(release)
    world = World(tmp, master, release)
    for code in codes:
        world.copies[code] = Roundtable.join(release, tmp / f"{code.lower()}.qrt", code)
    return world


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read-only (the change record and sync tables included)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: con.execute(f"SELECT * FROM [{t}] ORDER BY rowid").fetchall() for t in tables}
    finally:
        con.close()


def content_hash(path: Path) -> str:
    return hashlib.sha256(repr(sorted(dump(path).items())).encode()).hexdigest()


DOMAIN = ("roundtable", "delegations", "members", "trusted_keys", "meetings", "meeting_delegations", "principles",
          "principle_versions", "amendments", "positions", "position_history", "private_notes", "action_items",
          "silence_procedures", "speakers", "votes", "ballots", "cosponsors", "statements", "revisions",
          "revision_versions")


def domain_hash(path: Path, *, with_conflicts: bool = True) -> str:
    """The roundtable's own content (and its open conflicts), independent of ids of operations and times of import."""
    rows = dump(path)
    content = {t: sorted(rows[t], key=repr) for t in DOMAIN}
    if with_conflicts:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            content["conflicts"] = sorted(con.execute(
                "SELECT table_name, row_id, field, old, current, incoming, delegation, sequence, state "
                "FROM conflicts").fetchall(), key=repr)
        finally:
            con.close()
    return hashlib.sha256(repr(content).encode()).hexdigest()


def forge(path, manifest: dict, payload=None, *, signer: str, raw: bytes | None = None, **override) -> None:
    """Write a container as a sender's laptop would, but with whatever content a test needs (signed by `signer`)."""
    data = format.canonical(payload) if raw is None else raw
    packed = gzip.compress(data, mtime=0)
    m = {**manifest, "format": 1, "payload_sha256": hashlib.sha256(packed).hexdigest(), "payload_bytes": len(packed),
         "data_bytes": len(data), **override}
    head = b"QRTSYNC 1\n" + format.canonical(m) + b"\n"
    signature = keys.sign(keys.private_key(signer), format._SIGNED + hashlib.sha256(head + packed).digest())
    path.write_bytes(head + base64.b64encode(signature) + b"\n" + packed)


def opened(path) -> tuple[dict, list[list]]:
    """The manifest and the changes (as lists) of a snapshot file, to forge a variant of it."""
    c = format.read(path)
    return dict(c.manifest), [e.as_list() for e in snapshot.entries_of(c)]
