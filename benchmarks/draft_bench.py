"""Word in: a 200-paragraph draft imported into a fresh roundtable (``import_draft_200_s``).

The draft is written with python-docx: 200 principles numbered by hand ("1." …), every fourth with a bold
lead-in for its title and two lettered sub-items, bracketed wording throughout, as a secretariat's Rev.1 is.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import docx

from qroundtable.roundtable import Roundtable

PARAGRAPHS = 200


def write_draft(path: Path, clause) -> Path:
    document = docx.Document()
    document.add_heading("Draft guiding principles, Rev.1", 1)
    document.add_paragraph("The roundtable is invited to consider the following draft.")
    for n in range(1, PARAGRAPHS + 1):
        p = document.add_paragraph(f"{n}. ")
        if n % 4 == 0:
            p.add_run(f"Principle on topic {n}.").bold = True
            p.add_run(" ")
        p.add_run(clause(n))
        if n % 4 == 0:
            document.add_paragraph("(a) through bilateral [and multilateral] programmes;")
            document.add_paragraph("(b) in accordance with their respective laws.")
    document.save(str(path))
    return path


def measure(folder: Path, clause, log, t0: float) -> dict:
    log("Word in: a 200-paragraph draft", t0)
    draft = write_draft(folder / "draft-200.docx", clause)
    with Roundtable.create(folder / "draft.qrt", title="Draft", secretariat="US") as rt:
        start = time.perf_counter()
        result = rt.import_draft(draft)
        seconds = time.perf_counter() - start
        if len(result.added) != PARAGRAPHS or len(rt.principles.list()) != PARAGRAPHS:
            raise AssertionError("the draft's principles did not all arrive")
    return {"import_draft_200_s": round(seconds, 3)}


def measure_text(path: Path, log, t0: float) -> dict:
    """``export_text_large_s``: Rev.1 of the large file's 200 principles issued and written; ``redline_large_s``:
    after a new version of every principle, Rev.2 written as a redline from Rev.1 (200 paragraphs of tracked
    changes); ``import_markup_large_s``: a delegation's marked-up copy of Rev.3 with a tracked change in every
    principle, imported as its 200 amendments."""
    log("Word out: Rev.1 and a redline of the large file", t0)
    with tempfile.TemporaryDirectory(prefix="qrt-text-") as tmp, Roundtable.open(path) as rt:
        folder = Path(tmp)
        start = time.perf_counter()
        rt.export_text(folder / "rev1.docx")
        clean_s = time.perf_counter() - start
        with rt.batch("Revise every principle"):
            for p in rt.principles.list():
                rt.principles.edit(p.number, p.text.replace("shall", "should", 1) + " [as appropriate]")
        start = time.perf_counter()
        rt.export_text(folder / "rev2.docx", redline_from="Rev.1")
        redline_s = time.perf_counter() - start
        _, rev3 = rt.export_text(folder / "rev3.docx")
        marked = mark_up(rev3, folder / "rev3-marked.docx")
        code = rt.delegations.codes()[1]
        start = time.perf_counter()
        result = rt.import_markup(marked, code)
        markup_s = time.perf_counter() - start
        if len(result.amendments) != len(rt.principles.list()) or any(m.untracked for m in result.amendments):
            raise AssertionError("the marked-up copy's amendments did not all arrive as tracked changes")
    return {"export_text_large_s": round(clean_s, 3), "redline_large_s": round(redline_s, 3),
            "import_markup_large_s": round(markup_s, 3)}


def mark_up(source: Path, out: Path) -> Path:
    """A delegation's marked-up copy of `source`: a tracked insertion at the end of every principle's text, as
    Word writes one (w:ins around a run), the revision's custom properties kept."""
    import re
    import zipfile

    n = iter(range(10_000, 100_000))
    insertion = ('<w:ins w:id="{}" w:author="Delegation" w:date="2026-12-05T10:00:00Z"><w:r>'
                 '<w:t xml:space="preserve"> [as appropriate]</w:t></w:r></w:ins></w:p>')
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = re.sub(r'(<w:pStyle w:val="PrincipleText"/>.*?)</w:p>',
                              lambda m: m.group(1) + insertion.format(next(n)), data.decode("utf-8"), flags=re.S)
                data = text.encode("utf-8")
            dst.writestr(item, data)
    return out

