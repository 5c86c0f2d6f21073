"""Colours, short labels and fonts shared by the views.

Stance colours follow the Okabe–Ito palette (safe for the common colour-vision
deficiencies) and every coloured cell also carries a text label, so nothing is
said by colour alone.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from ..stances import STANCE_LABELS, STANCE_SHORT, Stance, Status

STANCE_COLORS = {
    Stance.SUPPORT: QColor("#009E73"),                  # bluish green
    Stance.SUPPORT_WITH_AMENDMENTS: QColor("#56B4E9"),  # sky blue
    Stance.RESERVATION: QColor("#E69F00"),              # orange
    Stance.ABSTAIN: QColor("#BBBBBB"),                  # grey
    Stance.OBJECT: QColor("#D55E00"),                   # vermillion
}
# Text drawn on top of each stance colour, chosen for contrast.
STANCE_TEXT = {
    Stance.SUPPORT: QColor("#FFFFFF"),
    Stance.SUPPORT_WITH_AMENDMENTS: QColor("#0B2233"),
    Stance.RESERVATION: QColor("#2B1D00"),
    Stance.ABSTAIN: QColor("#202020"),
    Stance.OBJECT: QColor("#FFFFFF"),
}
STALE_COLOR = QColor("#F2F2F2")
NO_POSITION_COLOR = QColor("#FFFFFF")

STATUS_COLORS = {
    Status.AGREED: QColor("#009E73"),
    Status.NEAR: QColor("#E69F00"),
    Status.CONTESTED: QColor("#D55E00"),
    Status.NOT_DISCUSSED: QColor("#9E9E9E"),
}
STATUS_TEXT = {
    Status.AGREED: QColor("#FFFFFF"),
    Status.NEAR: QColor("#2B1D00"),
    Status.CONTESTED: QColor("#FFFFFF"),
    Status.NOT_DISCUSSED: QColor("#FFFFFF"),
}
# A symbol per status, for badges read on a projector or in greyscale.
STATUS_SYMBOL = {
    Status.AGREED: "✔",
    Status.NEAR: "◐",
    Status.CONTESTED: "✖",
    Status.NOT_DISCUSSED: "○",
}

BRACKET_HIGHLIGHT = QColor("#FFF3B0")
INSERT_COLOR = QColor("#D8F3DC")
DELETE_COLOR = QColor("#FFD6D6")


def stance_label(stance: Stance) -> str:
    return STANCE_LABELS[stance]


def stance_short(stance: Stance) -> str:
    return STANCE_SHORT[stance]


def status_badge(status: Status) -> str:
    return f"{STATUS_SYMBOL[status]} {status.label}"
