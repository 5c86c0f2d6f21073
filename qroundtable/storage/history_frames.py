"""The roundtable's history as pandas frames, for the negotiation progress (`progress.py`): one query each."""

from __future__ import annotations

import pandas as pd

from .database import Store


def _frame(store: Store, sql: str) -> pd.DataFrame:
    return pd.read_sql_query(sql, store.conn)


# Times arrive with 0 to 6 fraction digits (a synced copy's may have none); compared as text, "…:59Z" would sort
# after "…:59.999Z". Every time is read back in one form, as `now_iso` writes it; a missing one (an old file's
# delegation) as "", before every other: there from the start.
def _time(column: str) -> str:
    return f"coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', {column}), '')"


def delegations(store: Store) -> pd.DataFrame:
    return _frame(store, f"SELECT code AS delegation, name, {_time('created_at')} AS created_at FROM delegations")


def versions(store: Store) -> pd.DataFrame:
    """Every version of every principle, oldest first."""
    return _frame(store, f"SELECT id, principle_id, seq, brackets, {_time('created_at')} AS created_at "
                         "FROM principle_versions ORDER BY 5, seq")


def positions(store: Store) -> pd.DataFrame:
    """Every position ever recorded (stance None: withdrawn), in the order recorded."""
    return _frame(store, f"SELECT h.principle_id, d.code, h.stance, h.version_id, {_time('h.recorded_at')} AS "
                         "recorded_at FROM position_history h JOIN delegations d ON d.id = h.delegation_id "
                         "ORDER BY 5, h.rowid")


def meetings(store: Store) -> pd.DataFrame:
    return _frame(store, "SELECT id, title, date FROM meetings ORDER BY date, created_at")


def attendance(store: Store) -> pd.DataFrame:
    return _frame(store, "SELECT md.meeting_id, d.code FROM meeting_delegations md "
                         "JOIN delegations d ON d.id = md.delegation_id WHERE md.role = 'attendee'")


def revisions(store: Store) -> pd.DataFrame:
    return _frame(store, f"SELECT id, seq, {_time('issued_at')} AS issued_at FROM revisions ORDER BY seq")


def revision_versions(store: Store) -> pd.DataFrame:
    return _frame(store, "SELECT revision_id, principle_id, version_id FROM revision_versions")


def open_silences(store: Store) -> pd.DataFrame:
    return _frame(store, f"SELECT principle_id, version_id, {_time('opened_at')} AS opened_at, "
                         f"{_time('deadline')} AS deadline FROM silence_procedures WHERE state = 'open'")


def adopting_votes(store: Store) -> pd.DataFrame:
    """Closed roll-call votes that adopted a text: which version, and when."""
    return _frame(store, f"SELECT principle_id, version_id, {_time('closed_at')} AS closed_at FROM votes "
                         "WHERE state = 'closed' AND result = 'adopted'")
