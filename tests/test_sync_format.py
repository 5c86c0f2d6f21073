"""The snapshot/release container: canonical, signed, strict when read; and the columns it may carry."""

from __future__ import annotations

import gzip

import pytest

from qroundtable import keys
from qroundtable.errors import FileProblem
from qroundtable.roundtable import Roundtable
from qroundtable.sync import format
from qroundtable.sync.changes import COLUMNS, BadEntry, parse_entry

MANIFEST = {"kind": "snapshot", "app": "test", "roundtable": "01a20cd7-3133-7000-9900-0e4df3c4a9e9", "title": "T",
            "delegation": "JP", "sequence": 1, "snapshot": "01a20cd7-3133-7000-9900-0e4df3c4a9ea",
            "base_release": None, "base_release_seq": None, "created_at": "2026-11-24T10:00:00.000Z",
            "entries": 0, "signer": "0000 0000 0000 0000"}


def test_a_container_round_trips_and_verifies(tmp_path):
    keys.create_key("JP")
    sha = format.write(tmp_path / "a.qrts", MANIFEST, {"entries": []}, keys.private_key("JP"))
    c = format.read(tmp_path / "a.qrts")
    assert c.kind == "snapshot" and c.file_sha256 == sha and c.manifest["format"] == 1
    assert format.verify(c, keys.parse_public_key(keys.public_key("JP")))
    assert format.payload(c) == {"entries": []}
    assert (tmp_path / "a.qrts").read_bytes().startswith(b"QRTSYNC 1\n{")
    with pytest.raises(FileProblem, match="already exists"):
        format.write(tmp_path / "a.qrts", MANIFEST, {"entries": []}, keys.private_key("JP"))
    assert not list(tmp_path.glob("*.part"))


def test_canonical_json_is_one_spelling():
    assert format.canonical({"b": 1, "a": ["é", None]}) == '{"a":["é",null],"b":1}'.encode()
    with pytest.raises(ValueError):
        format.canonical({"x": float("nan")})


@pytest.mark.parametrize("text", [b'{"a":1,"a":2}', b'{"a":1.5}', b'{"a":NaN}', b'[' * 100_000 + b']' * 100_000,
                                  b'\xff\xfe', b'{"a":Infinity}'])
def test_strict_json_refuses_surprises(text):
    with pytest.raises(ValueError):
        format.strict_json(text)


def test_unpacking_stops_at_the_cap():
    bomb = gzip.compress(bytes(50 << 20))
    with pytest.raises(format.FileRefused, match="decompression bomb"):
        format._gunzip(bomb, 1 << 20)
    assert format._gunzip(gzip.compress(b"x" * 1000), 1000) == b"x" * 1000
    with pytest.raises(format.FileRefused, match="truncated"):
        format._gunzip(gzip.compress(b"x" * 1000)[:-8], 1000)
    with pytest.raises(format.FileRefused, match="does not end"):
        format._gunzip(gzip.compress(b"x") + b"trailing", 1000)


def test_the_tables_sync_carries_match_the_schema(tmp_path):
    with Roundtable.create(tmp_path / "t.qrt", title="T", secretariat="US") as rt:
        for table, columns in COLUMNS.items():
            live = {r["name"]: r["type"] for r in rt.store.rows(f"PRAGMA table_info([{table}])")}
            assert list(live) == list(columns), table
            assert all(live[c] == ("INTEGER" if kind is int else "TEXT") for c, kind in columns.items()), table
    assert "private_notes" in COLUMNS and "changes" not in COLUMNS and "conflicts" not in COLUMNS


AT = "2026-11-24T10:00:00.000Z"
ROW_ID = "01a20cd7-3133-7000-9900-0e4df3c4a9e9"


@pytest.mark.parametrize("item, words", [
    ([1, "positions", ROW_ID, "stance", "a", "b"], "7 values"),
    ([2, "positions", ROW_ID, "stance", "a", "b", AT], "numbered"),
    ([1, "polls", ROW_ID, "stance", "a", "b", AT], "unknown table"),
    ([1, "positions", "1; DROP TABLE", "stance", "a", "b", AT], "not a UUID"),
    ([1, "positions", ROW_ID, "stance", "a", "b", "yesterday"], "no valid time"),
    ([1, "positions", ROW_ID, "colour", "a", "b", AT], "unknown field"),
    ([1, "positions", ROW_ID, "id", ROW_ID, ROW_ID, AT], "unknown field"),
    ([1, "positions", ROW_ID, "stance", 1, "b", AT], "must be text"),
    ([1, "principles", ROW_ID, "number", "1", 2, AT], "whole number"),
    ([1, "principles", ROW_ID, "number", True, 2, AT], "whole number"),
    ([1, "positions", ROW_ID, "version_id", None, "v1", AT], "not a UUID"),
    ([1, "positions", ROW_ID, "comment", "", "x" * 100_001, AT], "longer than"),
    ([1, "positions", ROW_ID, "*", None, None, AT], "create or delete"),
    ([1, "positions", ROW_ID, "*", None, ["not", "a", "row"], AT], "not an object"),
    ([1, "positions", ROW_ID, "*", None, {"id": ROW_ID, "secret": 1}, AT], "unknown fields"),
    ([1, "positions", ROW_ID, "*", None, {"id": "01a20cd7-3133-7000-9900-0e4df3c4a9ea"}, AT], "id is not"),
])
def test_entries_are_checked_before_anything_is_written(item, words):
    with pytest.raises(BadEntry, match=words):
        parse_entry(item, 1)
