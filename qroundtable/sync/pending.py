"""How many changes the next snapshot would carry, kept up to date without folding everything again.

The status bar asks after every keystroke; a master that has just imported tens of
thousands of changes would take half a second to fold them all each time. This keeps
the fold of what is unsent and adds only the changes made since it last looked; when
changes were marked as sent (a snapshot, a release) or the record was otherwise
rewritten, it folds afresh.
"""

from __future__ import annotations

from ..storage import Store, change_record
from .changes import _RowFold


class PendingCount:
    """The net number of entries the unsent part of one copy's change record makes."""

    def __init__(self):
        self._mark = (0, 0)  # (unsent count, newest unsent seq) when last counted
        self._rows: dict[tuple[str, str], _RowFold] = {}
        self._sizes: dict[tuple[str, str], int] = {}
        self._total = 0

    def count(self, store: Store) -> int:
        mark = change_record.unsent_mark(store)
        if mark == self._mark:
            return self._total
        fresh = change_record.unsent_changes(store, self._mark[1])
        if mark[0] - self._mark[0] != len(fresh) or mark[0] < self._mark[0]:
            # Changes were marked as sent (or the record rewritten): start over from all that is unsent.
            self._rows, self._sizes, self._total = {}, {}, 0
            fresh = change_record.unsent_changes(store)
        touched = set()
        for c in fresh:
            if c["table_name"] in change_record.LOCAL_ONLY:
                continue  # private notes never travel
            key = (c["table_name"], c["row_id"])
            fold = self._rows.get(key)
            if fold is None:
                fold = self._rows[key] = _RowFold(created=c["field"] == "*" and c["old"] is None)
            fold.apply(c["field"], c["old"], c["new"], c["at"])
            touched.add(key)
        for key in touched:
            size = len(self._rows[key].entries(*key))
            self._total += size - self._sizes.get(key, 0)
            self._sizes[key] = size
        self._mark = mark
        return self._total
