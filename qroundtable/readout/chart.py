"""The stances-per-principle chart: stacked bars drawn with Pillow (no Qt), inserted as pictures.

One bar per principle, one segment per stance, its length the number of counted
delegations giving that stance; the counts are printed in the segments wide enough
to hold them, so the chart reads without colour too. Thirty principles fit one picture
on a portrait page; more give several pictures.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .. import palette
from ..consensus import stances_in_words
from ..stances import NO_POSITION_LABEL, STANCE_ORDER
from . import wordml
from .document import ReadoutDocument
from .gather import ReadoutData
from .wording import STANCE_FILL, STANCE_INK, STANCE_LABEL

PER_PICTURE = 30
WIDTH_CM = 17.0
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Pixels: the picture is 1700 px wide and printed 17 cm wide, about 250 dpi.
WIDTH, MARGIN, LABEL_WIDTH, ROW, BAR = 1700, 24, 560, 56, 36
NONE_FILL, NONE_EDGE = palette.NO_POSITION_FILL, palette.NO_POSITION_EDGE
INK, GRID = "#1F2A37", "#D0D5DD"


@lru_cache(maxsize=None)
def _font(size: int, bold: bool = False):
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    try:
        return ImageFont.load_default(size)
    except TypeError:  # Pillow built without FreeType: a fixed-size bitmap font
        return ImageFont.load_default()


def chart_units(data: ReadoutData) -> int:
    return 1 + math.ceil(len(data.principles) / PER_PICTURE)


def write_chart(doc: ReadoutDocument, data: ReadoutData) -> Iterator[str]:
    yield "Chart"
    xml = [doc.heading("Stances per principle")]
    if not data.principles:
        doc.add(xml + [doc.para("No principles have been drafted yet.", "Readout Note")])
        return
    xml.append(doc.para("One bar per principle, one segment per stance, each as long as the number of "
                        f"delegations taking it. {data.expected_note}", "Normal"))
    doc.add(xml)
    pictures = [data.principles[i:i + PER_PICTURE] for i in range(0, len(data.principles), PER_PICTURE)]
    for i, group in enumerate(pictures, 1):
        yield f"Chart {i} of {len(pictures)}"
        if len(pictures) > 1:  # the caption keeps with its picture (Caption style: keep with next)
            doc.add(doc.para(f"Principles {group[0].number} to {group[-1].number} ({i} of {len(pictures)})",
                             "Caption"))
        rows = [(f"{p.number}  {p.title}", _counts(data, p.number)) for p in group]
        doc.add_picture(stacked_bars(rows, len(data.expected)), WIDTH_CM, "Chart",
                        title=f"Stances per principle {group[0].number} to {group[-1].number}",
                        description=chart_description(data, group))


def chart_description(data: ReadoutData, group) -> str:
    """The chart in words, for those who cannot see it: each principle's stances, counted (the app's words too)."""
    return stances_in_words(data.consensus[p.number] for p in group)


def _counts(data: ReadoutData, number: int) -> list[int]:
    counts = data.consensus[number].counts
    return [counts.get(s.value, 0) for s in STANCE_ORDER] + [counts.get("no_position", 0)]


def stacked_bars(rows: list[tuple[str, list[int]]], total: int) -> bytes:
    """A PNG of one horizontal bar per (label, counts per stance then no position), `total` wide."""
    total = max(total, 1)
    legend_h = _legend_height()
    height = MARGIN + legend_h + len(rows) * ROW + 80
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    _draw_legend(draw, MARGIN)
    x0, x1 = MARGIN + LABEL_WIDTH + 30, WIDTH - MARGIN - 20
    top = MARGIN + legend_h
    bottom = top + len(rows) * ROW
    for value in _ticks(total):
        x = x0 + (x1 - x0) * value / total
        draw.line([(x, top - 6), (x, bottom + 6)], fill=GRID, width=2)
        draw.text((x, bottom + 12), str(value), fill=INK, font=_font(22), anchor="mt")
    caption = "delegations"
    draw.text(((x0 + x1) / 2 - draw.textlength(caption, font=_font(22)) / 2, bottom + 44), caption, fill=INK,
              font=_font(22))
    fills = [f"#{STANCE_FILL[s]}" for s in STANCE_ORDER] + [NONE_FILL]
    inks = [f"#{STANCE_INK[s]}" for s in STANCE_ORDER] + [INK]
    for i, (label, counts) in enumerate(rows):
        y = top + i * ROW + (ROW - BAR) // 2
        text = _fit(draw, wordml.xml_safe(label), LABEL_WIDTH, _font(26))
        draw.text((MARGIN, y + BAR / 2), text, fill=INK, font=_font(26), anchor="lm")
        at = 0
        for n, fill, ink in zip(counts, fills, inks):
            if not n:
                continue
            left = x0 + (x1 - x0) * at / total
            right = x0 + (x1 - x0) * (at + n) / total
            at += n
            draw.rectangle([left, y, right, y + BAR], fill=fill, outline=NONE_EDGE if fill == NONE_FILL else "white",
                           width=2)
            number = str(n)
            if draw.textlength(number, font=_font(22, True)) + 8 < right - left:
                draw.text(((left + right) / 2, y + BAR / 2), number, fill=ink, font=_font(22, True), anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _legend_entries() -> list[tuple[str, str]]:
    return [(STANCE_LABEL[s], f"#{STANCE_FILL[s]}") for s in STANCE_ORDER] + [(NO_POSITION_LABEL, NONE_FILL)]


def _legend_lines() -> list[list[tuple[str, str, float]]]:
    """Legend entries (label, colour, width) wrapped into lines that fit the picture."""
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    lines: list[list[tuple[str, str, float]]] = [[]]
    used = 0.0
    for label, colour in _legend_entries():
        width = 40 + measure.textlength(label, font=_font(24)) + 36
        if used + width > WIDTH - 2 * MARGIN and lines[-1]:
            lines.append([])
            used = 0.0
        lines[-1].append((label, colour, width))
        used += width
    return lines


def _legend_height() -> int:
    return len(_legend_lines()) * 40 + 24


def _draw_legend(draw: ImageDraw.ImageDraw, top: int) -> None:
    for row, line in enumerate(_legend_lines()):
        x, y = MARGIN, top + row * 40
        for label, colour, width in line:
            draw.rectangle([x, y + 4, x + 28, y + 32], fill=colour, outline=NONE_EDGE, width=2)
            draw.text((x + 40, y + 18), label, fill=INK, font=_font(24), anchor="lm")
            x += width


def _ticks(total: int) -> list[int]:
    """Whole numbers of delegations at a round step (1, 2, 5, 10, 20, 25, 50…), about five of them."""
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10**9) if total / s <= 6)
    return list(range(0, total + 1, step))


def _fit(draw: ImageDraw.ImageDraw, text: str, width: int, font) -> str:
    """`text` cut with an ellipsis to fit `width` pixels."""
    text = " ".join(text.split())[:120]
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"
