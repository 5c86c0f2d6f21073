"""The open roundtable file as the domain sections work on it: its store, whose copy it is, recorded changes.

The façade (`Roundtable`) makes one and hands it to every section, so the sections
(`positions.py`, `principles.py`, …) need nothing from the façade itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from . import permissions
from .model import OpChanges, RoundtableInfo
from .storage import Store


class Mutation:
    """Filled in when a mutation's `with` block ends: what it changed."""

    changes: OpChanges


class WorkingCopy:
    def __init__(self, store: Store, info: RoundtableInfo):
        self.store = store
        self.info = info  # replaced whenever the settings or the copy's owner change

    @property
    def actor(self) -> str:
        """Who makes this copy's changes: the delegation code of its owner."""
        return self.info.copy_owner

    @contextmanager
    def mutation(self, label: str, *, kind: str = "do") -> Iterator[Mutation]:
        """A recorded change (one undo step); joins the surrounding batch when there is one."""
        result = Mutation()
        with self.store.operation(label, self.actor, kind=kind) as op:
            start = len(op.changes)
            yield result
            result.changes = OpChanges(op.id, label, tuple(op.changes[start:]))

    def require_own(self, code: str, what: str) -> None:
        permissions.require_own(self.info, code, what)

    def require_secretariat(self, what: str, *, writes: bool = True) -> None:
        permissions.require_secretariat(self.info, what, writes=writes)
