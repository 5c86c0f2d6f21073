"""Consensus as of now, computed once however many views ask for it.

One stance recorded in the matrix is shown by the principle list, the consensus table
and the tour's tally: each asks the session, and only the first question is computed.
What was computed is forgotten before the session announces the next change (or
another file), and at the next turn of the event loop, so a silence deadline passing
with no edit is still seen when a view next asks.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer

from ..errors import RoundtableError
from ..model import PrincipleConsensus


class ConsensusNow:
    """Per meeting in view (None: every delegation), the principles' consensus rows computed so far."""

    def __init__(self):
        self._rows: dict[str | None, dict[int, PrincipleConsensus | None]] = {}
        self._order: dict[str | None, list[int]] = {}  # every principle's number, once all were computed
        self._errors: dict[str | None, RoundtableError] = {}
        self._forget_scheduled = False

    def forget(self) -> None:
        self._rows.clear()
        self._order.clear()
        self._errors.clear()

    def _forget_soon(self) -> None:
        if not self._forget_scheduled:
            self._forget_scheduled = True
            QTimer.singleShot(0, self._forget_now)

    def _forget_now(self) -> None:
        self._forget_scheduled = False
        self.forget()

    def rows(self, rt, meeting: str | None, principles=None) -> list[PrincipleConsensus]:
        """As `rt.consensus(meeting, principles=...)` (and raising what it raises), from what is known."""
        if meeting in self._errors:
            raise self._errors[meeting]
        known = self._rows.setdefault(meeting, {})
        if principles is None:
            if meeting not in self._order:
                self._compute(rt, meeting, None, known)
            return [known[n] for n in self._order[meeting] if known.get(n) is not None]
        wanted = sorted({int(n) for n in principles})
        missing = [n for n in wanted if n not in known] if meeting not in self._order else []
        if missing:
            self._compute(rt, meeting, missing, known)
        return [known[n] for n in wanted if known.get(n) is not None]

    def _compute(self, rt, meeting, numbers, known) -> None:
        self._forget_soon()
        try:
            result = rt.consensus(meeting, principles=numbers)
        except RoundtableError as exc:
            self._errors[meeting] = exc
            raise
        for r in result:
            known[r.principle] = r
        if numbers is None:
            self._order[meeting] = [r.principle for r in result]
        else:
            for n in numbers:
                known.setdefault(n, None)  # no such principle: don't ask again
