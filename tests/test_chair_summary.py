"""The readout's chair's summary: chair, agenda, each principle in brief, outcomes, next steps — read back."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from readout_helpers import ARABIC, W, all_text, open_docx, paragraphs, texts

from qroundtable.cli import cli
from qroundtable.demo import build_demo, demo_data
from qroundtable.errors import InvalidInput
from qroundtable.readout import ReadoutOptions, write_readout
from qroundtable.roundtable import Roundtable


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chair")
    rt = build_demo(folder / "demo.qrt")
    yield rt, folder
    rt.close()


def section(doc, first: str, last: str) -> list[str]:
    """The texts of the paragraphs from the heading `first` up to (not including) the heading `last`."""
    found, inside = [], False
    for p in doc.paragraphs:
        if p.text == first:
            inside = True
        elif p.text == last and inside:
            break
        if inside:
            found.append(p.text)
    return found


def test_the_chair_the_agenda_and_the_recorded_summary(demo, tmp_path):
    rt, _ = demo
    doc = open_docx(write_readout(rt, tmp_path / "r.docx"))
    october = rt.meetings.latest()
    text = all_text(doc)
    assert "Chair: Co-chairs from Denmark (DK) and the Netherlands (NL)" in text  # the cover
    assert "Chair's summary" in texts(doc, "Heading 1")
    assert texts(doc, "Heading 2")[:5] == ["Agenda", "Summary", "Principle by principle", "Outcomes", "Next steps"]
    agenda = section(doc, "Agenda", "Summary")[1:]
    assert agenda == [f"{i}.\t{item}" for i, item in enumerate(october.agenda_items, 1)]
    assert agenda[1] == "2.\tDraft guiding principles: first reading"
    assert october.summary in section(doc, "Summary", "Principle by principle")


def test_each_principle_in_brief_from_the_record(demo, tmp_path):
    rt, _ = demo
    doc = open_docx(write_readout(rt, tmp_path / "r.docx"))
    brief = {line.split(".")[0]: line for line in section(doc, "Principle by principle", "Outcomes")[1:]}
    assert len(brief) == len(rt.principles.list())
    assert brief["1"] == "1. Scientific collaboration. Agreed by consensus of the delegations counted."
    assert brief["3"] == "3. Growing the talent base. Agreed by silence."
    two = brief["2"]
    assert "Near agreement; Republic of Korea (KR) holds a reservation (ad referendum)" in two
    assert "proposed by France (FR), co-sponsored by Netherlands (NL) and Sweden (SE)" in two
    assert "a roll-call vote on it is open" in two
    five = brief["5"]
    brackets = next(p for p in rt.principles.list() if p.number == 5).current.brackets
    assert f"{brackets} brackets remain in its text" in five
    assert brief["7"] == "7. Use cases for society. Not yet discussed."
    # For the whole roundtable every delegation counts: Switzerland, absent in October, objects to 4.
    whole = open_docx(write_readout(rt, tmp_path / "all.docx", ReadoutOptions(meeting=None)))
    four = next(line for line in section(whole, "Principle by principle", "Outcomes") if line.startswith("4."))
    assert four.startswith("4. Research security and a fair marketplace. Contested; Switzerland (CH) objects")


def test_outcomes_quote_the_agreed_texts_and_name_votes_and_statements(demo, tmp_path):
    rt, _ = demo
    doc = open_docx(write_readout(rt, tmp_path / "r.docx"))
    outcomes = section(doc, "Outcomes", "Next steps")
    agreed = [p for p in rt.principles.list() if p.number in (1, 3)]
    assert outcomes[1] == "2 principles agreed, in the text below:"
    for p in agreed:
        assert p.text in outcomes
    assert "Principle 3, Growing the talent base (version 1, agreed by silence)" in outcomes
    assert "A roll-call vote on principle 2 is still open." in outcomes
    assert "Interpretative statement by Japan (JP) on principle 1 (24 October 2023)." in outcomes
    # Denmark's explanation was made in writing after the meeting: the next meeting's outcome, not October's.
    assert not any(line.startswith("Explanation of position by Denmark (DK)") for line in outcomes)
    rt.save_copy(tmp_path / "copy.qrt")
    with Roundtable.open(tmp_path / "copy.qrt") as writer:
        third = next(iter(writer.meetings.add("Third meeting", "2024-05-02").rows("meetings")))
        later = section(open_docx(write_readout(writer, tmp_path / "third.docx", ReadoutOptions(meeting=third))),
                        "Outcomes", "Next steps")
    assert "Explanation of position by Denmark (DK) on principle 3 (30 November 2023)." in later
    assert not any(line.startswith("Interpretative statement by Japan") for line in later)


def test_next_steps_name_what_is_open_and_the_next_meeting(demo, tmp_path):
    rt, _ = demo
    rt.save_copy(tmp_path / "copy.qrt")
    with Roundtable.open(tmp_path / "copy.qrt") as writer:
        october = writer.meetings.latest()
        steps = section(open_docx(write_readout(writer, tmp_path / "r.docx")), "Next steps", "Consensus overview")
        assert steps[1] == ("Principles still open: 2 (near agreement), 4 (near agreement), 5 (near agreement), "
                            "6 (near agreement), 7 (not yet discussed).")
        ours = [a for a in writer.actions.list() if a.meeting_id == october.id and a.status.pending]
        assert steps[2].startswith(f"{len(ours)} action items open from October 2023 roundtable, the first due ")
        assert steps[3] == "No further meeting has been scheduled yet."
        writer.meetings.add("Third meeting", "2024-05-02", place="Geneva")
        writer.meetings.add("Fourth meeting", "2024-11-20", place="Tokyo")
        steps = section(open_docx(write_readout(writer, tmp_path / "r2.docx", ReadoutOptions(meeting=october.id))),
                        "Next steps", "Consensus overview")
        assert steps[-1] == "Next meeting: Third meeting, 2 May 2024, Geneva."


def test_a_meeting_without_chair_or_agenda_says_so(rt, tmp_path):
    rt.meetings.add("Informal consultations", "2026-01-12")
    doc = open_docx(write_readout(rt, tmp_path / "r.docx"))
    text = all_text(doc)
    assert "Chair: not recorded" in text and "No agenda was recorded for this meeting." in text
    assert "No principle is agreed yet." in text


def test_an_arabic_chair_is_a_right_to_left_run_in_a_line_that_reads_as_its_english_label(rt, tmp_path):
    rt.meetings.add("Consultations", "2026-01-12", chair=f"{ARABIC} (EG)")
    doc = open_docx(write_readout(rt, tmp_path / "r.docx"))
    [line] = [p for p in paragraphs(doc, "Cover Detail") if "".join(t.text or "" for t in p.iter(f"{W}t")).startswith(
        "Chair: ")]
    assert line.find(f"{W}pPr/{W}bidi") is None  # the label keeps its direction
    marked = "".join(t.text or "" for r in line.iter(f"{W}r") if r.find(f"{W}rPr/{W}rtl") is not None
                     for t in r.iter(f"{W}t"))
    assert marked == ARABIC  # the name, and only the name, reads right to left


def test_chair_and_agenda_are_typed_text_the_cli_records_and_lists(tmp_path):
    db = tmp_path / "d.qrt"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db), "demo"]).exit_code == 0
    got = runner.invoke(cli, ["--db", str(db), "meeting", "edit", "latest", "--chair", "Ambassador A. Chair (DK)",
                              "--agenda", "1. Opening\n2) Principle 4\n\nAny other business"])
    assert got.exit_code == 0, got.output
    listed = runner.invoke(cli, ["--db", str(db), "meeting", "list", "--format", "json"])
    import json

    october = json.loads(listed.output)[-1]
    assert october["chair"] == "Ambassador A. Chair (DK)"
    assert october["agenda"] == ["Opening", "Principle 4", "Any other business"]
    bad = runner.invoke(cli, ["--db", str(db), "meeting", "edit", "latest", "--chair", "bell\x07"])
    assert bad.exit_code == 1 and "control characters" in bad.output and "Traceback" not in bad.output
    nothing = runner.invoke(cli, ["--db", str(db), "meeting", "edit", "latest"])
    assert nothing.exit_code == 2 and "say what to change" in nothing.output
    with Roundtable.open(db) as rt:
        assert rt.meetings.latest().chair == "Ambassador A. Chair (DK)"
        with pytest.raises(InvalidInput):
            rt.meetings.update("latest", agenda="x" * 5001)


def test_the_demo_data_gives_each_meeting_its_chair_and_agenda():
    for m in demo_data()["meetings"]:
        assert m["chair"] and m["agenda"].count("\n") >= 3
