"""Word-level diff between two versions of a principle's text."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

# Words, whitespace runs, and every other character on its own: "QIST." and
# "QIST;" then differ in one token, and '[', ']', '|' are always separate.
# The three alternatives cover every character, so tokens join back exactly.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


class Op(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class Piece:
    op: Op
    text: str


def tokenize(text: str) -> list[str]:
    """`text` as words, whitespace runs and single punctuation characters."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """Pieces turning `old` into `new`: EQUAL+DELETE texts give `old`, EQUAL+INSERT give `new`."""
    old, new = old or "", new or ""
    a, b = tokenize(old), tokenize(new)
    raw: list[Piece] = []
    # autojunk would treat frequent tokens such as " " or "the" as noise in
    # long texts and produce needlessly large changes.
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(Piece(Op.EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:  # "delete" or "replace"
            raw.append(Piece(Op.DELETE, "".join(a[i1:i2])))
        if j2 > j1:  # "insert" or "replace"
            raw.append(Piece(Op.INSERT, "".join(b[j1:j2])))
    return _merge(_absorb_spaces(raw))


def _absorb_spaces(pieces: list[Piece]) -> list[Piece]:
    """Whitespace left equal between two changes becomes part of both sides of the change."""
    # Without this "a b" -> "c d" reads "[-a-]{+c+} [-b-]{+d+}"; a reader wants
    # "[-a b-]{+c d+}". The space is in both texts, so it joins the deleted and
    # the inserted text alike and both reconstructions stay exact.
    out: list[Piece] = []
    for index, piece in enumerate(pieces):
        between_changes = (
            0 < index < len(pieces) - 1
            and pieces[index - 1].op is not Op.EQUAL
            and pieces[index + 1].op is not Op.EQUAL
        )
        if piece.op is Op.EQUAL and between_changes and piece.text.isspace():
            out += [Piece(Op.DELETE, piece.text), Piece(Op.INSERT, piece.text)]
        else:
            out.append(piece)
    return out


def _merge(pieces: list[Piece]) -> tuple[Piece, ...]:
    """One DELETE then one INSERT per run of changes, and no two neighbouring EQUALs."""
    # Reordering deletions before insertions inside a run keeps each side's own
    # order, so the old and new texts are reconstructed unchanged.
    out: list[Piece] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(Piece(Op.DELETE, "".join(deleted)))
        if inserted:
            out.append(Piece(Op.INSERT, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for piece in pieces:
        if not piece.text:
            continue
        if piece.op is Op.DELETE:
            deleted.append(piece.text)
        elif piece.op is Op.INSERT:
            inserted.append(piece.text)
        else:
            flush()
            if out and out[-1].op is Op.EQUAL:
                out[-1] = Piece(Op.EQUAL, out[-1].text + piece.text)
            else:
                out.append(piece)
    flush()
    return tuple(out)


def render_marked(pieces: Iterable[Piece]) -> str:
    """The diff as plain text that needs no colour: `[-deleted-]` and `{+inserted+}`."""
    parts: list[str] = []
    for piece in pieces:
        if piece.op is Op.DELETE:
            parts.append(f"[-{piece.text}-]")
        elif piece.op is Op.INSERT:
            parts.append(f"{{+{piece.text}+}}")
        else:
            parts.append(piece.text)
    return "".join(parts)


def diff_stats(pieces: Iterable[Piece]) -> tuple[int, int]:
    """(words inserted, words deleted), a word being a whitespace-separated run."""
    # Counting whitespace-separated runs rather than \w+ means a punctuation-only
    # change ("QIST." -> "QIST;") still shows up as one word changed.
    inserted = deleted = 0
    for piece in pieces:
        if piece.op is Op.INSERT:
            inserted += len(piece.text.split())
        elif piece.op is Op.DELETE:
            deleted += len(piece.text.split())
    return inserted, deleted
