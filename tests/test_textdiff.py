"""Tests for qroundtable.textdiff: word-level diffs between versions of a text."""

from difflib import SequenceMatcher

from hypothesis import given, settings
from hypothesis import strategies as st

from qroundtable import textdiff
from qroundtable.textdiff import Op, Piece, diff_stats, matching_blocks, render_marked, tokenize, word_diff

# Small alphabets make the two texts share material, so diffs are non-trivial.
wordy_text = st.lists(
    st.sampled_from(["a", "b", "QIST", "é", " ", "  ", "\n", ".", ";", "[", "]", "|"]), max_size=25
).map("".join)
any_text = st.one_of(wordy_text, st.text())


def old_of(pieces):
    return "".join(p.text for p in pieces if p.op in (Op.EQUAL, Op.DELETE))


def new_of(pieces):
    return "".join(p.text for p in pieces if p.op in (Op.EQUAL, Op.INSERT))


def test_tokenize_separates_words_spaces_punctuation_and_brackets():
    assert tokenize("[shall|should]  QIST.") == [
        "[", "shall", "|", "should", "]", "  ", "QIST", ".",
    ]


def test_identical_texts_give_one_equal_piece():
    assert word_diff("Promote collaboration.", "Promote collaboration.") == (
        Piece(Op.EQUAL, "Promote collaboration."),
    )


def test_two_empty_texts_give_no_pieces():
    assert word_diff("", "") == ()


def test_from_and_to_empty():
    assert word_diff("", "new text") == (Piece(Op.INSERT, "new text"),)
    assert word_diff("old text", "") == (Piece(Op.DELETE, "old text"),)


def test_one_word_replaced():
    pieces = word_diff("Promote scientific collaboration", "Promote technical collaboration")
    assert pieces == (
        Piece(Op.EQUAL, "Promote "),
        Piece(Op.DELETE, "scientific"),
        Piece(Op.INSERT, "technical"),
        Piece(Op.EQUAL, " collaboration"),
    )
    assert render_marked(pieces) == "Promote [-scientific-]{+technical+} collaboration"


def test_punctuation_change_touches_only_the_punctuation():
    pieces = word_diff("Advance QIST.", "Advance QIST;")
    assert pieces == (
        Piece(Op.EQUAL, "Advance QIST"),
        Piece(Op.DELETE, "."),
        Piece(Op.INSERT, ";"),
    )


def test_space_between_changed_words_is_absorbed():
    pieces = word_diff("x a b y", "x c d y")
    assert render_marked(pieces) == "x [-a b-]{+c d+} y"
    assert [p.op for p in pieces] == [Op.EQUAL, Op.DELETE, Op.INSERT, Op.EQUAL]


def test_brackets_are_their_own_tokens():
    pieces = word_diff("States [shall] act", "States shall act")
    assert render_marked(pieces) == "States [-[-]shall[-]-] act"
    assert diff_stats(pieces) == (0, 2)


def test_render_marked_insert_and_delete_only():
    assert render_marked(word_diff("Share data", "Share open data")) == "Share {+open +}data"
    assert render_marked(word_diff("Share open data", "Share data")) == "Share [-open -]data"


def test_render_marked_of_nothing_is_empty():
    assert render_marked(()) == ""


def test_diff_stats_counts_words():
    pieces = word_diff("Promote scientific collaboration", "Promote new technical collaboration now")
    assert diff_stats(pieces) == (3, 1)


def test_diff_stats_of_identical_texts_is_zero():
    assert diff_stats(word_diff("same words", "same words")) == (0, 0)


def test_diff_stats_counts_a_punctuation_change():
    assert diff_stats(word_diff("QIST.", "QIST;")) == (1, 1)


def test_op_values_are_stable_strings():
    assert [op.value for op in Op] == ["equal", "insert", "delete"]
    assert Op("insert") is Op.INSERT


@given(any_text, any_text)
def test_pieces_reconstruct_both_texts(old, new):
    pieces = word_diff(old, new)
    assert old_of(pieces) == old
    assert new_of(pieces) == new


@given(any_text, any_text)
def test_pieces_are_merged_and_never_empty(old, new):
    pieces = word_diff(old, new)
    assert all(p.text for p in pieces)
    for first, second in zip(pieces, pieces[1:]):
        assert first.op != second.op
        # Within a change, the deletion always comes first.
        assert (first.op, second.op) != (Op.INSERT, Op.DELETE)


@given(any_text)
def test_identical_texts_property(text):
    assert word_diff(text, text) == ((Piece(Op.EQUAL, text),) if text else ())


@given(any_text)
def test_tokens_join_back(text):
    assert "".join(tokenize(text)) == text


def test_long_repetitive_text_with_one_change_stays_a_one_word_diff():
    # Over 200 tokens difflib's autojunk would treat the frequent "shall" and
    # " " as junk, find nothing in common and mark the whole text as replaced.
    words = ["shall"] * 150
    old = " ".join(words)
    new = " ".join(words[:75] + ["should"] + words[76:])
    pieces = word_diff(old, new)
    assert [p.op for p in pieces] == [Op.EQUAL, Op.DELETE, Op.INSERT, Op.EQUAL]
    assert (pieces[1].text, pieces[2].text) == ("shall", "should")
    assert diff_stats(pieces) == (1, 1)


# -- the same diff as difflib, in linear time -------------------------------------------------------

# Few distinct values: long shared runs, many ties between equally long ones, repetition.
small_ints = st.lists(st.integers(0, 3), max_size=40)


@settings(max_examples=500)
@given(small_ints, small_ints)
def test_matching_blocks_are_difflibs(a, b):
    expected = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    assert matching_blocks(a, b) == [tuple(m) for m in expected]


@settings(max_examples=200)
@given(small_ints, st.lists(st.tuples(st.integers(0, 39), st.integers(0, 4)), max_size=6))
def test_matching_blocks_are_difflibs_for_a_text_and_its_edit(a, edits):
    b = list(a)
    for at, value in edits:  # a few tokens replaced: the usual shape of a new version
        if b:
            b[at % len(b)] = value
    expected = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    assert matching_blocks(a, b) == [tuple(m) for m in expected]


def difflib_word_diff(old, new):
    """word_diff as it was written on top of difflib (the behaviour the fast matching keeps)."""
    a, b = tokenize(old), tokenize(new)
    raw = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            raw.append(Piece(Op.EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            raw.append(Piece(Op.DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            raw.append(Piece(Op.INSERT, "".join(b[j1:j2])))
    return textdiff._merge(textdiff._absorb_spaces(raw))


@settings(max_examples=300)
@given(any_text, any_text)
def test_word_diff_is_the_difflib_diff(old, new):
    assert word_diff(old, new) == difflib_word_diff(old, new)


def test_word_diff_of_revised_prose_is_the_difflib_diff():
    import random

    r = random.Random(11)
    words = ("Participants shall should promote open and reciprocal access to quantum testbeds , in accordance "
             "with their respective laws ; research security [ to the extent possible ] .").split()
    old = " ".join(r.choice(words) for _ in range(400))
    new = " ".join(w if r.random() > 0.1 else r.choice(words) for w in old.split(" "))
    assert word_diff(old, new) == difflib_word_diff(old, new)


CLAUSE = ("Participants [shall|should] promote open and reciprocal access to quantum testbeds, "
          "in accordance with their respective laws. ")


def test_two_20k_texts_with_a_word_changed_throughout():
    # difflib took 40 s on this pair (millions of pairs of equal tokens); the shape is what counts.
    old = (CLAUSE * 200)[:20_000]
    new = old.replace("shall", "will")
    pieces = word_diff(old, new)
    changes = old.count("shall")
    assert changes > 150
    assert [p.op for p in pieces] == [Op.EQUAL, Op.DELETE, Op.INSERT] * changes + [Op.EQUAL]
    assert {p.text for p in pieces if p.op is Op.DELETE} == {"shall"}
    assert {p.text for p in pieces if p.op is Op.INSERT} == {"will"}
    assert old_of(pieces) == old and new_of(pieces) == new
    assert diff_stats(pieces) == (changes, changes)


def test_two_20k_texts_of_one_repeated_character():
    old = "[" * 20_000
    new = old[:10_000] + "x" + old[10_001:]
    # As difflib has it: 10,000 brackets, the x inserted, 9,999 brackets, and one bracket left over.
    assert word_diff(old, new) == (Piece(Op.EQUAL, "[" * 10_000), Piece(Op.INSERT, "x"),
                                   Piece(Op.EQUAL, "[" * 9_999), Piece(Op.DELETE, "["))
