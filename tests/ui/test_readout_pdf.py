"""File ▸ Export ▸ Readout (PDF): the Word readout made into a PDF by LibreOffice, in the process
of long work, with the principles' titles in it."""

import shutil
import subprocess
import threading
import unicodedata

import pytest

from qroundtable import long_work
from qroundtable.ui.readout_pdf import ReadoutPdfDialog

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def test_readout_pdf_is_written_apart_and_holds_the_principle_titles(qtbot, session, monkeypatch, settle):
    calls = []
    original = long_work.run

    def spy(job, db, values, progress):
        calls.append((threading.get_ident(), job))
        return original(job, db, values, progress)

    monkeypatch.setattr(long_work, "run", spy)
    dialog = ReadoutPdfDialog(session)
    qtbot.addWidget(dialog)
    dialog.offered = []
    dialog.offer_open = dialog.offered.append
    out = dialog.output_path()
    assert out.suffix == ".pdf" and not out.exists()
    dialog.accept()
    assert session.errors == []
    assert calls and calls[0][0] != threading.get_ident() and calls[0][1] == "write_readout_pdf"
    assert dialog.written == out and dialog.offered == [out]
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(unicodedata.normalize("NFKC", text).split())
    for p in session.rt.principles.list():
        assert p.title in flat, p.title
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no Word file or scratch left beside it
