"""The stances-per-principle chart: stacked bars drawn with Pillow (no Qt), inserted as pictures.

One bar per principle, one segment per stance, its length the number of counted
delegations giving that stance; each stance is hatched its own way (the app's
patterns, `palette.STANCE_PATTERN`) and a segment wide enough carries the stance's
short code and count ("S+A 3"), else the count, so the chart reads without colour
too, printed in greyscale included. Thirty principles fit one picture
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
from ..stances import NO_POSITION_LABEL, NO_POSITION_SHORT, STANCE_ORDER, STANCE_SHORT
from ..words import tick_step
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
        # The caption keeps with its picture (Caption style: keep with next).
        doc.add(doc.caption(f"Stances on principles {group[0].number} to {group[-1].number}"
                            + (f" ({i} of {len(pictures)})" if len(pictures) > 1 else "")))
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
    _draw_legend(image, draw, MARGIN)
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
    patterns = [palette.STANCE_PATTERN[s] for s in STANCE_ORDER] + [palette.NO_POSITION_PATTERN]
    shorts = [STANCE_SHORT[s] for s in STANCE_ORDER] + [NO_POSITION_SHORT]
    for i, (label, counts) in enumerate(rows):
        y = top + i * ROW + (ROW - BAR) // 2
        text = _fit(draw, wordml.xml_safe(label), LABEL_WIDTH, _font(26))
        draw.text((MARGIN, y + BAR / 2), text, fill=INK, font=_font(26), anchor="lm")
        at = 0
        for n, fill, ink, pattern, short in zip(counts, fills, inks, patterns, shorts):
            if not n:
                continue
            left = x0 + (x1 - x0) * at / total
            right = x0 + (x1 - x0) * (at + n) / total
            at += n
            _swatch(image, (left, y, right, y + BAR), fill, _hatch_colour(fill, ink, pattern), pattern)
            draw.rectangle([left, y, right, y + BAR], outline=NONE_EDGE if fill == NONE_FILL else "white", width=2)
            font = _font(22, True)
            number = next((t for t in (f"{short} {n}", str(n)) if draw.textlength(t, font=font) + 8 < right - left),
                          None)
            if number is not None:
                centre = ((left + right) / 2, y + BAR / 2)
                if pattern != "solid":  # a plain backing: hatching under letters blurs them
                    box = draw.textbbox(centre, number, font=font, anchor="mm")
                    draw.rectangle([box[0] - 4, box[1] - 3, box[2] + 4, box[3] + 3], fill=fill)
                draw.text(centre, number, fill=ink, font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _legend_entries() -> list[tuple[str, str, str, str]]:
    """(label, fill, hatching colour, pattern) per stance, then no position."""
    entries = [(f"{STANCE_LABEL[s]} ({STANCE_SHORT[s]})", f"#{STANCE_FILL[s]}",
                _hatch_colour(f"#{STANCE_FILL[s]}", f"#{STANCE_INK[s]}", palette.STANCE_PATTERN[s]),
                palette.STANCE_PATTERN[s]) for s in STANCE_ORDER]
    return entries + [(f"{NO_POSITION_LABEL} ({NO_POSITION_SHORT})", NONE_FILL, palette.SWATCH_EDGE,
                       palette.NO_POSITION_PATTERN)]


def _hatch_colour(fill: str, ink: str, pattern: str) -> str:
    """The ink, half blended into the fill (as the app's faint hatching): seen in greyscale, clear of the text."""
    if pattern == "solid":
        return fill
    a, b = (tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in (fill, ink))
    return "#" + "".join(f"{round(x + (y - x) * 0.47):02X}" for x, y in zip(a, b))


def _swatch(image: Image.Image, box: tuple[float, float, float, float], fill: str, hatch: str, pattern: str) -> None:
    """Fill `box` with `fill` and hatch it with `pattern` (palette.STANCE_PATTERN's names) in `hatch`."""
    left, top, right, bottom = (round(v) for v in box)
    w, h = max(1, right - left), max(1, bottom - top)
    tile = Image.new("RGB", (w, h), fill)
    draw = ImageDraw.Draw(tile)
    step = 12
    if pattern in ("horizontal", "cross"):
        for y in range(step // 2, h, step):
            draw.line([(0, y), (w, y)], fill=hatch, width=2)
    if pattern == "cross":
        for x in range(step // 2, w, step):
            draw.line([(x, 0), (x, h)], fill=hatch, width=2)
    if pattern == "forward_diagonal":  # falling left to right, as Qt's FDiagPattern
        for x in range(-h, w, step):
            draw.line([(x, 0), (x + h, h)], fill=hatch, width=2)
    if pattern == "backward_diagonal":  # rising left to right, as Qt's BDiagPattern
        for x in range(0, w + h, step):
            draw.line([(x, 0), (x - h, h)], fill=hatch, width=2)
    if pattern == "dots":
        for y in range(2, h, 6):
            for x in range(2 + (y // 6 % 2) * 3, w, 6):
                draw.rectangle([x, y, x + 1, y + 1], fill=hatch)
    image.paste(tile, (left, top))


def _legend_lines() -> list[list[tuple[tuple[str, str, str, str], float]]]:
    """Legend entries (as `_legend_entries`, with their width) wrapped into lines that fit the picture."""
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    lines: list[list[tuple[tuple[str, str, str, str], float]]] = [[]]
    used = 0.0
    for entry in _legend_entries():
        width = 60 + measure.textlength(entry[0], font=_font(24)) + 36
        if used + width > WIDTH - 2 * MARGIN and lines[-1]:
            lines.append([])
            used = 0.0
        lines[-1].append((entry, width))
        used += width
    return lines


def _legend_height() -> int:
    return len(_legend_lines()) * 40 + 24


def _draw_legend(image: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
    for row, line in enumerate(_legend_lines()):
        x, y = MARGIN, top + row * 40
        for (label, colour, hatch, pattern), width in line:  # a swatch wider than high: room for its hatching
            _swatch(image, (x, y + 4, x + 48, y + 32), colour, hatch, pattern)
            draw.rectangle([x, y + 4, x + 48, y + 32], outline=NONE_EDGE, width=2)
            draw.text((x + 60, y + 18), label, fill=INK, font=_font(24), anchor="lm")
            x += width


def _ticks(total: int) -> list[int]:
    """Whole numbers of delegations at a round step (1, 2, 5, 10, 20, 25, 50…), about five of them."""
    return list(range(0, total + 1, tick_step(total, 6)))


def _fit(draw: ImageDraw.ImageDraw, text: str, width: int, font) -> str:
    """`text` cut with an ellipsis to fit `width` pixels."""
    text = " ".join(text.split())[:120]
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"
