"""Importing a Word draft as principles: documents written by LibreOffice (Word's automatic numbering, a heading,
a bold lead-in, lettered sub-items) and by python-docx (typed numbers), a later draft, and hostile files."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from test_cli import fails, js, ok

from qroundtable.brackets import count_brackets
from qroundtable.errors import InvalidInput, NotPermitted
from qroundtable.roundtable import Roundtable

SOFFICE = shutil.which("soffice")

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
   style:default-outline-level="1"/>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
   style:default-outline-level="2"/>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
  <text:list-style style:name="L1">
   <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
   <text:list-level-style-number text:level="2" style:num-format="a" style:num-prefix="(" style:num-suffix=")"/>
  </text:list-style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">Draft guiding principles</text:h>
  <text:p>The roundtable is invited to consider the following draft. It is not a principle.</text:p>
  <text:h text:style-name="Heading_20_2" text:outline-level="2">Open science</text:h>
  <text:list xml:id="draftlist" text:style-name="L1">
   <text:list-item><text:p>Participants promote [open|reciprocal] access to quantum testbeds:</text:p>
    <text:list>
     <text:list-item><text:p>including access through the cloud; and</text:p></text:list-item>
     <text:list-item><text:p>shared benchmarks for quantum computers.</text:p></text:list-item>
    </text:list>
   </text:list-item>
  </text:list>
  <text:list text:style-name="L1" text:continue-list="draftlist">
   <text:list-item><text:p><text:span text:style-name="T1">Talent.</text:span> Grow a diverse and inclusive quantum
    workforce [, in particular early-career researchers].</text:p></text:list-item>
   <text:list-item><text:p>%(third)s</text:p></text:list-item>
  </text:list>
 </office:text></office:body>
</office:document>
"""
THIRD = "Protect research security to the extent possible, consistent with applicable export controls."


def libreoffice_docx(tmp_path: Path, name: str, **values) -> Path:
    """A .docx written by LibreOffice from a Flat ODT: Word's own numbering, as an independent writer makes it."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / f"{name}.fodt"
    source.write_text(FODT % {"third": THIRD, **values}, encoding="utf-8")
    profile = tmp_path / f"lo-profile-{name}"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "docx",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    out = tmp_path / f"{name}.docx"
    assert out.exists()
    return out


def typed_docx(path: Path, paragraphs: list[str]) -> Path:
    """A .docx with typed numbers, as python-docx writes it."""
    document = docx.Document()
    document.add_heading("Guiding principles, Rev.1", 1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.fixture
def rt(tmp_path):
    rt = Roundtable.create(tmp_path / "draft.qrt", title="Drafting", secretariat="US")
    yield rt
    rt.close()


def state(rt) -> list[tuple]:
    return [(p.number, p.title, p.text, p.current.seq) for p in rt.principles.list()]


def test_a_libreoffice_draft_with_word_numbering_becomes_principles(rt, tmp_path):
    draft = libreoffice_docx(tmp_path, "rev1")
    preview = rt.import_draft(draft, dry_run=True)
    assert rt.principles.list() == [] and preview.dry_run
    assert [(d.number, d.title) for d in preview.new] == [
        (1, "Open science"), (2, "Talent"), (3, "Protect research security to the extent possible, consistent…")]
    result = rt.import_draft(draft)
    assert result.added == [1, 2, 3] and not result.dry_run
    p1, p2, p3 = rt.principles.list()
    assert p1.text == ("Participants promote [open|reciprocal] access to quantum testbeds:\n"
                       "(a) including access through the cloud; and\n(b) shared benchmarks for quantum computers.")
    assert p1.current.brackets == count_brackets(p1.text).count == 1
    assert p2.text == ("Grow a diverse and inclusive quantum workforce [, in particular early-career "
                       "researchers].")
    assert p3.text == THIRD and p3.current.note == "from the draft rev1.docx"
    # One undo step takes the whole import back.
    rt.undo()
    assert rt.principles.list() == []


def test_a_later_draft_adds_versions_only_where_the_text_changed(rt, tmp_path):
    rt.import_draft(typed_docx(tmp_path / "rev1.docx", [
        "1. Promote scientific collaboration.",
        "2. Grow the quantum workforce.",
        "3. Protect research [security|integrity].",
        "4. Raise quantum awareness."]))
    # Rev.2: principle 2 reworded, 3 and 4 swapped in number (4 unchanged in text), a new 5, nothing on "collab.".
    rev2 = typed_docx(tmp_path / "rev2.docx", [
        "1. Promote scientific collaboration.",
        "2. Grow and retain the quantum workforce.",
        "3. Raise quantum awareness.",
        "4. Protect research [security|integrity].",
        "5. Explore use cases for society."])
    before = state(rt)
    preview = rt.import_draft(rev2, dry_run=True)
    assert state(rt) == before  # a dry run writes nothing
    assert [n for n, _ in preview.changed] == [2]
    assert sorted(n for n, _ in preview.unchanged) == [1, 3, 4]  # renumbered ones matched by their text
    assert [d.number for d in preview.new] == [5] and preview.missing == []
    rt.import_draft(rev2)
    versions = {p.number: p.current.seq for p in rt.principles.list()}
    assert versions == {1: 1, 2: 2, 3: 1, 4: 1, 5: 1}
    assert rt.principles.get(2).text == "Grow and retain the quantum workforce."
    # A third draft that drops principle 5 and rewords its 4 a little: that is the roundtable's principle 3 (the
    # draft's numbers moved, the roundtable's did not), which gets a version; 5 is reported, never removed.
    rev3 = typed_docx(tmp_path / "rev3.docx", [
        "1. Promote scientific collaboration.", "2. Grow and retain the quantum workforce.",
        "3. Raise quantum awareness.", "4. Protect research [security|integrity] and openness."])
    result = rt.import_draft(rev3)
    assert [n for n, _ in result.changed] == [3] and result.missing == [(5, "Explore use cases for society")]
    assert rt.principles.get(3).text == "Protect research [security|integrity] and openness."
    assert len(rt.principles.list()) == 5


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_text("1. Not a Word file at all."), "is not a Word document"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "encrypted or in the old Word format"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("hello.txt", "hi"), "is not a Word document"),
    (lambda p: typed_docx(p, ["An introduction, and nothing numbered."]), "holds no numbered paragraphs"),
    (lambda p: typed_docx(p, ["1. Fine.", "2. Hidden \u202eright-to-left\u202c words."]), "paragraph 3"),
    (lambda p: typed_docx(p, ["1. One.", "1. One again."]), "numbers two paragraphs 1"),
])
def test_hostile_or_wrong_files_get_one_clear_message_and_change_nothing(rt, tmp_path, make, words):
    rt.principles.add("Kept", "A principle already here.")
    path = tmp_path / "bad.docx"
    make(path)
    before = state(rt)
    with pytest.raises(InvalidInput, match=words):
        rt.import_draft(path)
    assert state(rt) == before


def test_a_zip_bomb_is_refused_before_it_is_parsed(rt, tmp_path):
    path = typed_docx(tmp_path / "bomb.docx", ["1. Fine."])
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/padding.xml", "<a/>" + " " * (45 * 2**20))
    with pytest.raises(InvalidInput, match="unpacks to more than a draft may"):
        rt.import_draft(path)


def test_only_the_secretariat_imports_but_anyone_may_preview(rt, tmp_path):
    rt.delegations.add("JP", "Japan")
    rt.save_delegation_copy(tmp_path / "jp.qrt", "JP")
    draft = typed_docx(tmp_path / "d.docx", ["1. Promote collaboration."])
    with Roundtable.open(tmp_path / "jp.qrt") as jp:
        with pytest.raises(NotPermitted, match="only the secretariat"):
            jp.import_draft(draft)
        with pytest.raises(NotPermitted):  # the preview too: it is the pen-holder's tool
            jp.import_draft(draft, dry_run=True)


def test_the_command_line(tmp_path):
    db = tmp_path / "cli.qrt"
    ok(db, "init", "--title", "Drafting", "--secretariat", "US")
    draft = typed_docx(tmp_path / "rev1.docx", ["1. Promote collaboration.", "2) Grow the [talent] base.",
                                                "(a) through exchanges;", "(b) through joint calls."])
    preview = js(db, "import-draft", str(draft), "--dry-run")
    assert [p["number"] for p in preview["new"]] == [1, 2] and js(db, "principle", "list") == []
    assert preview["new"][1]["text"] == "Grow the [talent] base.\n(a) through exchanges;\n(b) through joint calls."
    out = ok(db, "import-draft", str(draft)).stdout
    assert "Imported rev1.docx: 2 new, 0 changed" in out
    assert [p["number"] for p in js(db, "principle", "list")] == [1, 2]
    assert "0 new, 0 changed, 0 retitled, 2 unchanged" in ok(db, "import-draft", str(draft)).stdout
    assert "is not a Word document" in fails(db, "import-draft", str(tmp_path / "cli.qrt"))
    assert "there is no file at" in fails(db, "import-draft", str(tmp_path / "missing.docx"))
