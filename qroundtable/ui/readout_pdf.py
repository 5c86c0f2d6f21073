"""File ▸ Export ▸ Readout (PDF)…: the readout dialog, writing a PDF (LibreOffice makes it from the
Word readout, in the process of long work, so the window keeps answering)."""

from __future__ import annotations

from pathlib import Path

from .export_dialogs import ReadoutDialog


class ReadoutPdfDialog(ReadoutDialog):
    window_title = "Export readout (PDF)"
    ok_text = "Write PDF"
    file_filter = "PDF documents (*.pdf)"
    work_title = "Writing the readout as PDF"

    def suffix(self) -> str:
        return ".pdf"

    def default_path(self) -> Path:
        word = super().default_path()
        path, n = word.with_suffix(".pdf"), 2
        while path.exists():
            path = word.with_name(f"{word.stem}-{n}.pdf")
            n += 1
        return path

    def work(self, out: Path, replace: bool) -> tuple[str, dict]:
        return "write_readout_pdf", {"out": str(out), "options": self.options()}
