"""The negotiation text in Word: Rev.N issued and recorded, written again, and redlined against a revision or a
date with real tracked changes; read back with python-docx and opened by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from readout_helpers import W, accepted_text, open_docx, paragraphs, rejected_text, texts
from test_cli import fails, ok

from qroundtable.demo import build_demo
from qroundtable.errors import FileProblem, InvalidInput, NotFound, NothingToUndo, NotPermitted
from qroundtable.readout.text import custom_properties
from qroundtable.roundtable import Roundtable

NEW_2 = "Incorporate subject-matter and technical expertise in policy discussions and [all] decisions."


@pytest.fixture
def rt(tmp_path):
    rt = build_demo(tmp_path / "demo.qrt")
    yield rt
    rt.close()


def test_rev1_is_issued_recorded_and_written_clean(rt, tmp_path):
    revision, path = rt.export_text(tmp_path / "rev1.docx")
    assert (revision.number, revision.name, revision.issued_by) == (1, "Rev.1", "US")
    principles = rt.principles.list()
    assert revision.versions == {p.number: p.current.id for p in principles}
    assert rt.revisions.list() == [revision]
    with pytest.raises(NothingToUndo):  # what was circulated stays on record: Undo stops there
        rt.undo()
    doc = open_docx(path)
    assert texts(doc, "Title") == ["Rev.1"]
    assert texts(doc, "Heading 2") == [f"{p.number}. {p.title}" for p in principles]
    assert texts(doc, "Principle Text") == [p.text for p in principles]
    bracketed = doc.styles["Bracketed"].style_id
    p5 = paragraphs(doc, "Principle Text")[4]
    marked = ["".join(t.text for t in r.iter(f"{W}t")) for r in p5.iter(f"{W}r")
              if r.find(f"{W}rPr/{W}rStyle") is not None and r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == bracketed]
    assert marked == ["[timely]", "[quantum-resistant|post-quantum]"]
    assert list(p5.iter(f"{W}ins")) == []  # clean: no tracked changes
    props = custom_properties(path)
    assert props == {"qroundtable-roundtable": rt.roundtable_id, "qroundtable-revision": revision.id,
                     "qroundtable-revision-number": "1"}
    assert doc.core_properties.title.endswith("Rev.1") and doc.core_properties.author == "United States"


def test_a_redline_from_a_revision_or_a_date_is_real_tracked_changes(rt, tmp_path):
    rev1, _ = rt.export_text(tmp_path / "rev1.docx")
    old_2 = rt.principles.get(2).text
    rt.principles.edit(2, NEW_2, note="FR amendment")
    rt.principles.add("Testbeds", "Share quantum testbeds [openly].")
    rev2, path = rt.export_text(tmp_path / "rev2.docx", redline_from="Rev.1")
    assert rev2.number == 2 and rev2.versions[2] != rev1.versions[2] and 8 in rev2.versions
    doc = open_docx(path)
    body = paragraphs(doc, "Principle Text")
    assert [accepted_text(p) for p in body] == [p.text for p in rt.principles.list()]  # Accept All gives Rev.2
    assert rejected_text(body[1]) == old_2 and rejected_text(body[7]) == ""  # Reject All gives Rev.1
    authors = {el.get(f"{W}author") for el in doc.element.body.iter(f"{W}ins", f"{W}del")}
    assert authors == {"United States"}
    assert [i for i, p in enumerate(body) if list(p.iter(f"{W}ins")) or list(p.iter(f"{W}del"))] == [1, 7]
    assert "Changes since Rev.1 are shown as tracked changes" in "\n".join(texts(doc, "Readout Note"))
    # Rev.1 again, and a redline between Rev.1 and Rev.2 made later: nothing new is issued.
    _, again = rt.export_text(tmp_path / "rev1-again.docx", rev=1)
    assert texts(open_docx(again), "Principle Text")[1] == old_2
    _, later = rt.export_text(tmp_path / "rev2-again.docx", rev="Rev.2", redline_from=1)
    assert [accepted_text(p) for p in paragraphs(open_docx(later), "Principle Text")] == \
        [accepted_text(p) for p in body]
    assert [r.number for r in rt.revisions.list()] == [1, 2]
    # From a date: the demo's texts were all written today; the day before, none existed.
    _, dated = rt.export_text(tmp_path / "from-2000.docx", rev=2, redline_from="2000-01-01")
    assert all(rejected_text(p) == "" for p in paragraphs(open_docx(dated), "Principle Text"))


def test_mistakes_get_one_clear_message(rt, tmp_path):
    with pytest.raises(NotFound, match="there is no Rev.3"):
        rt.export_text(tmp_path / "x.docx", rev=3)
    with pytest.raises(InvalidInput, match="neither a revision"):
        rt.export_text(tmp_path / "x.docx", redline_from="last week")
    rt.export_text(tmp_path / "rev1.docx")
    with pytest.raises(FileProblem, match="already exists"):
        rt.export_text(tmp_path / "rev1.docx", rev=1)
    with pytest.raises(FileProblem, match="already exists"):
        rt.export_text(tmp_path / "rev1.docx")  # a new revision that could not be written is not issued
    assert [r.number for r in rt.revisions.list()] == [1]
    rt.save_delegation_copy(tmp_path / "jp.qrt", "JP")
    with Roundtable.open(tmp_path / "jp.qrt") as jp:
        with pytest.raises(NotPermitted, match="only the secretariat"):
            jp.export_text(tmp_path / "jp.docx")
        _, path = jp.export_text(tmp_path / "jp-rev1.docx", rev=1)  # an issued revision, written again
        assert texts(open_docx(path), "Title") == ["Rev.1"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_redline(rt, tmp_path):
    rt.export_text(tmp_path / "rev1.docx")
    rt.principles.edit(2, NEW_2)
    _, path = rt.export_text(tmp_path / "rev2.docx", redline_from="Rev.1")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=120)
    text = subprocess.run(["pdftotext", str(tmp_path / "rev2.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Rev.2" in text and "and technical" in text and "Research security" in text


def test_the_command_line(tmp_path):
    db = tmp_path / "demo.qrt"
    ok(db, "demo")
    assert "(Rev.1)" in ok(db, "export", "text", "--out", str(tmp_path / "rev1.docx")).stdout
    ok(db, "principle", "edit", "2", "--text", NEW_2)
    out = ok(db, "export", "text", "--out", str(tmp_path / "rev2.docx"), "--redline-from", "Rev.1").stdout
    assert "(Rev.2, changes since Rev.1 tracked)" in out
    assert "already exists" in fails(db, "export", "text", "--out", str(tmp_path / "rev2.docx"), "--rev", "2")
    assert "(Rev.2)" in ok(db, "export", "text", "--out", str(tmp_path / "rev2.docx"), "--rev", "2", "--force").stdout
    assert "there is no Rev.7" in fails(db, "export", "text", "--out", str(tmp_path / "x.docx"), "--rev", "7")
