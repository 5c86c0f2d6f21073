"""The `qroundtable` command line, driven through click's CliRunner (and once as a real process).

Every command is run against a roundtable file in tmp_path. Failures must be one
line on stderr with exit status 1, never a traceback, and must leave the file as
it was; usage mistakes exit 2.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from sync_world import dump  # every row of a file, read-only

from qroundtable.cli import cli
from qroundtable.roundtable import Roundtable

STANCES = {"support", "support_with_amendments", "reservation", "abstain", "object"}
DEMO_CODES = {"US", "AU", "DK", "FI", "FR", "DE", "JP", "KR", "NL", "SE", "CH", "GB"}


# -- helpers ------------------------------------------------------------------------------------


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def ok(db: Path, *args: str) -> Result:
    result = run(db, *args)
    assert result.exit_code == 0, (args, result.output, result.exception)
    assert "Traceback" not in result.output
    return result


def js(db: Path, *args: str):
    return json.loads(ok(db, *args, "--format", "json").stdout)


def assert_one_line_error(result: Result, *, code: int = 1) -> str:
    """Exit `code`, nothing on stdout, exactly one line on stderr, no traceback; returns that line."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    # CliRunner turns any uncaught exception into exit 1 too: make sure it was a clean exit.
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.strip("\n").splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("Error: ") and len(line) > len("Error: ")
    assert not any(unicodedata.category(c) == "Cc" for c in line), repr(line)  # no raw escapes echoed back
    return line


def fails(db: Path, *args: str) -> str:
    return assert_one_line_error(run(db, *args))


def side_files(path: Path) -> list[Path]:
    return [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")) if p.exists()]


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.qrt"
    ok(path, "demo")
    assert not side_files(path)  # closed cleanly: the file alone is the whole roundtable
    return path


@pytest.fixture
def demo(demo_master, tmp_path) -> Path:
    """A fresh copy of the demo roundtable for one test."""
    path = tmp_path / "demo.qrt"
    shutil.copyfile(demo_master, path)
    return path


@pytest.fixture
def small(tmp_path) -> Path:
    """A new roundtable (secretariat US) with JP and DK and one principle."""
    path = tmp_path / "small.qrt"
    ok(path, "init", "--title", "Test roundtable", "--secretariat", "US", "--name", "United States")
    ok(path, "delegation", "add", "JP", "Japan")
    ok(path, "delegation", "add", "DK", "Denmark")
    ok(path, "principle", "add", "--title", "Collaboration", "--text", "Promote scientific collaboration.")
    return path


# -- demo and init ------------------------------------------------------------------------------


def test_demo_creates_the_roundtable_and_says_what_is_invented(tmp_path):
    path = tmp_path / "d.qrt"
    result = ok(path, "demo")
    assert path.exists()
    assert "12 delegations" in result.stdout and "7 principles" in result.stdout
    assert "invented for illustration" in result.stdout
    assert {d["code"] for d in js(path, "delegation", "list")} == DEMO_CODES


def test_demo_refuses_an_existing_file_without_force(demo):
    before = demo.read_bytes()
    line = fails(demo, "demo")
    assert "already exists" in line and "--force" in line
    assert demo.read_bytes() == before


def test_demo_refuses_to_overwrite_a_file_that_is_not_a_roundtable(tmp_path):
    path = tmp_path / "notes.qrt"
    path.write_text("my notes, not a roundtable\n")
    fails(path, "demo")
    assert path.read_text() == "my notes, not a roundtable\n"


def test_demo_force_replaces_the_file(small):
    assert [d["code"] for d in js(small, "delegation", "list")] == ["DK", "JP", "US"]
    ok(small, "position", "set", "--delegation", "JP", "--principle", "1", "--stance", "object")
    result = ok(small, "demo", "--force")
    assert "invented for illustration" in result.stdout
    assert {d["code"] for d in js(small, "delegation", "list")} == DEMO_CODES
    assert len(js(small, "principle", "list")) == 7
    assert "Pursuing Quantum Information Together" in ok(small, "consensus").stdout
    # The fresh demo is one setup step: nothing to undo, nothing of the old file left.
    fails(small, "undo")
    assert [p["stance"] for p in js(small, "position", "list", "--principle", "1", "--delegation", "JP")] \
        == ["support"]
    assert js(small, "principle", "list")[0]["title"] == "Scientific collaboration"


def test_demo_force_replaces_a_damaged_file(tmp_path):
    path = tmp_path / "broken.qrt"
    path.write_bytes(random.Random(7).randbytes(4096))
    ok(path, "demo", "--force")
    assert len(js(path, "principle", "list")) == 7


def test_init_makes_an_empty_secretariat_copy(tmp_path):
    path = tmp_path / "sub" / "new.qrt"
    result = ok(path, "init", "--title", "Quantum roundtable", "--secretariat", "us", "--name", "United States")
    assert "Secretariat — US" in result.stdout
    assert js(path, "delegation", "list") == [{"code": "US", "name": "United States"}]
    assert js(path, "principle", "list") == []
    assert js(path, "position", "list") == []
    assert js(path, "action", "list") == []
    assert js(path, "meeting", "list") == []
    assert js(path, "consensus") == []
    assert ok(path, "principle", "list").stdout.strip() == "No principles yet."
    assert "rule: consensus" in ok(path, "consensus").stdout
    fails(path, "undo")  # creating the file is not an undoable step


def test_init_with_another_rule(tmp_path):
    path = tmp_path / "m.qrt"
    ok(path, "init", "--title", "T", "--secretariat", "EU", "--rule", "majority:60")
    assert "rule: majority:60" in ok(path, "consensus").stdout
    assert js(path, "delegation", "list") == [{"code": "EU", "name": "EU"}]


def test_init_refuses_an_existing_file(small):
    before = dump(small)
    assert "already exists" in fails(small, "init", "--title", "Other", "--secretariat", "JP")
    assert dump(small) == before


@pytest.mark.parametrize("args", [
    ["--title", "", "--secretariat", "US"],
    ["--title", "T\x07", "--secretariat", "US"],
    ["--title", "T", "--secretariat", "U"],
    ["--title", "T", "--secretariat", "US", "--rule", "unanimity"],
    ["--title", "T", "--secretariat", "US", "--rule", "majority:150"],
    ["--title", "T", "--secretariat", "US", "--name", "\x1b[31mUS"],
])
def test_init_with_bad_input_creates_no_file(tmp_path, args):
    path = tmp_path / "never.qrt"
    fails(path, "init", *args)
    assert not path.exists() and not side_files(path)


# -- delegations --------------------------------------------------------------------------------


def test_delegation_add_and_list(small):
    assert "Added delegation FR (France)." in ok(small, "delegation", "add", "fr", "France").stdout
    rows = js(small, "delegation", "list")
    assert rows == [{"code": "DK", "name": "Denmark"}, {"code": "FR", "name": "France"},
                    {"code": "JP", "name": "Japan"}, {"code": "US", "name": "United States"}]
    assert all(set(r) == {"code", "name"} for r in rows)
    table = ok(small, "delegation", "list").stdout.splitlines()
    assert table[0].split() == ["Code", "Name"]
    assert any(line.split() == ["FR", "France"] for line in table)


def test_delegation_add_refuses_duplicates_and_bad_codes(small):
    before = dump(small)
    assert "already exists" in fails(small, "delegation", "add", "jp", "Japan again")
    assert "not a delegation code" in fails(small, "delegation", "add", "J", "Jay")
    assert "not a delegation code" in fails(small, "delegation", "add", "TOOLONGCODE", "Long")
    fails(small, "delegation", "add", "NO", "")
    fails(small, "delegation", "add", "NO", "Nor\x07way")
    assert dump(small) == before


# -- principles ---------------------------------------------------------------------------------


def test_principle_add_edit_list_show(small):
    assert ok(small, "principle", "add", "--title", "Talent",
              "--text", "Share best practices [to grow|for] talent.").stdout.strip() == "Added principle 2."
    rows = js(small, "principle", "list")
    assert [set(r) for r in rows] == [{"number", "title", "text", "version", "brackets", "status",
                                       "silence_deadline"}] * 2
    assert rows[1] == {"number": 2, "title": "Talent", "text": "Share best practices [to grow|for] talent.",
                       "version": 1, "brackets": 1, "status": "not_discussed", "silence_deadline": None}

    result = ok(small, "principle", "edit", "2", "--text", "Share best practices for talent.", "--note", "agreed")
    assert "Principle 2 is now at version 2." in result.stdout
    row = js(small, "principle", "list")[1]
    assert (row["version"], row["brackets"], row["text"]) == (2, 0, "Share best practices for talent.")

    shown = ok(small, "principle", "show", "2").stdout
    assert "Principle 2: Talent" in shown and "Version 2" in shown
    assert "Share best practices for talent." in shown and "agreed" in shown
    detail = js(small, "principle", "show", "2")
    assert [v["version"] for v in detail["versions"]] == [1, 2]
    assert detail["versions"][0]["text"] == "Share best practices [to grow|for] talent."
    assert detail["versions"][1]["note"] == "agreed"
    assert detail["positions"] == []

    table = ok(small, "principle", "list").stdout.splitlines()
    assert table[0].split()[:2] == ["No.", "Ver."]
    assert len(table) == 4  # heading, rule, two principles


def test_principle_add_warns_on_unbalanced_brackets(small):
    result = ok(small, "principle", "add", "--title", "T", "--text", "Plan [timely deployment.")
    assert result.stdout.strip() == "Added principle 2."
    assert result.stderr.startswith("warning: ") and "never closed" in result.stderr


def test_principle_edit_to_the_same_text_is_refused(small):
    before = dump(small)
    assert "already reads exactly so" in fails(small, "principle", "edit", "1",
                                               "--text", "Promote scientific collaboration.")
    assert dump(small) == before


def test_principle_silence(small):
    result = ok(small, "principle", "silence", "1", "--deadline", "2099-12-15")
    assert "until 2099-12-15T23:59:59Z" in result.stdout
    row = js(small, "principle", "list")[0]
    assert row["silence_deadline"] == "2099-12-15T23:59:59Z"
    assert row["status"] == "not_discussed"  # the deadline has not passed yet
    before = dump(small)
    assert "already under a silence procedure" in fails(small, "principle", "silence", "1", "--deadline", "2099-12-31")
    assert dump(small) == before


def test_principle_silence_past_deadline_counts_as_agreed(small):
    ok(small, "principle", "silence", "1", "--deadline", "2020-01-01T12:00")
    assert js(small, "principle", "list")[0]["status"] == "agreed"
    [c] = js(small, "consensus")
    assert c["status"] == "agreed"


# -- amendments ---------------------------------------------------------------------------------


def test_amendment_propose_list_accept(small):
    result = ok(small, "amendment", "propose", "1", "--as", "JP",
                "--text", "Promote [open] scientific collaboration.", "--rationale", "openness")
    [a] = js(small, "amendment", "list")
    assert a["id"] in result.stdout
    assert {k: a[k] for k in ("principle", "delegation", "state", "base_version", "text", "rationale")} == {
        "principle": 1, "delegation": "JP", "state": "proposed", "base_version": 1,
        "text": "Promote [open] scientific collaboration.", "rationale": "openness"}
    assert a["id"][-8:] in ok(small, "amendment", "list").stdout

    # The only amendment: a 4-character start of its id is unique.
    ok(small, "position", "set", "--delegation", "JP", "--principle", "1", "--stance", "support_with_amendments")
    result = ok(small, "amendment", "accept", a["id"][:4])
    assert "accepted" in result.stdout and "version 2" in result.stdout
    assert "1 position on principle 1 was given on an earlier text and is now stale" in result.stdout
    assert js(small, "amendment", "list")[0]["state"] == "accepted"
    p = js(small, "principle", "list")[0]
    assert (p["version"], p["text"], p["brackets"]) == (2, "Promote [open] scientific collaboration.", 1)
    assert js(small, "principle", "show", "1")["versions"][1]["author"] == "JP"


def test_amendment_reject_withdraw_by_end_of_id(small):
    ok(small, "amendment", "propose", "1", "--as", "JP", "--text", "Promote open collaboration.")
    ok(small, "amendment", "propose", "1", "--as", "DK", "--text", "Promote collaboration.")
    first, second = js(small, "amendment", "list")
    assert (first["delegation"], second["delegation"]) == ("JP", "DK")
    assert "rejected" in ok(small, "amendment", "reject", first["id"][-4:]).stdout
    assert "withdrawn" in ok(small, "amendment", "withdraw", second["id"][-6:]).stdout
    assert [a["state"] for a in js(small, "amendment", "list")] == ["rejected", "withdrawn"]
    assert js(small, "amendment", "list", "--principle", "1") == js(small, "amendment", "list")
    # A decided amendment cannot be decided again; the text did not move.
    before = dump(small)
    assert "already rejected" in fails(small, "amendment", "accept", first["id"])
    assert "already withdrawn" in fails(small, "amendment", "reject", second["id"])
    assert dump(small) == before
    assert js(small, "principle", "list")[0]["version"] == 1


def test_a_rejection_carries_the_secretariats_reason(small):
    ok(small, "amendment", "propose", "1", "--as", "JP", "--text", "Promote open collaboration.")
    [a] = js(small, "amendment", "list")
    assert a["reason"] == ""
    done = ok(small, "amendment", "reject", a["id"][-4:], "--reason", "Goes beyond the mandate.")
    assert done.stdout.strip() == f"Amendment {a['id']} by JP rejected; reason: Goes beyond the mandate."
    [a] = js(small, "amendment", "list")
    assert (a["state"], a["reason"]) == ("rejected", "Goes beyond the mandate.")
    assert "Goes beyond the mandate." in ok(small, "amendment", "list").stdout
    assert ok(small, "undo").stdout.startswith("Undo Rejected JP amendment")
    [a] = js(small, "amendment", "list")
    assert (a["state"], a["reason"]) == ("proposed", "")
    assert "control characters" in fails(small, "amendment", "reject", a["id"], "--reason", "bad\x07bell")
    assert js(small, "amendment", "list")[0]["state"] == "proposed"


def test_amendment_ids_must_be_unique_and_long_enough(demo):
    first, second = js(demo, "amendment", "list")
    common = os.path.commonprefix([first["id"], second["id"]])
    assert len(common) >= 4  # UUIDv7 ids made together share their time prefix
    before = dump(demo)
    assert "give more of the id" in fails(demo, "amendment", "accept", common[:4])
    assert "at least 4 characters" in fails(demo, "amendment", "accept", first["id"][-3:])
    assert "no amendment" in fails(demo, "amendment", "accept", "ffffffff")
    # LIKE wildcards typed by a person match nothing, not everything.
    assert "no amendment" in fails(demo, "amendment", "accept", "____")
    assert "no amendment" in fails(demo, "amendment", "withdraw", "%%%%")
    assert dump(demo) == before


# -- positions and consensus --------------------------------------------------------------------


def test_position_set_and_list(small):
    result = ok(small, "position", "set", "--delegation", "jp", "--principle", "1", "--stance", "reservation",
                "--comment", "ad ref.")
    assert result.stdout.strip() == "Recorded: JP reservation on principle 1 (version 1)."
    rows = js(small, "position", "list")
    assert rows == [{"delegation": "JP", "principle": 1, "stance": "reservation", "comment": "ad ref.",
                     "version": 1, "stale": False}]

    # Restating the same stance changes nothing and keeps the comment; a new stance starts without the old
    # one (a Support must not read "ad ref."), which stays in the history.
    assert ok(small, "position", "set", "--delegation", "JP", "--principle", "1",
              "--stance", "reservation").stdout.startswith("Unchanged")
    ok(small, "position", "set", "--delegation", "JP", "--principle", "1", "--stance", "support")
    assert js(small, "position", "list")[0]["comment"] == ""
    with Roundtable.open(small) as rt:
        assert [(h["stance"], h["comment"]) for h in rt.positions.history("JP", 1)] == [
            ("reservation", "ad ref."), ("support", "")]

    ok(small, "position", "set", "--delegation", "DK", "--principle", "1", "--stance", "object")
    edited = ok(small, "principle", "edit", "1", "--text", "Promote scientific collaboration [worldwide].")
    assert "2 positions on principle 1 were given on an earlier text and are now stale" in edited.stdout
    ok(small, "position", "set", "--delegation", "US", "--principle", "1", "--stance", "support")
    rows = js(small, "position", "list")
    assert all(set(r) == {"delegation", "principle", "stance", "comment", "version", "stale"} for r in rows)
    by = {r["delegation"]: r for r in rows}
    assert (by["JP"]["version"], by["JP"]["stale"]) == (1, True)
    assert (by["DK"]["version"], by["DK"]["stale"]) == (1, True)
    assert (by["US"]["version"], by["US"]["stale"]) == (2, False)
    assert [r["delegation"] for r in js(small, "position", "list", "--delegation", "dk")] == ["DK"]
    assert len(js(small, "position", "list", "--principle", "1")) == 3
    table = ok(small, "position", "list").stdout
    assert "yes" in table and "Stale" in table


def test_consensus_json_shape_and_statuses(small):
    ok(small, "principle", "add", "--title", "Two", "--text", "Second.")
    ok(small, "principle", "add", "--title", "Three", "--text", "Third.")
    for code in ("US", "JP", "DK"):
        ok(small, "position", "set", "--delegation", code, "--principle", "1", "--stance", "support")
    ok(small, "position", "set", "--delegation", "US", "--principle", "2", "--stance", "support")
    ok(small, "position", "set", "--delegation", "JP", "--principle", "2", "--stance", "object")
    ok(small, "position", "set", "--delegation", "US", "--principle", "3", "--stance", "abstain")
    rows = js(small, "consensus")
    for row in rows:
        assert {"principle", "title", "status", "counts", "missing", "objecting"} <= set(row)
        assert set(row["counts"]) == STANCES | {"no_position"}
        assert sum(row["counts"].values()) == 3
        assert isinstance(row["missing"], list) and isinstance(row["objecting"], list)
    one, two, three = rows
    assert (one["principle"], one["title"], one["status"]) == (1, "Collaboration", "agreed")
    assert one["counts"]["support"] == 3 and one["missing"] == [] and one["objecting"] == []
    assert (two["status"], two["objecting"], two["missing"]) == ("contested", ["JP"], ["DK"])
    assert (three["status"], three["missing"]) == ("near", ["DK", "JP"])
    assert three["counts"] == {"support": 0, "support_with_amendments": 0, "reservation": 0, "abstain": 1,
                               "object": 0, "no_position": 2}


def test_consensus_table_and_csv(demo):
    table = ok(demo, "consensus").stdout
    assert table.splitlines()[0].startswith("Pursuing Quantum Information Together: 2^N vs 2N — rule: consensus")
    assert "counting all delegations" in table
    assert "contested" in table and "agreed (silence)" in table and "not_discussed" in table

    rows = list(csv.DictReader(io.StringIO(ok(demo, "consensus", "--format", "csv").stdout)))
    assert len(rows) == 7
    assert list(rows[0])[:3] == ["principle", "title", "status"]
    assert STANCES | {"no_position", "missing", "objecting"} <= set(rows[0])
    four = rows[3]
    assert (four["principle"], four["status"], four["object"], four["objecting"]) == ("4", "contested", "1", "CH")
    assert rows[6]["missing"].split(",") == sorted(DEMO_CODES)


def test_consensus_json_on_the_demo(demo):
    rows = js(demo, "consensus")
    assert [r["principle"] for r in rows] == list(range(1, 8))
    by = {r["principle"]: r for r in rows}
    assert by[1]["status"] == "agreed" and by[1]["counts"]["support"] == 12
    assert by[4]["status"] == "contested" and by[4]["objecting"] == ["CH"]
    assert by[7]["status"] == "not_discussed" and sorted(by[7]["missing"]) == sorted(DEMO_CODES)
    assert by[5]["status"] == "near" and by[5]["counts"]["no_position"] == 6  # six stale positions


def test_meeting_latest_counts_only_its_attendees(demo):
    meetings = js(demo, "meeting", "list")
    latest = meetings[-1]
    assert latest["title"] == "October 2023 roundtable" and "CH" not in latest["attending"]
    rows = {r["principle"]: r for r in js(demo, "consensus", "--meeting", "latest")}
    # CH, the only objector to principle 4, did not attend in October 2023.
    assert rows[4]["status"] == "near" and rows[4]["objecting"] == []
    assert rows[1]["counts"]["support"] == 11
    assert all("CH" not in r["missing"] for r in rows.values())
    assert js(demo, "consensus", "--meeting", latest["id"][-6:]) == list(rows.values())
    assert "counting attendees of October 2023 roundtable" in ok(demo, "consensus", "--meeting", "latest").stdout
    statuses = {r["number"]: r["status"] for r in js(demo, "principle", "list", "--meeting", "latest")}
    assert statuses[4] == "near"
    assert {r["number"]: r["status"] for r in js(demo, "principle", "list")}[4] == "contested"


def test_position_set_then_consensus_changes(demo):
    ok(demo, "position", "set", "--delegation", "CH", "--principle", "4", "--stance", "support")
    ok(demo, "position", "set", "--delegation", "KR", "--principle", "4", "--stance", "support")
    assert {r["principle"]: r for r in js(demo, "consensus")}[4]["status"] == "near"
    ok(demo, "position", "set", "--delegation", "DE", "--principle", "4", "--stance", "support")
    ok(demo, "position", "set", "--delegation", "JP", "--principle", "4", "--stance", "1")  # 1 = support
    assert {r["principle"]: r for r in js(demo, "consensus")}[4]["status"] == "agreed"


# -- action items -------------------------------------------------------------------------------


def test_action_add_set_list(small):
    result = ok(small, "action", "add", "--title", "Circulate revised text", "--owner", "dk",
                "--due", "2026-12-01", "--principle", "1")
    rows = js(small, "action", "list")
    assert [set(r) for r in rows] == [{"id", "title", "owner", "due", "status", "principle"}]
    [a] = rows
    assert a["id"] in result.stdout
    assert {k: v for k, v in a.items() if k != "id"} == {
        "title": "Circulate revised text", "owner": "DK", "due": "2026-12-01", "status": "open", "principle": 1}

    ok(small, "action", "add", "--title", "Book the room", "--owner", "US")
    first, second = js(small, "action", "list")  # soonest due first, undated last
    assert (first["title"], second["due"], second["principle"]) == ("Circulate revised text", None, None)

    assert "done" in ok(small, "action", "set", a["id"][-5:], "--status", "done").stdout
    ok(small, "action", "set", second["id"], "--status", "in-progress", "--due", "2026-11-30")
    by = {r["title"]: r for r in js(small, "action", "list")}
    assert by["Circulate revised text"]["status"] == "done"
    assert (by["Book the room"]["status"], by["Book the room"]["due"]) == ("in_progress", "2026-11-30")

    assert [r["owner"] for r in js(small, "action", "list", "--owner", "DK")] == ["DK"]
    assert [r["title"] for r in js(small, "action", "list", "--status", "done")] == ["Circulate revised text"]
    assert "Circulate revised text" in ok(small, "action", "list").stdout


def test_action_set_needs_something_to_change(small):
    ok(small, "action", "add", "--title", "X", "--owner", "US")
    [a] = js(small, "action", "list")
    result = run(small, "action", "set", a["id"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    before = dump(small)
    assert "unknown status" in fails(small, "action", "set", a["id"], "--status", "finished")
    # With a single action item, LIKE wildcards must still not pick it.
    assert "no action item" in fails(small, "action", "set", "____", "--status", "done")
    assert "no action item" in fails(small, "action", "set", "%%%%", "--status", "done")
    assert dump(small) == before


def test_action_add_with_meeting_latest(demo):
    latest = js(demo, "meeting", "list")[-1]
    assert latest["date"] == "2023-10-24"
    result = ok(demo, "action", "add", "--title", "Summarise the day", "--owner", "US", "--meeting", "latest")
    rows = js(demo, "action", "list")
    assert len(rows) == 8
    [new] = [r for r in rows if r["title"] == "Summarise the day"]
    assert new["id"] in result.stdout
    # The meeting link is not in the list's JSON shape; the façade shows it was kept.
    from qroundtable.roundtable import Roundtable

    with Roundtable.open(demo) as rt:
        assert rt.actions.get(new["id"]).meeting_id == latest["id"]


# -- meetings -----------------------------------------------------------------------------------


def test_meeting_add_and_list(small):
    result = ok(small, "meeting", "add", "--title", "Third meeting", "--date", "2026-12-03", "--place", "Tokyo",
                "--hosts", "JP", "--attending", "jp,us,dk")
    ok(small, "meeting", "add", "--title", "First meeting", "--date", "2025-05-01", "--attending", "US,JP")
    first, second = js(small, "meeting", "list")
    assert second["id"] in result.stdout
    assert (first["title"], second["title"]) == ("First meeting", "Third meeting")  # oldest first
    assert second["hosts"] == ["JP"] and sorted(second["attending"]) == ["DK", "JP", "US"]
    assert (second["date"], second["place"]) == ("2026-12-03", "Tokyo")
    assert "Third meeting" in ok(small, "meeting", "list").stdout
    # --meeting latest is the newest by date.
    [row] = js(small, "consensus", "--meeting", "latest")
    assert sorted(row["missing"]) == ["DK", "JP", "US"]
    [row] = js(small, "consensus", "--meeting", first["id"])
    assert sorted(row["missing"]) == ["JP", "US"]


def test_meeting_latest_without_meetings_fails(small):
    assert "no meetings" in fails(small, "consensus", "--meeting", "latest")


# -- undo and redo ------------------------------------------------------------------------------


def test_undo_and_redo(small):
    ok(small, "position", "set", "--delegation", "JP", "--principle", "1", "--stance", "object")
    before_undo = dump(small)
    result = ok(small, "undo")
    assert result.stdout.startswith("Undo ") and "JP" in result.stdout
    assert js(small, "position", "list") == []
    assert ok(small, "redo").stdout.startswith("Redo ")
    assert [p["stance"] for p in js(small, "position", "list")] == ["object"]
    assert "nothing to redo" in fails(small, "redo")

    ok(small, "undo")  # the position
    ok(small, "undo")  # principle 1
    assert js(small, "principle", "list") == []
    ok(small, "undo")  # DK
    ok(small, "undo")  # JP
    assert js(small, "delegation", "list") == [{"code": "US", "name": "United States"}]
    assert "nothing to undo" in fails(small, "undo")  # creating the roundtable is not undoable
    for _ in range(4):
        ok(small, "redo")
    assert "nothing to redo" in fails(small, "redo")
    after = dump(small)
    assert {t: len(after[t]) for t in ("principles", "delegations", "positions")} == \
        {t: len(before_undo[t]) for t in ("principles", "delegations", "positions")}


def test_a_fresh_edit_ends_redo(small):
    ok(small, "delegation", "add", "FR", "France")
    ok(small, "undo")
    ok(small, "delegation", "add", "SE", "Sweden")
    assert "nothing to redo" in fails(small, "redo")


# -- bad input: exit 1, one line, nothing written -----------------------------------------------

BAD_INPUT = {
    "unknown stance": ["position", "set", "--delegation", "JP", "--principle", "1", "--stance", "maybe"],
    "stance with escapes": ["position", "set", "--delegation", "JP", "--principle", "1", "--stance", "\x1b[31m"],
    "stance number out of range": ["position", "set", "--delegation", "JP", "--principle", "1", "--stance", "6"],
    "unknown delegation": ["position", "set", "--delegation", "XX", "--principle", "1", "--stance", "support"],
    "not a delegation code": ["position", "set", "--delegation", "X", "--principle", "1", "--stance", "support"],
    "unknown delegation in list": ["position", "list", "--delegation", "ZZ"],
    "unknown principle": ["position", "set", "--delegation", "JP", "--principle", "99", "--stance", "support"],
    "unknown principle show": ["principle", "show", "99"],
    "unknown principle edit": ["principle", "edit", "8", "--text", "New text."],
    "unknown principle silence": ["principle", "silence", "0", "--deadline", "2030-01-01"],
    "unknown principle amendment": ["amendment", "propose", "99", "--as", "FR", "--text", "x"],
    "unknown principle amendment list": ["amendment", "list", "--principle", "99"],
    "unknown principle action": ["action", "add", "--title", "x", "--owner", "US", "--principle", "42"],
    "unknown action owner": ["action", "add", "--title", "x", "--owner", "ZZ"],
    "unknown meeting host": ["meeting", "add", "--title", "x", "--date", "2026-01-01", "--hosts", "ZZ"],
    "unknown meeting": ["consensus", "--meeting", "ffffffff"],
    "unknown meeting for action": ["action", "add", "--title", "x", "--owner", "US", "--meeting", "ffffffff"],
    "unknown action": ["action", "set", "ffffffff", "--status", "done"],
    "wildcard action id": ["action", "set", "____", "--status", "done"],
    "wildcard meeting id": ["consensus", "--meeting", "%%%%"],
    "short action id": ["action", "set", "abc", "--status", "done"],
    "bad action status": ["action", "list", "--status", "finished"],
    "30 February meeting": ["meeting", "add", "--title", "x", "--date", "2026-02-30"],
    "day-first meeting date": ["meeting", "add", "--title", "x", "--date", "24/11/2026"],
    "tomorrow meeting": ["meeting", "add", "--title", "x", "--date", "tomorrow"],
    "30 February due": ["action", "add", "--title", "x", "--owner", "US", "--due", "2026-02-30"],
    "day-first due": ["action", "add", "--title", "x", "--owner", "US", "--due", "24/11/2026"],
    "tomorrow due": ["action", "add", "--title", "x", "--owner", "US", "--due", "tomorrow"],
    "30 February deadline": ["principle", "silence", "7", "--deadline", "2026-02-30"],
    "day-first deadline": ["principle", "silence", "7", "--deadline", "24/11/2026"],
    "tomorrow deadline": ["principle", "silence", "7", "--deadline", "tomorrow"],
    "empty principle text": ["principle", "add", "--title", "T", "--text", ""],
    "blank principle text": ["principle", "add", "--title", "T", "--text", "   "],
    "empty principle title": ["principle", "add", "--title", "", "--text", "Text."],
    "empty edit": ["principle", "edit", "1", "--text", " \n "],
    "empty amendment": ["amendment", "propose", "1", "--as", "FR", "--text", ""],
    "empty action title": ["action", "add", "--title", "", "--owner", "US"],
    "empty meeting title": ["meeting", "add", "--title", "", "--date", "2026-01-01"],
    "empty delegation name": ["delegation", "add", "NO", ""],
    "bell in principle text": ["principle", "add", "--title", "T", "--text", "a\x07b"],
    "ansi in principle edit": ["principle", "edit", "1", "--text", "\x1b[31mred"],
    "bell in comment": ["position", "set", "--delegation", "JP", "--principle", "7", "--stance", "support",
                        "--comment", "\x07"],
    "ansi in comment": ["position", "set", "--delegation", "JP", "--principle", "7", "--stance", "support",
                        "--comment", "\x1b[31m"],
    "ansi in rationale": ["amendment", "propose", "1", "--as", "FR", "--text", "New.", "--rationale", "\x1b[31m"],
    "bell in action title": ["action", "add", "--title", "x\x07", "--owner", "US"],
    "ansi in meeting title": ["meeting", "add", "--title", "\x1b[31mx", "--date", "2026-01-01"],
    "bell in delegation name": ["delegation", "add", "NO", "Nor\x07way"],
    "ansi in note": ["principle", "edit", "7", "--text", "New.", "--note", "\x1b[31m"],
    "duplicate delegation": ["delegation", "add", "JP", "Japan"],
    "same text edit": ["principle", "edit", "7", "--text",
                       "Encourage the discovery of QIST use cases for the benefit of society."],
    "second silence": ["principle", "silence", "3", "--deadline", "2030-01-01"],
    "nothing to undo": ["undo"],
    "nothing to redo": ["redo"],
    "init over a roundtable": ["init", "--title", "T", "--secretariat", "US"],
    "demo over a roundtable": ["demo"],
}


@pytest.mark.parametrize("args", list(BAD_INPUT.values()), ids=list(BAD_INPUT))
def test_bad_input_is_one_line_and_changes_nothing(demo, args):
    before = dump(demo)
    fails(demo, *args)
    after = dump(demo)
    assert len(after["changes"]) == len(before["changes"])
    assert after == before


READ_COMMANDS = [
    ["consensus"], ["consensus", "--format", "json"], ["principle", "list"], ["principle", "show", "1"],
    ["position", "list"], ["amendment", "list"], ["action", "list"], ["meeting", "list"],
    ["delegation", "list", "--format", "json"],
]
WRITE_COMMANDS = [
    ["position", "set", "--delegation", "US", "--principle", "1", "--stance", "support"],
    ["delegation", "add", "FR", "France"],
    ["undo"],
]


@pytest.mark.parametrize("args", READ_COMMANDS + WRITE_COMMANDS, ids=" ".join)
def test_missing_file_is_an_error_and_is_not_created(tmp_path, args):
    path = tmp_path / "nowhere" / "missing.qrt"
    line = fails(path, *args)
    assert "no roundtable file" in line and "missing.qrt" in line
    assert not path.parent.exists()
    assert not path.exists() and not side_files(path)


def _random_bytes(path: Path, demo_master: Path) -> str:
    path.write_bytes(random.Random(2026).randbytes(16384))
    return "not a roundtable file"


def _truncated(path: Path, demo_master: Path) -> str:
    data = demo_master.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return "damaged"


def _header_only(path: Path, demo_master: Path) -> str:
    path.write_bytes(demo_master.read_bytes()[:100])
    return "damaged"


def _empty(path: Path, demo_master: Path) -> str:
    path.write_bytes(b"")
    return "not a roundtable file"


def _other_sqlite(path: Path, demo_master: Path) -> str:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.execute("INSERT INTO recipes VALUES ('bread')")
    con.commit()
    con.close()
    return "not a roundtable file"


def _newer_schema(path: Path, demo_master: Path) -> str:
    shutil.copyfile(demo_master, path)
    con = sqlite3.connect(path)
    con.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                "VALUES ('qroundtable', 'from the future', '2030-01-01 00:00:00+00:00')")
    con.commit()
    con.close()
    assert not side_files(path)
    return "newer version"


DAMAGED = {"random bytes": _random_bytes, "truncated": _truncated, "header only": _header_only, "empty": _empty,
           "other sqlite": _other_sqlite, "newer schema": _newer_schema}


@pytest.mark.parametrize("make", list(DAMAGED.values()), ids=list(DAMAGED))
@pytest.mark.parametrize("args", [["consensus"], ["principle", "list", "--format", "json"], WRITE_COMMANDS[0],
                                  ["undo"]], ids=" ".join)
def test_damaged_or_foreign_file_is_refused_untouched(tmp_path, demo_master, make, args):
    path = tmp_path / "bad.qrt"
    expected = make(path, demo_master)  # the words the error must contain
    before = path.read_bytes()
    line = fails(path, *args)
    assert expected in line and "bad.qrt" in line
    assert path.read_bytes() == before
    assert not side_files(path)


# -- usage errors: exit 2 -----------------------------------------------------------------------

USAGE = {
    "missing --stance": ["position", "set", "--delegation", "JP", "--principle", "1"],
    "missing --title": ["init", "--secretariat", "US"],
    "missing --text": ["principle", "add", "--title", "T"],
    "missing --as": ["amendment", "propose", "1", "--text", "T"],
    "missing --date": ["meeting", "add", "--title", "T"],
    "missing --owner": ["action", "add", "--title", "T"],
    "missing --deadline": ["principle", "silence", "1"],
    "missing argument": ["delegation", "add", "JP"],
    "missing id": ["amendment", "accept"],
    "bad consensus format": ["consensus", "--format", "xml"],
    "bad list format": ["delegation", "list", "--format", "csv"],
    "bad principle number": ["principle", "show", "four"],
    "bad principle option": ["position", "set", "--delegation", "JP", "--principle", "x", "--stance", "support"],
    "unknown command": ["poll"],
    "unknown subcommand": ["principle", "delete", "1"],
    "unknown option": ["consensus", "--verbose"],
}


@pytest.mark.parametrize("args", list(USAGE.values()), ids=list(USAGE))
def test_usage_errors_exit_2(demo, args):
    before = dump(demo)
    result = run(demo, *args)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and result.stdout == ""
    assert "Usage:" in result.stderr and "Error:" in result.stderr
    assert dump(demo) == before


# -- help ---------------------------------------------------------------------------------------

EXPECTED_COMMANDS = {
    "demo", "init", "delegation add", "delegation list", "principle add", "principle edit", "principle list",
    "principle show", "principle silence", "amendment propose", "amendment accept", "amendment reject",
    "amendment withdraw", "amendment list", "position set", "position list", "consensus", "action add",
    "action set", "action list", "meeting add", "meeting list", "undo", "redo",
}


def walk(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield path + (name,), command
        if isinstance(command, click.Group):
            yield from walk(command, path + (name,))


def test_every_documented_command_exists():
    leaves = {" ".join(p) for p, c in walk(cli) if not isinstance(c, click.Group)}
    assert EXPECTED_COMMANDS <= leaves


@pytest.mark.parametrize("path", [p for p, _ in walk(cli)], ids=" ".join)
def test_every_command_has_help(path):
    command = dict(walk(cli))[path]
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert result.stdout.startswith("Usage: ")
    if isinstance(command, click.Group):
        assert command.commands  # a group with nothing in it is a dead end
    else:
        assert "Example:" in command.help
        example = result.stdout.split("Example:", 1)[1].split("\n\n", 1)[0]
        assert example.strip().startswith("qroundtable ")
        assert " ".join(path) in example  # the example runs the command it documents


def test_root_help_and_version():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout and "--db" in result.stdout
    assert CliRunner().invoke(cli, ["-h"]).stdout == result.stdout
    version = CliRunner().invoke(cli, ["--version"])
    assert version.exit_code == 0 and "version" in version.stdout


# -- the real entry points ----------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "QROUNDTABLE_DB"}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def test_console_script_and_module_are_wired(tmp_path):
    script = Path(sys.executable).with_name("qroundtable")
    if not script.exists():
        pytest.skip(f"no console script next to {sys.executable}; is the package installed?")
    path = tmp_path / "demo.qrt"

    made = subprocess.run([str(script), "--db", str(path), "demo"], capture_output=True, text=True,
                          encoding="utf-8", env=_env(), cwd=tmp_path, timeout=120)
    assert made.returncode == 0, made.stderr
    assert "invented for illustration" in made.stdout

    by_script = subprocess.run([str(script), "--db", str(path), "consensus", "--format", "json"],
                               capture_output=True, text=True, encoding="utf-8", env=_env(), cwd=tmp_path,
                               timeout=120)
    assert by_script.returncode == 0, by_script.stderr
    rows = json.loads(by_script.stdout)
    assert [r["principle"] for r in rows] == list(range(1, 8))

    by_module = subprocess.run([sys.executable, "-m", "qroundtable", "--db", str(path), "consensus",
                                "--format", "json"], capture_output=True, text=True, encoding="utf-8",
                               env=_env(), cwd=tmp_path, timeout=120)
    assert by_module.returncode == 0, by_module.stderr
    assert json.loads(by_module.stdout) == rows

    missing = subprocess.run([str(script), "--db", str(tmp_path / "missing.qrt"), "consensus"],
                             capture_output=True, text=True, encoding="utf-8", env=_env(), cwd=tmp_path,
                             timeout=120)
    assert missing.returncode == 1 and missing.stdout == ""
    assert len(missing.stderr.strip().splitlines()) == 1 and "Traceback" not in missing.stderr
    assert not (tmp_path / "missing.qrt").exists()

    usage = subprocess.run([sys.executable, "-m", "qroundtable", "--db", str(path), "consensus", "--format", "xml"],
                           capture_output=True, text=True, encoding="utf-8", env=_env(), cwd=tmp_path, timeout=120)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
