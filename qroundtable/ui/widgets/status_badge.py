"""An item delegate drawing a cell as a rounded badge: the cell's colours, its symbol and label."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

PAD_X, PAD_Y, MARGIN = 9, 3, 4


def _color(value) -> QColor | None:
    if isinstance(value, QBrush):
        return value.color()
    if isinstance(value, QColor):
        return value
    return None


class StatusBadgeDelegate(QStyledItemDelegate):
    """Badge from the model's DisplayRole text, BackgroundRole fill and ForegroundRole text colour.

    The label is always written out (e.g. "◐ Near"), so the badge reads without colour.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        fill = _color(index.data(Qt.ItemDataRole.BackgroundRole))
        ink = _color(index.data(Qt.ItemDataRole.ForegroundRole)) or opt.palette.text().color()
        # The row's own background and selection first, without the text or the fill.
        opt.text = ""
        opt.backgroundBrush = QBrush()
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not text:
            return
        metrics = opt.fontMetrics
        width = min(metrics.horizontalAdvance(text) + 2 * PAD_X, opt.rect.width() - 2 * MARGIN)
        height = min(metrics.height() + 2 * PAD_Y, opt.rect.height() - 2)
        badge = QRectF(opt.rect.left() + MARGIN, opt.rect.center().y() - height / 2 + 0.5, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if fill is not None:
            painter.setPen(fill.darker(125))
            painter.setBrush(fill)
            painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(ink)
        painter.setFont(opt.font)
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(badge.width()) - 2 * PAD_X + 2)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, shown)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint(option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        width = option.fontMetrics.horizontalAdvance(text) + 2 * PAD_X + 2 * MARGIN
        return QSize(max(hint.width(), width), max(hint.height(), option.fontMetrics.height() + 2 * PAD_Y + 6))
