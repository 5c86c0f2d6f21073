"""Running the meeting, across laptops: who may send co-sponsorships, statements, votes and speakers lists.

A delegation's snapshot carries its own co-sponsorships and statements; the secretariat's
votes and speakers lists reach the delegations in releases. Each test builds real files on
real copies; forged ones are rewritten as a hostile delegation could and signed with its own
trusted key.
"""

from __future__ import annotations

import itertools
import shutil
import uuid

import pytest
from sync_world import domain_hash, forge, make_world, opened

from qroundtable import keys
from qroundtable.ids import pair_id
from qroundtable.model import VoteChoice
from qroundtable.roundtable import Roundtable
from qroundtable.sync import format

AGREED = 1  # every delegation supports the demo's principle 1: statements may be attached


@pytest.fixture
def world(tmp_path):
    w = make_world(tmp_path, codes=("JP", "DK", "FR"))
    yield w
    w.close()


def ids(rt, code: str) -> str:
    return rt.store.value("SELECT id FROM delegations WHERE code = ?", (code,))


def resign(path, manifest, entries, signer):
    forge(path, {**manifest, "entries": len(entries), "snapshot": str(uuid.uuid4())}, {"entries": entries},
          signer=signer)


def amendment_of(rt, principle: int, code: str):
    return next(a for a in rt.amendments.list(principle) if a.delegation == code)


def test_a_delegations_cosponsorships_and_statements_reach_the_master(world, tmp_path):
    master, jp = world.master, world.copies["JP"]
    de_amendment = amendment_of(jp, 4, "DE").id
    jp.amendments.cosponsor(de_amendment, "JP")
    jp.statements.add(AGREED, "JP", "reservation", "Japan reserves its position on \"[trusted]\".", "2026-12-01")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    report = master.sync.import_files([tmp_path / "jp-1.qrts"])
    assert report.rejected == [] and report.applied >= 2
    assert "JP" in master.amendments.get(de_amendment).cosponsors
    (statement,) = [s for s in master.statements.list(AGREED) if s.delegation == "JP" and s.kind.value == "reservation"]
    assert (statement.kind.value, statement.made_on, statement.recorded_by) == ("reservation", "2026-12-01", "JP")
    # JP withdraws: the same row changes, and the master follows.
    jp.amendments.withdraw_cosponsor(de_amendment, "JP")
    jp.statements.withdraw(statement.id)
    jp.sync.export_snapshot(tmp_path / "jp-2.qrts")
    report = master.sync.import_files([tmp_path / "jp-2.qrts"])
    assert report.rejected == []
    assert "JP" not in master.amendments.get(de_amendment).cosponsors
    assert [s.kind.value for s in master.statements.list(AGREED) if s.delegation == "JP"] == ["interpretative"]


def test_a_delegation_cannot_write_anothers_cosponsorship_or_statement(world, tmp_path):
    master, jp = world.master, world.copies["JP"]
    de_amendment = amendment_of(jp, 4, "DE").id
    jp.amendments.cosponsor(de_amendment, "JP")
    jp.statements.add(AGREED, "JP", "explanation", "Japan joins.")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    manifest, entries = opened(tmp_path / "jp-1.qrts")
    dk_id = ids(master, "DK")
    forged = []
    for n, table, row_id, field, old, new, at in entries:
        if table == "cosponsors":  # claimed for DK, with the pair id DK's would have
            new = {**new, "delegation_id": dk_id}
            row_id = new["id"] = pair_id(new["amendment_id"], dk_id)
        elif table == "statements":
            new = {**new, "delegation_id": dk_id}
        forged.append([n, table, row_id, field, old, new, at])
    resign(tmp_path / "jp-forged.qrts", manifest, forged, "JP")
    report = master.sync.import_files([tmp_path / "jp-forged.qrts"])
    reasons = " | ".join(r.reason for r in report.rejected)
    assert "JP may only create its own co-sponsorships" in reasons
    assert "JP may only create its own statements" in reasons
    assert "DK" not in master.amendments.get(de_amendment).cosponsors
    assert [s for s in master.statements.list(AGREED) if s.delegation == "DK"] == []


def test_a_cosponsorship_whose_id_is_not_its_pair_is_rejected(world, tmp_path):
    master, jp = world.master, world.copies["JP"]
    jp.amendments.cosponsor(amendment_of(jp, 4, "DE").id, "JP")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    manifest, entries = opened(tmp_path / "jp-1.qrts")
    fresh = str(uuid.uuid4())
    forged = [[n, t, fresh if t == "cosponsors" else r, f, o, ({**new, "id": fresh} if t == "cosponsors" else new), a]
              for n, t, r, f, o, new, a in entries]
    resign(tmp_path / "jp-forged.qrts", manifest, forged, "JP")
    report = master.sync.import_files([tmp_path / "jp-forged.qrts"])
    assert any("made from its amendment and its delegation" in r.reason for r in report.rejected)
    assert master.amendments.get(amendment_of(master, 4, "DE").id).cosponsors == ("FI",)


@pytest.mark.parametrize("bad, words", [
    ({"text": "Reserve \u202eon this\u202c."}, "statement"),
    ({"made_on": "2026-02-30"}, "not a date"),
    ({"kind": "veto"}, "not a valid kind of statement"),
])
def test_a_statement_with_hostile_text_or_a_wrong_date_is_rejected(world, tmp_path, bad, words):
    master, jp = world.master, world.copies["JP"]
    jp.statements.add(AGREED, "JP", "explanation", "Japan joins.")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    manifest, entries = opened(tmp_path / "jp-1.qrts")
    forged = [[n, t, r, f, o, ({**new, **bad} if t == "statements" else new), a] for n, t, r, f, o, new, a in entries]
    resign(tmp_path / "jp-forged.qrts", manifest, forged, "JP")
    before = master.statements.list()
    report = master.sync.import_files([tmp_path / "jp-forged.qrts"])
    (rejected,) = report.rejected
    assert words in rejected.reason
    assert master.statements.list() == before


@pytest.mark.parametrize("table", ["ballots", "votes", "speakers", "revisions"])
def test_a_delegation_cannot_record_votes_or_keep_the_speakers_list(world, tmp_path, table):
    master, jp = world.master, world.copies["JP"]
    jp.statements.add(AGREED, "JP", "explanation", "Japan joins.")  # something honest beside the forgery
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    manifest, entries = opened(tmp_path / "jp-1.qrts")
    vote = next(iter(master.votes.list()))
    jp_id, meeting = ids(master, "JP"), master.meetings.latest().id
    row = {
        "ballots": {"vote_id": vote.id, "delegation_id": ids(master, "DK"), "choice": "no", "proxy_id": None,
                    "on_behalf": 0, "entered_by": "JP", "recorded_at": entries[0][6]},
        "votes": {"principle_id": master.store.value("SELECT id FROM principles WHERE number = 5"),
                  "version_id": vote.version_id, "meeting_id": None, "question": "Ours?", "majority": "simple",
                  "state": "closed", "opened_at": entries[0][6], "opened_by": "JP", "closed_at": entries[0][6],
                  "result": "adopted"},
        "revisions": {"seq": 99, "issued_at": entries[0][6], "issued_by": "JP"},
        "speakers": {"meeting_id": meeting, "principle_id": None, "delegation_id": jp_id, "place": 0,
                     "kind": "point_of_order", "state": "waiting", "requested_at": entries[0][6], "started_at": None,
                     "ended_at": None, "spoken_ms": None},
    }[table]
    row_id = str(uuid.uuid4())
    forged = entries + [[len(entries) + 1, table, row_id, "*", None, {"id": row_id, **row}, entries[0][6]]]
    resign(tmp_path / "jp-forged.qrts", manifest, forged, "JP")
    before = master.store.value(f"SELECT count(*) FROM [{table}]")
    statements = len(master.statements.list(AGREED))
    report = master.sync.import_files([tmp_path / "jp-forged.qrts"])
    (rejected,) = report.rejected
    assert "only the secretariat" in rejected.reason
    assert master.store.value(f"SELECT count(*) FROM [{table}]") == before
    assert len(master.statements.list(AGREED)) == statements + 1  # the rest applied


def test_three_delegations_cosponsoring_give_one_master_in_any_order(world, tmp_path):
    de_amendment = amendment_of(world.master, 4, "DE").id
    files = []
    for code in ("JP", "DK", "FR"):
        rt = world.copies[code]
        rt.amendments.cosponsor(de_amendment, code)
        rt.statements.add(AGREED, code, "interpretative", f"{code} reads it as open science.", "2026-12-02")
        path = tmp_path / f"{code.lower()}-1.qrts"
        rt.sync.export_snapshot(path)
        files.append(path)
    world.master.close()
    hashes, sponsors = set(), set()
    for i, order in enumerate(itertools.permutations(files)):
        path = tmp_path / f"master-{i}.qrt"
        shutil.copyfile(tmp_path / "master.qrt", path)
        with Roundtable.open(path) as master:
            report = master.sync.import_files(list(order))
            assert report.rejected == [] and report.conflicts == 0
            sponsors.add(master.amendments.get(de_amendment).cosponsors)
        hashes.add(domain_hash(path))
    world.master = Roundtable.open(tmp_path / "master.qrt")
    assert len(hashes) == 1
    (cosponsors,) = sponsors
    assert set(cosponsors) == {"FI", "JP", "DK", "FR"}


def test_votes_speakers_statements_and_cosponsors_travel_in_releases(world, tmp_path):
    master, jp = world.master, world.copies["JP"]
    meeting = master.meetings.latest().id
    vote = master.votes.list()[0]
    for code in ("JP", "NL", "SE", "US"):
        master.votes.record(vote.id, code, "yes")
    master.votes.close(vote.id)
    master.speakers.add(meeting, "CH", 5, point_of_order=True)
    master.statements.add(AGREED, "CH", "explanation", "Switzerland joins the consensus.")
    master.meetings.update(meeting, chair="Ambassador A. Chair (DK)", agenda="Opening\nPrinciple 5")
    master.sync.issue_release(tmp_path / "release-2.qrtr")
    report = jp.sync.import_files([tmp_path / "release-2.qrtr"])
    assert report.rejected == []
    got_meeting = jp.meetings.get(meeting)
    assert (got_meeting.chair, got_meeting.agenda_items) == ("Ambassador A. Chair (DK)", ["Opening", "Principle 5"])
    got = jp.votes.get(vote.id)
    assert (got.state.value, got.result) == ("closed", "adopted")
    assert {b.delegation: b.choice for b in jp.votes.ballots(vote.id)}["KR"] == VoteChoice.YES
    assert [b.proxy for b in jp.votes.ballots(vote.id) if b.delegation == "KR"] == ["JP"]
    assert [s.delegation for s in jp.speakers.list(meeting, 5)] == ["CH"]
    assert [s.delegation for s in jp.speakers.list(meeting, 4) if s.state.value == "waiting"] == ["NL", "JP", "SE"]
    assert "CH" in [s.delegation for s in jp.statements.list(AGREED)]
    assert jp.amendments.get(amendment_of(jp, 2, "FR").id).cosponsors == ("NL", "SE")
    (c,) = jp.consensus(principles=[2])
    assert c.status.value == "agreed" and c.by_vote


def test_a_release_made_before_these_tables_still_joins(world, tmp_path):
    """An older app's release has none of the new tables: they are empty in the copy it makes."""
    container = format.read(world.release)
    payload = format.payload(container)
    for table in ("speakers", "votes", "ballots", "cosponsors", "statements"):
        del payload["tables"][table]
    meetings = payload["tables"]["meetings"]
    for column in ("agenda", "chair", "speaking_limit"):  # the columns added since, last first
        at = meetings["columns"].index(column)
        assert at == len(meetings["columns"]) - 1  # later columns travel after the earlier ones
        meetings["columns"].pop(at)
        meetings["rows"] = [row[:at] + row[at + 1:] for row in meetings["rows"]]
    rows = sum(len(t["rows"]) for t in payload["tables"].values())
    old = tmp_path / "old-release.qrtr"
    forge(old, {**container.manifest, "rows": rows}, payload, signer="US")
    if not keys.has_key("SE"):
        keys.create_key("SE")
    with Roundtable.join(old, tmp_path / "se.qrt", "SE") as se:
        assert se.votes.list() == [] and se.statements.list() == []
        assert all(m.speaking_limit is None and m.chair == "" and m.agenda == "" for m in se.meetings.list())
        assert se.amendments.list(2)[0].cosponsors == ()
        assert len(se.principles.list()) == 7
