"""Word in: a 200-paragraph draft imported into a fresh roundtable (``import_draft_200_s``).

The draft is written with python-docx: 200 principles numbered by hand ("1." …), every fourth with a bold
lead-in for its title and two lettered sub-items, bracketed wording throughout, as a secretariat's Rev.1 is.
"""

from __future__ import annotations

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
