"""A syntax highlighter for negotiated text: bracketed wording shaded, nested brackets darker."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from ...brackets import OPEN, CLOSE, OR, BracketReport, count_brackets
from ..style import BRACKET_HIGHLIGHT

# Darker with each level, so `[a [b] c]` shows where the inner dispute sits.
DEPTH_DARKEN = (118, 136, 154)  # for depths 2, 3 and deeper
MARK_COLOR = QColor("#7A4B00")  # '[', ']' and '|' on the shading: dark amber, readable on every level
STRAY_COLOR = QColor("#B00020")


def depth_color(depth: int) -> QColor:
    """The background of a segment `depth` levels deep (1 = outermost)."""
    if depth <= 1:
        return QColor(BRACKET_HIGHLIGHT)
    return BRACKET_HIGHLIGHT.darker(DEPTH_DARKEN[min(depth - 1, len(DEPTH_DARKEN)) - 1])


class BracketHighlighter(QSyntaxHighlighter):
    """Shades every balanced `[...]` of a document, and marks brackets that have no partner.

    The bracket structure is the core's `count_brackets` over the whole document,
    so a bracket typed in one paragraph re-shades the others too.
    """

    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self._text: str | None = None
        self._report = count_brackets("")
        self._stray: frozenset[int] = frozenset()
        self._signature: tuple = ()
        # A change in one block can re-pair brackets in other blocks, which
        # QSyntaxHighlighter would not revisit on its own.
        self._rehighlight_later = QTimer(self)
        self._rehighlight_later.setSingleShot(True)
        self._rehighlight_later.setInterval(0)
        self._rehighlight_later.timeout.connect(self.rehighlight)
        document.contentsChanged.connect(self._contents_changed)

    @property
    def report(self) -> BracketReport:
        """The bracket report of the document's current text."""
        self._update_report()
        return self._report

    def _update_report(self) -> bool:
        """Recount if the document changed; True when the segments themselves changed."""
        doc = self.document()
        # Keyed on the text itself: revision() restarts when setPlainText clears the undo stack.
        text = doc.toPlainText() if doc is not None else ""
        if text == self._text:
            return False
        self._text = text
        self._report = count_brackets(text)
        paired = {s.start for s in self._report.segments} | {s.end - 1 for s in self._report.segments}
        self._stray = frozenset(i for i, ch in enumerate(text) if ch in (OPEN, CLOSE) and i not in paired)
        signature = (tuple((s.start, s.end, s.depth) for s in self._report.segments), tuple(sorted(self._stray)))
        changed = signature != self._signature
        self._signature = signature
        return changed

    def _contents_changed(self) -> None:
        doc = self.document()
        if self._update_report() and doc is not None and doc.blockCount() > 1:
            self._rehighlight_later.start()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._update_report()
        block_start = self.currentBlock().position()
        block_end = block_start + len(text)
        # Outer levels first: setFormat replaces, so the deeper shade wins where they overlap.
        for segment in sorted(self._report.segments, key=lambda s: s.depth):
            start, end = max(segment.start, block_start), min(segment.end, block_end)
            if start >= end:
                continue
            shade = QTextCharFormat()
            shade.setBackground(depth_color(segment.depth))
            self.setFormat(start - block_start, end - start, shade)
        marks = QTextCharFormat()
        marks.setFontWeight(QFont.Weight.Bold)
        marks.setForeground(MARK_COLOR)
        stray = QTextCharFormat()
        stray.setFontWeight(QFont.Weight.Bold)
        stray.setForeground(STRAY_COLOR)
        stray.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        stray.setUnderlineColor(STRAY_COLOR)
        for offset, char in enumerate(text):
            if char not in (OPEN, CLOSE, OR):
                continue
            if block_start + offset in self._stray:
                self.setFormat(offset, 1, stray)
            elif char != OR or self.format(offset).background().style() != Qt.BrushStyle.NoBrush:
                fmt = QTextCharFormat(self.format(offset))
                fmt.merge(marks)
                self.setFormat(offset, 1, fmt)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def bracket_html(text: str) -> str:
    """The principle text as HTML, its outermost disputed segments `[...]` on a yellow ground."""
    out, last = [], 0
    for segment in count_brackets(text).segments:
        if segment.depth != 1:
            continue
        out.append(_html(text[last:segment.start]))
        out.append(f"<span style='background:{BRACKET_HIGHLIGHT.name()}'>{_html(text[segment.start:segment.end])}"
                   "</span>")
        last = segment.end
    out.append(_html(text[last:]))
    return "<p style='line-height:125%'>" + "".join(out).replace("\n", "<br>") + "</p>"
