"""Whatever JSON a trusted delegation signs, it changes only its own rows and never aborts a batch.

Hypothesis writes hostile snapshot content for JP (signed with JP's real, trusted key):
wrong types, other delegations' ids, ids that exist, weird strings (bidi controls, lone
surrogates, very long), lists and objects where a value belongs, huge numbers, history
entries on their own. Each is imported beside a good snapshot of DK's. Then:
- every row that is not JP's is exactly as it is after importing DK's snapshot alone;
- no conflict is about a row that is not JP's;
- DK's file always merges (the batch never aborts as a whole);
- the dry run reported exactly what the import did.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import itertools
import json
import shutil
import sqlite3
import uuid

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sync_world import make_world, opened

from qroundtable import keys
from qroundtable.roundtable import Roundtable
from qroundtable.sync import format
from qroundtable.sync.changes import COLUMNS

OWNER = {"positions": "delegation_id", "position_history": "delegation_id", "amendments": "delegation_id",
         "members": "delegation_id", "action_items": "owner_id", "private_notes": "delegation_id",
         "trusted_keys": "delegation_id", "meeting_delegations": "delegation_id"}
_counter = itertools.count()


@pytest.fixture
def base(tmp_path):
    """The demo master, JP's first snapshot (to forge from), DK's good one, and the master with DK's alone."""
    world = make_world(tmp_path, codes=("JP", "DK"))
    world.copies["JP"].positions.set("JP", 1, "object", "capital says no")
    manifest, _ = opened(world.copies["JP"].sync.export_snapshot(tmp_path / "jp-1.qrts").path)
    world.copies["DK"].positions.set("DK", 2, "reservation", "ad referendum")
    world.copies["DK"].sync.export_snapshot(tmp_path / "dk-1.qrts")
    master = world.master
    ids = {
        "JP": master.store.value("SELECT id FROM delegations WHERE code = 'JP'"),
        "DK": master.store.value("SELECT id FROM delegations WHERE code = 'DK'"),
    }
    rows = {t: [r[0] for r in master.store.conn.execute(f"SELECT id FROM [{t}]")] for t in COLUMNS}
    rows["jp_positions"] = master.store.rows("SELECT * FROM positions WHERE delegation_id = ?", (ids["JP"],))
    # Whole rows that exist, anyone's: copied and touched up, they make the most plausible forgeries.
    rows["existing"] = [(t, r) for t in ("positions", "position_history", "amendments", "members", "action_items")
                        for r in master.store.rows(f"SELECT * FROM [{t}] ORDER BY id LIMIT 12")]
    world.close()
    shutil.copyfile(tmp_path / "master.qrt", tmp_path / "dk-alone.qrt")
    with Roundtable.open(tmp_path / "dk-alone.qrt") as alone:
        assert alone.sync.import_files([tmp_path / "dk-1.qrts"]).applied > 0
    return tmp_path, manifest, ids, rows, not_jps(tmp_path / "dk-alone.qrt", ids["JP"])


def not_jps(path, jp_id: str) -> dict:
    """Every row of every roundtable table that is not JP's."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = {}
        for table in COLUMNS:
            owner = OWNER.get(table)
            where = f" WHERE [{owner}] IS NOT ?" if owner else " WHERE ? IS NOT NULL"
            out[table] = sorted(con.execute(f"SELECT * FROM [{table}]{where}", (jp_id,)).fetchall(), key=repr)
        return out
    finally:
        con.close()


WEIRD_TEXT = st.sampled_from(["", " padded ", "plain", "\u202eobject", "a\u2066b", "\x07", "caf\u0301",
                              "x" * 6000, "2000-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "object", "support",
                              "withdrawn", "accepted", "JP", "DK", "*", "positions"])
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2 ** 70), max_value=2 ** 70), WEIRD_TEXT,
                   st.text(max_size=12))


@st.composite
def hostile_entries(draw, ids, rows):
    """Mostly well-formed changes with hostile intent; now and then one that no writer would make."""
    known = [i for table in ("positions", "position_history", "amendments", "members", "action_items",
                             "principles", "principle_versions", "delegations") for i in rows[table]]
    some_id = st.one_of(st.sampled_from(known + [ids["JP"], ids["DK"]]), st.builds(lambda: str(uuid.uuid4())))
    times = st.sampled_from(["2026-11-24T10:00:00.000Z"] * 6 + ["2000-01-01T00:00:00Z", "2099-01-01T00:00:00Z"])
    writable = ["positions", "position_history", "amendments", "members", "action_items"]
    tables = st.one_of(st.sampled_from(writable * 3), st.sampled_from(sorted(COLUMNS)))

    def value_for(table: str, column: str):
        kind = COLUMNS[table][column]
        if column == "id" or column.endswith("_id"):
            return st.one_of(st.none(), some_id)
        if kind is int:
            return st.one_of(st.none(), st.integers(-(2 ** 63), 2 ** 63 - 1))
        if column.endswith("_at"):
            return st.one_of(times, WEIRD_TEXT)
        return st.one_of(st.none(), WEIRD_TEXT, st.sampled_from(["support", "object", "withdrawn", "proposed",
                                                                   "accepted", "done", "JP", "DK"]))

    entries = []
    for n in range(1, draw(st.integers(1, 8)) + 1):
        table = draw(tables)
        rid = draw(some_id)
        columns = [c for c in COLUMNS[table] if c != "id"]
        plausible = draw(st.integers(0, 3)) == 0 and rows["jp_positions"]
        if plausible:  # a change JP could make: one of its own positions, from what the master holds
            position = draw(st.sampled_from(rows["jp_positions"]))
            field = draw(st.sampled_from(["stance", "comment", "recorded_at"]))
            entries.append([n, "positions", position["id"], field, position[field],
                            draw(st.sampled_from(["object", "reservation", "abstain", "ad ref.", "\u202e",
                                                  "2026-11-24T10:00:00.000Z"])), draw(times)])
            continue
        if draw(st.integers(0, 2)) == 0:  # an existing row (anyone's) sent as JP's new one, a field or two changed
            table, row = draw(st.sampled_from(rows["existing"]))
            row = dict(row)
            for column in draw(st.lists(st.sampled_from([c for c in COLUMNS[table] if c != "id"]), max_size=2)):
                row[column] = draw(value_for(table, column))
            if table in OWNER and draw(st.booleans()):
                row[OWNER[table]] = ids["JP"]
            if "recorded_by" in row and draw(st.booleans()):
                row["recorded_by"] = "JP"
            if draw(st.integers(0, 3)) == 0:
                row["id"] = str(uuid.uuid4())
            entries.append([n, table, row["id"], "*", None, row, draw(times)])
            continue
        if draw(st.booleans()):  # a whole row, created (or deleted), owned by JP or by someone else
            row = {c: draw(value_for(table, c)) for c in draw(st.lists(st.sampled_from(columns), unique=True))}
            row["id"] = rid
            if table in OWNER and draw(st.integers(0, 5)):
                row[OWNER[table]] = draw(st.sampled_from([ids["JP"], ids["JP"], ids["DK"]]))
            field, old, new = ("*", None, row) if draw(st.integers(0, 4)) else ("*", row, None)
        else:
            field = draw(st.sampled_from(columns))
            old, new = draw(value_for(table, field)), draw(value_for(table, field))
        entries.append([n, table, rid, field, old, new, draw(times)])
    if draw(st.integers(0, 5)) == 0:  # one change no writer makes: the file is refused whole
        i = draw(st.integers(0, len(entries) - 1))
        broken = list(entries[i])
        where = draw(st.sampled_from([1, 1, 1, 0, 2, 3, 4, 5, 6]))
        broken[where] = draw(st.one_of(SCALAR, st.just("caf\ud800"), st.just("2026-02-29T10:00:00Z"),
                                       st.lists(SCALAR, max_size=2),
                                       st.dictionaries(st.text(max_size=3), SCALAR, max_size=2)))
        entries[i] = draw(st.sampled_from([broken, broken[:5], {"n": 1}, None]))
    return entries


def signed_file(path, manifest: dict, entries) -> None:
    """JP's hostile content as a signed snapshot; JSON written with escapes, so lone surrogates travel too."""
    data = json.dumps({"entries": entries}, sort_keys=True, separators=(",", ":")).encode()
    packed = gzip.compress(data, mtime=0)
    m = {**manifest, "snapshot": str(uuid.uuid4()), "entries": len(entries) if isinstance(entries, list) else 0,
         "payload_sha256": hashlib.sha256(packed).hexdigest(), "payload_bytes": len(packed), "data_bytes": len(data)}
    head = b"QRTSYNC 1\n" + format.canonical(m) + b"\n"
    signature = keys.sign(keys.private_key("JP"), format._SIGNED + hashlib.sha256(head + packed).digest())
    path.write_bytes(head + base64.b64encode(signature) + b"\n" + packed)


def _facts(report):
    return [(f.name, f.status.replace("would merge", "merged"), f.reason, f.applied, f.unchanged, f.conflicts,
             [(r.change, r.reason) for r in f.rejected]) for f in report.files]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_signed_content_changes_only_the_senders_rows_and_never_aborts_the_batch(base, data):
    tmp, manifest, ids, rows, expected = base
    entries = data.draw(hostile_entries(ids, rows))
    n = next(_counter)
    hostile, master_path = tmp / f"jp-hostile-{n}.qrts", tmp / f"master-{n}.qrt"
    signed_file(hostile, manifest, entries)
    shutil.copyfile(tmp / "master.qrt", master_path)
    with Roundtable.open(master_path) as master:
        dry = master.sync.preview([hostile, tmp / "dk-1.qrts"])
        report = master.sync.import_files([hostile, tmp / "dk-1.qrts"])
        assert report.files[1].status == "merged", report.files[1].reason
        assert "unexpected" not in report.files[0].reason and "report this" not in report.files[0].reason
        assert all("report this" not in r.reason for r in report.rejected)
        assert _facts(dry) == _facts(report)
        event(f"JP file {report.files[0].status}: {min(report.files[0].applied, 1)} applied, "
              f"{min(len(report.files[0].rejected), 1)}+ rejected")
        for c in master.sync.conflicts():
            owner = OWNER.get(c.table)
            row = c.current if isinstance(c.current, dict) else master.store.get(c.table, c.row_id)
            assert owner and row and row.get(owner) == ids["JP"], c
    assert not_jps(master_path, ids["JP"]) == expected
    master_path.unlink()
    hostile.unlink()
