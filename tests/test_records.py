"""Find (principles, delegations, comments) and the roundtable's history, in the façade and the CLI."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from qroundtable.cli import cli
from qroundtable.demo import build_demo
from qroundtable.errors import InvalidInput, NotFound
from qroundtable.roundtable import Roundtable


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.qrt"
    build_demo(path).close()
    return path


def test_find_looks_through_titles_texts_delegations_and_comments_ignoring_case(demo):
    with Roundtable.open(demo) as rt:
        rt.positions.set("JP", 2, "object", comment="Export CONTROLS come first")
        found = rt.records.find("export controls")
        assert [(f.kind, f.delegation, f.principle) for f in found] == [("comment", "JP", 2)]
        assert "Export CONTROLS" in found[0].excerpt
        kinds = {(f.kind, f.principle, f.delegation) for f in rt.records.find("japan")}
        assert ("delegation", None, "JP") in kinds
        by_title = rt.records.find("RESEARCH SECURITY")
        assert by_title[0].kind == "principle" and by_title[0].principle == 4
        text = rt.principles.get(1).text.split()[3]
        assert any(f.kind == "principle" and f.principle == 1 for f in rt.records.find(text))
        assert rt.records.find("no such words anywhere") == []
        with pytest.raises(InvalidInput):
            rt.records.find("   ")


def test_history_is_newest_first_paged_and_filtered_by_delegation(demo):
    with Roundtable.open(demo) as rt:
        # Times are kept to the millisecond: a pause between edits gives each its own.
        rt.positions.set("JP", 2, "object", comment="Not yet")
        time.sleep(0.003)
        rt.principles.edit(3, rt.principles.get(3).text + " [Together.]", note="pen-holder")
        time.sleep(0.003)
        amendment = rt.amendments.list()[0]
        rt.amendments.reject(amendment.id)
        time.sleep(0.003)
        meeting = rt.meetings.list()[0]
        rt.meetings.update(meeting.id, place="Copenhagen")
        entries = rt.records.history(limit=4)
        assert [e.kind for e in entries] == ["edit", "decision", "text", "position"]
        assert entries[-1].delegation == "JP" and entries[-1].principle == 2 and "Object" in entries[-1].what
        assert "rejected" in entries[1].what and entries[2].principle == 3
        assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
        assert rt.records.history(limit=2, offset=2) == entries[2:4]
        jp = rt.records.history(delegation="jp", limit=1000)
        assert jp and all("JP" in (e.who, e.delegation) for e in jp)
        assert len(jp) < len(rt.records.history(limit=1000))
        with pytest.raises(NotFound):
            rt.records.history(delegation="XX")
        with pytest.raises(InvalidInput):
            rt.records.history(limit=0)


def test_history_and_find_on_the_command_line(demo):
    def run(*args):
        return CliRunner().invoke(cli, ["--db", str(demo), *args])

    with Roundtable.open(demo) as rt:
        rt.positions.set("KR", 1, "reservation", comment="Awaiting capital")
    result = run("history", "--delegation", "KR", "--limit", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows == [{"at": rows[0]["at"], "who": "US", "kind": "position", "delegation": "KR", "principle": 1,
                     "what": rows[0]["what"]}]
    assert "Awaiting capital" in rows[0]["what"]
    table = run("history", "--limit", "3")
    assert table.exit_code == 0 and "KR on P1" in table.stdout
    bad = run("history", "--delegation", "XX")
    assert bad.exit_code == 1 and bad.stdout == "" and len(bad.stderr.strip().splitlines()) == 1
    assert "Traceback" not in bad.output
    assert run("history", "--limit", "0").exit_code == 2
    found = run("find", "capital", "--format", "json")
    assert found.exit_code == 0
    assert {"kind": "comment", "principle": 1, "delegation": "KR"}.items() <= json.loads(found.stdout)[0].items()
    empty = run("find", " ")
    assert empty.exit_code == 1 and empty.stderr.startswith("Error: ")
