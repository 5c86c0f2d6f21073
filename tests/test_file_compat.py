"""Files written by earlier versions of qroundtable keep opening, and read exactly as they did.

`data/schema2-demo-sync.qrt` was written by main at ac27552 (schema 2, migrations recorded in
`schema_migrations`): the demo as a secretariat's master that trusts JP's and DK's keys, issued
release 1, imported a snapshot from each (two conflicts left open), then got a private note and
an edit not yet sent. `data/schema2-demo-sync.json` is what that code read from it: the command
line's JSON and a digest of every table's rows.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from qroundtable.cli import cli
from qroundtable.errors import FileProblem
from qroundtable.roundtable import Roundtable
from qroundtable.storage import schema

DATA = Path(__file__).parent / "data"
LEGACY = DATA / "schema2-demo-sync.qrt"
EXPECTED = json.loads((DATA / "schema2-demo-sync.json").read_text(encoding="utf-8"))


def cli_json(db: Path, *args: str):
    result = CliRunner().invoke(cli, ["--db", str(db), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def table_digests(path: Path) -> dict[str, str]:
    """sha256 of each table's rows, leaving out the migration records (they change when a file is upgraded).

    Tables and columns a later migration added are left out too, once found empty: the rows read as they did.
    """
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT IN ('schema_migrations', '_sqlite_migrations') ORDER BY name")]
        digests = {}
        for t in tables:
            if t not in EXPECTED["tables"]:  # made by a later migration: new, and still empty
                assert con.execute(f"SELECT count(*) FROM [{t}]").fetchone() == (0,), t
                continue
            added = [c for table, c, _ in schema.ADDED_COLUMNS if table == t]
            columns = [r[1] for r in con.execute(f"PRAGMA table_info([{t}])") if r[1] not in added]
            for c in added:
                assert con.execute(f"SELECT count(*) FROM [{t}] WHERE [{c}] IS NOT NULL").fetchone() == (0,)
            rows = con.execute(f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{t}] ORDER BY rowid").fetchall()
            digests[t] = hashlib.sha256(json.dumps(rows).encode()).hexdigest()
        return digests
    finally:
        con.close()


@pytest.fixture
def legacy(tmp_path) -> Path:
    path = tmp_path / "legacy.qrt"
    shutil.copyfile(LEGACY, path)
    return path


# Keys later versions added to the command line's JSON, each with the value a file of schema 2 must give: new
# output, not a change of what was there (a file that old has no roll-call votes, no co-sponsors).
ADDED_KEYS = {"consensus": {"by_vote": False}, "amendment list": {"cosponsors": []},
              "meeting list": {"chair": "", "agenda": []}}


def test_a_schema_2_file_opens_and_reads_as_it_did(legacy):
    for name, expected in EXPECTED["cli"].items():
        got = cli_json(legacy, *name.split())
        for added, value in ADDED_KEYS.get(name, {}).items():
            for row in got:
                assert row.pop(added) == value, (name, added)
        assert got == expected, name
    assert table_digests(legacy) == EXPECTED["tables"]


def test_a_schema_2_file_is_upgraded_once_and_older_apps_then_see_a_newer_file(legacy):
    con = sqlite3.connect(f"file:{legacy}?mode=ro", uri=True)
    legacy_rows = con.execute("SELECT name, applied_at FROM schema_migrations ORDER BY version").fetchall()
    con.close()
    with Roundtable.open(legacy) as rt:
        assert rt.store.applied_migrations() == schema.names()
        recorded = rt.store.rows("SELECT name, applied_at FROM _sqlite_migrations ORDER BY id")
        assert [(r["name"], r["applied_at"]) for r in recorded[:2]] == legacy_rows  # as and when they were applied
        # The app of ac27552 compares max(schema_migrations.version) with its own 2 and refuses a larger one.
        assert rt.store.value("SELECT max(version) FROM schema_migrations") > 2
    with Roundtable.open(legacy) as rt:
        assert rt.store.migrate() == []
        assert rt.store.value("SELECT count(*) FROM _sqlite_migrations") == len(schema.names())
    assert table_digests(legacy) == EXPECTED["tables"]


def test_a_schema_2_file_opened_for_reading_only_is_not_upgraded_and_says_so(legacy):
    before = legacy.read_bytes()
    with pytest.raises(FileProblem, match="older version of qroundtable.*open it for writing first"):
        Roundtable.open(legacy, read_only=True)
    assert legacy.read_bytes() == before
