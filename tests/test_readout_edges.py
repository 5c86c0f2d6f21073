"""Readouts of awkward roundtables: hostile text, an empty roundtable, many delegations, the template."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from readout_helpers import (ARABIC, CONTROL, HEBREW, LONG, W, accepted_text, all_text, make_hostile, open_docx,
                             paragraphs, table_rows, tables, texts)

from qroundtable.errors import FileProblem
from qroundtable.readout import STYLES, ReadoutOptions, write_readout
from qroundtable.readout import document as readout_document
from qroundtable.readout.document import ReadoutDocument
from qroundtable.readout.matrix import chunks
from qroundtable.roundtable import Roundtable


@pytest.fixture
def hostile(rt, tmp_path):
    make_hostile(rt)
    return rt, write_readout(rt, tmp_path / "hostile.docx")


def test_hostile_text_still_gives_a_valid_document(hostile):
    rt, path = hostile
    doc = open_docx(path)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(z.read(name))  # every XML part parses
    text = all_text(doc)
    assert "Promote 🤝 collaboration" in text and "🇯🇵" in text
    assert '<w:p> & </w:t> "quoted"' in text and "]]> <!-- not a comment -->" in text
    assert LONG in text  # the 100,000-character comment, whole
    assert "Meeting 🛰" in text and "Tōkyō" in text


def test_characters_xml_cannot_hold_are_replaced_in_the_document_only(hostile):
    rt, path = hostile
    text = all_text(open_docx(path))
    assert "bell\ufffd null\ufffd escape\ufffd vertical-tab\ufffd end" in text
    assert "odd \ufffd non-character" in text
    assert "Summary with bell\ufffd" in text
    # The roundtable file keeps exactly what it held.
    assert rt.positions.get("US", 2).comment == CONTROL
    assert rt.positions.get("JP", 1).comment == "odd \uffff non-character"
    assert rt.meetings.latest().summary == f"Summary with {CONTROL}"


def _rtl_runs(paragraph) -> tuple[list[str], list[str]]:
    """(texts of the runs marked right-to-left, texts of the others)."""
    rtl, ltr = [], []
    for r in paragraph.iter(f"{W}r"):
        text = "".join(t.text or "" for t in r.iter(f"{W}t"))
        (rtl if r.find(f"{W}rPr/{W}rtl") is not None else ltr).append(text)
    return rtl, ltr


def test_right_to_left_text_is_marked_and_only_it(hostile):
    _, path = hostile
    doc = open_docx(path)
    [hebrew] = [p for p in paragraphs(doc, "Principle Text") if accepted_text(p) == HEBREW]
    assert hebrew.find(f"{W}pPr/{W}bidi") is not None  # a right-to-left paragraph
    rtl, ltr = _rtl_runs(hebrew)
    assert "".join(rtl) == HEBREW and ltr == []  # brackets, spaces and the full stop read right to left too
    [mixed] = [p for p in paragraphs(doc, "Principle Text") if ARABIC in accepted_text(p)]
    assert mixed.find(f"{W}pPr/{W}bidi") is None  # starts in English: a left-to-right paragraph
    rtl, ltr = _rtl_runs(mixed)
    assert "".join(rtl) == ARABIC
    assert not any(c.isascii() and c.isalpha() for c in "".join(rtl))  # no English word marked RTL


def test_markup_in_a_delegation_name_is_escaped_in_tracked_change_authors(hostile):
    _, path = hostile
    [para] = paragraphs(open_docx(path), "Amendment Text")
    assert {el.get(f"{W}author") for el in para.iter(f"{W}ins", f"{W}del")} == {'Japan "& <Co>" (JP)'}
    assert accepted_text(para) == "Promote collaboration 🤝 [shall]."


def test_an_empty_roundtable_gives_a_readout_that_says_so(tmp_path):
    with Roundtable.create(tmp_path / "e.qrt", title="Empty roundtable", secretariat="US") as rt:
        path = write_readout(rt, tmp_path / "empty.docx")
    doc = open_docx(path)
    assert texts(doc, "Heading 1") == ["Participants", "Chair's summary", "Consensus overview", "Principles",
                                       "Votes and speaking time", "Positions matrix", "Stances per principle",
                                       "Negotiation progress", "Action items"]
    text = all_text(doc)
    assert "no meetings and no principles yet" in text
    assert "No principles had been drafted by any meeting or revision yet." in text
    assert "No principles have been drafted yet." in text and "No action items have been recorded." in text
    assert "No roll-call vote was taken in the roundtable." in text and "No speaking time was recorded" in text
    assert len(doc.inline_shapes) == 0 and len(tables(doc)) == 0  # US, without members, is a line, not a table
    assert "No members recorded for: US." in text


def test_many_delegations_split_the_matrix_into_tables_that_fit_the_page(rt, tmp_path):
    for i in range(1, 45):
        rt.delegations.add(f"D{i:03d}", f"Delegation {i}")
    rt.principles.add("Second", "Another principle.")
    for i in range(1, 45, 3):
        rt.positions.set(f"D{i:03d}", 1, "support")
    path = write_readout(rt, tmp_path / "wide.docx")
    doc = open_docx(path)
    section = next(s for s in doc.sections if s.orientation == 1)
    usable = (section.page_width - section.left_margin - section.right_margin) / 635  # twips
    codes = rt.delegations.codes()
    matrices = [t for t in tables(doc) if table_rows(t)[0][0] == "Principle"]
    assert len(matrices) == len(chunks(codes, int(usable))) > 1
    shown = []
    for t in matrices:
        widths = [int(c.get(f"{W}w")) for c in t.iter(f"{W}gridCol")]
        assert sum(widths) <= usable
        header, *rows = table_rows(t)
        assert len(rows) == 2 and t.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
        shown += header[1:]
    assert shown == codes  # every delegation once, in order
    assert any(c.startswith("Table 2: Positions of delegations") for c in texts(doc, "Caption"))


def test_every_style_the_readout_uses_is_in_the_template(monkeypatch, hostile, tmp_path):
    rt, _ = hostile
    used = set()
    original = ReadoutDocument.style

    def recording(self, name):
        used.add(name)
        return original(self, name)

    monkeypatch.setattr(ReadoutDocument, "style", recording)
    write_readout(rt, tmp_path / "again.docx", ReadoutOptions(meeting=None))
    assert used <= set(STYLES)
    ReadoutDocument().require_styles(STYLES)


def test_a_template_without_the_readout_styles_is_refused_clearly(tmp_path):
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    with pytest.raises(FileProblem, match="'Readout Table'"):
        ReadoutDocument(plain).require_styles(STYLES)
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    with pytest.raises(FileProblem, match="could not be opened"):
        ReadoutDocument(tmp_path / "broken.docx")


def test_the_shipped_template_is_what_make_template_builds(tmp_path):
    script = Path(__file__).resolve().parents[1] / "resources" / "make_template.py"
    out = tmp_path / "rebuilt.docx"
    subprocess.run([sys.executable, str(script), "--out", str(out)], check=True, capture_output=True)
    shipped = readout_document.template_path()
    with zipfile.ZipFile(out) as rebuilt, shipped.open("rb") as f, zipfile.ZipFile(f) as current:
        for part in ("word/styles.xml", "word/document.xml"):
            assert rebuilt.read(part) == current.read(part), f"{part}: run resources/make_template.py"


def test_a_meeting_without_attendance_counts_every_delegation(rt, tmp_path):
    rt.meetings.add("Informal call", "2026-11-02", hosts="DK")
    doc = open_docx(write_readout(rt, tmp_path / "call.docx"))
    assert texts(doc, "Subtitle") == ["Readout — Informal call"]
    text = all_text(doc)
    assert "No attendance was recorded for Informal call: consensus counts all 3 delegations." in text
    # No members recorded for any of them: one line, not a table of empty rows.
    assert "No members recorded for: Denmark (DK) (host), Japan (JP), United States (US)." in text


def test_restyling_the_template_restyles_every_cell_and_count(monkeypatch, tmp_path):
    """No run or paragraph of the body is formatted by hand: the styles carry it, so a template's change shows."""
    from qroundtable.demo import build_demo

    template = docx.Document(str(readout_document.template_path()))
    template.styles["Stance OBJ"].font.color.rgb = docx.shared.RGBColor.from_string("123456")
    restyled = tmp_path / "restyled.docx"
    template.save(str(restyled))
    monkeypatch.setattr(readout_document, "template_path", lambda: restyled)
    with build_demo(tmp_path / "demo.qrt") as rt:
        path = write_readout(rt, tmp_path / "r.docx", ReadoutOptions(meeting=None))
    doc = open_docx(path)
    body = doc.element.body
    for tag in ("b", "i", "color", "sz", "rFonts", "jc"):
        assert body.find(f".//{W}{tag}") is None, tag  # nothing formatted directly
    objection = doc.styles["Stance OBJ"]
    assert str(objection.font.color.rgb) == "123456"
    cells = [r for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}rStyle") is not None
             and r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == objection.style_id]
    assert cells and {"".join(t.text for t in r.iter(f"{W}t")).split()[0] for r in cells} == {"OBJ"}


def test_an_arabic_comment_is_isolated_in_a_line_that_keeps_its_english_label_first(rt, tmp_path):
    rt.positions.set("JP", 1, "reservation", ARABIC)
    doc = open_docx(write_readout(rt, tmp_path / "r.docx", ReadoutOptions(meeting=None)))
    [line] = [p for p in paragraphs(doc, "Position Line") if ARABIC in "".join(t.text or "" for t in p.iter(f"{W}t"))]
    assert line.find(f"{W}pPr/{W}bidi") is None  # "Japan (JP):" stays on the left, read first
    rtl, ltr = _rtl_runs(line)
    assert "".join(rtl) == ARABIC and "".join(ltr).startswith("Japan (JP)")
