"""The common ground of the façade's sections: the store, whose copy this is, and mutations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .errors import InvalidInput, NotFound, NotPermitted
from .model import OpChanges
from .storage import queries

if TYPE_CHECKING:
    from .roundtable import Roundtable


class Mutation:
    """Filled in when a mutation's `with` block ends: what it changed."""

    changes: OpChanges


class Section:
    """One domain of the roundtable (principles, positions, ...), reached as `rt.principles`."""

    def __init__(self, rt: Roundtable):
        self.rt = rt
        self.store = rt.store

    @contextmanager
    def mutation(self, label: str) -> Iterator[Mutation]:
        """A recorded change; joins the surrounding batch when there is one."""
        result = Mutation()
        with self.store.operation(label, self.rt.actor) as op:
            start = len(op.changes)
            yield result
            result.changes = OpChanges(op.id, label, tuple(op.changes[start:]))

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

    def by_ref(self, rows: list[dict], ref: str, what: str) -> dict:
        if len(ref.strip()) < 4:
            raise InvalidInput(f"give at least 4 characters of the {what} id")
        if not rows:
            raise NotFound(f"no {what} with id {ref!r}")
        if len(rows) > 1:
            raise InvalidInput(f"{ref!r} matches {len(rows)} {what}s; give more of the id")
        return rows[0]

    # -- who may do what ----------------------------------------------------------

    def require_secretariat(self, what: str) -> None:
        if not self.rt.info.is_secretariat:
            owner = self.rt.info.owner_name or self.rt.info.copy_owner
            raise NotPermitted(f"only the secretariat's copy can {what}; this copy belongs to {owner}")

    def require_own(self, code: str, what: str) -> None:
        """A delegation's copy writes only its own rows; the secretariat may write any."""
        info = self.rt.info
        if not info.is_secretariat and code != info.copy_owner:
            owner = info.owner_name or info.copy_owner
            raise NotPermitted(f"this copy belongs to {owner}: it cannot {what} for {code}")
