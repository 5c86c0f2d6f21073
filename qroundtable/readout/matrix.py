"""The positions matrix: principles × delegations, a coloured cell with a short label per stance.

A landscape page holds about twenty delegation columns; more delegations are split
over several tables (each with the principle column and a header row that repeats
on every page), so no table is ever clipped at the page edge.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from ..stances import STANCE_ORDER
from . import wordml
from .document import ReadoutDocument
from .gather import ReadoutData
from .sections import CM
from .wording import (NONE_FILL, NONE_SHORT, NONE_STYLE, STALE_FILL, STALE_SHORT, STALE_STYLE, STANCE_FILL,
                      STANCE_LABEL, STANCE_SHORT_LABEL, STANCE_STYLE)

FIRST_COLUMN = int(5.2 * CM)
MIN_COLUMN, MAX_COLUMN = int(1.05 * CM), int(1.6 * CM)  # the minimum fits "(S+A)" and "D001"
ROW_HEIGHT = int(0.55 * CM)


def chunks(codes: list[str], available: int) -> list[list[str]]:
    """`codes` split into balanced groups narrow enough for `available` twips beside the principle column."""
    if not codes:
        return []
    widest = max(len(c) for c in codes)
    # About 0.19 cm per character of a 7.5 pt bold code, plus the cell's margins.
    column = max(MIN_COLUMN, int((0.19 * widest + 0.3) * CM))
    per_table = max(1, (available - FIRST_COLUMN) // column)
    count = math.ceil(len(codes) / per_table)
    size = math.ceil(len(codes) / count)
    return [codes[i:i + size] for i in range(0, len(codes), size)]


def matrix_units(doc: ReadoutDocument, data: ReadoutData) -> int:
    return 1 + len(chunks(data.expected, doc.text_width(landscape=True)))


def write_matrix(doc: ReadoutDocument, data: ReadoutData) -> Iterator[str]:
    yield "Positions matrix"
    xml = [doc.heading("Positions matrix")]
    groups = chunks(data.expected, doc.usable_width())
    if not data.principles or not groups:
        doc.add(xml + [doc.para("No principles have been drafted yet." if not data.principles
                                else "No delegation is counted for this readout.", "Readout Note")])
        return
    xml.append(doc.para(f"Each delegation's current stance on each principle. {data.expected_note}"
                        + (f" The {len(data.expected)} delegations are split over {len(groups)} tables."
                           if len(groups) > 1 else ""), "Normal"))
    xml.append(_legend(doc))
    doc.add(xml)
    text_style = doc.style("Matrix Text")
    for i, group in enumerate(groups, 1):
        yield f"Positions matrix, table {i} of {len(groups)}"
        column = min(MAX_COLUMN, (doc.usable_width() - FIRST_COLUMN) // len(group))
        widths = [FIRST_COLUMN] + [column] * len(group)
        rows = [doc.header_row(["Principle", *group], widths, centre_from=1)]
        for p in data.principles:
            given = data.positions.get(p.number, {})
            cells = [wordml.cell(doc.para(f"{p.number}  {p.title}", "Table Text"), FIRST_COLUMN, valign="center")]
            cells += [_stance_cell(doc, given.get(code), column, text_style) for code in group]
            rows.append(wordml.row(cells, min_height=ROW_HEIGHT))
        # A caption before every table also keeps Word from merging it with the legend table above.
        caption = (f"Positions of delegations {group[0]} to {group[-1]} ({i} of {len(groups)})" if len(groups) > 1
                   else f"Positions: {len(group)} delegations, {len(data.principles)} principles")
        doc.add([doc.caption(caption, "Table"), wordml.table(doc.style("Readout Matrix"), widths, rows)])


def _stance_cell(doc: ReadoutDocument, pos, width: int, style_id: str) -> str:
    """A cell: the label in its stance's character style, on its stance's fill."""
    if pos is None:
        label, look, fill = NONE_SHORT, NONE_STYLE, NONE_FILL
    elif pos.stale:
        label, look, fill = STALE_SHORT.format(STANCE_SHORT_LABEL[pos.stance]), STALE_STYLE, STALE_FILL
    else:
        label, look, fill = STANCE_SHORT_LABEL[pos.stance], STANCE_STYLE[pos.stance], STANCE_FILL[pos.stance]
    return wordml.cell(wordml.paragraph(wordml.run(label, doc.style(look)), style_id), width, fill=fill,
                       valign="center")


def _legend(doc: ReadoutDocument) -> str:
    """One row: every label the cells use, on its own colour, with what it means."""
    entries = [(STANCE_SHORT_LABEL[s], STANCE_LABEL[s], STANCE_FILL[s], STANCE_STYLE[s]) for s in STANCE_ORDER]
    entries += [(STALE_SHORT.format("S"), "Stale: given on an older text", STALE_FILL, STALE_STYLE),
                (NONE_SHORT, "No position", NONE_FILL, NONE_STYLE)]
    width = doc.usable_width() // len(entries)
    text_style = doc.style("Table Text")
    cells = [wordml.cell(wordml.paragraph(wordml.run(f"{short}  {label}", doc.style(look)), text_style), width,
                         fill=fill, valign="center")
             for short, label, fill, look in entries]
    return wordml.table(doc.style("Readout Matrix"), [width] * len(entries), [wordml.row(cells)], header=False)
