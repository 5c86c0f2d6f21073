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
        self._read_only: str | None = None  # what info.read_only says, when not this connection's own state
        self.info = read_info(store)

    def refresh(self) -> None:
        """Read the roundtable's settings and whose copy it is again (they changed here or elsewhere)."""
        self.info = read_info(self.store, self._read_only)

    def answer_for_writer(self, read_only_reason: str) -> None:
        """`info.read_only` from now on says `read_only_reason`: for a reading connection whose edits
        go to another, writing one (the desktop app's), so that permissions answer for that one."""
        self._read_only = read_only_reason
        self.refresh()

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


def read_info(store: Store, read_only: str | None = None) -> RoundtableInfo:
    """Title, rule and whose copy the file at `store` is, as the file holds them now.

    `read_only`: what `info.read_only` says (None: whether `store` itself can be written)."""
    row = queries.roundtable(store)
    if row is None:
        raise FileProblem(f"{store.path} holds no roundtable (it was never completed)")
    owner = queries.delegation_by_code(store, row["copy_owner"])
    return RoundtableInfo(title=row["title"], consensus_rule=row["consensus_rule"],
                          secretariat=row["secretariat"], copy_kind=CopyKind(row["copy_kind"]),
                          copy_owner=row["copy_owner"], owner_name=owner["name"] if owner else "",
                          read_only=store.read_only_reason if read_only is None else read_only)
