"""Tests for qroundtable.brackets: counting disputed wording in square brackets."""

from hypothesis import given
from hypothesis import strategies as st

from qroundtable.brackets import BracketReport, Segment, count_brackets, strip_brackets

# Mostly bracket syntax, so generated texts are full of nesting and imbalance.
bracket_text = st.text(alphabet=st.sampled_from(list("[]|ab ,é")), max_size=60)
any_text = st.one_of(bracket_text, st.text())


def test_plain_text_has_no_segments():
    report = count_brackets("Promote scientific collaboration.")
    assert report == BracketReport(count=0, segments=(), warnings=())
    assert report.balanced


def test_empty_text():
    report = count_brackets("")
    assert (report.count, report.segments, report.warnings) == (0, (), ())
    assert report.balanced


def test_simple_counts():
    text = "States [shall] promote [open] access [to the extent possible]."
    report = count_brackets(text)
    assert report.count == 3
    assert [text[s.start : s.end] for s in report.segments] == [
        "[shall]",
        "[open]",
        "[to the extent possible]",
    ]
    assert report.segments[2].options == ("to the extent possible",)
    assert all(s.depth == 1 for s in report.segments)


def test_alternatives_are_split_and_stripped():
    text = "Parties [shall | should] cooperate."
    (segment,) = count_brackets(text).segments
    assert segment == Segment(start=8, end=24, depth=1, options=("shall", "should"))


def test_three_alternatives_and_an_empty_one():
    (segment,) = count_brackets("[shall|should||may]").segments
    assert segment.options == ("shall", "should", "", "may")


def test_empty_brackets_still_count():
    report = count_brackets("Text [] here")
    assert report.count == 1
    assert report.segments == (Segment(start=5, end=7, depth=1, options=("",)),)


def test_nested_counts_once_and_lists_both():
    text = "x [a [b] c] y"
    report = count_brackets(text)
    assert report.count == 1
    outer, inner = report.segments
    assert (outer.start, outer.end, outer.depth) == (2, 11, 1)
    assert (inner.start, inner.end, inner.depth) == (5, 8, 2)
    assert report.balanced


def test_bar_inside_a_nested_segment_does_not_split_the_outer_one():
    outer, inner = count_brackets("[a [b|c] d|e]").segments
    assert outer.options == ("a [b|c] d", "e")
    assert inner.options == ("b", "c")


def test_deeper_nesting_and_siblings():
    report = count_brackets("[[[x]] [y]] [z]")
    assert [s.depth for s in report.segments] == [1, 2, 3, 2, 1]
    assert report.count == 2


def test_adjacent_segments_are_siblings_not_nested():
    report = count_brackets("[a][b|c]")
    assert report.count == 2
    assert [(s.start, s.end, s.depth) for s in report.segments] == [(0, 3, 1), (3, 8, 1)]


def test_unmatched_close_is_ignored_with_a_warning():
    report = count_brackets("a] [b]")
    assert report.count == 1
    assert report.warnings == ("unmatched ']' at character 2",)
    assert not report.balanced


def test_unclosed_open_is_not_counted():
    report = count_brackets("States [shall promote")
    assert report.count == 0
    assert report.segments == ()
    assert report.warnings == ("'[' at character 8 is never closed",)
    assert not report.balanced


def test_closed_segment_inside_an_unclosed_one_counts_as_outermost():
    report = count_brackets("[a [b] c")
    assert report.count == 1
    assert report.segments == (Segment(start=3, end=6, depth=1, options=("b",)),)
    assert report.warnings == ("'[' at character 1 is never closed",)


def test_warnings_are_in_text_order():
    report = count_brackets("[x ] ] [y")
    assert report.warnings == (
        "unmatched ']' at character 6",
        "'[' at character 8 is never closed",
    )
    assert report.count == 1


def test_strip_brackets_keeps_every_option():
    assert strip_brackets("States [shall|should] act [fast [now]].") == (
        "States shall|should act fast now."
    )


def test_strip_brackets_on_unbalanced_and_empty_text():
    assert strip_brackets("a] [b") == "a b"
    assert strip_brackets("") == ""


@given(any_text)
def test_count_never_raises_and_never_exceeds_open_brackets(text):
    report = count_brackets(text)
    assert 0 <= report.count <= text.count("[")
    assert report.count == sum(1 for s in report.segments if s.depth == 1)
    assert report.balanced == (not report.warnings)


@given(any_text)
def test_segments_are_real_ordered_bracket_pairs(text):
    report = count_brackets(text)
    starts = [s.start for s in report.segments]
    assert starts == sorted(starts)
    for s in report.segments:
        assert text[s.start] == "[" and text[s.end - 1] == "]"
        assert s.depth >= 1 and len(s.options) >= 1
    # Every bracket is either in exactly one segment or in exactly one warning.
    assert 2 * len(report.segments) + len(report.warnings) == text.count("[") + text.count("]")


@given(any_text)
def test_strip_brackets_never_crashes_and_removes_only_brackets(text):
    stripped = strip_brackets(text)
    assert "[" not in stripped and "]" not in stripped
    assert len(stripped) == len(text) - text.count("[") - text.count("]")
    assert count_brackets(stripped) == BracketReport(0, (), ())


@given(st.lists(st.sampled_from(["a", " ", "|", "[x]", "[]", "[y|z]"]), max_size=10))
def test_wrapping_balanced_text_adds_exactly_one(parts):
    inner = "".join(parts)
    before = count_brackets(inner)
    after = count_brackets("[" + inner + "]")
    assert before.balanced and after.balanced
    assert after.count == 1
    assert len(after.segments) == len(before.segments) + 1
