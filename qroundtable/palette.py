"""The colours the roundtable's rules are shown in, the same in the app, the Word readout and the spreadsheet.

Colours are `#RRGGBB` text, so this module needs no Qt: the app turns them into `QColor`s
(`ui/style.py`), the readout and the workbook write them without the `#` (`bare`).
Stances follow the Okabe–Ito palette, safe for the common colour-vision deficiencies;
every coloured cell also carries a label, so nothing is said by colour alone. Each ink
is chosen for contrast on its fill.
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
    Stance.SUPPORT: "#FFFFFF",
    Stance.SUPPORT_WITH_AMENDMENTS: "#0B2233",
    Stance.RESERVATION: "#2B1D00",
    Stance.ABSTAIN: "#202020",
    Stance.OBJECT: "#FFFFFF",
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
    Status.AGREED: "#FFFFFF",
    Status.NEAR: "#2B1D00",
    Status.CONTESTED: "#FFFFFF",
    Status.NOT_DISCUSSED: "#FFFFFF",
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


def bare(color: str) -> str:
    """`#009E73` as `009E73`, the form Word and Excel files hold."""
    return color.removeprefix("#")
