"""How large each part of the Tour is drawn at its text size (12–40 pt), for the back of a room."""

from __future__ import annotations

from ..zoom import size_font


def scale_tour(tour) -> None:
    """The principle text at `font_size` points (times the app zoom), and what the room reads in proportion.

    What the room reads grows with the text: the principle's heading, who speaks and their
    stance, the tally with "still to hear", the round with its stance column. The chair's
    controls (choosers, stance keys, comment line, Back/Next) stay at the app's size, so the
    Tour still fits a 1280-pixel screen at 40 pt. Sizes are multiples of the application
    font, so View ▸ Zoom scales the Tour too.
    """
    s = tour.text_scale()
    damped = 1 + 0.5 * (s - 1)  # large lines grow less, or two of them would fill the screen
    side = 1 + 0.6 * (s - 1)  # the side's rows too, or at 40 pt the round has no room left below the tally
    size_font(tour.text, points=tour.font_size)
    size_font(tour.principle_heading, scale=1.45 * damped)
    size_font(tour.speaker, scale=2.9 * (1 + 0.15 * (s - 1)), bold=True)  # already the largest line
    size_font(tour.speaker_stance, scale=1.45 * damped)
    size_font(tour.comment_edit, scale=1.33)
    for heading in tour.headings:
        size_font(heading, scale=0.9 * side, bold=True)
    size_font(tour.round, scale=1.2 * side)
    size_font(tour.floor_strip.line, scale=1.1 * damped)
    tour.tally.set_scale(1.1 * side)
    # The side grows with its text, less than in proportion, so the principle keeps most of the width.
    tour.side.setFixedWidth(round(330 * (1 + 0.35 * (s - 1))))
    metrics = tour.round.fontMetrics()
    header = tour.round.header()
    header.resizeSection(0, metrics.horizontalAdvance("▶") + 16)
    header.resizeSection(2, metrics.horizontalAdvance("S+A*") + 20)
