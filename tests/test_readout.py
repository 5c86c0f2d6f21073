"""The Word readout, read back with python-docx: contents, tracked changes, page furniture, privacy."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from readout_helpers import (W, accepted_text, all_text, open_docx, paragraphs, raw_parts, rejected_text,
                             table_rows, tables, texts)

from qroundtable.brackets import count_brackets
from qroundtable.demo import build_demo, demo_data
from qroundtable.errors import FileProblem, InvalidInput, NotFound
from qroundtable.readout import (DEFAULT_MARKING, SECTIONS, ReadoutOptions, default_readout_path,
                                 write_readout)
from qroundtable.readout.wording import long_date, word_date
from qroundtable.roundtable import Roundtable
from qroundtable.textdiff import Op, word_diff

HEADINGS = ["Participants", "Chair's summary", "Consensus overview", "Principles", "Votes and speaking time",
            "Positions matrix", "Stances per principle", "Negotiation progress", "Action items"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo roundtable and its readout for the latest meeting, written once for the module."""
    folder = tmp_path_factory.mktemp("readout")
    rt = build_demo(folder / "demo.qrt")
    path = write_readout(rt, folder / "demo.docx")
    yield rt, path, open_docx(path)
    rt.close()


# -- contents ------------------------------------------------------------------------------------


def test_every_section_heading_is_there_in_order(demo):
    rt, _, doc = demo
    assert texts(doc, "Title") == [rt.info.title]
    assert texts(doc, "Heading 1") == HEADINGS
    latest = rt.meetings.latest()
    assert any(latest.title in t for t in texts(doc, "Subtitle"))
    cover = all_text(doc)
    assert "24 October 2023" in cover and latest.place in cover and "Denmark (DK), Netherlands (NL)" in cover


def test_every_principle_is_there_with_its_current_text_and_brackets_highlighted(demo):
    rt, _, doc = demo
    bracketed = doc.styles["Bracketed"].style_id
    principles = rt.principles.list()
    # The chair's summary quotes the agreed texts first; the Principles section then gives every one.
    current = texts(doc, "Principle Text")[-len(principles):]
    assert current == [p.text for p in principles]
    assert [h for h in texts(doc, "Heading 2") if re.match(r"Principle \d+: ", h)][:len(principles)] == [
        f"Principle {p.number}: {p.title}" for p in principles]
    for p, para in zip(principles, paragraphs(doc, "Principle Text")[-len(principles):]):
        marked = ["".join(t.text for t in r.iter(f"{W}t")) for r in para.iter(f"{W}r")
                  if r.find(f"{W}rPr/{W}rStyle") is not None
                  and r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == bracketed]
        expected = [p.text[s.start:s.end] for s in count_brackets(p.text).segments if s.depth == 1]
        assert marked == expected
    assert any(p.current.brackets for p in principles)  # the demo does exercise the highlighting


def test_participants_are_the_attending_delegations_with_their_members(demo):
    rt, _, doc = demo
    latest = rt.meetings.latest()
    rows = table_rows(tables(doc)[0])
    assert rows[0] == ["Delegation", "Members (agency, role)"]
    listed = [r[0] for r in rows[1:]]
    names = {d.code: d.name for d in rt.delegations.list()}
    with_members = [c for c in latest.attending if rt.delegations.members(c)]
    assert [line.split(" — ")[0] for line in listed] == [f"{names[c]} ({c})" for c in with_members]
    # The attendees without members recorded share one line, hosts marked, in attendance order.
    bare = [c for c in latest.attending if c not in with_members]
    (line,) = [t for t in texts(doc, "Readout Note") if t.startswith("No members recorded for: ")]
    marked = {"DK", "NL"}
    assert line == "No members recorded for: " + ", ".join(
        f"{names[c]} ({c})" + (" (host)" if c in marked else "") for c in bare) + "."
    hosts = {entry for entry in listed if entry.endswith("— host")} | {c for c in bare if c in marked}
    assert len(hosts) == 2
    us = next(r for r in rows if r[0].startswith("United States"))
    for member in rt.delegations.members("US"):
        assert member.name in us[1] and member.agency in us[1]
    absent = [d for d in names if d not in latest.attending]
    assert absent == ["CH"]
    assert any(t.startswith("Not attending: Switzerland (CH)") for t in texts(doc, "Readout Note"))


def test_summary_and_consensus_overview_count_the_meetings_attendees(demo):
    rt, _, doc = demo
    latest = rt.meetings.latest()
    assert latest.summary in all_text(doc)
    rows = table_rows(tables(doc)[1])
    assert rows[0] == ["No.", "Principle", "Status", "S", "S+A", "RES", "ABS", "OBJ", "None"]
    for row, c in zip(rows[1:], rt.consensus(latest.id)):
        assert row[0] == str(c.principle) and row[1] == c.title
        assert c.status.label in row[2]
        counts = [int(n) if n != "·" else 0 for n in row[3:]]
        assert sum(counts) == len(latest.attending)
        assert counts[-1] == c.counts.get("no_position", 0)
    assert len(rows) == 1 + len(rt.principles.list())


def test_positions_are_grouped_by_stance_with_comments(demo):
    rt, _, doc = demo
    text = all_text(doc)
    lines = texts(doc, "Position Line")
    for pos in rt.positions.list():
        if pos.comment and not pos.stale and pos.delegation in rt.meetings.latest().attending:
            # One line per comment: a comment made in the same words by several delegations names them all.
            assert any(line.endswith(f": {pos.comment}") and f"({pos.delegation})" in line.split(": ")[0]
                       for line in lines), pos
    groups = texts(doc, "Stance Group")
    assert "Support (S) — 11" in groups and any(g.startswith("No current position") for g in groups)
    assert any(line.startswith("On an older version of the text: ") and "(S, v1)" in line for line in lines)
    assert text.count("before the text changed") == 0  # the stale ones' old comments stay in the history


def test_the_same_comment_from_several_delegations_is_one_line(demo, tmp_path):
    rt, _, _ = demo
    rt.save_copy(tmp_path / "copy.qrt")
    with Roundtable.open(tmp_path / "copy.qrt") as writer:
        for code in ("GB", "NL", "SE"):
            writer.positions.set(code, 1, "support", "Ad referendum")
        doc = open_docx(write_readout(writer, tmp_path / "same.docx"))
    lines = [line for line in texts(doc, "Position Line") if line.endswith(": Ad referendum")]
    assert "United Kingdom (GB), Netherlands (NL) and Sweden (SE): Ad referendum" in lines


def test_every_action_item_is_there(demo):
    rt, _, doc = demo
    rows = table_rows(tables(doc)[-1])
    assert rows[0] == ["Action", "Owner", "Due", "Status", "Principle"]
    body = rows[1:]
    latest = rt.meetings.latest()
    assert all(item.meeting_id == latest.id for item in rt.actions.list())  # the demo's are all October's
    assert len(body) == len(rt.actions.list())
    for item in rt.actions.list():
        row = next(r for r in body if r[0].startswith(item.title))
        # Names and dates as the rest of the document writes them, no internal ids.
        assert f"{rt.delegations.get(item.owner).name} ({item.owner})" in row[1]
        assert (long_date(item.due) if item.due else "—") in row[2] and item.id[-8:] not in "".join(row)


# -- tracked changes ---------------------------------------------------------------------------------


def test_each_proposed_amendment_is_real_tracked_changes_against_the_current_text(demo):
    rt, _, doc = demo
    amendments = [a for a in rt.amendments.list() if a.state == "proposed"]
    assert len(amendments) == 2
    tracked = paragraphs(doc, "Amendment Text")
    assert len(tracked) == len(amendments)
    ids = []
    for a, para in zip(amendments, tracked):
        current = rt.principles.get(a.principle).text
        author = f"{rt.delegations.get(a.delegation).name} ({a.delegation})"
        changes = [el for el in para.iter(f"{W}ins", f"{W}del")]
        assert changes
        for el in changes:
            assert el.get(f"{W}author") == author
            assert el.get(f"{W}date") == word_date(a.created_at)
            ids.append(el.get(f"{W}id"))
        pieces = word_diff(current, a.text)
        inserted = ["".join(t.text for t in el.iter(f"{W}t")) for el in para.iter(f"{W}ins")]
        deleted = ["".join(t.text for t in el.iter(f"{W}delText")) for el in para.iter(f"{W}del")]
        assert inserted == [p.text for p in pieces if p.op is Op.INSERT]
        assert deleted == [p.text for p in pieces if p.op is Op.DELETE]
        # Accept all in Word gives the amendment; reject all gives the current text back.
        assert accepted_text(para) == a.text
        assert rejected_text(para) == current
    assert len(ids) == len(set(ids))  # Word needs every change id unique


def test_deletions_are_tracked_too(rt, tmp_path):
    rt.principles.edit(1, "Promote [open] scientific collaboration among all partners.")
    rt.amendments.propose(1, "JP", "Promote scientific cooperation among partners.", "shorter")
    doc = open_docx(write_readout(rt, tmp_path / "r.docx"))
    [para] = paragraphs(doc, "Amendment Text")
    assert para.find(f".//{W}del/{W}r/{W}delText") is not None
    assert accepted_text(para) == "Promote scientific cooperation among partners."
    assert rejected_text(para) == "Promote [open] scientific collaboration among all partners."
    assert {el.get(f"{W}author") for el in para.iter(f"{W}ins", f"{W}del")} == {"Japan (JP)"}


def test_decisions_on_amendments_are_listed_with_the_secretariats_reason(tmp_path):
    rt = build_demo(tmp_path / "demo.qrt")
    [fr] = rt.amendments.list(2)
    rt.amendments.reject(fr.id, "Goes beyond the mandate of this roundtable.")
    [de] = rt.amendments.list(4)
    rt.amendments.accept(de.id)
    doc = open_docx(write_readout(rt, tmp_path / "r.docx"))
    headings = texts(doc, "Heading 3")
    assert headings.count("Decisions on amendments (1)") == 2
    lines = texts(doc, "Position Line")
    rejected = next(line for line in lines if line.startswith("Rejected: "))
    assert "France (FR)" in rejected and rejected.endswith("Reason: Goes beyond the mandate of this roundtable.")
    accepted = next(line for line in lines if line.startswith("Accepted: "))
    assert "Germany (DE)" in accepted and "Reason" not in accepted
    assert paragraphs(doc, "Amendment Text") == []  # none is proposed any more
    rt.close()


# -- page furniture and properties -------------------------------------------------------------------


def test_header_marking_and_page_x_of_y_fields(demo):
    _, path, doc = demo
    section = doc.sections[0]
    assert [p.text for p in section.header.paragraphs] == [DEFAULT_MARKING]
    footer = section.footer._element
    instructions = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert [f.get(f"{W}fldCharType") for f in footer.iter(f"{W}fldChar")] == ["begin", "separate", "end"] * 2
    assert "Page 1 of 1" in "".join(t.text for t in footer.iter(f"{W}t")).replace("\n", "")
    # Every later section (the landscape matrix, back to portrait) inherits the same header and footer.
    assert all(s.header.is_linked_to_previous for s in doc.sections[1:])


def test_core_properties(demo, tmp_path):
    rt, _, doc = demo
    props = doc.core_properties
    assert rt.info.title in props.title and rt.meetings.latest().title in props.title
    assert props.author == "United States"
    assert abs(props.created - datetime.now(timezone.utc)) < timedelta(minutes=10)
    assert props.comments == ""  # nothing left over from python-docx's own template
    own = open_docx(write_readout(rt, tmp_path / "a.docx", ReadoutOptions(author="Roundtable secretariat",
                                                                          marking="Restricted")))
    assert own.core_properties.author == "Roundtable secretariat"
    assert own.sections[0].header.paragraphs[0].text == "Restricted"


def test_the_matrix_is_on_a_landscape_page_with_shaded_cells_and_a_legend(demo):
    rt, _, doc = demo
    orientations = [s.orientation for s in doc.sections]
    assert orientations == [0, 1, 0]  # portrait, the matrix in landscape, portrait again
    legend, matrix = tables(doc)[4], tables(doc)[5]  # after the participants, consensus, vote and speaking tables
    assert "Support" in table_rows(legend)[0][0]
    rows = table_rows(matrix)
    assert rows[0] == ["Principle", *rt.meetings.latest().attending]
    fills = {tc.find(f"{W}tcPr/{W}shd").get(f"{W}fill") for tc in matrix.iter(f"{W}tc")
             if tc.find(f"{W}tcPr/{W}shd") is not None}
    assert "009E73" in fills  # support green
    header = matrix.find(f"{W}tr")
    assert header.find(f"{W}trPr/{W}tblHeader") is not None


def test_the_charts_are_png_pictures(demo):
    _, path, doc = demo
    assert len(doc.inline_shapes) == 2  # stances per principle, negotiation progress
    images = [name for name in raw_parts(path) if name.startswith("word/media/")]
    assert len(images) == 2 and all(name.endswith(".png") for name in images)


# -- privacy ---------------------------------------------------------------------------------------------


def test_private_notes_never_appear_anywhere_in_the_package(demo, tmp_path):
    rt, path, _ = demo
    secrets = [n["text"] for n in demo_data()["private_notes"]]
    rt.notes.set(1, "SECRET talking point: concede on 'shall' only at the very end")
    secrets.append(rt.notes.get(1))
    fresh = write_readout(rt, tmp_path / "again.docx")
    for docx_path in (path, fresh):
        for name, text in raw_parts(docx_path).items():
            for secret in secrets:
                assert secret not in text, (docx_path.name, name)
                assert secret[:40] not in text, (docx_path.name, name)


# -- options, paths, refusing and cancelling -----------------------------------------------------------


def test_meeting_selection(demo, tmp_path):
    rt, _, _ = demo
    first = rt.meetings.list()[0]
    doc = open_docx(write_readout(rt, tmp_path / "first.docx", ReadoutOptions(meeting=first.id[-8:])))
    assert texts(doc, "Subtitle") == [f"Readout — {first.title}"]
    assert first.summary in all_text(doc)
    whole = open_docx(write_readout(rt, tmp_path / "whole.docx", ReadoutOptions(meeting=None)))
    assert texts(whole, "Subtitle") == ["Readout — the roundtable as a whole"]
    rows = table_rows(tables(whole)[1])
    assert sum(int(n) if n != "·" else 0 for n in rows[1][3:]) == len(rt.delegations.list())  # all 12 count
    with pytest.raises(NotFound):
        write_readout(rt, tmp_path / "none.docx", ReadoutOptions(meeting="ffffffff"))
    assert not (tmp_path / "none.docx").exists()


def test_sections_can_be_chosen(demo, tmp_path):
    rt, _, _ = demo
    doc = open_docx(write_readout(rt, tmp_path / "a.docx", ReadoutOptions(sections=frozenset({"actions"}))))
    assert texts(doc, "Heading 1") == ["Action items"] and texts(doc, "Title") == []
    doc = open_docx(write_readout(rt, tmp_path / "m.docx", ReadoutOptions(sections=frozenset({"matrix", "cover"}))))
    assert texts(doc, "Heading 1") == ["Positions matrix"]
    assert [s.orientation for s in doc.sections] == [0, 1]
    with pytest.raises(InvalidInput, match="unknown readout section"):
        write_readout(rt, tmp_path / "x.docx", ReadoutOptions(sections=frozenset({"toc"})))
    assert set(SECTIONS) == {"cover", "participants", "summary", "consensus", "principles", "floor", "matrix",
                             "chart", "progress", "actions"}


def test_negotiation_progress_up_to_the_meeting_with_its_chart_and_shifts(demo, tmp_path):
    rt, path, doc = demo
    body = all_text(doc)
    progress = rt.progress().milestones
    # The readout of the October 2023 meeting stops there: no later milestone, no "today".
    assert "Inaugural roundtable: Pursuing Quantum Information Together" in body
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Milestone")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[0] for r in rows] == ["Inaugural roundtable: Pursuing Quantum Information Together",
                                    "October 2023 roundtable"]
    october = progress[progress["label"] == "October 2023 roundtable"].iloc[0]
    assert rows[1][1:5] == ["24 October 2023", str(october["principles"]), str(october["brackets"]),
                            str(october["agreed"])]
    assert rows[1][5] == str(october["support"]) and rows[1][-1] == str(october["no_position"])
    assert "Sweden (SE): 1 shift (1 away from it), last on 24 October 2023." in body
    # Its caption is a Word field (Insert Caption's SEQ), numbered after the stances chart's.
    xml = raw_parts(path)["word/document.xml"]
    assert xml.count("SEQ Figure \\* ARABIC") == 2
    assert re.search(r"<w:t>2</w:t>.*?Negotiation progress: brackets remaining", xml)
    # The whole roundtable's readout ends with today.
    whole = open_docx(write_readout(rt, tmp_path / "all.docx", ReadoutOptions(meeting=None,
                                                                             sections=frozenset({"progress"}))))
    table = whole.tables[0]
    assert [r.cells[0].text for r in table.rows[1:]][-1] == "Now"


def test_progress_of_a_roundtable_without_principles_says_so(rt, tmp_path):
    empty = Roundtable.create(tmp_path / "e.qrt", title="Empty", secretariat="US", secretariat_name="United States")
    try:
        doc = open_docx(write_readout(empty, tmp_path / "e.docx", ReadoutOptions(sections=frozenset({"progress"}))))
    finally:
        empty.close()
    assert "No principles had been drafted by any meeting or revision yet." in all_text(doc)
    assert not doc.tables and not doc.inline_shapes


def test_an_existing_file_is_never_overwritten(demo, tmp_path):
    rt, _, _ = demo
    out = tmp_path / "mine.docx"
    out.write_bytes(b"my own document")
    with pytest.raises(FileProblem, match="already exists"):
        write_readout(rt, out)
    assert out.read_bytes() == b"my own document"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.docx"]


def test_progress_runs_to_the_end_and_raising_cancels_leaving_nothing(demo, tmp_path):
    rt, _, _ = demo
    seen = []
    write_readout(rt, tmp_path / "a.docx", progress=lambda done, total, text: seen.append((done, total, text)))
    done = [d for d, _, _ in seen[1:]]
    assert done == sorted(done) and seen[-1][0] == seen[-1][1] and all(d <= t for d, t, _ in seen)
    assert any("Principle 7" in text for _, _, text in seen)

    class Cancelled(Exception):
        pass

    def cancel_at_the_matrix(done, total, text):
        if text.startswith("Positions matrix"):
            raise Cancelled()

    with pytest.raises(Cancelled):
        write_readout(rt, tmp_path / "b.docx", progress=cancel_at_the_matrix)

    def cancel_while_saving(done, total, text):
        if text.startswith("Saving"):
            raise Cancelled()

    with pytest.raises(Cancelled):
        write_readout(rt, tmp_path / "c.docx", progress=cancel_while_saving)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]  # no partial or temporary file


def test_default_path_is_slug_and_meeting_date_and_never_an_existing_file(demo, tmp_path):
    rt, _, _ = demo
    path = default_readout_path(rt, "latest", tmp_path)
    assert path == tmp_path / "pursuing-quantum-information-together-2-n-vs-2n-2023-10-24.docx"
    path.write_bytes(b"x")
    assert default_readout_path(rt, "latest", tmp_path).name.endswith("-2023-10-24-2.docx")
    (tmp_path / path.name.replace(".docx", "-2.docx")).write_bytes(b"x")
    assert default_readout_path(rt, "latest", tmp_path).name.endswith("-2023-10-24-3.docx")
    first = rt.meetings.list()[0]
    assert default_readout_path(rt, first.id, tmp_path).name.endswith("-2022-11-15.docx")
    assert default_readout_path(rt, "latest").parent == Path("exports")


def test_the_facade_writes_the_readout(rt, tmp_path):
    out = rt.write_readout(tmp_path / "r.docx")
    assert out == tmp_path / "r.docx" and texts(open_docx(out), "Principle Text") == [
        "Promote scientific collaboration."]


def test_the_readout_imports_no_qt():
    code = ("import sys, qroundtable.readout; "
            "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


# -- the meeting itself: votes, speaking time, co-sponsors, the adoption record ----------------------------------


def test_votes_speaking_time_and_the_adoption_record(demo, tmp_path):
    rt, _, doc = demo
    text = all_text(doc)
    # The demo's roll call, still open: every attendee's vote, the proxy and the vote entered on a delegation's behalf.
    assert "Principle 2, text version 1: still open" in texts(doc, "Heading 2")
    (roll,) = [t for t in tables(doc) if table_rows(t)[0] == ["Delegation", "Vote", "How it was cast"]]
    rows = {r[0]: r[1:] for r in table_rows(roll)[1:]}
    assert len(rows) == len(rt.meetings.latest().attending)
    assert rows["Republic of Korea (KR)"] == ["Yes", "by proxy: cast by Japan (JP)"]
    assert rows["Finland (FI)"] == ["Yes", "entered on its behalf by United States (US)"]
    assert rows["Japan (JP)"] == ["No vote", "—"]
    assert roll.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None  # the header row repeats on every page
    (speaking,) = [t for t in tables(doc) if table_rows(t)[0] == ["Delegation", "Turns", "Time"]]
    assert table_rows(speaking)[1:] == [["Germany (DE)", "1", "3:10"], ["Republic of Korea (KR)", "1", "2:45"],
                                        ["France (FR)", "1", "1:10"]]
    assert "Proposed by France (FR), co-sponsored by Netherlands (NL) and Sweden (SE) on" in text
    assert "Interpretative statement — Japan (JP), 24 October 2023: Japan understands" in text
    assert "Agreed by silence: no delegation objected before the deadline." in text
    assert "Explanation of position — Denmark (DK), 30 November 2023:" in text
    # Closed, the vote says its result in the principle's adoption record too.
    rt.save_copy(tmp_path / "copy.qrt")  # through SQLite's backup: the module's file stays as it is
    with Roundtable.open(tmp_path / "copy.qrt") as writer:
        vote = writer.votes.list(2)[0].id
        for code in ("JP", "NL", "US"):
            writer.votes.record(vote, code, "yes")
        writer.votes.close(vote)
        closed = open_docx(write_readout(writer, tmp_path / "closed.docx"))
    closed_text = all_text(closed)
    assert "Principle 2, text version 1: adopted" in texts(closed, "Heading 2")
    assert "Agreed by a roll-call vote on its current text." in closed_text
    assert "Status: ✔ Agreed (vote)" in closed_text


def test_the_action_items_are_the_meetings_with_those_still_open_from_earlier(demo, tmp_path):
    rt, _, _ = demo
    rt.save_copy(tmp_path / "copy.qrt")
    with Roundtable.open(tmp_path / "copy.qrt") as writer:
        later = next(iter(writer.meetings.add("Third meeting", "2024-05-02", attending="US,JP,DK").rows("meetings")))
        writer.actions.add("Summarise the third meeting", "JP", due="2024-06-01", meeting=later)
        doc = open_docx(write_readout(writer, tmp_path / "third.docx"))
        text = all_text(doc)
        rows = table_rows(tables(doc)[-1])
        assert [r[0] for r in rows[1:]] == ["Summarise the third meeting"]  # this meeting's, in the table
        pending = [a for a in writer.actions.list() if a.status.pending and a.meeting_id != later]
        assert "Still open from earlier" in texts(doc, "Heading 2")
        for a in pending:  # October's open ones, a line each; the done one is left out
            assert a.title in text
        done = [a for a in writer.actions.list() if not a.status.pending]
        assert done and all(a.title not in text for a in done)
        inaugural = min(writer.meetings.list(), key=lambda m: m.date)
        first = all_text(open_docx(write_readout(writer, tmp_path / "first.docx",
                                                 ReadoutOptions(meeting=inaugural.id))))
        assert "No action items were recorded at" in first and "Still open from earlier" not in first


def test_many_still_open_from_earlier_are_listed_briefly_then_counted(demo, tmp_path):
    from qroundtable.readout.sections import EARLIER_LISTED

    rt, _, _ = demo
    rt.save_copy(tmp_path / "copy.qrt")
    with Roundtable.open(tmp_path / "copy.qrt") as writer:
        october = writer.meetings.latest()
        with writer.batch("Sixty follow-ups"):
            for i in range(60):
                writer.actions.add(f"Follow-up {i:02d}", "DE" if i % 2 else "FR", due=f"2024-{1 + i % 12:02d}-15",
                                   meeting=october.id)
        later = next(iter(writer.meetings.add("Third meeting", "2024-05-02", attending="US,JP,DK").rows("meetings")))
        doc = open_docx(write_readout(writer, tmp_path / "third.docx", ReadoutOptions(meeting=later)))
        pending = [a for a in writer.actions.list() if a.status.pending]
    text = all_text(doc)
    titles = {a.title for a in pending}
    lines = [p.text for p in paragraphs(doc, "Position Line") if p.text.split(" — ")[0] in titles]
    assert len(lines) == EARLIER_LISTED
    assert lines[0].startswith("Follow-up ") and "January 2024" in lines[0]  # the soonest due first
    rest = len(pending) - EARLIER_LISTED
    assert f"And {rest} more action items still open (" in text and "owned by " in text
    assert "Action items sheet lists every one." in text


def test_an_older_amendment_is_shown_against_the_version_it_was_made_on(demo, tmp_path):
    rt, _, _ = demo
    rt.save_copy(tmp_path / "copy.qrt")
    with Roundtable.open(tmp_path / "copy.qrt") as writer:
        fr = next(a for a in writer.amendments.list(2) if a.delegation == "FR")
        made_on = writer.principles.version(fr.base_version_id).text
        writer.principles.edit(2, made_on.replace("decisions", "decision-making"), note="the pen moves on")
        doc = open_docx(write_readout(writer, tmp_path / "moved.docx"))
    (para,) = [p for p in paragraphs(doc, "Amendment Text") if accepted_text(p) == fr.text]
    # Its changes are its own: rejected, the text it was made on; accepted, its text. Not an undoing of version 2.
    assert rejected_text(para) == made_on
    assert "shown against that version; the text has since moved on to version" in all_text(doc)


def test_no_leftovers_of_the_template_python_docx_started_from(demo, tmp_path):
    rt, path, _ = demo
    again = write_readout(rt, tmp_path / "again.docx")
    ids = []
    for docx_path in (path, again):
        parts = raw_parts(docx_path)
        assert not [name for name in parts if name.startswith("customXml/")]  # no empty bibliography
        assert "<Application>qroundtable</Application>" in parts["docProps/app.xml"]
        assert "Microsoft" not in parts["docProps/app.xml"]
        settings = parts["word/settings.xml"]
        assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
        ids.append(re.search(r'w14:docId w14:val="(\w+)"', settings).group(1))
    assert ids[0] != ids[1]  # each file its own document id
