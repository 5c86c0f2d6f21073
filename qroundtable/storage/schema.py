"""The roundtable file's schema, as an ordered set of recorded migrations (sqlite-utils `Migrations`).

Each migration runs in the same transaction as the row that records it in `_sqlite_migrations`,
so a file is never left half-upgraded. Append new migrations; never edit or rename old ones.

Files written before sqlite-utils 4 recorded migrations 1 and 2 by number in `schema_migrations`;
`adopt_legacy_record` carries them over under the same names. That table stays, holding one
more row (version 3), so that those older versions of the app refuse a newer file as newer
rather than trying to create its tables again.
"""

from __future__ import annotations

import sqlite_utils

# 'QRT1': lets us tell a roundtable file from any other SQLite database.
APPLICATION_ID = 0x51525431

# (table, columns, extra constraints) — sqlite-utils writes the CREATE TABLE,
# the extra lines add what it cannot express (composite UNIQUE, CHECK).
_V1_TABLES: list[tuple[str, dict, dict]] = [
    ("roundtable", {"id": str, "title": str, "consensus_rule": str, "secretariat": str,
                    "copy_kind": str, "copy_owner": str, "created_at": str},
     {"not_null": {"title", "consensus_rule", "secretariat", "copy_kind", "copy_owner"}}),
    ("delegations", {"id": str, "code": str, "name": str, "created_at": str},
     {"not_null": {"code", "name"}}),
    ("members", {"id": str, "delegation_id": str, "name": str, "agency": str, "role": str},
     {"not_null": {"delegation_id", "name"}, "foreign_keys": [("delegation_id", "delegations", "id")]}),
    ("trusted_keys", {"id": str, "delegation_id": str, "public_key": str, "fingerprint": str, "added_at": str},
     {"not_null": {"delegation_id", "public_key"}, "foreign_keys": [("delegation_id", "delegations", "id")]}),
    ("meetings", {"id": str, "title": str, "date": str, "place": str, "summary": str, "created_at": str},
     {"not_null": {"title", "date"}}),
    ("meeting_delegations", {"id": str, "meeting_id": str, "delegation_id": str, "role": str},
     {"not_null": {"meeting_id", "delegation_id", "role"},
      "foreign_keys": [("meeting_id", "meetings", "id"), ("delegation_id", "delegations", "id")]}),
    ("principles", {"id": str, "number": int, "title": str, "stage": str, "created_at": str},
     {"not_null": {"number", "title", "stage"}}),
    ("principle_versions", {"id": str, "principle_id": str, "seq": int, "text": str, "brackets": int,
                            "author": str, "note": str, "created_at": str},
     {"not_null": {"principle_id", "seq", "text"}, "foreign_keys": [("principle_id", "principles", "id")]}),
    ("amendments", {"id": str, "principle_id": str, "base_version_id": str, "delegation_id": str,
                    "text": str, "rationale": str, "state": str, "created_at": str, "decided_at": str,
                    "result_version_id": str},
     {"not_null": {"principle_id", "base_version_id", "delegation_id", "text", "state"},
      "foreign_keys": [("principle_id", "principles", "id"), ("base_version_id", "principle_versions", "id"),
                       ("delegation_id", "delegations", "id"), ("result_version_id", "principle_versions", "id")]}),
    ("positions", {"id": str, "delegation_id": str, "principle_id": str, "stance": str, "comment": str,
                   "version_id": str, "recorded_by": str, "recorded_at": str},
     {"not_null": {"delegation_id", "principle_id", "stance", "version_id"},
      "foreign_keys": [("delegation_id", "delegations", "id"), ("principle_id", "principles", "id"),
                       ("version_id", "principle_versions", "id")]}),
    ("position_history", {"id": str, "position_id": str, "delegation_id": str, "principle_id": str,
                          "stance": str, "comment": str, "version_id": str, "recorded_by": str,
                          "recorded_at": str},
     {"not_null": {"delegation_id", "principle_id", "recorded_at"},
      "foreign_keys": [("delegation_id", "delegations", "id"), ("principle_id", "principles", "id")]}),
    ("private_notes", {"id": str, "principle_id": str, "delegation_id": str, "text": str, "updated_at": str},
     {"not_null": {"principle_id", "delegation_id", "text"},
      "foreign_keys": [("principle_id", "principles", "id"), ("delegation_id", "delegations", "id")]}),
    ("action_items", {"id": str, "title": str, "detail": str, "owner_id": str, "assignee": str, "due": str,
                      "status": str, "principle_id": str, "meeting_id": str, "created_at": str},
     {"not_null": {"title", "owner_id", "status"},
      "foreign_keys": [("owner_id", "delegations", "id"), ("principle_id", "principles", "id"),
                       ("meeting_id", "meetings", "id")]}),
    ("silence_procedures", {"id": str, "principle_id": str, "version_id": str, "deadline": str,
                            "opened_at": str, "opened_by": str, "state": str},
     {"not_null": {"principle_id", "version_id", "deadline", "state"},
      "foreign_keys": [("principle_id", "principles", "id"), ("version_id", "principle_versions", "id")]}),
    # The change record: one row per operation (an undo step), one per field changed.
    ("operations", {"id": str, "seq": int, "label": str, "kind": str, "target_id": str, "actor": str,
                    "at": str, "reverted": int},
     {"not_null": {"seq", "label", "kind"}, "defaults": {"reverted": 0}}),
    ("changes", {"id": str, "seq": int, "op_id": str, "table_name": str, "row_id": str, "field": str,
                 "old": str, "new": str, "actor": str, "at": str, "snapshot_id": str},
     {"not_null": {"seq", "op_id", "table_name", "row_id", "field"},
      "foreign_keys": [("op_id", "operations", "id")]}),
]

_V1_INDEXES = [
    "CREATE UNIQUE INDEX idx_delegations_code ON delegations(code)",
    "CREATE INDEX idx_members_delegation ON members(delegation_id)",
    "CREATE UNIQUE INDEX idx_meeting_delegations ON meeting_delegations(meeting_id, delegation_id, role)",
    "CREATE UNIQUE INDEX idx_principles_number ON principles(number)",
    "CREATE UNIQUE INDEX idx_versions_seq ON principle_versions(principle_id, seq)",
    "CREATE INDEX idx_amendments_principle ON amendments(principle_id)",
    "CREATE UNIQUE INDEX idx_positions_pair ON positions(principle_id, delegation_id)",
    "CREATE INDEX idx_positions_delegation ON positions(delegation_id)",
    "CREATE INDEX idx_history_pair ON position_history(principle_id, delegation_id, recorded_at)",
    "CREATE UNIQUE INDEX idx_notes_pair ON private_notes(principle_id, delegation_id)",
    "CREATE INDEX idx_actions_owner ON action_items(owner_id)",
    "CREATE INDEX idx_silence_principle ON silence_procedures(principle_id)",
    "CREATE UNIQUE INDEX idx_operations_seq ON operations(seq)",
    "CREATE UNIQUE INDEX idx_changes_seq ON changes(seq)",
    "CREATE INDEX idx_changes_op ON changes(op_id)",
    "CREATE INDEX idx_changes_unsent ON changes(snapshot_id, seq)",
]


MIGRATIONS = sqlite_utils.Migrations("qroundtable")
_NAMES: list[str] = []


def migration(name: str):
    """Register the decorated function as the next migration, under `name` (recorded in every file: never change it)."""
    _NAMES.append(name)
    return MIGRATIONS(name=name)


@migration("initial roundtable schema")
def _v1_initial(db: sqlite_utils.Database) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for name, columns, extra in _V1_TABLES:
        sql = db.create_table_sql(name, columns, pk="id", not_null=extra.get("not_null"),
                                  foreign_keys=extra.get("foreign_keys"), defaults=extra.get("defaults"))
        db.execute(sql)
    for sql in _V1_INDEXES:
        db.execute(sql)


# Sync bookkeeping. None of these travel in a release or a snapshot: they describe this copy.
_V2_TABLES: list[tuple[str, dict, dict]] = [
    # key/value facts about this copy's sync: base release, the secretariat's key, sequences acknowledged.
    ("sync_state", {"key": str, "value": str}, {"pk": "key", "not_null": {"value"}}),
    # Releases this copy issued (the master) or joined/imported (a delegation's copy).
    ("releases", {"id": str, "seq": int, "role": str, "secretariat": str, "fingerprint": str, "issued_at": str,
                  "recorded_at": str, "rows": int, "file_sha256": str, "file_name": str},
     {"not_null": {"seq", "role", "recorded_at"}}),
    # Snapshots this delegation's copy exported, numbered in sequence.
    ("snapshots", {"id": str, "seq": int, "delegation": str, "base_release": str, "created_at": str,
                   "entries": int, "file_sha256": str, "file_name": str},
     {"not_null": {"seq", "delegation", "created_at"}}),
    # Every file imported, keyed by its hash and (delegation, sequence): re-importing is a no-op.
    ("import_ledger", {"id": str, "file_sha256": str, "kind": str, "delegation": str, "sequence": int,
                       "source_id": str, "op_id": str, "imported_at": str, "imported_by": str, "file_name": str,
                       "entries": int, "applied": int, "unchanged": int, "conflicts": int, "rejected": int,
                       "report": str},
     {"not_null": {"file_sha256", "kind", "delegation", "sequence", "imported_at"}}),
    # Fields a person must decide: old, current and incoming values (JSON), who sent them, how it ended.
    ("conflicts", {"id": str, "import_id": str, "kind": str, "table_name": str, "row_id": str, "field": str,
                   "old": str, "current": str, "incoming": str, "reason": str, "delegation": str,
                   "sequence": int, "snapshot_id": str, "created_at": str, "state": str, "resolution": str,
                   "resolved_value": str, "resolved_by": str, "resolved_at": str},
     {"not_null": {"kind", "table_name", "row_id", "field", "delegation", "created_at", "state"}}),
]

_V2_SQL = [
    "CREATE UNIQUE INDEX idx_ledger_file ON import_ledger(file_sha256)",
    "CREATE UNIQUE INDEX idx_ledger_sequence ON import_ledger(kind, delegation, sequence)",
    "CREATE UNIQUE INDEX idx_releases_seq ON releases(role, seq)",
    "CREATE UNIQUE INDEX idx_snapshots_seq ON snapshots(seq)",
    "CREATE INDEX idx_conflicts_state ON conflicts(state, created_at)",
    "CREATE INDEX idx_conflicts_field ON conflicts(table_name, row_id, field)",
    # Provenance of an imported change: who sent it, in which snapshot, when they made it.
    "ALTER TABLE changes ADD COLUMN origin_delegation TEXT",
    "ALTER TABLE changes ADD COLUMN origin_snapshot TEXT",
    "ALTER TABLE changes ADD COLUMN origin_at TEXT",
]


@migration("sync: releases, snapshots, import ledger, conflicts, provenance")
def _v2_sync(db: sqlite_utils.Database) -> None:
    for name, columns, extra in _V2_TABLES:
        db.execute(db.create_table_sql(name, columns, pk=extra.get("pk", "id"), not_null=extra.get("not_null")))
    for sql in _V2_SQL:
        db.execute(sql)


def domain_columns() -> dict[str, dict[str, type]]:
    """The roundtable's own tables and their columns (name → str or int), as sync format 1 carries them
    (columns added by later migrations last, in the order they were added)."""
    tables = {name: dict(columns) for name, columns, _ in _V1_TABLES if name not in ("operations", "changes")}
    for table, column, kind in ADDED_COLUMNS:
        tables[table][column] = kind
    for name, columns, _ in ADDED_TABLES:
        tables[name] = dict(columns)
    return tables


def domain_foreign_keys() -> dict[str, dict[str, str]]:
    """table → {column: the table it refers to}, for the roundtable's own tables."""
    return {name: {col: parent for col, parent, _ in extra.get("foreign_keys", ())}
            for name, _, extra in _V1_TABLES + ADDED_TABLES if name not in ("operations", "changes")}


# What `schema_migrations` recorded, by number, before the move to sqlite-utils' Migrations.
LEGACY_VERSIONS = {1: "initial roundtable schema", 2: "sync: releases, snapshots, import ledger, conflicts, provenance"}
LEGACY_MARKER = 3


@migration("migrations recorded by sqlite-utils")
def _v3_legacy_marker(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
               "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    db.execute("INSERT OR IGNORE INTO schema_migrations VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
               (LEGACY_MARKER, "later migrations are recorded in _sqlite_migrations"))


def names() -> list[str]:
    """Every migration this version of the app knows, oldest first."""
    return list(_NAMES)


def applied(db: sqlite_utils.Database) -> list[str]:
    """The migrations recorded in the file, by name (read-only); a legacy file's numbers are translated.

    A number no version of the app ever wrote under `schema_migrations` alone comes back as
    'schema N', which no migration is called: the file is then from a newer app.
    """
    if db.table(MIGRATIONS.migrations_table).exists():
        return [m.name for m in MIGRATIONS.applied(db)]
    if not db.table("schema_migrations").exists():
        return []
    return [LEGACY_VERSIONS.get(v, f"schema {v}")
            for (v,) in db.execute("SELECT version FROM schema_migrations ORDER BY version")]


def adopt_legacy_record(db: sqlite_utils.Database) -> None:
    """Record a legacy file's migrations in `_sqlite_migrations` (inside the caller's transaction)."""
    if db.table(MIGRATIONS.migrations_table).exists() or not db.table("schema_migrations").exists():
        return
    MIGRATIONS.ensure_migrations_table(db)
    rows = db.execute("SELECT version, applied_at FROM schema_migrations ORDER BY version").fetchall()
    db.table(MIGRATIONS.migrations_table).insert_all(
        {"migration_set": MIGRATIONS.name, "name": LEGACY_VERSIONS[v], "applied_at": at}
        for v, at in rows if v in LEGACY_VERSIONS)


# Columns later migrations add to the roundtable's own tables, oldest first: they travel in releases after the
# columns of schema 1 (a release made before them is still read, the column then empty).
ADDED_COLUMNS: list[tuple[str, str, type]] = [
    ("amendments", "decision_reason", str),  # why the secretariat rejected (or accepted) it; the secretariat's
    ("meetings", "speaking_limit", int),  # seconds each speaker has at this meeting (None: no limit set)
    ("amendments", "untracked", int),  # 1: read from a marked-up copy edited without tracking, to review
    ("meetings", "chair", str),  # who chaired the meeting, as the chair's summary names them
    ("meetings", "agenda", str),  # its agenda, an item a line
]


@migration("amendments: the reason given with a decision")
def _v4_decision_reason(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE amendments ADD COLUMN decision_reason TEXT")


@migration("sync: keys the master no longer trusts")
def _v5_revoked_keys(db: sqlite_utils.Database) -> None:
    # The master's own record (it never travels): a key revoked (a lost laptop) or replaced by a newer one, so a
    # snapshot signed with it is refused with that reason rather than as a mere bad signature.
    db.execute(db.create_table_sql(
        "revoked_keys", {"id": str, "delegation_id": str, "public_key": str, "fingerprint": str, "trusted_at": str,
                         "revoked_at": str, "replaced_by": str},
        pk="id", not_null={"delegation_id", "public_key", "revoked_at"},
        foreign_keys=[("delegation_id", "delegations", "id")]))
    db.execute("CREATE INDEX idx_revoked_keys_delegation ON revoked_keys(delegation_id)")


# Tables later migrations add to the roundtable's own, oldest first: they travel in releases after those of
# schema 1 (a release made before them is still read, the table then empty) and, where a delegation may write
# them (sync/rules.py), in snapshots. (table, columns, extra constraints), as in `_V1_TABLES`.
ADDED_TABLES: list[tuple[str, dict, dict]] = [
    # The floor at a meeting: who asked to speak on an agenda item (a principle, or none: general debate), in
    # `place` order; `kind` speaker or point_of_order; `state` waiting, speaking, spoke, yielded or withdrawn;
    # `spoken_ms` the time the speaker had, once done. The secretariat's (the chair's) record.
    ("speakers", {"id": str, "meeting_id": str, "principle_id": str, "delegation_id": str, "place": int,
                  "kind": str, "state": str, "requested_at": str, "started_at": str, "ended_at": str,
                  "spoken_ms": int},
     {"not_null": {"meeting_id", "delegation_id", "place", "kind", "state", "requested_at"},
      "foreign_keys": [("meeting_id", "meetings", "id"), ("principle_id", "principles", "id"),
                       ("delegation_id", "delegations", "id")]}),
    # A roll-call vote on one version of a principle; `majority` simple, two_thirds or consensus_minus_one;
    # `state` open or closed; `result` (adopted / not_adopted) and the counts are fixed when it closes.
    ("votes", {"id": str, "principle_id": str, "version_id": str, "meeting_id": str, "question": str,
               "majority": str, "state": str, "opened_at": str, "opened_by": str, "closed_at": str,
               "result": str},
     {"not_null": {"principle_id", "version_id", "question", "majority", "state", "opened_at"},
      "foreign_keys": [("principle_id", "principles", "id"), ("version_id", "principle_versions", "id"),
                       ("meeting_id", "meetings", "id")]}),
    # One delegation's vote: `choice` yes, no or abstain; cast by `proxy_id` when another delegation held its
    # proxy; `on_behalf` 1 when the secretariat entered it for the delegation, `entered_by` saying who did.
    ("ballots", {"id": str, "vote_id": str, "delegation_id": str, "choice": str, "proxy_id": str,
                 "on_behalf": int, "entered_by": str, "recorded_at": str},
     {"not_null": {"vote_id", "delegation_id", "choice", "recorded_at"},
      "foreign_keys": [("vote_id", "votes", "id"), ("delegation_id", "delegations", "id"),
                       ("proxy_id", "delegations", "id")]}),
    # A delegation's co-sponsorship of another's amendment; its id is `ids.pair_id(amendment, delegation)`, so
    # the pair has one row in every copy; `state` cosponsoring or withdrawn. The delegation's own row.
    ("cosponsors", {"id": str, "amendment_id": str, "delegation_id": str, "state": str, "created_at": str,
                    "withdrawn_at": str},
     {"not_null": {"amendment_id", "delegation_id", "state", "created_at"},
      "foreign_keys": [("amendment_id", "amendments", "id"), ("delegation_id", "delegations", "id")]}),
    # The adoption record: a delegation's explanation of position, interpretative statement or formal
    # reservation on an agreed principle's version, made on `made_on` (a date). The delegation's own row.
    ("statements", {"id": str, "principle_id": str, "version_id": str, "delegation_id": str, "kind": str,
                    "text": str, "made_on": str, "recorded_by": str, "created_at": str},
     {"not_null": {"principle_id", "version_id", "delegation_id", "kind", "text", "made_on", "created_at"},
      "foreign_keys": [("principle_id", "principles", "id"), ("version_id", "principle_versions", "id"),
                       ("delegation_id", "delegations", "id")]}),
]


_MEETING_TABLES = list(ADDED_TABLES)  # what migration 6 creates: later migrations add more to ADDED_TABLES


@migration("the meeting: speakers lists, roll-call votes, co-sponsors and statements")
def _v6_meeting(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE meetings ADD COLUMN speaking_limit INTEGER")
    for name, columns, extra in _MEETING_TABLES:
        db.execute(db.create_table_sql(name, columns, pk="id", not_null=extra.get("not_null"),
                                       foreign_keys=extra.get("foreign_keys")))
    for sql in ("CREATE INDEX idx_speakers_meeting ON speakers(meeting_id, principle_id, place)",
                "CREATE INDEX idx_votes_principle ON votes(principle_id)",
                "CREATE UNIQUE INDEX idx_ballots_pair ON ballots(vote_id, delegation_id)",
                "CREATE INDEX idx_cosponsors_amendment ON cosponsors(amendment_id)",
                "CREATE INDEX idx_statements_principle ON statements(principle_id)"):
        db.execute(sql)


# The negotiation text as the secretariat issued it: Rev.1, Rev.2, … and which version of each principle each
# one holds, so a redline between any two revisions can be made again, and a marked-up copy traced back to it.
_REVISION_TABLES: list[tuple[str, dict, dict]] = [
    ("revisions", {"id": str, "seq": int, "issued_at": str, "issued_by": str},
     {"not_null": {"seq", "issued_at"}}),
    ("revision_versions", {"id": str, "revision_id": str, "principle_id": str, "version_id": str},
     {"not_null": {"revision_id", "principle_id", "version_id"},
      "foreign_keys": [("revision_id", "revisions", "id"), ("principle_id", "principles", "id"),
                       ("version_id", "principle_versions", "id")]}),
]
ADDED_TABLES += _REVISION_TABLES


@migration("negotiation text: revisions issued")
def _v7_revisions(db: sqlite_utils.Database) -> None:
    for name, columns, extra in _REVISION_TABLES:
        db.execute(db.create_table_sql(name, columns, pk="id", not_null=extra.get("not_null"),
                                       foreign_keys=extra.get("foreign_keys")))
    db.execute("CREATE UNIQUE INDEX idx_revisions_seq ON revisions(seq)")
    db.execute("CREATE INDEX idx_revision_versions ON revision_versions(revision_id)")


@migration("amendments: edits made without tracking, flagged")
def _v8_untracked(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE amendments ADD COLUMN untracked INTEGER")


@migration("meetings: who chaired, and the agenda")
def _v9_chair_agenda(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE meetings ADD COLUMN chair TEXT")
    db.execute("ALTER TABLE meetings ADD COLUMN agenda TEXT")
