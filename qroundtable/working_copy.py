"""The open roundtable file as the domain sections work on it: its store, whose copy it is, recorded changes.

The façade (`Roundtable`) makes one and hands it to every section and to `sync/`, so the
sections (`positions.py`, `principles.py`, …) and the sync modules need nothing from the
façade itself. `info` is read from the file once and again on `refresh()`: whoever changes
the settings or the copy's owner (a rename, an undo, a release import) refreshes it, and the
façade's `rt.info` reads through.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from . import permissions
from .errors import FileProblem
from .model import CopyKind, OpChanges, RoundtableInfo
from .storage import Store, queries


class Mutation:
    """Filled in when a mutation's `with` block ends: what it changed."""

    changes: OpChanges


class WorkingCopy:
    def __init__(self, store: Store):
        self.store = store
        self.info = read_info(store)

    def refresh(self) -> None:
        """Read the roundtable's settings and whose copy it is again (they changed here or elsewhere)."""
        self.info = read_info(self.store)

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

    def require_secretariat(self, what: str) -> None:
        permissions.require_secretariat(self.info, what)


def read_info(store: Store) -> RoundtableInfo:
    """Title, rule and whose copy the file at `store` is, as the file holds them now."""
    row = queries.roundtable(store)
    if row is None:
        raise FileProblem(f"{store.path} holds no roundtable (it was never completed)")
    owner = queries.delegation_by_code(store, row["copy_owner"])
    return RoundtableInfo(title=row["title"], consensus_rule=row["consensus_rule"],
                          secretariat=row["secretariat"], copy_kind=CopyKind(row["copy_kind"]),
                          copy_owner=row["copy_owner"], owner_name=owner["name"] if owner else "")
