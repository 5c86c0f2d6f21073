"""Sync between laptops: signed releases of the master, delegations' snapshots, the batch merge.

The façade's part is `rt.sync` (`facade.Sync`); `format` is the file container,
`merge` the pure three-way merge, `importing` and `rebase` the two directions.
"""

from .facade import Sync

__all__ = ["Sync"]
