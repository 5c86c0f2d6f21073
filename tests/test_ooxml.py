"""The OOXML check the conftest runs over every document we write: it can fail, and it passes ours."""

import re
import shutil
import zipfile

from ooxml import check_folder, ours, problems

from qroundtable.demo import build_demo
from qroundtable.readout import write_readout


def _rewrite(source, target, part, change):
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            out.writestr(item, change(data.decode()) if item.filename == part else data)


def test_a_readout_passes_and_a_document_word_would_repair_does_not(tmp_path):
    rt = build_demo(tmp_path / "demo.qrt")
    try:
        good = write_readout(rt, tmp_path / "readout.docx")
    finally:
        rt.close()
    assert ours(good) and problems(good) == []
    # A w14:docId written in decimal (as python-docx's users often do) is what Word "repairs".
    bad = tmp_path / "bad" / "readout.docx"
    bad.parent.mkdir()
    _rewrite(good, bad, "word/settings.xml", lambda xml: re.sub(r'w14:val="[0-9A-F]+"', 'w14:val="1431309010"', xml))
    found = problems(bad)
    assert any("docId" in line for line in found)
    assert check_folder(bad.parent)  # the conftest's sweep would report it
    bad.unlink()  # and this test's own tmp_path must pass the sweep after it


def test_inputs_other_writers_made_are_not_ours_to_judge(tmp_path):
    docx = tmp_path / "draft.docx"
    import docx as python_docx

    python_docx.Document().save(docx)
    assert not ours(docx)
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(b"not a zip")
    assert not ours(damaged)
    shutil.copy(docx, tmp_path / "again.docx")
    assert check_folder(tmp_path) == []


def test_our_workbook_passes_and_a_plain_openpyxl_one_does_not(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rt = build_demo(tmp_path / "demo.qrt")
    try:
        ours_ = rt.export_matrix(tmp_path / "matrix.xlsx", "xlsx")
    finally:
        rt.close()
    assert problems(ours_) == []
    plain = Workbook()
    plain.active["A1"] = "bold"
    plain.active["A1"].font = Font(name="Calibri", bold=True)
    folder = tmp_path / "plain"
    folder.mkdir()
    plain.save(folder / "plain.xlsx")
    assert any("Unexpected element" in line for line in problems(folder / "plain.xlsx"))  # the check can fail
    (folder / "plain.xlsx").unlink()
