"""The compilation text: the base text, every bracket and proposal with its sponsors, the counts; the four-column
document on landscape pages; read back with python-docx."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from readout_helpers import W, accepted_text, all_text, open_docx, rejected_text, table_rows, tables, texts
from test_cli import fails, ok

from qroundtable.demo import build_demo
from qroundtable.errors import FileProblem
from qroundtable.readout.compilation import compile_texts


@pytest.fixture
def rt(tmp_path):
    rt = build_demo(tmp_path / "demo.qrt")
    yield rt
    rt.close()


def test_every_proposal_with_its_sponsors_and_the_counts(rt, tmp_path):
    rt.export_text(tmp_path / "rev1.docx")  # the base: Rev.1
    seq = rt.principles.get(5).current.seq
    rt.principles.edit(5, rt.principles.get(5).text.replace("[timely] ", ""))  # the pen moves on after Rev.1
    base, compiled = compile_texts(rt)
    assert base == "Rev.1"
    p5 = next(c for c in compiled if c.number == 5)
    assert (p5.brackets, p5.options) == (2, 3) and (p5.base_seq, p5.current_seq) == (seq, seq + 1)
    path = rt.export_compilation(tmp_path / "compilation.docx")
    doc = open_docx(path)
    text = all_text(doc)
    total_brackets = sum(c.brackets for c in compiled)
    assert f"7 principles: {total_brackets} brackets with {sum(c.options for c in compiled)} options, and 2 " \
           "proposals for amendment." in text
    assert "Proposed by France (FR), co-sponsored by Netherlands (NL) and Sweden (SE)" in text
    assert "Proposed by Germany (DE), co-sponsored by Finland (FI)" in text
    assert "Bracket 2: quantum-resistant | post-quantum" in text and "Bracket 1: timely (keep or delete)" in text
    assert f"Current text (version {seq + 1}): " in text  # principle 5 moved on from the base
    assert texts(doc, "Heading 2") == [f"{p.number}. {p.title}" for p in rt.principles.list()]
    # A proposal is real tracked changes, signed by its proposer, from the text it was made on to its own.
    fr = next(a for a in rt.amendments.list(2) if a.delegation == "FR")
    (para,) = [p for p in doc.element.body.iter(f"{W}p") if list(p.iter(f"{W}ins"))
               and accepted_text(p) == fr.text]
    assert rejected_text(para) == rt.principles.version(fr.base_version_id).text
    assert {i.get(f"{W}author") for i in para.iter(f"{W}ins")} == {"France (FR)"}
    with pytest.raises(FileProblem, match="already exists"):
        rt.export_compilation(path)


def test_the_four_column_document(rt, tmp_path):
    doc = open_docx(rt.export_compilation(tmp_path / "columns.docx", columns=True))
    assert [s.orientation for s in doc.sections] == [1]  # landscape
    (table,) = tables(doc)
    rows = table_rows(table)
    assert rows[0] == ["No.", "Base text", "Proposals", "Current text"] and len(rows) == 8
    assert rows[2][0] == "2" and "Proposed by France (FR), co-sponsored by" in rows[2][2]
    assert rows[1][2] == "—"  # principle 1: nothing proposed
    assert table.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None


def test_the_command_line(tmp_path):
    db = tmp_path / "demo.qrt"
    ok(db, "demo")
    assert "Wrote" in ok(db, "export", "compilation", "--out", str(tmp_path / "c.docx"), "--columns").stdout
    assert "already exists" in fails(db, "export", "compilation", "--out", str(tmp_path / "c.docx"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_lays_out_the_texts_we_write(rt, tmp_path):
    """Rev.1 clean, a redline, the compilation and the four-column document all open in a word processor."""
    rt.export_text(tmp_path / "rev1.docx")
    rt.principles.edit(5, rt.principles.get(5).text.replace("[timely] ", ""))
    rt.export_text(tmp_path / "rev2-redline.docx", redline_from="1")
    rt.export_compilation(tmp_path / "compilation.docx")
    rt.export_compilation(tmp_path / "columns.docx", columns=True)
    files = ["rev1", "rev2-redline", "compilation", "columns"]
    out = tmp_path / "pdf"
    done = subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(out), *(str(tmp_path / f"{f}.docx") for f in files)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    for name in files:
        text = subprocess.run(["pdftotext", str(out / f"{name}.pdf"), "-"], capture_output=True, text=True,
                              timeout=60).stdout
        assert rt.principles.get(1).text.split()[0] in text, name  # the texts are laid out, not an empty page
    columns = subprocess.run(["pdftotext", "-layout", str(out / "columns.pdf"), "-"], capture_output=True, text=True,
                             timeout=60).stdout
    assert "Base text" in columns and "Current text" in columns
