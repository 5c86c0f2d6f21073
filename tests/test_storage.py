"""Tests of the roundtable file: round trips, pragmas, ids, migrations, refusals, the change record."""

import hashlib
import shutil
import sqlite3
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from qroundtable.errors import FileProblem, InvalidInput
from qroundtable.ids import new_id, pair_id
from qroundtable.roundtable import Roundtable
from qroundtable.storage import Store
from qroundtable.storage.database import APPLICATION_ID, ROW, TABLES
from qroundtable.storage import schema

RECORD_TABLES = ("operations", "changes")


# -- helpers --------------------------------------------------------------------------------


def build_full(path: Path) -> Roundtable:
    """A roundtable with at least one row of every kind the file keeps."""
    rt = Roundtable.create(path, title="Round trip", secretariat="US", secretariat_name="United States")
    rt.delegations.add("JP", "Japan")
    rt.delegations.add("DK", "Denmark")
    rt.delegations.add_member("JP", "Aiko Sato", "MEXT", "Head of delegation")
    rt.delegations.add_member("DK", "Lars Holm", "Ministry of Higher Education", "")
    rt.meetings.add("Inaugural meeting", "2022-11-09", place="Washington", summary="First round.\nTwo lines.",
                    hosts=["US"], attending=["US", "JP", "DK"])
    rt.meetings.add("October meeting", "2023-10-05", place="Copenhagen", hosts="DK", attending="JP,DK")
    rt.principles.add("Collaboration", "Promote [scientific|technical] collaboration.")
    rt.principles.add("Workforce", "Grow the quantum workforce.")
    rt.principles.edit(1, "Promote scientific collaboration.", note="brackets resolved")
    rt.positions.set("JP", 1, "support", "Fine with us.")
    rt.positions.set("JP", 1, "reservation", "Ad referendum.")
    rt.positions.set("DK", 2, "object")
    rt.amendments.propose(2, "DK", "Grow and retain the quantum workforce.", "Retention matters.")
    rt.notes.set(1, "Push for the bracket-free text.")
    rt.actions.add("Circulate revised text", "US", detail="Before the next meeting", assignee="Chair",
                   due="2026-11-24", principle=2, meeting=rt.meetings.list()[0].id)
    rt.principles.open_silence(2, "2030-01-31")
    inaugural = rt.meetings.list()[0].id
    rt.speakers.set_limit(inaugural, 120)
    rt.speakers.add(inaugural, "JP", 1)
    rt.speakers.add(inaugural, "DK", 1, point_of_order=True)
    rt.speakers.next(inaugural, 1)
    vote = next(iter(rt.votes.open(1, "Adopt principle 1?", "simple", inaugural).rows("votes")))
    rt.votes.record(vote, "US", "yes")
    rt.votes.record(vote, "JP", "yes", on_behalf=True)
    rt.votes.record(vote, "DK", "abstain", proxy="JP")
    rt.votes.close(vote)
    rt.amendments.cosponsor(rt.amendments.list(2)[0].id, "JP")
    rt.statements.add(1, "JP", "interpretative", "We read 'collaboration' as open science.", "2022-11-09")
    rt.revisions.issue()
    return rt


def facade_state(rt: Roundtable) -> dict:
    """Everything the façade shows, as plain values that compare by equality."""
    numbers = [p.number for p in rt.principles.list()]
    codes = rt.delegations.codes()
    return {
        "info": rt.info,
        "delegations": rt.delegations.list(),
        "members": rt.delegations.members(),
        "meetings": rt.meetings.list(),
        "principles": rt.principles.list(),
        "versions": {n: rt.principles.versions(n) for n in numbers},
        "amendments": rt.amendments.list(),
        "positions": rt.positions.list(),
        "history": {(c, n): rt.positions.history(c, n) for c in codes for n in numbers},
        "notes": {n: rt.notes.get(n) for n in numbers},
        "actions": rt.actions.list(),
        "silences": rt.principles.silences(include_closed=True),
        "speakers": {m.id: rt.speakers.list(m.id, 1) for m in rt.meetings.list()},
        "votes": [(v, rt.votes.ballots(v.id), rt.votes.result(v.id)) for v in rt.votes.list()],
        "statements": rt.statements.list(),
        "revisions": rt.revisions.list(),
        "consensus": rt.consensus(),
    }


def dump(rt: Roundtable) -> dict[str, list[dict]]:
    """Every row of every table, change record included."""
    return {t: rt.store.rows(f"SELECT * FROM [{t}] ORDER BY id") for t in sorted(TABLES | set(RECORD_TABLES))}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


def record_counts(rt: Roundtable) -> tuple[int, int]:
    return (rt.store.value("SELECT count(*) FROM operations"), rt.store.value("SELECT count(*) FROM changes"))


@pytest.fixture
def full(tmp_path):
    rt = build_full(tmp_path / "full.qrt")
    yield rt
    rt.close()


# -- round trip ------------------------------------------------------------------------------


def test_reopened_file_gives_back_every_entity(tmp_path):
    path = tmp_path / "full.qrt"
    with build_full(path) as rt:
        state, rows = facade_state(rt), dump(rt)
    with Roundtable.open(path) as again:
        assert facade_state(again) == state
        assert dump(again) == rows
    # The comparison above is only as good as what it compares: every kind of row is there.
    assert all(rows[t] for t in TABLES if t != "trusted_keys")
    assert [m.name for m in state["members"]] == ["Lars Holm", "Aiko Sato"]
    first, second = state["meetings"]
    assert (first.hosts, first.attending) == (("US",), ("DK", "JP", "US"))
    assert (second.hosts, second.attending, second.summary) == (("DK",), ("DK", "JP"), "")
    assert first.summary == "First round.\nTwo lines."
    assert [v.seq for v in state["versions"][1]] == [1, 2]
    assert [v.brackets for v in state["versions"][1]] == [1, 0]
    assert [h["stance"] for h in state["history"][("JP", 1)]] == ["support", "reservation"]
    assert state["notes"] == {1: "Push for the bracket-free text.", 2: ""}
    assert state["silences"][0].deadline == "2030-01-31T23:59:59Z"
    assert state["actions"][0].due == "2026-11-24" and state["actions"][0].principle == 2


def test_reopen_keeps_whose_copy_it_is(tmp_path):
    with build_full(tmp_path / "full.qrt") as rt:
        rt.save_delegation_copy(tmp_path / "jp.qrt", "JP")
    with Roundtable.open(tmp_path / "jp.qrt") as copy:
        assert (copy.info.copy_kind, copy.info.copy_owner, copy.info.owner_name) == ("delegation", "JP", "Japan")
    with Roundtable.open(tmp_path / "full.qrt") as master:
        assert (master.info.copy_kind, master.info.copy_owner) == ("secretariat", "US")


# -- connection settings ----------------------------------------------------------------------


@pytest.mark.parametrize("reopen", [False, True])
def test_wal_foreign_keys_and_busy_timeout(tmp_path, reopen):
    path = tmp_path / "p.qrt"
    rt = Roundtable.create(path, title="T", secretariat="US")
    if reopen:
        rt.close()
        rt = Roundtable.open(path)
    with rt:
        conn = rt.store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert (tmp_path / "p.qrt-wal").exists()


def test_foreign_keys_are_enforced_and_the_failed_write_leaves_nothing(rt):
    before = dump(rt)
    with pytest.raises(sqlite3.IntegrityError):
        with rt.store.operation("Orphan member", "US"):
            rt.store.insert("members", {"delegation_id": new_id(), "name": "Nobody"})
    assert dump(rt) == before


def test_two_connections_to_one_file_see_each_others_commits(tmp_path):
    path = tmp_path / "shared.qrt"
    with Roundtable.create(path, title="T", secretariat="US") as first, Roundtable.open(path) as second:
        first.delegations.add("JP", "Japan")
        assert second.delegations.codes() == ["JP", "US"]
        second.principles.add("Collaboration", "Promote collaboration.")
        first.positions.set("JP", 1, "support")
        assert second.positions.get("JP", 1).stance == "support"
        seqs = [r["seq"] for r in first.store.rows("SELECT seq FROM operations ORDER BY seq")]
        assert seqs == [1, 2, 3, 4]


# -- ids ---------------------------------------------------------------------------------------


def test_every_row_id_is_uuid7_text(full):
    rows = dump(full)
    ids = [r["id"] for t in rows for r in rows[t]]
    assert len(ids) > 40 and len(set(ids)) == len(ids)
    for table in rows:
        for r in rows[table]:
            text = r["id"]
            assert isinstance(text, str) and len(text) == 36
            u = uuid.UUID(text)
            assert str(u) == text
            if table == "cosponsors":  # a pair's row: its id is made from the pair, the same in every copy
                assert u.version == 5 and text == pair_id(r["amendment_id"], r["delegation_id"])
            else:
                assert text[14] == "7" and u.version == 7
            assert u.variant == uuid.RFC_4122


def test_ids_carry_their_creation_time_and_sort_by_it(rt):
    for code in ("AU", "FI", "FR", "DE", "KR", "NL", "SE", "CH", "GB"):
        rt.delegations.add(code, f"Delegation {code}")
    rows = rt.store.rows("SELECT id, code FROM delegations ORDER BY id")
    added = ["US", "JP", "DK", "AU", "FI", "FR", "DE", "KR", "NL", "SE", "CH", "GB"]
    assert [r["code"] for r in rows] == added
    changes = rt.store.rows("SELECT id, seq FROM changes")
    assert sorted(changes, key=lambda r: r["id"]) == sorted(changes, key=lambda r: r["seq"])
    ms = uuid.UUID(rows[-1]["id"]).int >> 80
    made = datetime.fromtimestamp(ms / 1000, timezone.utc)
    assert abs(made - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_ids_made_in_a_burst_stay_unique_and_ordered():
    burst = [new_id() for _ in range(10_000)]  # far more than one millisecond's counter holds
    assert burst == sorted(burst)
    assert len(set(burst)) == len(burst)


def test_ids_made_in_bulk_are_the_ids_made_one_by_one(monkeypatch):
    from qroundtable import ids

    randomness = bytes(range(256)) * 160  # every value of the variant's digit, many times
    monkeypatch.setattr(ids.os, "urandom", lambda n: randomness[:n])
    monkeypatch.setattr(ids.time, "time_ns", lambda: 1_790_000_000_123_456_789)
    monkeypatch.setattr(ids, "_last_ms", 0)
    bulk = ids.new_ids(5000)  # past one millisecond's counter: the next millisecond is borrowed
    monkeypatch.setattr(ids, "_last_ms", 0)
    single = [ids._format(*ids._stamp(1_790_000_000_123), int.from_bytes(randomness[8 * i:8 * i + 8], "big"))
              for i in range(5000)]
    assert bulk == single
    assert {uuid.UUID(i).version for i in bulk} == {7} and bulk == sorted(bulk)


# -- migrations --------------------------------------------------------------------------------


def test_each_migration_is_recorded_by_name(rt):
    rows = rt.store.rows("SELECT migration_set, name, applied_at FROM _sqlite_migrations ORDER BY id")
    assert [(r["migration_set"], r["name"]) for r in rows] == [("qroundtable", name) for name in schema.names()]
    assert rt.store.applied_migrations() == schema.names()
    # Versions of the app before sqlite-utils' Migrations read `schema_migrations`: they must see a newer file.
    assert rt.store.value("SELECT max(version) FROM schema_migrations") == schema.LEGACY_MARKER


def test_reopening_applies_no_migration_twice(tmp_path):
    path = tmp_path / "m.qrt"
    Roundtable.create(path, title="T", secretariat="US").close()
    with Roundtable.open(path) as rt:
        assert rt.store.value("SELECT count(*) FROM _sqlite_migrations") == len(schema.names())
        assert rt.store.migrate() == []


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "m.qrt"
    Roundtable.create(path, title="T", secretariat="US").close()
    before = dump_file(path)
    # A later version of the app, for the length of this test.
    monkeypatch.setattr(schema, "_NAMES", list(schema._NAMES))
    monkeypatch.setattr(schema.MIGRATIONS, "_migrations", list(schema.MIGRATIONS._migrations))

    @schema.migration("a migration that fails half way")
    def failing(db):
        db.execute("CREATE TABLE half_done (id TEXT)")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        Roundtable.open(path)
    assert dump_file(path) == before
    monkeypatch.undo()
    with Roundtable.open(path) as rt:
        assert rt.store.applied_migrations() == schema.names()


def dump_file(path: Path) -> dict:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {name: (sql, con.execute(f"SELECT * FROM [{name}]").fetchall()) for name, sql in con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()}
    finally:
        con.close()


# -- files we refuse ---------------------------------------------------------------------------


def assert_refused_untouched(path: Path, match: str) -> None:
    before, names = digest(path), siblings(path)
    with pytest.raises(FileProblem, match=match):
        Roundtable.open(path)
    assert digest(path) == before
    assert siblings(path) == names  # no -wal or -shm left beside it


def test_file_from_a_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "future.qrt"
    Roundtable.create(path, title="T", secretariat="US").close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('qroundtable', 'from the future', '2099-01-01 00:00:00+00:00')")
    conn.commit()
    conn.close()
    assert siblings(path) == ["future.qrt"]
    assert_refused_untouched(path, "newer version")


def test_a_legacy_file_claiming_an_unknown_schema_number_is_refused_untouched(tmp_path):
    """A file with only `schema_migrations` (written before sqlite-utils 4) and a number no app wrote there."""
    path = tmp_path / "odd.qrt"
    shutil.copyfile(Path(__file__).parent / "data" / "schema2-demo-sync.qrt", path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (7, 'from elsewhere', '2099-01-01T00:00:00.000Z')")
    conn.commit()
    conn.close()
    assert_refused_untouched(path, "newer version")


def test_non_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.qrt"
    path.write_bytes(b"Minutes of the October meeting\n" * 200)
    assert_refused_untouched(path, "not a roundtable file")


def test_empty_file_is_refused_untouched(tmp_path):
    path = tmp_path / "empty.qrt"
    path.touch()
    assert_refused_untouched(path, "not a roundtable file")
    assert path.stat().st_size == 0


def test_foreign_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE dogs (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO dogs (name) VALUES ('Cleo')")
    conn.commit()
    conn.close()
    assert_refused_untouched(path, "not a roundtable file")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_missing_file_is_refused_and_not_created(tmp_path):
    path = tmp_path / "missing.qrt"
    with pytest.raises(FileProblem, match="no roundtable file"):
        Roundtable.open(path)
    assert list(tmp_path.iterdir()) == []


def test_folder_is_refused(tmp_path):
    with pytest.raises(FileProblem):
        Roundtable.open(tmp_path)
    with pytest.raises(FileProblem):
        Store.open(tmp_path)


def test_create_refuses_an_existing_file_untouched(tmp_path):
    path = tmp_path / "taken.qrt"
    path.write_text("someone else's work")
    with pytest.raises(FileProblem, match="already exists"):
        Roundtable.create(path, title="T", secretariat="US")
    assert path.read_text() == "someone else's work"


def test_create_with_bad_input_leaves_no_file(tmp_path):
    path = tmp_path / "bad.qrt"
    with pytest.raises(InvalidInput):
        Roundtable.create(path, title="T", secretariat="not a code")
    with pytest.raises(InvalidInput):
        Roundtable.create(path, title="", secretariat="US")
    with pytest.raises(InvalidInput):
        Roundtable.create(path, title="T", secretariat="US", rule="unanimity")
    assert list(tmp_path.iterdir()) == []


# -- the change record ----------------------------------------------------------------------


def test_insert_is_recorded_as_a_whole_row_with_actor_and_time(rt):
    count_before = record_counts(rt)
    changes = rt.positions.set("JP", 1, "support", "Fine.")
    op = rt.store.row("SELECT * FROM operations WHERE id = ?", (changes.op_id,))
    assert (op["kind"], op["actor"], op["reverted"]) == ("do", "US", 0)
    assert op["label"] == "JP support on principle 1"
    rows = rt.store.rows("SELECT * FROM changes WHERE op_id = ? ORDER BY seq", (changes.op_id,))
    assert [(r["table_name"], r["field"], r["old"]) for r in rows] == [
        ("positions", ROW, None), ("position_history", ROW, None)]
    assert {(r["actor"], r["at"]) for r in rows} == {("US", op["at"])}
    position = rt.store.get("positions", rows[0]["row_id"])
    assert rt.store.changes_of(changes.op_id)[0].new == position
    assert record_counts(rt) == (count_before[0] + 1, count_before[1] + 2)
    # What the façade returned is exactly what the record holds.
    assert list(changes.changes) == rt.store.changes_of(changes.op_id)


def test_update_is_recorded_field_by_field_with_old_and_new(rt):
    rt.positions.set("JP", 1, "support", "Fine.")
    changes = rt.positions.set("JP", 1, "object", "Fine.")
    fields = {(c.table, c.field): (c.old, c.new) for c in rt.store.changes_of(changes.op_id)}
    assert fields[("positions", "stance")] == ("support", "object")
    assert ("positions", "comment") not in fields  # unchanged fields leave no change
    assert ("position_history", ROW) in fields
    assert set(fields) <= {("positions", "stance"), ("positions", "recorded_at"), ("position_history", ROW)}


def test_delete_is_recorded_with_the_whole_old_row(rt):
    rt.delegations.add_member("JP", "Aiko Sato", "MEXT", "Head")
    member = rt.delegations.members("JP")[0]
    row = rt.store.get("members", member.id)
    changes = rt.delegations.remove_member(member.id)
    [change] = rt.store.changes_of(changes.op_id)
    assert (change.table, change.row_id, change.field, change.old, change.new) == ("members", member.id, ROW, row, None)


def test_failing_batch_leaves_no_rows_and_no_record(rt):
    before = dump(rt)
    with pytest.raises(InvalidInput):
        with rt.batch("Tour de table"):
            rt.positions.set("JP", 1, "support")
            rt.positions.set("DK", 1, "object")
            rt.positions.set("US", 1, "no such stance")
    assert dump(rt) == before
    assert rt.positions.list() == []


def test_exception_inside_batch_rolls_back_everything(rt):
    before = dump(rt)
    with pytest.raises(KeyError):
        with rt.batch("Set-up"):
            rt.delegations.add("FR", "France")
            rt.principles.add("Security", "Protect research security.")
            raise KeyError("power cut")
    assert dump(rt) == before
    rt.delegations.add("FR", "France")  # the file is usable afterwards
    assert "FR" in rt.delegations.codes()


def test_batch_is_one_operation_and_one_undo_step(rt):
    ops_before, changes_before = record_counts(rt)
    with rt.batch("Tour de table"):
        rt.positions.set("JP", 1, "support")
        rt.positions.set("DK", 1, "object")
    assert record_counts(rt) == (ops_before + 1, changes_before + 4)
    assert rt.undo_label() == "Tour de table"


def test_operations_that_change_nothing_leave_no_trace(rt):
    rt.positions.set("JP", 1, "support", "Fine.")
    before = dump(rt)
    assert not rt.positions.set("JP", 1, "support", "Fine.")
    assert not rt.positions.set("JP", 1, "support")  # comment kept
    assert not rt.principles.retitle(1, "Collaboration")
    assert not rt.delegations.rename("JP", "Japan")
    with rt.batch("Nothing at all"):
        pass
    with rt.store.operation("Nothing either", "US"):
        rt.store.update("delegations", rt.delegations.get("JP").id, {"name": "Japan"})
    assert dump(rt) == before


def test_store_refuses_writes_outside_an_operation_and_unknown_tables(rt):
    with pytest.raises(RuntimeError):
        rt.store.insert("delegations", {"code": "FR", "name": "France"})
    with pytest.raises(ValueError):
        with rt.store.operation("x", "US"):
            rt.store.insert("sqlite_master", {"name": "evil"})
    assert "FR" not in rt.delegations.codes()


def test_change_record_survives_reopening(tmp_path):
    path = tmp_path / "r.qrt"
    with Roundtable.create(path, title="T", secretariat="US") as rt:
        rt.delegations.add("JP", "Japan")
        record = rt.store.rows("SELECT * FROM changes ORDER BY seq")
    with Roundtable.open(path) as rt:
        assert rt.store.rows("SELECT * FROM changes ORDER BY seq") == record
        assert record[-1]["table_name"] == "delegations" and record[-1]["new"].find('"JP"') > 0


def test_seq_numbers_are_dense_and_increasing(full):
    ops = [r["seq"] for r in full.store.rows("SELECT seq FROM operations ORDER BY at, seq")]
    changes = [r["seq"] for r in full.store.rows("SELECT seq FROM changes ORDER BY seq")]
    assert ops == list(range(1, len(ops) + 1))
    assert changes == list(range(1, len(changes) + 1))


def _last_record(rt: Roundtable) -> list[tuple]:
    """The newest operation and its changes, without random ids or times: what each says, in order."""
    op = rt.store.row("SELECT id, seq, label, kind, target_id, actor, reverted FROM operations "
                      "ORDER BY seq DESC LIMIT 1")
    changes = [tuple(r.values()) for r in rt.store.rows(
        "SELECT seq, table_name, field, old, new, actor, snapshot_id, origin_delegation, origin_snapshot, "
        "origin_at FROM changes WHERE op_id = ? ORDER BY seq", (op.pop("id"),))]
    return [tuple(op.values())] + changes


def _steps(rt: Roundtable, flush: bool) -> None:
    """Inserts, updates and a delete in one operation, flushed on the way or not; its label changes at the end."""
    store = rt.store
    with store.operation("First label", "US") as op:
        a = store.insert("members", {"id": "0190a0a0-0000-7000-8000-00000000000a", "delegation_id":
                                     rt.delegations.get("JP").id, "name": "Aiko Sato", "agency": "", "role": ""})
        if flush:
            op.flush()
            assert (op.changes, op.recorded) == ([], 1)
        store.update("members", a, {"agency": "MEXT", "role": "Head"})
        with store.operation("Nested", "US") as inner:
            store.update("members", a, {"name": "Aiko SATO"})
            inner.flush()  # inside a savepoint that may still roll back alone: nothing is written yet
            assert len(op.changes) == (3 if flush else 4)
        with pytest.raises(KeyError):
            with store.operation("Nested, failing", "US"):
                store.update("members", a, {"role": "Deputy"})
                raise KeyError("undone alone")
        if flush:
            op.flush()
        store.delete("members", a)
        op.label = "Final label"


def test_a_flushed_operation_leaves_the_same_record_as_one_written_at_its_end(tmp_path):
    with Roundtable.create(tmp_path / "False.qrt", title="T", secretariat="US") as rt:
        rt.delegations.add("JP", "Japan")
        rt.store.backup_to(tmp_path / "True.qrt")  # the same file twice
    records = []
    for flush in (False, True):
        with Roundtable.open(tmp_path / f"{flush}.qrt") as rt:
            _steps(rt, flush)
            records.append(_last_record(rt))
    assert records[0] == records[1]
    assert records[0][0][1:] == ("Final label", "do", None, "US", 0)
    assert [r[2] for r in records[0][1:]] == ["*", "agency", "role", "name", "*"]


def test_a_failing_flushed_operation_leaves_no_trace(rt):
    before = dump(rt)
    with pytest.raises(KeyError):
        with rt.store.operation("Fails after a flush", "US") as op:
            rt.store.update("delegations", rt.delegations.get("JP").id, {"name": "Nippon"})
            op.flush()
            raise KeyError("power cut")
    assert dump(rt) == before
