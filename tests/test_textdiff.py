"""Tests for qroundtable.textdiff: word-level diffs between versions of a text."""

from hypothesis import given
from hypothesis import strategies as st

from qroundtable.textdiff import Op, Piece, diff_stats, render_marked, tokenize, word_diff

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
