"""A word-level diff shown as read-only rich text: insertions underlined, deletions struck through."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QTextBrowser, QWidget

from ...textdiff import Op, Piece, diff_stats, word_diff
from ..style import DELETE_COLOR, INSERT_COLOR

# Colour helps, but the underline and the strike-through carry the meaning on
# their own (greyscale print-outs, projectors, colour-vision deficiencies).
INSERT_STYLE = f"background-color:{INSERT_COLOR.name()}; color:#0B4F1F; text-decoration:underline;"
DELETE_STYLE = f"background-color:{DELETE_COLOR.name()}; color:#7A0010; text-decoration:line-through;"


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def diff_html(pieces: Iterable[Piece]) -> str:
    """The pieces as an HTML fragment with `<span>`s styled for insertions and deletions."""
    parts = []
    previous = None
    for piece in pieces:
        if piece.op is Op.INSERT and previous is Op.DELETE:
            parts.append("&thinsp;")  # a replaced run and its replacement must not read as one word
        previous = piece.op
        if piece.op is Op.INSERT:
            parts.append(f'<span style="{INSERT_STYLE}" title="inserted">{_text(piece.text)}</span>')
        elif piece.op is Op.DELETE:
            parts.append(f'<span style="{DELETE_STYLE}" title="deleted">{_text(piece.text)}</span>')
        else:
            parts.append(_text(piece.text))
    return "".join(parts)


def diff_summary(pieces: Iterable[Piece]) -> str:
    """'3 words inserted, 1 deleted' or 'No differences'."""
    inserted, deleted = diff_stats(pieces)
    if not inserted and not deleted:
        return "No differences"
    return f"{inserted} word{'s' if inserted != 1 else ''} inserted, {deleted} deleted"


def legend_html() -> str:
    return (f'<span style="{INSERT_STYLE}">&nbsp;inserted&nbsp;</span>&nbsp;&nbsp;'
            f'<span style="{DELETE_STYLE}">&nbsp;deleted&nbsp;</span>')


class DiffLegend(QLabel):
    """A one-line key to the diff markup."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(legend_html(), parent)
        self.setTextFormat(Qt.TextFormat.RichText)


class DiffView(QTextBrowser):
    """Read-only view of the word-level changes turning one text into another."""

    def __init__(self, parent: QWidget | None = None, *, point_size: float = 12.0):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenLinks(False)
        font = QFont(self.font())
        font.setPointSizeF(point_size)
        self.setFont(font)
        self.document().setDocumentMargin(10)
        self.pieces: tuple[Piece, ...] = ()

    def show_diff(self, old: str, new: str) -> tuple[Piece, ...]:
        return self.show_pieces(word_diff(old, new))

    def show_pieces(self, pieces: Iterable[Piece]) -> tuple[Piece, ...]:
        self.pieces = tuple(pieces)
        changed = any(p.op is not Op.EQUAL for p in self.pieces)
        body = diff_html(self.pieces)
        if not changed:
            body += '<p style="color:#555555;"><i>The two texts are identical.</i></p>'
        self.setHtml(f'<div style="line-height:150%;">{body}</div>')
        return self.pieces

    def show_message(self, text: str) -> None:
        """An explanation instead of a diff (nothing selected, nothing to compare)."""
        self.pieces = ()
        self.setHtml(f'<p style="color:#555555;"><i>{escape(text)}</i></p>')
