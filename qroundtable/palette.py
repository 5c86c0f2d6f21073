"""The colours the roundtable's rules are shown in, the same in the app, the Word readout and the spreadsheet.

Colours are `#RRGGBB` text, so this module needs no Qt: the app turns them into `QColor`s
(`ui/style.py`), the readout and the workbook write them without the `#` (`bare`).
Stances follow the Okabe–Ito palette, safe for the common colour-vision deficiencies;
every coloured cell also carries a label, so nothing is said by colour alone. Each ink
reads on its fill at WCAG AA (a contrast of at least 4.5, `contrast_ratio`): white does not on
the green, the vermillion or the grey, so those carry a near-black of their own hue.
"""

from __future__ import annotations

from .stances import Stance, Status

STANCE_FILL = {
    Stance.SUPPORT: "#009E73",                  # bluish green
    Stance.SUPPORT_WITH_AMENDMENTS: "#56B4E9",  # sky blue
    Stance.RESERVATION: "#E69F00",              # orange
    Stance.ABSTAIN: "#BBBBBB",                  # grey
    Stance.OBJECT: "#D55E00",                   # vermillion
}
STANCE_INK = {
    Stance.SUPPORT: "#001A12",
    Stance.SUPPORT_WITH_AMENDMENTS: "#0B2233",
    Stance.RESERVATION: "#2B1D00",
    Stance.ABSTAIN: "#202020",
    Stance.OBJECT: "#1F0A00",
}
# Charts hatch each stance's fill differently, so a bar reads in greyscale and to the colour-blind too
# (with its short code written on it). Names of patterns, not Qt's: the app maps them to brush styles
# (`ui/style.py`), the readout's Pillow chart draws them itself.
STANCE_PATTERN = {
    Stance.SUPPORT: "solid",
    Stance.SUPPORT_WITH_AMENDMENTS: "horizontal",
    Stance.RESERVATION: "forward_diagonal",
    Stance.ABSTAIN: "dots",
    Stance.OBJECT: "cross",
}
NO_POSITION_PATTERN = "backward_diagonal"
# A stale stance (given on an older text) counts as no position: grey, written in italics.
STALE_FILL, STALE_INK = "#F2F2F2", "#6E6E6E"
NO_POSITION_FILL, NO_POSITION_INK = "#FFFFFF", "#6E6E6E"
NO_POSITION_EDGE = "#8A8A8A"  # the outline a white "no position" bar or swatch needs to be seen
SWATCH_EDGE = "#C8C8C8"  # the outline of a light chip (stale, no position) on a light background

STATUS_FILL = {
    Status.AGREED: "#009E73",
    Status.NEAR: "#E69F00",
    Status.CONTESTED: "#D55E00",
    Status.NOT_DISCUSSED: "#9E9E9E",
}
STATUS_INK = {
    Status.AGREED: "#001A12",
    Status.NEAR: "#2B1D00",
    Status.CONTESTED: "#1F0A00",
    Status.NOT_DISCUSSED: "#1A1A1A",
}
# Light tints of the status colours, for a whole table column: the full colours would shout.
STATUS_TINT = {
    Status.AGREED: "#D4F0E6",
    Status.NEAR: "#FBE8C4",
    Status.CONTESTED: "#F8D3BF",
    Status.NOT_DISCUSSED: "#EDEDED",
}

# An overdue action item (see `actions.is_overdue`): a light vermillion row, its date in dark orange.
OVERDUE_FILL, OVERDUE_INK = "#FBE0D0", "#9A3A00"


AA_CONTRAST = 4.5  # WCAG 2 level AA for normal text


def relative_luminance(color: str) -> float:
    """WCAG 2's relative luminance of an opaque `#RRGGBB` colour, 0 (black) to 1 (white)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2's contrast ratio of two opaque `#RRGGBB` colours: 1 (the same) to 21 (black on white)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def bare(color: str) -> str:
    """`#009E73` as `009E73`, the form Word and Excel files hold."""
    return color.removeprefix("#")
