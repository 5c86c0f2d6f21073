"""The readout's negotiation progress: a line chart (Pillow, no Qt), the figures behind it, and who shifted.

Two lines over the milestones (`progress.py`): brackets remaining in the texts, and principles
agreed; a dashed line for the brackets, a solid one with square markers for the agreed, and each
point labelled with its value, so the chart reads in greyscale and without a legend's colours.
The picture's alternative text says the same in words.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from PIL import Image, ImageDraw

from ..progress import progress_in_words
from ..stances import NO_POSITION_LABEL, STANCE_ORDER
from ..words import plural, tick_step
from . import wordml
from .chart import GRID, INK, MARGIN, WIDTH, WIDTH_CM, _fit, _font
from .document import ReadoutDocument
from .gather import ReadoutData
from .wording import STANCE_SHORT_LABEL, long_date

HEIGHT, PLOT_TOP, PLOT_BOTTOM = 760, 120, 560
BRACKETS_INK, AGREED_INK = "#9A3A00", "#0B5A3C"


def write_progress(doc: ReadoutDocument, data: ReadoutData) -> Iterator[str]:
    yield "Negotiation progress"
    xml = [doc.heading("Negotiation progress")]
    progress = data.progress
    milestones = [] if progress is None else progress.milestones.to_dict("records")
    if not milestones or not any(m["principles"] for m in milestones):
        doc.add(xml + [doc.para("No principles had been drafted by any meeting or revision yet.", "Readout Note")])
        return
    xml.append(doc.para(
        "Each meeting (at the end of its day), each revision of the text issued"
        + (", and today" if milestones[-1]["kind"] == "now" else "")
        + ": the principles drafted, the brackets still in their texts, the principles agreed, and the stances "
          "then taken on the text then current, read from the history. A meeting counts its attendees where "
          "they were recorded, otherwise every delegation.", "Normal"))
    doc.add(xml)
    doc.add(doc.caption("Negotiation progress: brackets remaining and principles agreed"))
    doc.add_picture(progress_lines(milestones), WIDTH_CM, "Chart", title="Negotiation progress",
                    description=progress_in_words(milestones, long_date))
    doc.add(_milestone_table(doc, milestones))
    doc.add(_shifts(doc, data))


def _milestone_table(doc: ReadoutDocument, milestones: list[dict]) -> str:
    style = doc.style("Table Text")
    # Twips: a centimetre is 567. Whole words head the figures; the stances keep their short codes.
    fixed = [int(cm * 567) for cm in (2.2, 1.5, 1.75, 1.5)] + [int(1.15 * 567)] * (len(STANCE_ORDER) + 1)
    widths = [doc.usable_width() - sum(fixed), *fixed]
    heads = ["Milestone", "Date", "Drafted", "Brackets", "Agreed", *(STANCE_SHORT_LABEL[s] for s in STANCE_ORDER),
             "None"]
    rows = [doc.header_row(heads, widths, centre_from=2)]
    for m in milestones:
        values = [m["principles"], m["brackets"], m["agreed"], *(m[s.value] for s in STANCE_ORDER), m["no_position"]]
        cells = [wordml.cell(wordml.text_paragraph(m["label"], style), widths[0]),
                 wordml.cell(wordml.text_paragraph(long_date(m["date"]), style), widths[1])]
        cells += [wordml.cell(wordml.text_paragraph(str(v), doc.style("Table Number")), w)
                  for v, w in zip(values, widths[2:])]
        rows.append(wordml.row(cells))
    return "".join([wordml.table(doc.style("Readout Table"), widths, rows),
                    doc.para(f"Principles drafted, brackets remaining in their texts, principles agreed; stances as in "
                             f"the consensus overview, None: {NO_POSITION_LABEL.lower()} on the text then current.",
                             "Readout Note")])


def _shifts(doc: ReadoutDocument, data: ReadoutData) -> str:
    moved = [r for r in data.progress.shifts.to_dict("records") if r["shifts"] or r["withdrawn"]]
    xml = [doc.heading("Stance shifts", 2)]
    if not moved:
        xml.append(doc.para("No delegation has changed its stance on a principle.", "Normal"))
        return "".join(xml)
    for r in moved:
        parts = []
        if r["towards"]:
            parts.append(f"{r['towards']} towards agreement")
        if r["away"]:
            parts.append(f"{r['away']} away from it")
        if r["withdrawn"]:
            parts.append(f"{plural(r['withdrawn'], 'position')} withdrawn")
        when = f", last on {long_date(r['last_shift'])}" if r["last_shift"] else ""
        xml.append(doc.para(f"{data.name(r['delegation'])}: {plural(r['shifts'], 'shift')} "
                            f"({', '.join(parts)}){when}.", "Position Line"))
    quiet = len(data.progress.shifts) - len(moved)
    if quiet:
        xml.append(doc.para(f"The other {plural(quiet, 'delegation')} kept every stance they took.", "Readout Note"))
    return "".join(xml)


def progress_lines(milestones: list[dict]) -> bytes:
    """A PNG: brackets remaining (dashed) and principles agreed (solid) over the milestones."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    highest = max([1, *(max(m["brackets"], m["agreed"]) for m in milestones)])
    step = tick_step(highest, 6)
    top = -(-highest // step) * step  # the axis ends on a tick at or above the highest value
    x0, x1 = MARGIN + 90, WIDTH - MARGIN - 60
    n = len(milestones)
    xs = [x0 + (x1 - x0) * (i + 0.5) / n for i in range(n)]

    def y(value: int) -> float:
        return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * value / top

    for value in range(0, top + 1, step):
        draw.line([(x0, y(value)), (x1, y(value))], fill=GRID, width=2)
        draw.text((x0 - 16, y(value)), str(value), fill=INK, font=_font(22), anchor="rm")
    _legend(draw)
    for i, m in enumerate(milestones):
        label = _fit(draw, wordml.xml_safe(m["label"]), int((x1 - x0) / n) - 12, _font(22))
        draw.text((xs[i], PLOT_BOTTOM + 24), label, fill=INK, font=_font(22), anchor="mt")
        draw.text((xs[i], PLOT_BOTTOM + 56), long_date(m["date"]), fill=INK, font=_font(20), anchor="mt")
    _line(draw, xs, [y(m["brackets"]) for m in milestones], [m["brackets"] for m in milestones], BRACKETS_INK,
          dashed=True, above=False)
    _line(draw, xs, [y(m["agreed"]) for m in milestones], [m["agreed"] for m in milestones], AGREED_INK,
          dashed=False, above=True)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _legend(draw: ImageDraw.ImageDraw) -> None:
    x = MARGIN
    for label, ink, dashed in (("Brackets remaining", BRACKETS_INK, True), ("Principles agreed", AGREED_INK, False)):
        _segment(draw, (x, 50), (x + 70, 50), ink, dashed)
        _marker(draw, x + 35, 50, ink, dashed)
        draw.text((x + 84, 50), label, fill=INK, font=_font(24), anchor="lm")
        x += 84 + draw.textlength(label, font=_font(24)) + 60


def _line(draw, xs, ys, values, ink, *, dashed: bool, above: bool) -> None:
    for a, b in zip(zip(xs, ys), list(zip(xs, ys))[1:]):
        _segment(draw, a, b, ink, dashed)
    for x, y, value in zip(xs, ys, values):
        _marker(draw, x, y, ink, dashed)
        # Above the point for one line, to its right for the other: two equal values never overprint.
        draw.text((x, y - 22) if above else (x + 20, y), str(value), fill=ink, font=_font(24, True),
                  anchor="mb" if above else "lm")


def _segment(draw, a, b, ink, dashed: bool) -> None:
    if not dashed:
        draw.line([a, b], fill=ink, width=5)
        return
    (ax, ay), (bx, by) = a, b
    length = max(((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5, 1)
    dash = 18
    for start in range(0, int(length), dash * 2):
        end = min(start + dash, length)
        draw.line([(ax + (bx - ax) * start / length, ay + (by - ay) * start / length),
                   (ax + (bx - ax) * end / length, ay + (by - ay) * end / length)], fill=ink, width=5)


def _marker(draw, x, y, ink, round_: bool) -> None:
    """A circle on the dashed line, a square on the solid one: two shapes, not only two colours."""
    box = [x - 10, y - 10, x + 10, y + 10]
    (draw.ellipse if round_ else draw.rectangle)(box, fill="white", outline=ink, width=5)
