"""Proposed amendments as real Word tracked changes, and disputed wording highlighted.

An amendment becomes one paragraph: the principle's current text with the
amendment's word-level differences as `w:del` and `w:ins` runs, each signed with
the proposing delegation (`w:author`) and the time it was proposed (`w:date`).
A reader accepts or rejects each change in Word's Review tab, and accepting all
of them gives exactly the amendment's text.
"""

from __future__ import annotations

from ..brackets import count_brackets
from ..textdiff import Op, word_diff
from . import wordml
from .wording import word_date


def tracked_changes(current: str, proposed: str, *, author: str, when: str, next_id) -> str:
    """Runs turning `current` into `proposed` as tracked changes; `next_id()` numbers each change."""
    date = word_date(when)
    who = wordml.attr(author)
    parts = []
    for piece in word_diff(current, proposed):
        if piece.op is Op.EQUAL:
            parts.append(wordml.run(piece.text))
        elif piece.op is Op.DELETE:
            parts.append(f'<w:del w:id="{next_id()}" w:author="{who}" w:date="{date}">'
                         f'{wordml.run(piece.text, tag="delText")}</w:del>')
        else:
            parts.append(f'<w:ins w:id="{next_id()}" w:author="{who}" w:date="{date}">'
                         f"{wordml.run(piece.text)}</w:ins>")
    return "".join(parts)


def bracketed_runs(text: str, bracket_style: str) -> str:
    """`text` as runs, each outermost `[...]` segment (nested ones inside it) in `bracket_style`."""
    parts = []
    at = 0
    for segment in count_brackets(text).segments:
        if segment.depth != 1:
            continue
        parts.append(wordml.run(text[at:segment.start]))
        parts.append(wordml.run(text[segment.start:segment.end], bracket_style))
        at = segment.end
    parts.append(wordml.run(text[at:]))
    return "".join(parts)
