"""Square-bracket counting in negotiated text: disputed wording is written `[shall|should]`."""

from dataclasses import dataclass

OPEN, CLOSE, OR = "[", "]", "|"


@dataclass(frozen=True)
class Segment:
    """One balanced `[...]` span of the text."""

    start: int  # index of the '[' in the text
    end: int  # index just past the matching ']', so text[start:end] is the whole segment
    depth: int  # 1 for an outermost segment, 2 for one nested inside it, ...
    options: tuple[str, ...]  # inner text split on its own top-level '|', each stripped


@dataclass(frozen=True)
class BracketReport:
    """How much of a text is still bracketed, and whether its brackets make sense."""

    count: int  # outermost balanced segments: the progress measure shown per version
    segments: tuple[Segment, ...]  # every balanced segment, nested ones included, by start
    warnings: tuple[str, ...]  # sentences for people, 1-based character positions

    @property
    def balanced(self) -> bool:
        return not self.warnings


def count_brackets(text: str) -> BracketReport:
    """The bracketed segments of `text`; unbalanced brackets give warnings, never errors."""
    text = text or ""  # a missing text has nothing disputed in it
    pairs: list[tuple[int, int]] = []
    warnings: list[str] = []
    pending: list[int] = []  # indices of '[' still waiting for their ']'
    for index, char in enumerate(text):
        if char == OPEN:
            pending.append(index)
        elif char == CLOSE:
            if pending:
                pairs.append((pending.pop(), index + 1))
            else:
                warnings.append(f"unmatched ']' at character {index + 1}")
    # Already in text order: an unmatched ']' needs an empty stack, so every
    # '[' before it was closed, and every unclosed '[' comes after it.
    warnings += [f"'[' at character {index + 1} is never closed" for index in pending]

    # Choice for an unclosed '[': it is not a segment, and it does not make the
    # properly closed segments after it "nested". Depth is counted among closed
    # segments only, so `[a [b] c` counts `[b]` as one outermost segment. A typo
    # in one bracket thus never hides the disputes that are correctly marked.
    # Closed pairs from a stack always nest properly, so sorting by start and
    # keeping a stack of enclosing ends gives each segment its depth.
    pairs.sort()
    segments: list[Segment] = []
    enclosing: list[int] = []  # ends of the closed segments containing the current one
    for start, end in pairs:
        while enclosing and enclosing[-1] <= start:
            enclosing.pop()
        options = _options(text[start + 1 : end - 1])
        segments.append(Segment(start, end, len(enclosing) + 1, options))
        enclosing.append(end)

    return BracketReport(
        count=sum(1 for segment in segments if segment.depth == 1),
        segments=tuple(segments),
        warnings=tuple(warnings),
    )


def _options(inner: str) -> tuple[str, ...]:
    """`inner` split on the '|' that are not inside a nested segment, each stripped."""
    # The inside of a closed segment is always balanced (an unmatched bracket
    # could not sit between a matched pair), so a plain depth counter suffices.
    options: list[str] = []
    depth, start = 0, 0
    for index, char in enumerate(inner):
        if char == OPEN:
            depth += 1
        elif char == CLOSE:
            depth -= 1
        elif char == OR and depth == 0:
            options.append(inner[start:index].strip())
            start = index + 1
    options.append(inner[start:].strip())
    return tuple(options)


def strip_brackets(text: str) -> str:
    """`text` without '[' and ']'; every option, and the '|' between them, kept verbatim."""
    # '|' stays: dropping it would glue `shall|should` into one misleading word.
    return (text or "").replace(OPEN, "").replace(CLOSE, "")
