"""A word-level diff shown as read-only rich text: insertions underlined, deletions struck through.

The diff is computed on a thread of its own (`DiffView.show_diff` returns at once) and shown
when it arrives, so comparing two long texts never holds up the window; a result for texts
the view no longer shows (the user picked other versions meanwhile) is dropped.
"""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Iterable
from html import escape

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QTextBrowser, QWidget

from ...textdiff import Op, Piece, diff_stats, word_diff
from ..style import DELETE_COLOR, INSERT_COLOR, MUTED, readable_hex
from ..zoom import size_font

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


# -- computing off the UI thread ------------------------------------------------------------------


class _Relay(QObject):
    """Brings finished diffs from the diff thread to the UI thread; one for the app's whole life.

    A relay that outlives every job means no job ever signals through an object the UI
    thread has already deleted; each view keeps only the results it still wants.
    """

    finished = Signal(int, object)  # ticket, the pieces
    failed = Signal(int, str)  # ticket, traceback


_tickets = itertools.count(1)
_wanted: set[int] = set()  # tickets some view still waits for; a job whose ticket left it is skipped
_relay: _Relay | None = None
_pool: QThreadPool | None = None


def _diff_thread() -> tuple[_Relay, QThreadPool]:
    """The relay and a pool of one thread of the diffs' own, so a diff never waits behind an import."""
    global _relay, _pool
    if _relay is None:
        _relay, _pool = _Relay(), QThreadPool()
        _pool.setMaxThreadCount(1)
    return _relay, _pool


def _compute(relay: _Relay, ticket: int, old: str, new: str) -> None:
    """Runs on the diff thread: pure computation, nothing of the roundtable's but two strings."""
    if ticket not in _wanted:
        return
    try:
        pieces = word_diff(old, new)
    except Exception:  # reported in the view that asked, with the traceback
        relay.failed.emit(ticket, traceback.format_exc())
        return
    relay.finished.emit(ticket, pieces)


class DiffView(QTextBrowser):
    """Read-only view of the word-level changes turning one text into another.

    `show_diff` starts the comparison and returns; `shown` is emitted with the pieces once
    they are on screen, and `pending` is true until then.
    """

    shown = Signal(object)  # the pieces just shown

    def __init__(self, parent: QWidget | None = None, *, point_size: float = 12.0):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenLinks(False)
        size_font(self, points=point_size)
        self.document().setDocumentMargin(10)
        self.pieces: tuple[Piece, ...] = ()
        self._ticket: int | None = None
        relay, _ = _diff_thread()
        relay.finished.connect(self._arrived)
        relay.failed.connect(self._failed)

    @property
    def pending(self) -> bool:
        """A diff has been asked for and is not on screen yet."""
        return self._ticket is not None

    def show_diff(self, old: str, new: str) -> None:
        """Compare `old` with `new` on the diff thread; the result replaces what is shown when it arrives."""
        ticket = self._take_ticket()
        relay, pool = _diff_thread()
        _wanted.add(ticket)
        self._ticket = ticket
        pool.start(lambda: _compute(relay, ticket, old or "", new or ""))

    def show_pieces(self, pieces: Iterable[Piece]) -> tuple[Piece, ...]:
        self._take_ticket()
        self.pieces = tuple(pieces)
        changed = any(p.op is not Op.EQUAL for p in self.pieces)
        body = diff_html(self.pieces)
        if not changed:
            muted = readable_hex(MUTED, QPalette.ColorRole.Base)
            body += f'<p style="color:{muted};"><i>The two texts are identical.</i></p>'
        self.setHtml(f'<div style="line-height:150%;">{body}</div>')
        self.shown.emit(self.pieces)
        return self.pieces

    def show_text(self, text: str) -> None:
        """One text as it is, nothing compared (a principle with a single version)."""
        self._take_ticket()
        self.pieces = ()
        self.setPlainText(text)

    def show_message(self, text: str) -> None:
        """An explanation instead of a diff (nothing selected, nothing to compare)."""
        self._take_ticket()
        self.pieces = ()
        self.setHtml(f'<p style="color:{readable_hex(MUTED, QPalette.ColorRole.Base)};"><i>{escape(text)}</i></p>')

    def _take_ticket(self) -> int:
        """A new ticket; the diff this view was waiting for, if any, is no longer wanted."""
        if self._ticket is not None:
            _wanted.discard(self._ticket)
            self._ticket = None
        return next(_tickets)

    def _arrived(self, ticket: int, pieces: tuple[Piece, ...]) -> None:
        if ticket == self._ticket:
            self.show_pieces(pieces)

    def _failed(self, ticket: int, trace: str) -> None:
        if ticket == self._ticket:
            self.show_message("The two texts could not be compared: " + trace.strip().splitlines()[-1])
