"""The readout as a PDF: the Word readout, turned into PDF by LibreOffice (`soffice --headless`).

LibreOffice lays the document out as Word would print it (tables, charts, headers), which
Qt's text layout would not; it runs with a profile of its own, so a LibreOffice the user has
open is neither used nor disturbed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import FileProblem

CONVERT_TIMEOUT_S = 300


def office() -> str:
    """The LibreOffice program, or a clear refusal."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise FileProblem("a PDF needs LibreOffice (soffice), which is not installed; "
                          "export the readout as Word instead")
    return found


def docx_to_pdf(docx: Path, pdf: Path) -> Path:
    """Convert `docx` to the PDF `pdf` (replaced if it exists)."""
    program = office()
    with tempfile.TemporaryDirectory(prefix="qrt-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        try:
            done = subprocess.run([program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                                   "--outdir", tmp, str(docx)], capture_output=True, text=True,
                                  timeout=CONVERT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise FileProblem(f"LibreOffice took more than {CONVERT_TIMEOUT_S} s to make the PDF") from None
        except OSError as exc:
            raise FileProblem(f"could not start LibreOffice: {exc.strerror}") from None
        made = Path(tmp, Path(docx).with_suffix(".pdf").name)
        if done.returncode != 0 or not made.exists():
            reason = (done.stderr or done.stdout).strip().splitlines()
            raise FileProblem("LibreOffice could not make the PDF" + (f": {reason[-1]}" if reason else ""))
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(made), pdf)
    return pdf
