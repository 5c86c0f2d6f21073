"""Painting of one stance cell: its colour stays visible when selected, marked by a frame instead."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygon
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

SELECTION_FRAME = QColor("#1F3A93")
PENDING_VEIL = QColor(255, 255, 255, 110)  # the stance keyed shows through, lighter: not in the file yet
PENDING_FRAME = QColor("#1F2A37")
COMMENT_MARK = QColor("#1F2A37")


class StanceCellDelegate(QStyledItemDelegate):
    """Fills the cell with its stance colour and draws the short label centred (a PositionMatrixModel's).

    The default delegate paints selected cells in the highlight colour, which would
    hide the very stance the chair just recorded; a thick frame shows selection instead.
    A dark corner mark says the position carries a comment. A stance keyed but not yet
    written (the writer is finishing an import, say) is drawn faded inside a dotted frame.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._fonts: dict[tuple[str, bool], QFont] = {}

    def _font(self, base: QFont, italic: bool) -> QFont:
        """Bold for a current stance, italic for a stale one; made once, not per cell per paint."""
        key = (base.key(), italic)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = QFont(base)
            font.setItalic(italic)
            font.setBold(not italic)
        return font

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        background, text, foreground, italic, has_comment, pending = index.model().cell_look(index)
        painter.save()
        rect: QRect = option.rect
        painter.fillRect(rect, background)
        if pending:
            painter.fillRect(rect, PENDING_VEIL)
        if text:
            if foreground is not None:
                painter.setPen(foreground.color())
            painter.setFont(self._font(option.font, italic))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        if has_comment:
            # A corner mark, as spreadsheets mark a note: "hover or look at the side panel".
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(COMMENT_MARK)
            r = rect.topRight()
            painter.drawPolygon(QPolygon([QPoint(r.x() - 6, r.y()), QPoint(r.x(), r.y()), QPoint(r.x(), r.y() + 6)]))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        if pending:
            pen = QPen(PENDING_FRAME, 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(3, 3, -4, -4))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        current = bool(option.state & QStyle.StateFlag.State_HasFocus)
        if selected or current:
            pen = QPen(SELECTION_FRAME, 3 if selected else 1)
            if not selected:
                pen.setStyle(Qt.PenStyle.DashLine)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            inset = 1 if selected else 0
            painter.drawRect(rect.adjusted(inset, inset, -inset - 1, -inset - 1))
        painter.restore()
