"""Word-level diff between two versions of a principle's text.

The pieces are exactly those `difflib.SequenceMatcher(None, old_tokens, new_tokens,
autojunk=False)` gives (tests/test_textdiff.py compares the two on random texts), found
in about linear time instead of difflib's quadratic one: two 20,000-character texts that
share many words took difflib 40 s and take this module a few hundredths of a second.
"""

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
    ids: dict[str, int] = {}
    a_ids = [ids.setdefault(t, len(ids)) for t in a]
    b_ids = [ids.setdefault(t, len(ids)) for t in b]
    raw: list[Piece] = []
    for tag, i1, i2, j1, j2 in opcodes(a_ids, b_ids):
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


# -- the matching -------------------------------------------------------------------------------
#
# difflib's rule, kept exactly: in a window of both texts, the longest run of tokens they share
# is a match (of several, the one starting first in the old text, then first in the new); the
# windows before and after it are matched the same way. difflib (with autojunk off, which would
# treat frequent tokens such as " " or "the" as noise and give needlessly large changes) finds
# each longest run by visiting every pair of equal tokens, and a 20,000-character text has
# millions of pairs of spaces. Here a suffix automaton gives the longest run's length in time
# linear in the window, and hashes of runs of that length find where each occurs.
#
# When one window holds several runs of that longest length, difflib takes them one after the
# other (each is the longest of the window after the previous one); they are taken here in one
# pass, which keeps repetitive texts (a clause repeated, one word changed throughout) linear too.

_MOD = (1 << 61) - 1  # a prime: hashes of different runs collide rarely, and a match is checked anyway
_BASE = 1_000_003


def opcodes(a: Sequence[int], b: Sequence[int]) -> list[tuple[str, int, int, int, int]]:
    """`SequenceMatcher(None, a, b, autojunk=False).get_opcodes()`, for sequences of small ints."""
    out = []
    i = j = 0
    for ai, bj, size in matching_blocks(a, b):
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            out.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            out.append(("equal", ai, i, bj, j))
    return out


def matching_blocks(a: Sequence[int], b: Sequence[int]) -> list[tuple[int, int, int]]:
    """`SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()` as tuples, sentinel included."""
    ha, hb = _prefix_hashes(a), _prefix_hashes(b)
    blocks = []
    windows = [(0, len(a), 0, len(b))]
    while windows:
        alo, ahi, blo, bhi = windows.pop()
        k = _longest_common_run(a, alo, ahi, b, blo, bhi)
        if not k:
            continue
        power = pow(_BASE, k, _MOD)
        starts: dict[int, list[int]] = {}  # hash of a run of k tokens of b -> where it starts
        for j in range(blo, bhi - k + 1):
            starts.setdefault((hb[j + k] - hb[j] * power) % _MOD, []).append(j)
        # The first longest run, then the first one after it in both texts, and so on.
        next_i, next_j = alo, blo
        chain = []
        for i in range(alo, ahi - k + 1):
            if i < next_i:
                continue
            js = starts.get((ha[i + k] - ha[i] * power) % _MOD)
            if not js:
                continue
            at = bisect_left(js, next_j)
            while at < len(js):
                j = js[at]
                if a[i:i + k] == b[j:j + k]:  # not just the same hash
                    chain.append((i, j))
                    next_i, next_j = i + k, j + k
                    break
                at += 1
        i0, j0 = alo, blo
        for i, j in chain:
            blocks.append((i, j, k))
            if i0 < i and j0 < j:
                windows.append((i0, i, j0, j))
            i0, j0 = i + k, j + k
        if i0 < ahi and j0 < bhi:
            windows.append((i0, ahi, j0, bhi))
    # Neighbouring blocks become one, as difflib reports them.
    blocks.sort()
    merged = []
    i1 = j1 = k1 = 0
    for i2, j2, k2 in blocks:
        if i1 + k1 == i2 and j1 + k1 == j2:
            k1 += k2
        else:
            if k1:
                merged.append((i1, j1, k1))
            i1, j1, k1 = i2, j2, k2
    if k1:
        merged.append((i1, j1, k1))
    merged.append((len(a), len(b), 0))
    return merged


def _prefix_hashes(seq: Sequence[int]) -> list[int]:
    hashes, h = [0], 0
    for value in seq:
        h = (h * _BASE + value + 1) % _MOD
        hashes.append(h)
    return hashes


def _longest_common_run(a: Sequence[int], alo: int, ahi: int, b: Sequence[int], blo: int, bhi: int) -> int:
    """How many tokens the longest run shared by a[alo:ahi] and b[blo:bhi] has."""
    if ahi - alo < bhi - blo:  # the automaton of the shorter window, walked by the longer one
        a, alo, ahi, b, blo, bhi = b, blo, bhi, a, alo, ahi
    # The suffix automaton of b[blo:bhi]: one state per set of end positions, `link` to the
    # state of the longest suffix that ends elsewhere too, `length` of its longest string.
    length, link, trans = [0], [-1], [{}]
    last = 0
    for pos in range(blo, bhi):
        c = b[pos]
        cur = len(length)
        length.append(length[last] + 1)
        link.append(0)
        trans.append({})
        p = last
        while p != -1 and c not in trans[p]:
            trans[p][c] = cur
            p = link[p]
        if p != -1:
            q = trans[p][c]
            if length[p] + 1 == length[q]:
                link[cur] = q
            else:
                clone = len(length)
                length.append(length[p] + 1)
                link.append(link[q])
                trans.append(dict(trans[q]))
                while p != -1 and trans[p].get(c) == q:
                    trans[p][c] = clone
                    p = link[p]
                link[q] = link[cur] = clone
        last = cur
    # Walk a through it: `n` is the longest run ending at `pos` that b also holds.
    best = state = n = 0
    for pos in range(alo, ahi):
        c = a[pos]
        while state and c not in trans[state]:
            state = link[state]
            n = length[state]
        step = trans[state].get(c)
        if step is None:
            state = n = 0
        else:
            state, n = step, n + 1
            best = max(best, n)
    return best


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
