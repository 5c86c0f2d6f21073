"""The common ground of the façade's sections: lookups by code, number and id, on the working copy.

A section works on a `WorkingCopy` (the store, whose copy it is, recorded mutations and
who may write what), never on the façade, so `roundtable.py` imports the sections and
no section imports it back.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from .errors import InvalidInput, NotFound
from .storage import queries
from .working_copy import Mutation, WorkingCopy


def one_by_ref(rows: list[dict], ref: str, what: str) -> dict:
    """The one row whose id starts or ends with `ref` (`rows`: those found for it, `queries.ref_patterns`).

    People type the short end of an id: at least 4 characters, and enough to name one row.
    """
    if len(ref.strip()) < 4:
        raise InvalidInput(f"give at least 4 characters of the {what} id")
    if not rows:
        raise NotFound(f"no {what} with id {ref!r}")
    if len(rows) > 1:
        raise InvalidInput(f"{ref!r} matches {len(rows)} {what}s; give more of the id")
    return rows[0]


class Section:
    """One domain of the roundtable (principles, positions, ...), reached as `rt.principles`."""

    def __init__(self, copy: WorkingCopy):
        self.copy = copy
        self.store = copy.store

    def mutation(self, label: str) -> AbstractContextManager[Mutation]:
        """A recorded change; joins the surrounding batch when there is one."""
        return self.copy.mutation(label)

    # -- lookups shared by the sections ------------------------------------------

    def delegation_row(self, code: str) -> dict:
        from .validation import delegation_code

        row = queries.delegation_by_code(self.store, delegation_code(code))
        if row is None:
            raise NotFound(f"no delegation {code!r} in this roundtable")
        return row

    def principle_row(self, number) -> dict:
        try:
            n = int(number)
        except (TypeError, ValueError):
            raise InvalidInput(f"{number!r} is not a principle number") from None
        row = queries.principle(self.store, n)
        if row is None:
            raise NotFound(f"no principle {n} in this roundtable")
        return row

    def meeting_row(self, ref: str) -> dict:
        """A meeting by id (or a unique start or end of it), or `latest`."""
        if ref == "latest":
            row = queries.latest_meeting(self.store)
            if row is None:
                raise InvalidInput("this roundtable has no meetings yet")
            return row
        return self.by_ref(queries.meetings_by_ref(self.store, ref.strip()), ref, "meeting")

    def by_ref(self, rows: list[dict], ref: str, what: str) -> dict:
        return one_by_ref(rows, ref, what)

    # -- who may do what (the rule: permissions.py) ------------------------------------

    def require_secretariat(self, what: str, *, writes: bool = True) -> None:
        self.copy.require_secretariat(what, writes=writes)

    def require_own(self, code: str, what: str) -> None:
        """A delegation's copy writes only its own rows; the secretariat may write any."""
        self.copy.require_own(code, what)
