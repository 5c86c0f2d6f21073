"""WordprocessingML written as text: paragraphs, runs and cells for the readout's body.

Large readouts hold tens of thousands of paragraphs and table cells; building them
as XML text and parsing each block once is many times faster than python-docx's
object API. Every function here returns a string of `w:` elements; `document.py`
parses them into the document. Element order inside `w:pPr`/`w:rPr`/`w:tcPr`
follows the schema, because Word refuses a file that breaks it.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from ..cells import printable

# Stands in a run's properties until its paragraph's direction is known; XML can't hold it, and
# xml_safe() removes it from all text, so it never collides with content.
NEUTRAL = "\x00"
_RTL_CLASSES = frozenset({"R", "AL"})
_LTR_CLASSES = frozenset({"L"})


def xml_safe(text: str | None) -> str:
    """`text` with each character a file cannot hold replaced by U+FFFD (`cells.printable`), and line ends as `\\n`.

    Only the document gets the replacement; the roundtable file keeps what it holds.
    """
    return printable((text or "").replace("\r\n", "\n").replace("\r", "\n"))


def attr(text: str | None) -> str:
    """`text` made safe as an XML attribute value (without the quotes)."""
    return escape(xml_safe(text), {'"': "&quot;", "\n": " ", "\t": " "})


def is_rtl(text: str) -> bool:
    """Whether `text` reads right to left: its first strongly directional character is Hebrew/Arabic-like."""
    if text.isascii():  # the common case, decided without a look-up per character
        return False
    for char in text:
        cls = unicodedata.bidirectional(char)
        if cls in _RTL_CLASSES:
            return True
        if cls in _LTR_CLASSES:
            return False
    return False


def direction_spans(text: str) -> list[tuple[str, str]]:
    """`text` cut into (span, direction) pieces: "rtl" from a strong right-to-left character to the
    last one before a strong left-to-right character (so spaces and brackets between Arabic or
    Hebrew words stay with them), "ltr" likewise, and "neutral" for what lies between the two or
    holds no letters at all, which takes the direction of the paragraph it ends up in."""
    if text.isascii():  # the common case, decided without a look-up per character
        return [(text, "ltr" if any(c.isalpha() for c in text) else "neutral")]
    kinds = ["rtl" if k in _RTL_CLASSES else "ltr" if k in _LTR_CLASSES else None
             for k in map(unicodedata.bidirectional, text)]
    spans: list[tuple[str, str]] = []
    start = i = 0
    while i < len(text):
        kind = kinds[i]
        if kind is None:
            i += 1
            continue
        last = j = i  # extend over neutrals up to the last character of the same direction
        while j < len(text) and kinds[j] in (None, kind):
            if kinds[j] == kind:
                last = j
            j += 1
        if i > start:
            spans.append((text[start:i], "neutral"))
        spans.append((text[i:last + 1], kind))
        start = i = last + 1
    if start < len(text):
        spans.append((text[start:], "neutral"))
    return spans


def run(text: str, style_id: str | None = None, *, bold: bool = False, italic: bool = False,
        color: str | None = None, tag: str = "t") -> str:
    """A run of `text` (several where the script changes direction); newlines become line breaks
    and tabs real tabs. `tag="delText"` for the text of a tracked deletion."""
    if not text:
        return ""
    text = xml_safe(text)
    props = []
    if style_id:
        props.append(f'<w:rStyle w:val="{style_id}"/>')
    if bold:
        props.append("<w:b/><w:bCs/>")
    if italic:
        props.append("<w:i/><w:iCs/>")
    if color:
        props.append(f'<w:color w:val="{color}"/>')
    plain = "".join(props)
    # Only Arabic or Hebrew stretches are marked right-to-left (Word then lays them out and shapes
    # them as complex script): a whole run marked so would reorder the Latin words around them.
    # Spaces and punctuation between the two take the paragraph's direction, which `paragraph()`
    # fills in for the NEUTRAL marker: Word reads neutrals in an unmarked run as left-to-right.
    marked = {"ltr": plain, "rtl": plain + "<w:rtl/>", "neutral": plain + NEUTRAL}
    return "".join(f"<w:r>{_rpr(marked[direction])}{_run_content(span, tag)}</w:r>"
                   for span, direction in direction_spans(text))


def _rpr(props: str) -> str:
    return f"<w:rPr>{props}</w:rPr>" if props else ""


def _run_content(text: str, tag: str) -> str:
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:{tag} xml:space="preserve">{escape(chunk)}</w:{tag}>')
    return "".join(parts)


def paragraph(content: str | list[str], style_id: str | None = None, *, text_for_direction: str = "",
              page_break_before: bool = False, keep_next: bool = False, align: str | None = None) -> str:
    """A paragraph of runs (`content`); `text_for_direction` decides whether it reads right to left."""
    if isinstance(content, list):
        content = "".join(content)
    bidi = bool(text_for_direction) and is_rtl(text_for_direction)
    content = content.replace(NEUTRAL, "<w:rtl/>" if bidi else "")
    props = []
    if style_id:
        props.append(f'<w:pStyle w:val="{style_id}"/>')
    if keep_next:
        props.append("<w:keepNext/>")
    if page_break_before:
        props.append("<w:pageBreakBefore/>")
    if bidi:
        props.append("<w:bidi/>")
    if align:
        props.append(f'<w:jc w:val="{align}"/>')
    ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{content}</w:p>"


def text_paragraph(text: str, style_id: str | None = None, **kwargs) -> str:
    """A paragraph holding plain `text` in one run."""
    return paragraph(run(text), style_id, text_for_direction=text, **kwargs)


def paragraphs(text: str, style_id: str | None = None) -> list[str]:
    """Multi-line `text` as one paragraph per blank-line-separated block."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return [text_paragraph(b, style_id) for b in blocks]


def page_break() -> str:
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def field(instruction: str, placeholder: str = "1") -> str:
    """A complex field (PAGE, NUMPAGES): Word and LibreOffice compute it when laying out pages."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r><w:t>{placeholder}</w:t></w:r>"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


# -- tables --------------------------------------------------------------------------


def cell(content: str, width: int, *, fill: str | None = None, span: int = 1, valign: str | None = None) -> str:
    """A table cell `width` twips wide holding paragraph XML `content` (a cell needs at least one)."""
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if fill:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
    if valign:
        props.append(f'<w:vAlign w:val="{valign}"/>')
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def row(cells: list[str], *, header: bool = False, cant_split: bool = True, min_height: int = 0) -> str:
    """A table row (at least `min_height` twips); a header row repeats on every page the table runs onto."""
    props = (("<w:cantSplit/>" if cant_split else "")
             + (f'<w:trHeight w:val="{min_height}" w:hRule="atLeast"/>' if min_height else "")
             + ("<w:tblHeader/>" if header else ""))
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def table(style_id: str, widths: list[int], rows: list[str], *, header: bool = True) -> str:
    """A fixed-layout table of `rows` in table style `style_id`, columns `widths` twips wide.

    `header`: the first row is a header row, formatted by the style's first-row format.
    """
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    # tblLook tells Word (and LibreOffice) which of the style's conditional formats apply.
    look = ('<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            'w:noHBand="0" w:noVBand="1"/>' if header else
            '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            'w:noHBand="1" w:noVBand="1"/>')
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            f'<w:tblLayout w:type="fixed"/>{look}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')
