"""The consensus view's negotiation progress: brackets remaining and principles agreed, milestone by milestone.

Painted with QPainter like the other charts of the view (`stance_chart.py`): white ground, dark ink,
and nothing said by colour alone — the brackets a dashed line with round markers, the agreed a solid
one with square markers, every point carrying its value. Screen readers get the same in words
(`progress.progress_in_words`, the readout's alternative text too).
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ...progress import progress_in_words
from ...words import tick_step
from .stance_chart import INK, MUTED, _font, draw_y_grid, short_date

BRACKETS, AGREED = QColor("#9A3A00"), QColor("#0B5A3C")  # 4.5:1 and more on white


class ProgressChart(QWidget):
    """Two lines over the milestones of `progress.negotiation_progress`."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.milestones: list[dict] = []
        self.counted = False  # "Counting…" until the first figures arrive
        self.setMinimumSize(260, 200)
        self.setAccessibleName("Chart: negotiation progress")
        self.setAccessibleDescription(progress_in_words([]))

    def set_milestones(self, milestones: list[dict], *, counted: bool = True) -> None:
        self.milestones = list(milestones)
        self.counted = counted
        words = progress_in_words(self.milestones)
        self.setAccessibleDescription(words)
        self.setToolTip(words.replace("; ", "\n"))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(380, 300)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#FFFFFF"))
        if not any(m["principles"] for m in self.milestones):
            p.setPen(MUTED)
            p.setFont(_font(self, 11))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       "No principles drafted by any meeting or revision yet." if self.counted else "Counting…")
            p.end()
            return
        small, value_font = _font(self, 9.5), _font(self, 10.5, True)
        sm, vm = QFontMetrics(small), QFontMetrics(value_font)
        highest = max([1, *(max(m["brackets"], m["agreed"]) for m in self.milestones)])
        step = tick_step(highest, 5)
        top = -(-highest // step) * step
        legend_h = self._legend(p, small)
        axis_w = sm.horizontalAdvance(str(top)) + 10
        plot = QRectF(axis_w + 4, legend_h + vm.height() + 6, self.width() - axis_w - 12 - vm.horizontalAdvance("000"),
                      self.height() - legend_h - vm.height() - 6 - 2 * sm.height() - 14)
        p.setFont(small)
        draw_y_grid(p, plot, top, step, sm, axis_w)
        n = len(self.milestones)
        slot = plot.width() / n
        xs = [plot.left() + slot * (i + 0.5) for i in range(n)]
        every = max(1, -(-(sm.horizontalAdvance("28 Sep 2026") + 8) // max(int(slot), 1)))  # thin out crowded dates
        for i, m in enumerate(self.milestones):
            if i % every and i != n - 1:
                continue
            wide = min(slot * every, float(self.width()))
            left = min(max(xs[i] - wide / 2, 0.0), self.width() - wide)  # the first and last stay inside the chart
            p.setPen(MUTED)
            p.drawText(QRectF(left, plot.bottom() + 4, wide, sm.height()), Qt.AlignmentFlag.AlignCenter,
                       short_date(m["date"]))
            label = sm.elidedText(m["label"], Qt.TextElideMode.ElideRight, int(wide) - 6)
            p.drawText(QRectF(left, plot.bottom() + 4 + sm.height(), wide, sm.height()),
                       Qt.AlignmentFlag.AlignCenter, label)

        def y(value: int) -> float:
            return plot.bottom() - plot.height() * value / top
        for key, colour, dashed in (("brackets", BRACKETS, True), ("agreed", AGREED, False)):
            points = [QPointF(x, y(m[key])) for x, m in zip(xs, self.milestones)]
            pen = QPen(colour, 3, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            p.setPen(pen)
            for a, b in zip(points, points[1:]):
                p.drawLine(a, b)
            p.setFont(value_font)
            for point, m in zip(points, self.milestones):
                p.setPen(QPen(colour, 3))
                p.setBrush(QColor("#FFFFFF"))
                marker = QRectF(point.x() - 5, point.y() - 5, 10, 10)
                p.drawEllipse(marker) if dashed else p.drawRect(marker)
                text = str(m[key])
                if dashed:  # to the right of the point; the agreed above it: equal values never overprint
                    box = QRectF(point.x() + 9, point.y() - vm.height() / 2, vm.horizontalAdvance(text) + 2,
                                 vm.height())
                else:
                    box = QRectF(point.x() - 40, point.y() - 8 - vm.height(), 80, vm.height())
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        p.setPen(QPen(INK, 1))
        p.drawLine(QLineF(plot.left(), plot.bottom(), plot.right(), plot.bottom()))
        p.end()

    def _legend(self, p: QPainter, font) -> int:
        """Draw the legend, an entry per line when the two do not fit side by side; return its height."""
        metrics = QFontMetrics(font)
        p.setFont(font)
        x, mid = 6.0, metrics.height() / 2 + 2
        for label, colour, dashed in (("Brackets remaining", BRACKETS, True), ("Principles agreed", AGREED, False)):
            width = 34 + metrics.horizontalAdvance(label)
            if x > 6 and x + width > self.width():
                x, mid = 6.0, mid + metrics.height() + 2
            p.setPen(QPen(colour, 3, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))
            p.drawLine(QLineF(x, mid, x + 28, mid))
            p.setPen(INK)
            p.drawText(QPointF(x + 34, mid + metrics.ascent() / 2 - 1), label)
            x += width + 18
        return int(mid + metrics.height() / 2 + 6)
