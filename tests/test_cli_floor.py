"""`qroundtable speakers`, `vote`, `statement` and the co-sponsor commands, through click's CliRunner on the demo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_cli import fails, js, ok, run


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("floor") / "demo.qrt"
    ok(path, "demo")
    return path


@pytest.fixture
def demo(demo_master, tmp_path) -> Path:
    path = tmp_path / "demo.qrt"
    shutil.copyfile(demo_master, path)
    return path


def test_a_speakers_list_from_the_command_line(demo):
    listed = js(demo, "speakers", "list", "--meeting", "latest", "--principle", "4")
    assert listed["speaking_limit"] == 180 and listed["timer"] is None
    assert [(s["delegation"], s["state"]) for s in listed["speakers"]] == [
        ("KR", "spoke"), ("DE", "spoke"), ("FR", "yielded"), ("NL", "waiting"), ("JP", "waiting"), ("SE", "waiting")]
    assert [s["spoken_ms"] for s in listed["speakers"][:3]] == [165_000, 190_000, 70_000]
    out = ok(demo, "speakers", "add", "CH", "--meeting", "latest", "--principle", "4", "--point-of-order").stdout
    assert out.index("CH") < out.index("NL")  # a point of order goes first
    after = js(demo, "speakers", "next", "--meeting", "latest", "--principle", "4")
    assert [s["delegation"] for s in after["speakers"] if s["state"] == "speaking"] == ["CH"]
    assert after["timer"]["limit_ms"] == 180_000 and not after["timer"]["overrun"]
    assert "left" in ok(demo, "speakers", "list", "--meeting", "latest", "--principle", "4").stdout
    yielded = js(demo, "speakers", "yield", "--meeting", "latest", "--principle", "4")
    assert [s["state"] for s in yielded["speakers"] if s["delegation"] == "CH"] == ["yielded"]
    time = js(demo, "speakers", "time", "--meeting", "latest")
    assert time[0] == {"delegation": "DE", "name": "Germany", "turns": 1, "seconds": 190}
    assert {"delegation": "CH", "name": "Switzerland", "turns": 1, "seconds": 0} in time
    csv = ok(demo, "speakers", "time", "--meeting", "latest", "--format", "csv").stdout
    assert csv.splitlines()[:2] == ["delegation,name,turns,seconds", "DE,Germany,1,190"]
    assert "no time limit" in ok(demo, "speakers", "limit", "none", "--meeting", "latest").stdout
    assert "2:00" in ok(demo, "speakers", "limit", "120", "--meeting", "latest").stdout
    # One clear line for every mistake, nothing changed.
    assert "no delegation 'XX'" in fails(demo, "speakers", "add", "XX", "--meeting", "latest")
    assert "already waiting" in fails(demo, "speakers", "add", "NL", "--meeting", "latest", "--principle", "4")
    assert "nobody is waiting to speak on the general debate" in fails(demo, "speakers", "next", "--meeting",
                                                                      "latest")
    assert "speaking time is 10 seconds to 60 minutes" in fails(demo, "speakers", "limit", "5", "--meeting", "latest")
    assert "no meeting with id" in fails(demo, "speakers", "list", "--meeting", "nosuchmeeting")


def test_a_roll_call_from_the_command_line(demo):
    opened = js(demo, "vote", "open", "--principle", "5", "--question", "Adopt principle 5?", "--majority",
                "consensus_minus_one", "--meeting", "latest")
    ref = opened["id"][-8:]
    assert opened["state"] == "open" and len(opened["roll"]) == 11  # the October attendees
    for code in ("AU", "DE", "DK", "FI", "FR", "GB", "JP", "NL", "SE", "US"):
        ok(demo, "vote", "record", ref, code, "yes")
    assert "by proxy of JP" in ok(demo, "vote", "record", ref, "KR", "no", "--proxy", "JP").stdout
    shown = js(demo, "vote", "show", ref)
    assert shown["count"]["yes"] == 10 and shown["count"]["no"] == 1 and shown["count"]["adopted"]
    assert next(r for r in shown["roll"] if r["delegation"] == "KR")["proxy"] == "JP"
    closed = js(demo, "vote", "close", ref)
    assert (closed["state"], closed["result"]) == ("closed", "adopted")
    assert "is closed: its record cannot change" in fails(demo, "vote", "record", ref, "KR", "yes")
    assert [v["result"] for v in js(demo, "vote", "list", "--principle", "5")] == ["adopted"]
    consensus = {c["principle"]: c for c in js(demo, "consensus")}
    assert consensus[5]["status"] == "agreed" and consensus[5]["by_vote"]
    assert "agreed (vote)" in ok(demo, "consensus").stdout
    usage = run(demo, "vote", "record", ref, "KR", "maybe")  # a usage error: exit 2, as click says it
    assert usage.exit_code == 2 and "'maybe' is not one of 'yes', 'no', 'abstain'" in usage.stderr
    assert "no vote with id" in fails(demo, "vote", "show", "zzzzzz")


def test_cosponsors_and_statements_from_the_command_line(demo):
    ref = next(a for a in js(demo, "amendment", "list") if a["delegation"] == "DE")["id"][-8:]
    out = ok(demo, "amendment", "cosponsor", ref, "--as", "JP").stdout
    assert "proposed by DE, co-sponsored by FI and JP" in out
    assert next(a for a in js(demo, "amendment", "list") if a["delegation"] == "DE")["cosponsors"] == ["FI", "JP"]
    assert "co-sponsored by FI." in ok(demo, "amendment", "withdraw-cosponsor", ref, "--as", "JP").stdout
    assert "cannot co-sponsor its own" in fails(demo, "amendment", "cosponsor", ref, "--as", "DE")
    added = js(demo, "statement", "add", "--principle", "1", "--kind", "reservation", "--as", "FR", "--text",
               "France reserves on the scope.", "--date", "2023-10-24")
    assert (added["delegation"], added["kind"], added["made_on"]) == ("FR", "reservation", "2023-10-24")
    listed = js(demo, "statement", "list", "--principle", "1")
    assert {s["delegation"] for s in listed} == {"JP", "FR"}
    shown = js(demo, "principle", "show", "1")
    assert {s["delegation"] for s in shown["statements"]} == {"JP", "FR"}
    assert "Formal reservation" in ok(demo, "principle", "show", "1").stdout
    assert "principle 4 is not agreed" in fails(demo, "statement", "add", "--principle", "4", "--kind",
                                                "explanation", "--as", "FR", "--text", "x")
    assert "not a date" in fails(demo, "statement", "add", "--principle", "1", "--kind", "explanation", "--as", "FR",
                                 "--text", "x", "--date", "2023-02-30")
    assert "Statement withdrawn" in ok(demo, "statement", "withdraw", added["id"][-8:]).stdout
    assert {s["delegation"] for s in js(demo, "statement", "list")} == {"JP", "DK"}
