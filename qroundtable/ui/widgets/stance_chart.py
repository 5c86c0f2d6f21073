"""Painted charts of the consensus view: stances per principle, and principles agreed per meeting.

Drawn with QPainter (no QtCharts). Both are meant to be read on a projector:
large type, a legend, the numbers written on the bars, and nothing said by
colour alone: a segment carries its stance's short code and count ("S+A 3") and
a hatching of its own, the legend the same hatching; columns carry their value.
Both paint a white ground of their own with dark ink whatever the platform palette
(a high-contrast one included): the stance colours and their inks are chosen
against each other and against white, so the charts stay legible as a whole.
Assistive technology reads them through their accessible description, the data
in words (`consensus.stances_in_words`, the readout's words too).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QLineF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...consensus import agreed_by_meeting_in_words, meeting_tally_in_words, stances_in_words
from ...model import PrincipleConsensus
from ...stances import (NO_POSITION, NO_POSITION_LABEL, NO_POSITION_SHORT, STANCE_LABELS, STANCE_ORDER, STANCE_SHORT,
                        Status)
from ..style import (NO_POSITION_COLOR, NO_POSITION_LINE, NO_POSITION_PATTERN, STANCE_COLORS, STANCE_PATTERNS,
                     STANCE_TEXT, STATUS_COLORS, SWATCH_EDGE)
from ..zoom import points as zoom_points

GRID = QColor("#D9DEE4")
INK = QColor("#1F2A37")
MUTED = QColor("#5B6675")
# The status written beside a bar, in a darker shade of its colour: 150 keeps each at 4.5:1 or more on white
# (130 left "Near" at 3.7).
STATUS_INK_ON_WHITE = {s: STATUS_COLORS[s].darker(150) for s in Status} | {Status.NOT_DISCUSSED: MUTED}


def _font(widget: QWidget, points: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(zoom_points(points))  # painted text follows View ▸ Zoom too
    font.setBold(bold)
    return font


@dataclass(frozen=True)
class Segment:
    """How one stance (or no position) is drawn: fill, hatching over it, ink for its text, short code."""

    key: str  # the stance's value, or NO_POSITION
    label: str
    short: str
    fill: QColor
    hatch: QColor  # the colour of the hatching lines
    pattern: Qt.BrushStyle
    ink: QColor
    edge: QColor | None  # an outline, for the white "no position"


def _hatch(ink: QColor) -> QColor:
    # The ink, faint: the lines show in greyscale yet stay clear of the text (which gets a plain backing).
    color = QColor(ink)
    color.setAlpha(120)
    return color


SEGMENTS = [Segment(s.value, STANCE_LABELS[s], STANCE_SHORT[s], STANCE_COLORS[s], _hatch(STANCE_TEXT[s]),
                    STANCE_PATTERNS[s], STANCE_TEXT[s], None) for s in STANCE_ORDER]
SEGMENTS.append(Segment(NO_POSITION, NO_POSITION_LABEL, NO_POSITION_SHORT, NO_POSITION_COLOR, QColor(SWATCH_EDGE),
                        NO_POSITION_PATTERN, INK, NO_POSITION_LINE))


def _draw_swatch(p: QPainter, rect: QRectF, seg: Segment, edge: QColor | None) -> None:
    """A segment or legend box: the fill, then its hatching, then the outline."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(seg.fill)
    p.drawRect(rect)
    if seg.pattern != Qt.BrushStyle.NoBrush:
        p.setBrush(QBrush(seg.hatch, seg.pattern))
        p.drawRect(rect)
    p.setBrush(Qt.BrushStyle.NoBrush)
    line = seg.edge or edge
    if line is not None:
        p.setPen(QPen(line, 1))
        p.drawRect(rect)


class StanceChart(QWidget):
    """Horizontal stacked bars: for each principle, how many delegations hold each stance.

    It reads the `PrincipleConsensus` rows of a ConsensusTableModel and repaints when
    the model changes, so it never queries the roundtable itself.
    """

    ROW_HEIGHT = 34  # the least; rows grow to fill the space when there are few principles
    MAX_ROW_HEIGHT = 52
    LABEL_WIDTH = 340
    STATUS_WIDTH = 150

    def __init__(self, model, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self._rows_changed)
        model.dataChanged.connect(self._rows_updated)
        self.setAccessibleName("Chart: stances per principle")
        self._describe()

    def _describe(self) -> None:
        # A screen reader cannot see the bars: the description says them in words. One join over the rows,
        # under a millisecond for 200 principles, done only when the counts change.
        self.setAccessibleDescription(stances_in_words(self.model.consensus_rows()))

    def _rows_changed(self, *args) -> None:
        self._describe()
        self.updateGeometry()
        self.setMinimumHeight(self._content_height())
        self.update()

    def _rows_updated(self, top_left, bottom_right, roles=()) -> None:
        self._describe()
        # A stance edit repaints its own bar only: on 200 principles a whole repaint is what costs.
        top, row_h = self._legend_height(), self._row_height()
        self.update(0, top + top_left.row() * row_h, self.width(),
                    (bottom_right.row() - top_left.row() + 1) * row_h)

    def _row_height(self) -> int:
        n = max(1, self.model.rowCount())
        return max(self.ROW_HEIGHT, min(self.MAX_ROW_HEIGHT, (self.height() - self._legend_height() - 12) // n))

    def _legend_height(self) -> int:
        lines = 1 + max(y for _, _, _, y in self._legend_layout())
        return lines * (QFontMetrics(_font(self, 10)).height() + 4) + 10

    def _legend_layout(self) -> list[tuple[str, Segment, int, int]]:
        """Each legend entry with its x and its line: entries go on as many lines as the width needs,
        rather than run off the right edge on a small screen."""
        metrics = QFontMetrics(_font(self, 10))
        box = self._swatch_width(metrics)
        x, line, placed = 6, 0, []
        for text, seg in self.legend_items():
            width = box + 5 + metrics.horizontalAdvance(text)
            if x > 6 and x + width > self.width() - 6:
                x, line = 6, line + 1
            placed.append((text, seg, x, line))
            x += width + 16
        return placed

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.minimumHeight() != self._content_height():  # the legend took more or fewer lines
            self.setMinimumHeight(self._content_height())

    def _content_height(self) -> int:
        rows = max(1, self.model.rowCount())
        return self._legend_height() + rows * self.ROW_HEIGHT + 12

    def sizeHint(self) -> QSize:
        return QSize(760, self._content_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(420, self._content_height())

    def legend_items(self) -> list[tuple[str, Segment]]:
        return [(f"{seg.label} ({seg.short})", seg) for seg in SEGMENTS]

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(event.rect(), QColor("#FFFFFF"))
        rows = self.model.consensus_rows()
        top = self._legend_height()
        if event.rect().top() < top:
            self._paint_legend(p)
        if not rows:
            p.setPen(MUTED)
            p.setFont(_font(self, 11))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No principles yet")
            p.end()
            return
        row_h = self._row_height()
        # Only the rows in the exposed part: a scrolled chart of 200 principles shows a dozen.
        first = max(0, (event.rect().top() - top) // row_h)
        last = min(len(rows) - 1, (event.rect().bottom() - top) // row_h)
        bar_h = round(row_h * 0.7)
        label_w = min(self.LABEL_WIDTH, int(self.width() * 0.34))
        bar_left = label_w + 8
        bar_right = self.width() - self.STATUS_WIDTH - 8
        bar_w = max(40, bar_right - bar_left)
        total = max(max(sum(r.counts.values()) for r in rows), 1)
        label_font, count_font, status_font = _font(self, 10.5), _font(self, 10, True), _font(self, 10, True)
        label_metrics, status_metrics = QFontMetrics(label_font), QFontMetrics(status_font)
        for i in range(first, last + 1):
            r = rows[i]
            y = top + i * row_h
            bar = QRectF(bar_left, y + (row_h - bar_h) / 2, bar_w, bar_h)
            p.setFont(label_font)
            p.setPen(INK)
            label = label_metrics.elidedText(f"{r.principle}  {r.title}", Qt.TextElideMode.ElideRight, label_w - 6)
            p.drawText(QRectF(4, y, label_w - 4, row_h),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            self._paint_bar(p, bar, r, total, count_font)
            status_rect = QRectF(bar_right + 10, y, self.STATUS_WIDTH - 4, row_h)
            p.setFont(status_font)
            p.setPen(STATUS_INK_ON_WHITE[r.status])
            text = r.status.badge + (f" ({r.agreed_by})" if r.agreed_by else "")
            p.drawText(status_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       status_metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(status_rect.width())))
        p.end()

    def _paint_bar(self, p: QPainter, bar: QRectF, r: PrincipleConsensus, total: int, font: QFont) -> None:
        metrics = QFontMetrics(font)
        x = bar.left()
        p.setFont(font)
        for seg in SEGMENTS:
            count = r.counts.get(seg.key, 0)
            if not count:
                continue
            w = bar.width() * count / total
            rect = QRectF(x, bar.top(), w, bar.height())
            _draw_swatch(p, rect, seg, QColor("#FFFFFF"))  # white between segments
            text = self.segment_text(metrics, seg, count, w)
            if text is not None:
                if seg.pattern != Qt.BrushStyle.NoBrush:  # a plain backing: hatching under letters blurs them
                    tw, th = metrics.horizontalAdvance(text) + 6, metrics.height()
                    p.fillRect(QRectF(rect.center().x() - tw / 2, rect.center().y() - th / 2, tw, th), seg.fill)
                p.setPen(seg.ink)
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            x += w

    @staticmethod
    def segment_text(metrics: QFontMetrics, seg: Segment, count: int, width: float) -> str | None:
        """The code and the count when both fit ("S+A 3"), else the count alone, else nothing."""
        return next((t for t in (f"{seg.short} {count}", str(count)) if metrics.horizontalAdvance(t) + 8 <= width),
                    None)

    def legend_swatches(self) -> list[tuple[str, QRectF]]:
        """Each legend entry's text and the box of its swatch, as painted."""
        metrics = QFontMetrics(_font(self, 10))
        box, width = metrics.height() - 2, self._swatch_width(metrics)
        return [(text, QRectF(x, 6 + line * (metrics.height() + 4) + 1, width, box))
                for text, _, x, line in self._legend_layout()]

    def _paint_legend(self, p: QPainter) -> None:
        font = _font(self, 10)
        metrics = QFontMetrics(font)
        p.setFont(font)
        for (text, rect), (_, seg) in zip(self.legend_swatches(), self.legend_items()):
            _draw_swatch(p, rect, seg, QColor(SWATCH_EDGE))
            p.setPen(INK)
            p.drawText(int(rect.right() + 5), int(rect.top() - 1 + metrics.ascent()), text)

    @staticmethod
    def _swatch_width(metrics: QFontMetrics) -> int:
        return 2 * (metrics.height() - 2)  # wider than high: room for its hatching to show


@dataclass(frozen=True)
class MeetingTally:
    """One column of the meetings chart: how many principles were agreed counting its attendees."""

    meeting_id: str
    title: str
    date: str
    agreed: int | None  # None when the meeting has no attendance recorded
    total: int


def short_date(iso: str) -> str:
    try:
        return date.fromisoformat(iso[:10]).strftime("%d %b %Y").lstrip("0")
    except ValueError:
        return iso


def draw_y_grid(p: QPainter, plot: QRectF, top: int, step: int, metrics: QFontMetrics, axis_w: float) -> None:
    """A grid line every `step` from 0 to `top` across `plot`, its value at the left (`axis_w` wide)."""
    for value in range(0, top + 1, step):
        y = plot.bottom() - plot.height() * value / top
        p.setPen(QPen(GRID, 1))
        p.drawLine(QLineF(plot.left(), y, plot.right(), y))
        p.setPen(MUTED)
        p.drawText(QRectF(0, y - metrics.height() / 2, axis_w, metrics.height()),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value))


def _every(label_width: float, slot: float) -> int:
    """Label every k-th column so labels `label_width` wide never overlap in columns `slot` wide."""
    return max(1, math.ceil(label_width / max(slot, 1.0)))


class AgreedByMeetingChart(QWidget):
    """Columns: principles agreed at each meeting, counting that meeting's attendees."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.tallies: list[MeetingTally] = []
        self.counted = False  # False until the first tallies arrive: "Counting…", never a false "No meetings yet"
        self.current: str | None = None
        self.drawn_labels: list[tuple[str, QRectF]] = []
        self.setMinimumSize(260, 200)
        self.setAccessibleName("Chart: principles agreed per meeting")
        self.setAccessibleDescription(agreed_by_meeting_in_words([]))

    def set_tallies(self, tallies: list[MeetingTally], current: str | None, *, counted: bool = True) -> None:
        self.tallies = list(tallies)
        self.counted = counted
        self.current = current
        self.setToolTip("\n".join(meeting_tally_in_words(t) for t in self.tallies))
        self.setAccessibleDescription(agreed_by_meeting_in_words(self.tallies))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(380, 300)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#FFFFFF"))
        if not self.tallies:
            p.setPen(MUTED)
            p.setFont(_font(self, 11))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       "No meetings yet.\nAdd one under Meetings." if self.counted else "Counting…")
            p.end()
            return
        small, value_font = _font(self, 9.5), _font(self, 11, True)
        sm, vm = QFontMetrics(small), QFontMetrics(value_font)
        top_max = max(max(t.total for t in self.tallies), 1)
        axis_w = sm.horizontalAdvance(str(top_max)) + 10
        plot = QRectF(axis_w + 4, vm.height() + 8, self.width() - axis_w - 12,
                      self.height() - vm.height() - 8 - 2 * sm.height() - 14)
        # Grid and y axis: one line per principle count when few, else about five.
        step = 1 if top_max <= 10 else max(1, round(top_max / 5))
        p.setFont(small)
        draw_y_grid(p, plot, top_max, step, sm, axis_w)
        n = len(self.tallies)
        slot = plot.width() / n
        col_w = min(72.0, slot * 0.62)
        agreed_color = STATUS_COLORS[Status.AGREED]
        # Twenty meetings in 400 px leave each column about 20 px: labels that no longer fit are
        # thinned out (every k-th, the meeting in view always) rather than drawn over each other.
        values = [f"{t.agreed}/{t.total}" if t.agreed is not None else "" for t in self.tallies]
        if max(vm.horizontalAdvance(v) for v in values) + 4 > slot:
            values = [str(t.agreed) if t.agreed is not None else "" for t in self.tallies]
        value_every = _every(max(vm.horizontalAdvance(v) for v in values) + 4, slot)
        bold = QFontMetrics(_font(self, 9.5, True))  # the meeting in view's label is bold
        date_every = _every(max(bold.horizontalAdvance(short_date(t.date) + " ◆") for t in self.tallies) + 6, slot)
        here = next((i for i, t in enumerate(self.tallies) if t.meeting_id == self.current), None)

        def labelled(i: int, every: int) -> bool:  # the meeting in view, and every k-th clear of it
            return i == here or (i % every == 0 and (here is None or abs(i - here) >= every))
        show_titles = slot >= 70  # an elided title narrower than this says nothing; the tooltip has them all
        self.drawn_labels = []  # (text, the box its ink takes): what a test checks for overlaps
        for i, t in enumerate(self.tallies):
            cx = plot.left() + slot * (i + 0.5)
            in_view = t.meeting_id == self.current
            if t.agreed is None:
                p.setPen(MUTED)
                p.setFont(small)
                p.drawText(QRectF(cx - slot / 2, plot.bottom() - sm.height() * 2, slot, sm.height() * 2),
                           Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, "no attendance")
            else:
                h = plot.height() * t.agreed / top_max
                col = QRectF(cx - col_w / 2, plot.bottom() - h, col_w, h)
                p.setPen(QPen(INK, 2) if in_view else Qt.PenStyle.NoPen)
                p.setBrush(agreed_color.darker(115) if in_view else agreed_color)
                p.drawRect(col)
                if labelled(i, value_every):
                    p.setFont(value_font)
                    p.setPen(INK)
                    p.drawText(QRectF(cx - slot * value_every / 2, col.top() - vm.height() - 2, slot * value_every,
                                      vm.height()), Qt.AlignmentFlag.AlignCenter, values[i])
            label_font = _font(self, 9.5, in_view)
            lm = QFontMetrics(label_font)
            p.setFont(label_font)
            p.setPen(INK if in_view else MUTED)
            if labelled(i, date_every):
                label = short_date(t.date) + (" ◆" if in_view else "")
                wide = slot * date_every
                label = lm.elidedText(label, Qt.TextElideMode.ElideRight, int(wide))
                p.drawText(QRectF(cx - wide / 2, plot.bottom() + 4, wide, sm.height()), Qt.AlignmentFlag.AlignCenter,
                           label)
                ink = lm.horizontalAdvance(label)
                self.drawn_labels.append((label, QRectF(cx - ink / 2, plot.bottom() + 4, ink, sm.height())))
            if show_titles:
                p.drawText(QRectF(cx - slot / 2, plot.bottom() + 4 + sm.height(), slot, sm.height()),
                           Qt.AlignmentFlag.AlignCenter,
                           lm.elidedText(t.title, Qt.TextElideMode.ElideRight, int(slot) - 6))
        if any(t.meeting_id == self.current for t in self.tallies):
            p.setFont(small)
            p.setPen(MUTED)
            p.drawText(QRectF(plot.left(), 0, plot.width(), vm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "◆ meeting in view")
        p.setPen(QPen(INK, 1))
        p.drawLine(QLineF(plot.left(), plot.bottom(), plot.right(), plot.bottom()))
        p.end()
