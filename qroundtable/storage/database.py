"""The roundtable file: opening, migrating, and writes that record every field they change.

All writes go through `Store.operation()`; inside it, `insert`, `update` and
`delete` both change the row and append (row, field, old, new) to the change
record in the same transaction. That record is what undo replays backwards and
what a delegation's snapshot will carry to the secretariat.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from ..errors import FileProblem, NothingToUndo, RoundtableError
from ..ids import new_id, new_ids
from .schema import MIGRATIONS, SCHEMA_VERSION

# 'QRT1': lets us tell a roundtable file from any other SQLite database.
APPLICATION_ID = 0x51525431
ROW = "*"  # the `field` of a change that creates or deletes a whole row
SETUP = "setup"  # the snapshot_id of changes made by setup operations: part of every copy's base

TABLES = frozenset({
    "roundtable", "delegations", "members", "trusted_keys", "meetings", "meeting_delegations",
    "principles", "principle_versions", "amendments", "positions", "position_history",
    "private_notes", "action_items", "silence_procedures",
})
# Written through the change record too (resolving one is an undo step) but never part of the roundtable's data.
LOCAL_TABLES = frozenset({"conflicts"})


def now_iso() -> str:
    """The current UTC time as ISO text with milliseconds; sorts as it reads."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass(frozen=True)
class Change:
    """One field of one row changed (or a whole row created/deleted, with field `*`)."""

    table: str
    row_id: str
    field: str
    old: object
    new: object


@dataclass
class Operation:
    """An operation in progress: one undo step and one transaction."""

    id: str
    label: str
    kind: str
    actor: str
    at: str
    target_id: str | None = None
    changes: list[Change] = field(default_factory=list)
    # change index → Origin, for changes that came from elsewhere (an imported snapshot or release)
    origins: dict[int, Origin] = field(default_factory=dict)


@dataclass(frozen=True)
class Origin:
    """Where an imported change came from, and what it counts as in this copy's change record."""

    delegation: str | None = None
    snapshot: str | None = None
    at: str | None = None
    snapshot_id: str | None = None  # None: not yet sent from this copy


class Store:
    """One open roundtable file. Not thread-safe: the app gives it one worker thread."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self.path = path
        self._op: Operation | None = None
        self.read_only = False
        self.read_only_reason = ""

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, read_only: bool = False) -> Store:
        path = Path(path)
        if read_only:  # TEMPORARY stand-in until the storage branch lands
            from urllib.parse import quote
            conn = sqlite3.connect(f"file:{quote(str(path.absolute()))}?mode=ro", uri=True, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
            store = cls(conn, path)
            store.read_only = True
            return store
        if not create and not path.exists():
            raise FileProblem(f"no roundtable file at {path}; create one with 'qroundtable init' or 'qroundtable demo'")
        if create and path.exists() and path.stat().st_size > 0:
            raise FileProblem(f"{path} already exists; choose another name or remove it first")
        if path.is_dir():
            raise FileProblem(f"{path} is a folder, not a roundtable file")
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise FileProblem(f"cannot open {path}: {exc}") from None
        store = cls(conn, path)
        try:
            store._check_and_migrate(create)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise FileProblem(f"{path} is not a roundtable file, or it is damaged ({exc})") from None
        except RoundtableError:
            conn.close()
            raise
        return store

    def _check_and_migrate(self, create: bool) -> None:
        # Read-only checks come first: a file we refuse must not be touched at all.
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if not create and not (app_id == APPLICATION_ID and has_tables):
            raise FileProblem(f"{self.path} is not a roundtable file")
        version = self.schema_version() if has_tables else 0
        if version > SCHEMA_VERSION:
            raise FileProblem(
                f"{self.path.name} was written by a newer version of qroundtable "
                f"(file schema {version}, this app knows up to {SCHEMA_VERSION}); update qroundtable to open it")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 5000")
        if self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
            raise FileProblem(f"{self.path} cannot be opened in WAL mode (is it on a read-only or network drive?)")
        # NORMAL is durable across application crashes in WAL mode and keeps a commit ~1 ms.
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.migrate(version)

    def schema_version(self) -> int:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").fetchone()
        if not exists:
            return 0
        return self.conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]

    def migrate(self, current: int) -> list[int]:
        """Apply each pending migration in its own transaction, recorded alongside it."""
        applied = []
        for version, name, run in MIGRATIONS:
            if version <= current:
                continue
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if version == 1:
                    self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                                      "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
                run(self.db)
                self.conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now_iso()))
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            applied.append(version)
        return applied

    def close(self) -> None:
        if self.conn is not None:
            try:
                if not self.read_only:
                    self.conn.execute("PRAGMA optimize")
            finally:
                self.conn.close()
                self.conn = None

    # -- reading -----------------------------------------------------------------

    def rows(self, sql: str, params=()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def row(self, sql: str, params=()) -> dict | None:
        cur = self.conn.execute(sql, params)
        r = cur.fetchone()
        if r is None:
            return None
        return dict(zip([d[0] for d in cur.description], r))

    def value(self, sql: str, params=()):
        r = self.conn.execute(sql, params).fetchone()
        return None if r is None else r[0]

    def get(self, table: str, row_id: str) -> dict | None:
        _check_table(table)
        return self.row(f"SELECT * FROM [{table}] WHERE id = ?", (row_id,))

    # -- writing -----------------------------------------------------------------

    @contextmanager
    def operation(self, label: str, actor: str, *, kind: str = "do",
                  target_id: str | None = None) -> Iterator[Operation]:
        """One transaction and one undo step; nested calls join the outer operation.

        An operation that changed nothing leaves no trace in the change record.
        """
        if self._op is not None:
            yield self._op
            return
        op = Operation(id=new_id(), label=label, kind=kind, actor=actor, at=now_iso(), target_id=target_id)
        self.conn.execute("BEGIN IMMEDIATE")
        self._op = op
        try:
            yield op
            # An import is kept even when it changed nothing: its ledger entry and its barrier count.
            if op.changes or op.kind == "import":
                self._write_change_record(op)
                self.conn.execute("COMMIT")
            else:
                self.conn.execute("ROLLBACK")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        finally:
            self._op = None

    def _write_change_record(self, op: Operation) -> None:
        op_seq = (self.value("SELECT max(seq) FROM operations") or 0) + 1
        self.conn.execute(
            "INSERT INTO operations (id, seq, label, kind, target_id, actor, at, reverted) VALUES (?,?,?,?,?,?,?,0)",
            (op.id, op_seq, op.label, op.kind, op.target_id, op.actor, op.at))
        first = (self.value("SELECT max(seq) FROM changes") or 0) + 1
        # Setup (file creation, the demo) is the common base of every copy, never "unsent".
        sent = Origin(snapshot_id=SETUP if op.kind == "setup" else None)
        origin = op.origins.get
        self.conn.executemany(
            "INSERT INTO changes (id, seq, op_id, table_name, row_id, field, old, new, actor, at, snapshot_id, "
            "origin_delegation, origin_snapshot, origin_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(change_id, first + i, op.id, c.table, c.row_id, c.field, _encode(c.old), _encode(c.new), op.actor,
              op.at, (o := origin(i, sent)).snapshot_id, o.delegation, o.snapshot, o.at)
             for i, (c, change_id) in enumerate(zip(op.changes, new_ids(len(op.changes))))])

    def _current_op(self) -> Operation:
        if self._op is None:
            raise RuntimeError("writes must happen inside Store.operation()")
        return self._op

    def insert(self, table: str, values: dict) -> str:
        _check_table(table)
        op = self._current_op()
        values = dict(values)
        values.setdefault("id", new_id())
        cols = ", ".join(f"[{c}]" for c in values)
        marks = ", ".join("?" for _ in values)
        self.conn.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", tuple(values.values()))
        op.changes.append(Change(table, values["id"], ROW, None, values))
        return values["id"]

    def update(self, table: str, row_id: str, values: dict, *, current: dict | None = None) -> dict:
        """Set `values` on one row; returns {field: (old, new)} for the fields that really changed.

        `current` may be passed when the caller has just read the row, saving a query.
        """
        _check_table(table)
        op = self._current_op()
        if current is None:
            current = self.get(table, row_id)
            if current is None:
                raise NothingToUndo(f"that {table[:-1].replace('_', ' ')} no longer exists")
        changed = {k: (current.get(k), v) for k, v in values.items() if current.get(k) != v}
        if not changed:
            return {}
        sets = ", ".join(f"[{k}] = ?" for k in changed)
        self.conn.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?", (*[v for _, v in changed.values()], row_id))
        for k, (old, new) in changed.items():
            op.changes.append(Change(table, row_id, k, old, new))
        return changed

    def delete(self, table: str, row_id: str) -> dict:
        _check_table(table)
        op = self._current_op()
        current = self.get(table, row_id)
        if current is None:
            raise NothingToUndo(f"that {table[:-1].replace('_', ' ')} no longer exists")
        self.conn.execute(f"DELETE FROM [{table}] WHERE id = ?", (row_id,))
        op.changes.append(Change(table, row_id, ROW, current, None))
        return current

    # -- the change record: undo, redo, what is unsent ------------------------------

    def changes_of(self, op_id: str) -> list[Change]:
        return [Change(r["table_name"], r["row_id"], r["field"], _decode(r["old"]), _decode(r["new"]))
                for r in self.rows("SELECT table_name, row_id, field, old, new FROM changes "
                                   "WHERE op_id = ? ORDER BY seq", (op_id,))]

    def undo_candidate(self) -> dict | None:
        """The newest operation undo would revert: a do or redo not yet reverted, after the last barrier."""
        return self.row(
            "SELECT * FROM operations WHERE kind IN ('do', 'redo') AND reverted = 0 "
            "AND seq > (SELECT coalesce(max(seq), 0) FROM operations WHERE kind IN ('setup', 'import')) "
            "ORDER BY seq DESC LIMIT 1")

    def redo_candidate(self) -> dict | None:
        """The newest undo not yet redone, provided no fresh edit came after it."""
        return self.row(
            "SELECT * FROM operations WHERE kind = 'undo' AND reverted = 0 "
            "AND seq > (SELECT coalesce(max(seq), 0) FROM operations WHERE kind IN ('do', 'setup', 'import')) "
            "ORDER BY seq DESC LIMIT 1")

    def revert(self, target: dict, kind: str, actor: str) -> Operation:
        """Apply the inverse of operation `target` as a new recorded operation of `kind`."""
        label = target["label"]
        with self.operation(label, actor, kind=kind, target_id=target["id"]) as op:
            for c in reversed(self.changes_of(target["id"])):
                self._apply_inverse(c)
            self.conn.execute("UPDATE operations SET reverted = 1 WHERE id = ?", (target["id"],))
        return op

    def _apply_inverse(self, c: Change) -> None:
        overtaken = NothingToUndo(f"cannot undo '{c.table.replace('_', ' ')}': it was changed again since")
        if c.field == ROW and c.new is not None:  # it was created: remove it, unless edited since
            current = self.get(c.table, c.row_id)
            if current is None or current != {k: c.new.get(k) for k in current}:
                raise overtaken
            self.delete(c.table, c.row_id)
        elif c.field == ROW:  # it was deleted: bring it back as it was
            if self.get(c.table, c.row_id) is not None:
                raise overtaken
            self.insert(c.table, c.old)
        else:
            current = self.get(c.table, c.row_id)
            if current is None or current.get(c.field) != c.new:
                raise overtaken
            self.update(c.table, c.row_id, {c.field: c.old}, current=current)

    def backup_to(self, dest: Path) -> None:
        """A consistent copy of the whole file (WAL included) through SQLite's backup API."""
        try:
            target = sqlite3.connect(dest)
            try:
                self.conn.backup(target)
            finally:
                target.close()
        except sqlite3.Error as exc:
            raise FileProblem(f"cannot write {dest}: {exc}") from None

    def make_delegation_copy(self, code: str) -> None:
        """Turn a fresh copy of the master into `code`'s own: meta state, not a recorded change."""
        # The deleted notes must not linger in free pages of the file handed out.
        self.conn.execute("PRAGMA secure_delete = ON")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute("UPDATE roundtable SET copy_kind = 'delegation', copy_owner = ?", (code,))
            # The secretariat's own notes stay home, and so does their trace in the change record.
            self.conn.execute("DELETE FROM private_notes")
            self.conn.execute("DELETE FROM changes WHERE table_name = 'private_notes'")
            self.conn.execute("UPDATE changes SET snapshot_id = 'master' WHERE snapshot_id IS NULL")
            # The master's history is not this delegation's to undo.
            self.conn.execute("UPDATE operations SET kind = 'setup' WHERE kind != 'setup'")
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def unsent_count(self) -> int:
        """Changes this copy made that no snapshot or release has carried yet (setup excluded)."""
        return self.value("SELECT count(*) FROM changes WHERE snapshot_id IS NULL")  # idx_changes_unsent


def prepare_new_file(path: str | Path) -> Path:
    """`path` for a file about to be written: refused if it exists, its folder made if missing."""
    path = Path(path)
    if path.exists():
        raise FileProblem(f"{path} already exists; choose another name or remove it first")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileProblem(f"cannot create the folder for {path}: {exc.strerror}") from None
    return path


def remove_file(path: str | Path) -> None:
    """Delete a roundtable file with its WAL companions (a half-built or replaced one)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _check_table(table: str) -> None:
    if table not in TABLES and table not in LOCAL_TABLES:
        raise ValueError(f"unknown table {table!r}")


def _encode(value) -> str | None:
    # Text and whole numbers (nearly every value) skip json.dumps: an import writes tens of thousands.
    if type(value) is str:
        return json.encoder.encode_basestring(value)  # what json.dumps(text, ensure_ascii=False) gives
    if type(value) is int:
        return str(value)
    return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _decode(text):
    return None if text is None else json.loads(text)

