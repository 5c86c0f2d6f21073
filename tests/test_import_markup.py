"""A delegation's marked-up copy of Rev.1, written by LibreOffice with tracked changes by two authors, a comment
and an edit made without tracking; imported as amendments against the versions Rev.1 holds."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
from test_cli import fails, js, ok

from qroundtable.demo import build_demo
from qroundtable.errors import InvalidInput, NotPermitted
from qroundtable.readout.text import custom_properties
from qroundtable.roundtable import Roundtable

SOFFICE = shutil.which("soffice")
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/"')
P2_BEFORE = "Incorporate subject-matter expertise in policy discussions and decisions."
P2_AFTER = "Incorporate subject-matter and technical expertise in policy decisions."


def change(region: str, kind: str, who: str, extra: str = "") -> str:
    return (f'<text:changed-region xml:id="{region}" text:id="{region}"><text:{kind}><office:change-info>'
            f"<dc:creator>{who}</dc:creator><dc:date>2026-12-05T10:00:00</dc:date></office:change-info>{extra}"
            f"</text:{kind}></text:changed-region>")


def marked_up_copy(tmp_path: Path, rt, rev_path: Path, *, untracked: str | None = None, props=None) -> Path:
    """JP's copy of the Rev.1 at `rev_path`, marked up in a Flat ODT and saved as .docx by LibreOffice."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    props = custom_properties(rev_path) if props is None else props
    meta = "".join(f'<meta:user-defined meta:name="{k}">{escape(v)}</meta:user-defined>' for k, v in props.items())
    body = []
    for p in rt.principles.list():
        body.append(f'<text:h text:style-name="Heading_20_2" text:outline-level="2">{p.number}. '
                    f"{escape(p.title)}</text:h>")
        if p.number == 2:  # an insertion by one author, a deletion by another, and a comment
            body.append('<text:p>Incorporate subject-matter<text:change-start text:change-id="ct1"/> and technical'
                        '<text:change-end text:change-id="ct1"/> expertise in policy <text:change text:change-id='
                        '"ct2"/>decisions.<office:annotation><dc:creator>Japan</dc:creator><dc:date>2026-12-05T10:01:00'
                        "</dc:date><text:p>Technical expertise is distinct from subject-matter expertise."
                        "</text:p></office:annotation></text:p>")
        elif p.number == 4 and untracked:
            body.append(f"<text:p>{escape(untracked)}</text:p>")
        elif p.number == 6:  # a comment alone: the text stays as it is
            body.append(f"<text:p>{escape(p.text)}<office:annotation><dc:creator>Japan</dc:creator>"
                        "<text:p>Awaiting instructions on \"readiness\".</text:p></office:annotation></text:p>")
        else:
            body.append(f"<text:p>{escape(p.text)}</text:p>")
    fodt = (f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} office:version="1.3" '
            'office:mimetype="application/vnd.oasis.opendocument.text">'
            f"<office:meta>{meta}</office:meta>"
            '<office:styles><style:style style:name="Heading_20_2" style:display-name="Heading 2" '
            'style:family="paragraph" style:default-outline-level="2"/></office:styles>'
            "<office:body><office:text><text:tracked-changes>"
            + change("ct1", "insertion", "Japan")
            + change("ct2", "deletion", "Japan, capital", "<text:p>discussions and </text:p>")
            + "</text:tracked-changes>" + "".join(body) + "</office:text></office:body></office:document>")
    source = tmp_path / "rev1-jp.fodt"
    source.write_text(fodt, encoding="utf-8")
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "docx",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    return tmp_path / "rev1-jp.docx"


@pytest.fixture
def rt(tmp_path):
    rt = build_demo(tmp_path / "demo.qrt")
    yield rt
    rt.close()


def test_a_round_trip_rev1_marked_up_in_libreoffice_becomes_amendments(rt, tmp_path):
    _, rev1 = rt.export_text(tmp_path / "rev1.docx")
    assert rt.principles.get(2).text == P2_BEFORE
    rt.principles.edit(2, P2_BEFORE.replace("policy", "public policy"))  # the text moves on after Rev.1
    untracked = rt.principles.get(4).text.replace("vibrant", "thriving")
    markup = marked_up_copy(tmp_path, rt, rev1, untracked=untracked)
    base_2 = rt.revisions.get(1).versions[2]
    preview = rt.import_markup(markup, "JP", dry_run=True)
    assert preview.revision == "Rev.1" and [m.number for m in preview.amendments] == [2, 4]
    assert rt.amendments.list(2)[-1].delegation == "FR"  # nothing written yet
    result = rt.import_markup(markup, "JP")
    ours = [a for a in rt.amendments.list() if a.delegation == "JP"]
    by = {a.principle: a for a in ours}
    assert set(by) == {2, 4}
    # Tracked changes by two authors: the amendment is their sum, against the version Rev.1 held.
    assert by[2].text == P2_AFTER and by[2].base_version_id == base_2 and by[2].base_seq == 1
    assert by[2].rationale == "Technical expertise is distinct from subject-matter expertise."
    assert not by[2].untracked
    # The edit made without tracking is caught and flagged for review.
    assert by[4].untracked and by[4].text == untracked and "without tracked changes" in by[4].rationale
    # A comment on an unchanged text is kept where JP has a position there, and said otherwise.
    assert [m.number for m in result.commented] == [6]
    jp6 = [p for p in rt.positions.list(principle=6) if p.delegation == "JP"]
    if jp6 and not jp6[0].stale:
        assert "Awaiting instructions" in jp6[0].comment
    else:
        assert result.unattached == [6]
    assert 1 not in by and 3 in result.unchanged
    rt.undo()  # one step takes it all back
    assert [a for a in rt.amendments.list() if a.delegation == "JP"] == []


def test_a_file_that_is_no_issued_revision_is_refused_and_nothing_written(rt, tmp_path):
    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("1. Our own text.")
    document.save(str(plain))
    with pytest.raises(InvalidInput, match="is not a copy of a revision qroundtable issued"):
        rt.import_markup(plain, "JP")
    _, rev1 = rt.export_text(tmp_path / "rev1.docx")
    other = marked_up_copy(tmp_path, rt, rev1, props={**custom_properties(rev1),
                                                      "qroundtable-roundtable": "someone-else"})
    with pytest.raises(InvalidInput, match="a revision of another roundtable"):
        rt.import_markup(other, "JP")
    unknown = marked_up_copy(tmp_path, rt, rev1, props={**custom_properties(rev1),
                                                        "qroundtable-revision": "01a2a2a2-0000-7000-8000-000000000000"})
    with pytest.raises(InvalidInput, match="a revision this copy of the roundtable does not have"):
        rt.import_markup(unknown, "JP")
    assert [a for a in rt.amendments.list() if a.delegation == "JP"] == []


def test_a_delegation_imports_only_its_own_copy(rt, tmp_path):
    _, rev1 = rt.export_text(tmp_path / "rev1.docx")
    markup = marked_up_copy(tmp_path, rt, rev1)
    rt.save_delegation_copy(tmp_path / "dk.qrt", "DK")
    with Roundtable.open(tmp_path / "dk.qrt") as dk:
        with pytest.raises(NotPermitted):
            dk.import_markup(markup, "JP")
        assert [m.number for m in dk.import_markup(markup, "DK").amendments] == [2]
        assert [a.principle for a in dk.amendments.list() if a.delegation == "DK"] == [2]


def test_the_command_line(tmp_path):
    db = tmp_path / "demo.qrt"
    ok(db, "demo")
    ok(db, "export", "text", "--out", str(tmp_path / "rev1.docx"))
    with Roundtable.open(db) as rt:
        markup = marked_up_copy(tmp_path, rt, tmp_path / "rev1.docx")
    preview = js(db, "import-markup", str(markup), "--as", "JP", "--dry-run")
    assert [a["principle"] for a in preview["amendments"]] == [2] and preview["revision"] == "Rev.1"
    assert preview["amendments"][0]["text"] == P2_AFTER
    out = ok(db, "import-markup", str(markup), "--as", "JP").stdout
    assert "rev1-jp.docx is JP's copy of Rev.1. Proposed 1 amendment(s)" in out
    assert "no delegation 'ZZ'" in fails(db, "import-markup", str(markup), "--as", "ZZ")


def test_a_copy_whose_headings_are_gone_is_refused(rt, tmp_path):
    _, rev1 = rt.export_text(tmp_path / "rev1.docx")
    document = docx.Document(str(rev1))
    for p in document.paragraphs:
        if p.style.name.startswith("Heading"):
            p.text = "A heading someone rewrote"
    document.save(str(tmp_path / "no-headings.docx"))
    with pytest.raises(InvalidInput, match="has none of Rev.1's principle headings"):
        rt.import_markup(tmp_path / "no-headings.docx", "JP")
