"""Readouts open in a real word processor: LibreOffice turns them into PDFs with pages.

Also the `qroundtable readout` command, through click's CliRunner.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from readout_helpers import make_hostile, open_docx, texts

from qroundtable.cli import cli
from qroundtable.demo import build_demo
from qroundtable.readout import DEFAULT_MARKING, ReadoutOptions, write_readout
from qroundtable.roundtable import Roundtable

SOFFICE = shutil.which("soffice")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.qrt"
    build_demo(path).close()
    return path


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_readouts_to_pdf(demo_db, rt, tmp_path):
    with Roundtable.open(demo_db) as demo_rt:
        demo = write_readout(demo_rt, tmp_path / "demo.docx")
        whole = demo_rt.write_readout(tmp_path / "whole.docx", ReadoutOptions(meeting=None))
    with Roundtable.create(tmp_path / "empty.qrt", title="Empty", secretariat="US") as empty_rt:
        empty = write_readout(empty_rt, tmp_path / "empty.docx")
    make_hostile(rt)
    hostile = write_readout(rt, tmp_path / "hostile.docx")
    files = (demo, whole, empty, hostile)
    out = tmp_path / "pdf"
    # A private profile: no clash with a running LibreOffice or another test run.
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(out), *map(str, files)],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    for docx_file in files:
        pdf = out / f"{docx_file.stem}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 1000, (docx_file.name, result.stdout, result.stderr)
        if shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
            pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
            assert pages >= (5 if docx_file is not empty else 2), (docx_file.name, pages)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out / "demo.pdf"), "-"], capture_output=True, text=True,
                              timeout=60).stdout
        assert DEFAULT_MARKING in text
        assert "Page 1 of " in text and "Page 2 of " in text  # the fields were computed
        assert "Figure 1: Stances on principles 1 to 7" in text  # so were the captions' SEQ fields
        assert "Figure 2: Negotiation progress" in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(out / "demo.pdf"),
                        str(out / "page")], check=True, timeout=60)
        assert list(out.glob("page*.png"))


# -- the command line --------------------------------------------------------------------------------


def _run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "readout", *args])


def test_cli_writes_under_exports_by_default_and_prints_the_path(demo_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = _run(demo_db)
    assert first.exit_code == 0, first.output
    path = Path(first.stdout.strip())
    assert path == Path("exports/pursuing-quantum-information-together-2-n-vs-2n-2023-10-24.docx")
    assert (tmp_path / path).exists()
    second = _run(demo_db)
    assert second.exit_code == 0 and second.stdout.strip().endswith("-2023-10-24-2.docx")


def test_cli_refuses_an_existing_out_file_in_one_line(demo_db, tmp_path):
    out = tmp_path / "mine.docx"
    out.write_bytes(b"keep me")
    result = _run(demo_db, "--out", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "already exists" in lines[0] and "Traceback" not in result.output
    assert out.read_bytes() == b"keep me"


def test_cli_meeting_and_marking(demo_db, tmp_path):
    out = tmp_path / "whole.docx"
    result = _run(demo_db, "--meeting", "all", "--out", str(out), "--marking", "Restricted — delegates only")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    doc = open_docx(out)
    assert doc.sections[0].header.paragraphs[0].text == "Restricted — delegates only"
    assert texts(doc, "Subtitle") == ["Readout — the roundtable as a whole"]
    with Roundtable.open(demo_db) as rt:
        first = rt.meetings.list()[0]
    result = _run(demo_db, "--meeting", first.id[-8:], "--out", str(tmp_path / "first.docx"))
    assert result.exit_code == 0 and texts(open_docx(tmp_path / "first.docx"), "Subtitle") == [
        f"Readout — {first.title}"]
    missing = _run(demo_db, "--meeting", "ffffffff", "--out", str(tmp_path / "none.docx"))
    assert missing.exit_code == 1 and len(missing.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "none.docx").exists()


def test_cli_help_has_an_example():
    result = CliRunner().invoke(cli, ["readout", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "--marking" in result.output
