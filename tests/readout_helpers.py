"""Reading a readout back: its XML parts, paragraphs by style, tracked changes, table cells."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(path: Path):
    """The readout through python-docx (which fails on a malformed package or XML)."""
    return docx.Document(str(path))


def raw_parts(path: Path) -> dict[str, str]:
    """Every part of the package as text (images decoded leniently), to search for what must not leak."""
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name).decode("utf-8", errors="replace") for name in z.namelist()}


def style_ids(document) -> dict[str, str]:
    """Style name -> style id, as the XML refers to them."""
    return {s.name: s.style_id for s in document.styles}


def para_style(p) -> str | None:
    el = p.find(f"{W}pPr/{W}pStyle")
    return el.get(f"{W}val") if el is not None else None


def accepted_text(p) -> str:
    """A paragraph's text with every tracked change accepted (insertions kept, deletions dropped)."""
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def rejected_text(p) -> str:
    """A paragraph's text with every tracked change rejected (deletions kept, insertions dropped)."""
    parts = []
    for el in p.iter(f"{W}t", f"{W}delText"):
        if el.tag == f"{W}t" and any(a.tag == f"{W}ins" for a in el.iterancestors()):
            continue
        parts.append(el.text or "")
    return "".join(parts)


def paragraphs(document, style_name: str | None = None) -> list:
    """Every `w:p` of the body (tables included), or those in one style."""
    body = document.element.body
    if style_name is None:
        return list(body.iter(f"{W}p"))
    wanted = style_ids(document)[style_name]
    return [p for p in body.iter(f"{W}p") if para_style(p) == wanted]


def texts(document, style_name: str | None = None) -> list[str]:
    return [accepted_text(p) for p in paragraphs(document, style_name)]


def all_text(document) -> str:
    return "\n".join(texts(document))


def tables(document) -> list:
    return list(document.element.body.iter(f"{W}tbl"))


def table_rows(tbl) -> list[list[str]]:
    """The text of each cell, row by row (a cell's paragraphs joined by newlines)."""
    return [["\n".join(accepted_text(p) for p in tc.iter(f"{W}p")) for tc in tr.iter(f"{W}tc")]
            for tr in tbl.iter(f"{W}tr")]


def parse_part(path: Path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


# -- a hostile roundtable ----------------------------------------------------------------------------

ARABIC = "تعزيز التعاون العلمي وتبادل الأفكار"
HEBREW = "לקדם שיתוף פעולה מדעי [בכל|ברוב] המקרים."
CONTROL = "bell\x07 null\x00 escape\x1b vertical-tab\x0b end"
LONG = ("A very long comment. " * 5000)[:100_000]


def _raw(rt, table: str, row_id: str, values: dict) -> None:
    """Write straight to the store, as a damaged or foreign file could hold what validation refuses."""
    with rt.store.operation("hostile text", rt.actor):
        rt.store.update(table, row_id, values)


def make_hostile(rt) -> None:
    """Fill the `rt` fixture's roundtable with emoji, right-to-left scripts, markup, control
    characters written past validation, and a 100,000-character comment."""
    rt.delegations.rename("JP", 'Japan "& <Co>"')
    rt.principles.edit(1, f"Promote 🤝 collaboration — {ARABIC} [shall|should] 🇯🇵.")
    rt.principles.add("التعاون", HEBREW)
    rt.meetings.add("Meeting 🛰", "2026-11-20", place="Tōkyō", summary="Line one\n\nLine two", hosts="JP",
                    attending="US,JP,DK")
    rt.positions.set("JP", 1, "object", "odd \uffff non-character")
    rt.positions.set("DK", 1, "support", "short")
    rt.positions.set("US", 2, "reservation", "fine")
    rt.amendments.propose(1, "JP", "Promote collaboration 🤝 [shall].", "emoji & <markup>")
    rt.actions.add('<w:p> & </w:t> "quoted"', "JP", detail="]]> <!-- not a comment -->", due="2000-01-01",
                   meeting=rt.meetings.latest().id)
    rows = {r["code"]: r["id"] for r in rt.store.rows("SELECT p.id, d.code FROM positions p "
                                                        "JOIN delegations d ON d.id = p.delegation_id")}
    _raw(rt, "positions", rows["DK"], {"comment": LONG})
    _raw(rt, "positions", rows["US"], {"comment": CONTROL})
    meeting_id = rt.meetings.latest().id
    _raw(rt, "meetings", meeting_id, {"summary": f"Summary with {CONTROL}"})
