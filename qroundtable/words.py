"""How the roundtable's sentences count and list things: one wording for the app, the command line and the readout."""

from __future__ import annotations

from collections.abc import Iterable


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 bracket', '3 brackets', '2 delegations'; `many` where adding an s is wrong."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def listed(names: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def tick_step(highest: int, ticks: int) -> int:
    """A round step (1, 2, 5, 10, 20, 25, 50…) giving at most `ticks` steps up to `highest`: a chart's axis."""
    return next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10**9) if highest / s <= ticks)
