"""Builds `readout-template.docx`, the Word template every readout is written from.

The readout uses only the style names defined here (plus Word's built-in ones it
restyles), so an organisation restyles its readouts by opening the template in
Word, changing fonts, colours, spacing or table styles, and saving it over
`resources/readout-template.docx`; no code changes. The readout replaces the
template's body, header and footer, and keeps its styles and page set-up.

Run it again after changing this script (from the repository root):

    .venv/bin/python resources/make_template.py            # writes resources/readout-template.docx
    .venv/bin/python resources/make_template.py --out X.docx

It starts from python-docx's default template. The output is the same on every run.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from qroundtable.readout.wording import (NONE_INK, NONE_STYLE, STALE_INK, STALE_STYLE, STANCE_INK, STANCE_STYLE)
from qroundtable.stances import Stance

OUT = Path(__file__).with_name("readout-template.docx")
FONT = "Arial"  # on every Windows and Mac; Liberation Sans stands in for it on Linux
INK, ACCENT, MUTED = "1F2A37", "1F3864", "5A6472"

# name: (type, based on, size pt, bold, italic, colour, space before, space after, extras)
PARAGRAPH_STYLES = {
    "Normal": (None, 10, False, False, INK, 0, 6, {}),
    "Title": ("Normal", 26, True, False, ACCENT, 0, 8, {"border_bottom": ACCENT}),
    "Subtitle": ("Normal", 15, False, False, MUTED, 0, 24, {}),
    "Heading 1": ("Normal", 16, True, False, ACCENT, 18, 8, {"keep": True, "border_bottom": "BFC8D6"}),
    "Heading 2": ("Normal", 13, True, False, ACCENT, 16, 4, {"keep": True}),
    "Heading 3": ("Normal", 10.5, True, False, "2F5496", 10, 3, {"keep": True}),
    "Header": ("Normal", 8.5, True, False, "8A1C1C", 0, 0, {"align": "center"}),
    "Footer": ("Normal", 8.5, False, False, MUTED, 0, 0, {"align": "center"}),
    "Caption": ("Normal", 9, True, False, MUTED, 6, 4, {"keep": True}),
    # Readout-specific paragraph styles.
    "Cover Detail": ("Normal", 11, False, False, INK, 0, 5, {}),
    "Cover Note": ("Normal", 9, False, True, MUTED, 36, 0, {}),
    "Readout Note": ("Normal", 9.5, False, True, MUTED, 4, 6, {}),
    "Principle Meta": ("Normal", 9, False, False, MUTED, 0, 4, {"keep": True}),
    "Principle Text": ("Normal", 11, False, False, INK, 2, 8,
                       {"indent": 0.35, "border_left": ACCENT, "keep": True}),  # stays with its positions
    "Amendment Text": ("Normal", 10.5, False, False, INK, 2, 4,
                       {"indent": 0.35, "border_left": "E69F00", "keep_lines": True}),
    "Stance Group": ("Normal", 9.5, True, False, ACCENT, 6, 2, {"keep": True}),
    "Position Line": ("Normal", 9, False, False, INK, 0, 1, {"indent": 0.4}),
    "Table Text": ("Normal", 8.5, False, False, None, 0, 0, {}),
    # Header rows: a paragraph style's colour beats the table style's, so the header text needs its own.
    "Table Heading": ("Table Text", 8.5, True, False, "FFFFFF", 0, 0, {}),
    "Matrix Text": ("Table Text", 7.5, False, False, None, 0, 0, {"align": "center"}),
    "Table Number": ("Table Text", 8.5, False, False, None, 0, 0, {"align": "center"}),  # counts, times
    "Table Heading Number": ("Table Heading", 8.5, True, False, "FFFFFF", 0, 0, {"align": "center"}),
    "Chart": ("Normal", 10, False, False, INK, 4, 6, {"align": "center"}),
}
# name: (size pt or None, bold, italic, colour, shading)
CHARACTER_STYLES = {
    "Bracketed": (None, True, False, "5C4500", "FFF3B0"),  # disputed wording, as the app highlights it
    "Overdue": (None, True, False, "A50000", None),
    "Label": (None, True, False, None, None),
    "Detail": (None, False, True, None, None),  # an action item's detail under its title
    # The positions matrix's labels, each in its stance's ink (the app's colours).
    **{STANCE_STYLE[s]: (None, True, False, STANCE_INK[s], None) for s in Stance},
    STALE_STYLE: (None, False, True, STALE_INK, None),
    NONE_STYLE: (None, False, False, NONE_INK, None),
}
# name: (outer and inner border colour, header fill, header text colour, banded row fill, cell margin twips)
TABLE_STYLES = {
    "Readout Table": ("BFC8D6", ACCENT, "FFFFFF", "F2F5FA", 70),
    "Readout Matrix": ("FFFFFF", ACCENT, "FFFFFF", None, 20),
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write it (default: {OUT.name} here)")
    out = parser.parse_args(argv).out
    doc = Document()
    _page_setup(doc)
    _defaults(doc)
    styles = doc.styles
    for name, spec in PARAGRAPH_STYLES.items():
        _paragraph_style(styles, name, *spec)
    for name, spec in CHARACTER_STYLES.items():
        _character_style(styles, name, *spec)
    for name, spec in TABLE_STYLES.items():
        _table_style(styles, name, *spec)
    _sample(doc)
    _drop_leftovers(doc)
    props = doc.core_properties
    props.title, props.author, props.comments, props.last_modified_by = "qroundtable readout", "", "", ""
    props.created = props.modified = datetime(2026, 1, 1, tzinfo=timezone.utc)
    props.revision = 1
    doc.save(out)
    print(out)
    return 0


def _drop_leftovers(doc) -> None:
    """Parts of python-docx's own template every readout would otherwise carry: its preview picture
    (file managers would show it as the readout's thumbnail) and Word 2010's copy of the old styles."""
    for owner in (doc.part.package, doc.part):
        for r_id, rel in list(owner.rels.items()):
            if rel.reltype.endswith(("/thumbnail", "/stylesWithEffects")):
                del owner.rels[r_id]


def _page_setup(doc) -> None:
    """A4 with 2 cm margins: the paper size of nearly every roundtable member."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)


def _defaults(doc) -> None:
    """Explicit fonts instead of theme fonts, so a restyled template is read the same everywhere."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)


def _set_fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.get_or_add_rFonts()
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del fonts.attrib[attr]
    for which in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(which), FONT)


def _paragraph_style(styles, name, based_on, size, bold, italic, colour, before, after, extra) -> None:
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.quick_style = True
    if based_on:
        style.base_style = styles[based_on]
    font = style.font
    font.size, font.bold, font.italic = Pt(size), bold, italic
    rpr = style.element.get_or_add_rPr()
    _set_fonts(rpr)
    _set_cs_size(rpr, size)
    if colour:
        font.color.rgb = RGBColor.from_string(colour)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.1 if name not in ("Table Text", "Matrix Text") else 1.0
    fmt.keep_with_next = bool(extra.get("keep")) or None
    fmt.keep_together = bool(extra.get("keep_lines") or extra.get("keep")) or None
    if "indent" in extra:
        fmt.left_indent = Cm(extra["indent"])
    if extra.get("align") == "center":
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    borders = [(side, extra[key]) for side, key in (("left", "border_left"), ("bottom", "border_bottom"))
               if key in extra]
    if borders:
        ppr = style.element.get_or_add_pPr()
        for old in ppr.findall(qn("w:pBdr")):
            ppr.remove(old)
        width = {"left": 18, "bottom": 6}
        space = {"left": 8, "bottom": 4}
        inner = "".join(f'<w:{side} w:val="single" w:sz="{width[side]}" w:space="{space[side]}" w:color="{c}"/>'
                        for side, c in borders)
        # pBdr sits right after the keep/page-break flags in pPr's schema order.
        _insert_in_order(ppr, parse_xml(f"<w:pBdr {nsdecls('w')}>{inner}</w:pBdr>"),
                         after=("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
                                "w:widowControl", "w:numPr", "w:suppressLineNumbers"))
    if name in ("Header", "Footer"):
        # The default's tab stops assume Letter paper; the marking is centred by alignment instead.
        ppr = style.element.get_or_add_pPr()
        for old in ppr.findall(qn("w:tabs")):
            ppr.remove(old)


def _set_cs_size(rpr, size: float) -> None:
    """The complex-script size too: Arabic and Hebrew text is sized by `w:szCs`, not `w:sz`."""
    for old in rpr.findall(qn("w:szCs")):
        rpr.remove(old)
    rpr.find(qn("w:sz")).addnext(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{round(size * 2)}"/>'))


def _character_style(styles, name, size, bold, italic, colour, shading) -> None:
    style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.quick_style = True
    style.font.bold, style.font.italic = bold, italic
    if size:
        style.font.size = Pt(size)
    if colour:
        style.font.color.rgb = RGBColor.from_string(colour)
    if shading:
        rpr = style.element.get_or_add_rPr()
        # Shading, not a highlight colour: Word ignores highlight set in a style.
        _insert_in_order(rpr, parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{shading}"/>'),
                         after=("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
                                "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
                                "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
                                "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                                "w:effect", "w:bdr"))


def _table_style(styles, name, border, head_fill, head_text, band_fill, margin) -> None:
    style = styles.add_style(name, WD_STYLE_TYPE.TABLE)
    style.base_style = styles["Normal Table"]
    el = style.element
    sides = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="{border}"/>'
                    for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    band = (f'<w:tblStylePr w:type="band1Horz"><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{band_fill}"/>'
            f"</w:tcPr></w:tblStylePr>") if band_fill else ""
    xml = (
        f"<w:root {nsdecls('w')}>"
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblBorders>{sides}</w:tblBorders>'
        f'<w:tblCellMar><w:top w:w="{margin}" w:type="dxa"/><w:left w:w="{margin + 40}" w:type="dxa"/>'
        f'<w:bottom w:w="{margin}" w:type="dxa"/><w:right w:w="{margin + 40}" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>"
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/>'
        f'<w:color w:val="{head_text}"/></w:rPr><w:tblPr/><w:trPr><w:tblHeader/></w:trPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{head_fill}"/><w:vAlign w:val="bottom"/></w:tcPr>'
        f"</w:tblStylePr>{band}</w:root>"
    )
    for child in parse_xml(xml):
        el.append(child)


def _insert_in_order(parent, child, after: tuple[str, ...]) -> None:
    """Insert `child` after the last of `after` present in `parent` (Word insists on schema order)."""
    names = {qn(a) for a in after}
    anchor = None
    for existing in parent:
        if existing.tag in names:
            anchor = existing
    if anchor is None:
        parent.insert(0, child)
    else:
        anchor.addnext(child)


def _sample(doc) -> None:
    """One line per style, so whoever restyles the template sees each style in use."""
    doc.add_paragraph("Roundtable title", style="Title")
    doc.add_paragraph("Readout — meeting title", style="Subtitle")
    doc.add_paragraph("Date: 24 November 2026", style="Cover Detail")
    doc.add_paragraph("Section heading (Heading 1)", style="Heading 1")
    doc.add_paragraph("Principle heading (Heading 2)", style="Heading 2")
    doc.add_paragraph("Status: near · version 2 · 1 bracketed segment", style="Principle Meta")
    p = doc.add_paragraph("Participants ", style="Principle Text")
    p.add_run("[shall|should]", style="Bracketed")
    p.add_run(" promote collaboration.")
    doc.add_paragraph("Proposed amendment text (Amendment Text)", style="Amendment Text")
    doc.add_paragraph("Support (3)", style="Stance Group")
    doc.add_paragraph("Japan (JP): position comment", style="Position Line")
    doc.add_paragraph("A note to the reader (Readout Note)", style="Readout Note")
    table = doc.add_table(rows=3, cols=3, style="Readout Table")
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.paragraphs[0].text = "Heading" if r == 0 else f"Cell {r}.{c}"
            cell.paragraphs[0].style = doc.styles["Table Heading" if r == 0 else "Table Text"]
    doc.add_paragraph("Table caption (Caption)", style="Caption")
    p = doc.add_paragraph("Action item due 2026-01-01 ", style="Normal")
    p.add_run("OVERDUE", style="Overdue")


if __name__ == "__main__":
    sys.exit(main())
