"""The roundtable file: opening it (for writing, or for reading only), migrating it, and writes
that record every field they change.

All writes go through `Store.operation()`; inside it, `insert`, `update` and
`delete` both change the row and append (row, field, old, new) to the change
record in the same transaction. That record is what undo replays backwards and
what a delegation's snapshot will carry to the secretariat.

Several connections may use one file at once, in this process (the app's reader and its
one writer) or in others (the command line): each write transaction takes SQLite's write
lock before it reads anything, waits up to `BUSY_TIMEOUT_S` for another program's write,
and otherwise says the roundtable is busy (`Busy`). A full disk (`DiskFull`) or a file
that cannot be written (`ReadOnly`) is said as such, and the transaction leaves nothing.
"""

from __future__ import annotations

import contextlib
import glob
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import sqlite_utils

from ..errors import FileProblem, NothingToUndo, ReadOnly
from ..ids import new_id, new_ids
from . import clock, copies, problems, schema
from .schema import APPLICATION_ID

READING_ONLY = "it was opened for reading only"  # the read-only cause when a reader was asked for
BUSY_TIMEOUT_S = 5.0  # how long a write waits for another program's write before saying the file is busy
ROW = "*"  # the `field` of a change that creates or deletes a whole row
SETUP = "setup"  # the snapshot_id of changes made by setup operations: part of every copy's base

TABLES = frozenset({
    "roundtable", "delegations", "members", "trusted_keys", "meetings", "meeting_delegations",
    "principles", "principle_versions", "amendments", "positions", "position_history",
    "private_notes", "action_items", "silence_procedures",
    "speakers", "votes", "ballots", "cosponsors", "statements", "revisions", "revision_versions",  # ADDED_TABLES
})
# Written through the change record too (resolving one is an undo step) but never part of the roundtable's data.
LOCAL_TABLES = frozenset({"conflicts", "revoked_keys"})


def now_iso() -> str:
    """The current UTC time as ISO text with milliseconds; sorts as it reads."""
    return clock.now().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class Change(NamedTuple):
    """One field of one row changed (or a whole row created/deleted, with field `*`).

    A named tuple, immutable and cheap to make: an import records tens of thousands at once.
    """

    table: str
    row_id: str
    field: str
    old: object
    new: object


@dataclass
class Operation:
    """An operation in progress: one undo step and one transaction.

    `changes` are the changes not yet written to the change record: all of them, unless the
    operation was `flush`ed on the way (a long import), then those made since.
    """

    id: str
    label: str
    kind: str
    actor: str
    at: str
    target_id: str | None = None
    changes: list[Change] = field(default_factory=list)
    # index in `changes` → Origin, for changes that came from elsewhere (an imported snapshot or release)
    origins: dict[int, Origin] = field(default_factory=dict)
    recorded: int = 0  # changes already written to the change record by `flush` (and let go)
    row_label: str | None = None  # the label its row in `operations` was written with (None: not yet written)
    _flush: Callable[[Operation], None] | None = field(default=None, repr=False, compare=False)

    def flush(self) -> None:
        """Write the changes made so far to the change record, and let them go.

        For a long operation (an import of many files) that would otherwise hold every change
        until its end. The record is the same as if written at the end: the same rows in the
        same order, in the same transaction. Inside a nested operation (a savepoint that may
        still roll back on its own) nothing is written: the changes wait for the end.
        """
        if self._flush is not None:
            self._flush(self)


@dataclass(frozen=True)
class Origin:
    """Where an imported change came from, and what it counts as in this copy's change record."""

    delegation: str | None = None
    snapshot: str | None = None
    at: str | None = None
    snapshot_id: str | None = None  # None: not yet sent from this copy


class _NothingChanged(Exception):
    """An operation that changed nothing: roll it back, leave no trace."""


class Store:
    """One open roundtable file (one SQLite connection).

    Not thread-safe: each thread that needs the file opens its own Store. The app keeps one
    writable Store on its worker thread and one `read_only` Store on its UI thread.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only_cause: str | None = None):
        self.conn = conn
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self.path = path
        self.read_only_cause = read_only_cause  # None: open for writing
        self._op: Operation | None = None
        self._nested = 0  # operations joined to `_op` as savepoints, now open

    @property
    def read_only(self) -> bool:
        return self.read_only_cause is not None

    @property
    def read_only_reason(self) -> str:
        """'' when the file is open for writing, else a sentence: 'demo.qrt is read-only: <why>'."""
        return f"{self.path.name} is read-only: {self.read_only_cause}" if self.read_only else ""

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, read_only: bool = False) -> Store:
        """The roundtable file at `path` (a new, empty one with `create`).

        `read_only` asks for a reading connection: it writes nothing, ever (no migration, no
        journal change, no optimisation on close), sees each commit of every other connection
        as soon as it is made, and never holds up a writer. A file that cannot be written here
        (its permissions, its folder, a read-only disk) opens read-only as well; either way
        `read_only_reason` says why and every write raises ReadOnly before touching anything.
        """
        path = Path(path)
        if not create and not path.exists():
            raise FileProblem(f"no roundtable file at {path}; create one with 'qroundtable init' or 'qroundtable demo'")
        if create and path.exists() and path.stat().st_size > 0:
            raise FileProblem(f"{path} already exists; choose another name or remove it first")
        if path.is_dir():
            raise FileProblem(f"{path} is a folder, not a roundtable file")
        cause = None if create else problems.read_only_cause(path)
        if read_only and cause is None:
            cause = READING_ONLY
        conn = _connect(path, cause)
        store = cls(conn, path, read_only_cause=cause)
        try:
            store._check_and_migrate(create)
        except sqlite3.Error as exc:
            try:
                problem = store._diagnose(exc)
            finally:
                conn.close()
            raise problem from None
        except BaseException:
            conn.close()
            raise
        return store

    def _check_and_migrate(self, create: bool) -> None:
        # Reading comes first: a file we refuse must not be touched at all.
        app_id = self.value("PRAGMA application_id")
        has_tables = self.value("SELECT count(*) FROM sqlite_master") > 0
        if not create and not (app_id == APPLICATION_ID and has_tables):
            raise FileProblem(f"{self.path} is not a roundtable file")
        known = schema.names()
        applied = schema.applied(self.db) if has_tables else []
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise FileProblem(
                f"{self.path.name} was written by a newer version of qroundtable (its schema has "
                f"{', '.join(repr(n) for n in unknown)}, which this version does not know); "
                "update qroundtable to open it")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.read_only:
            self.conn.execute("PRAGMA query_only = ON")  # beside mode=ro: not even a temporary write
            if len(applied) < len(known):
                then = ("open it for writing first" if self.read_only_cause == READING_ONLY
                        else "copy it to a folder you can write to and open the copy")
                raise FileProblem(f"{self.path.name} was written by an older version of qroundtable and must be "
                                  f"upgraded before it can be read, but {self.read_only_cause}; {then}")
            return
        if self.value("PRAGMA journal_mode = WAL") != "wal":
            raise FileProblem(f"{self.path} cannot be opened in WAL mode (is it on a network drive?)")
        # NORMAL is durable across application crashes in WAL mode and keeps a commit ~1 ms.
        self.conn.execute("PRAGMA synchronous = NORMAL")
        # What is deleted (a private note, a comment taken back) is overwritten, not left in free pages
        # for a copy of the file to carry: the default on some platforms' SQLite, not on all.
        self.conn.execute("PRAGMA secure_delete = ON")
        if len(applied) < len(known):
            self.migrate()

    def _diagnose(self, exc: sqlite3.Error) -> FileProblem:
        """What an SQLite error met while opening means: busy, full, read-only, not ours, or (checked) damaged."""
        code = problems.result_code(exc)
        if code == problems.SQLITE_NOTADB:
            return FileProblem(f"{self.path} is not a roundtable file")
        problem = problems.file_problem(exc, self.path)
        if problem is not None:
            return problem
        damage = problems.damage(self.conn)
        if damage:
            backups = sorted(self.path.parent.glob(f"{glob.escape(self.path.stem)}.backup-*{self.path.suffix}"))
            newest = f"; its newest backup is {backups[-1].name}" if backups else ""
            return FileProblem(f"{self.path} is damaged ({damage}){newest}")
        return FileProblem(f"cannot open {self.path}: {exc}")

    def applied_migrations(self) -> list[str]:
        """The names of the migrations this file has had, oldest first."""
        return schema.applied(self.db)

    def migrate(self) -> list[str]:
        """Apply every pending migration in one write transaction, each recorded alongside its change."""
        with self.transaction():
            schema.adopt_legacy_record(self.db)
            pending = [m.name for m in schema.MIGRATIONS.pending(self.db)]
            schema.MIGRATIONS.apply(self.db)
        return pending

    def close(self) -> None:
        if self.conn is None:
            return
        try:
            if not self.read_only and not self.conn.in_transaction:
                # Only an optimisation: skipped at once when another program is writing.
                self.conn.execute("PRAGMA busy_timeout = 0")
                self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
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
    def transaction(self) -> Iterator[None]:
        """One write transaction; inside another, a savepoint that rolls back alone (`db.atomic()`).

        The outermost level begins with BEGIN IMMEDIATE rather than atomic()'s plain BEGIN: the
        write lock is taken before anything is read (waiting up to BUSY_TIMEOUT_S for another
        program's write), so what the transaction reads stays true until it commits. SQLite errors
        about the file come out as Busy, DiskFull or ReadOnly; on a read-only file nothing is tried.
        """
        if self.read_only:
            raise ReadOnly(self.read_only_reason)
        if self.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                # Nothing to do when SQLite has already ended the transaction (a full disk does that).
                with contextlib.suppress(sqlite3.Error):
                    self.db.rollback()
                raise
        except sqlite3.Error as exc:
            problem = problems.file_problem(exc, self.path)
            if problem is None:
                raise
            raise problem from None

    @contextmanager
    def operation(self, label: str, actor: str, *, kind: str = "do",
                  target_id: str | None = None) -> Iterator[Operation]:
        """One transaction and one undo step.

        A nested call joins the outer operation as a savepoint: if it fails, its own writes are
        undone and the outer operation may go on. An operation that changed nothing leaves no
        trace in the change record.
        """
        if self._op is not None:
            op, start = self._op, len(self._op.changes)
            self._nested += 1  # no flush until this savepoint is over: `start` must stay where it is
            try:
                with self.transaction():
                    yield op
            except BaseException:
                del op.changes[start:]
                for i in [i for i in op.origins if i >= start]:
                    del op.origins[i]
                raise
            finally:
                self._nested -= 1
            return
        op = Operation(id=new_id(), label=label, kind=kind, actor=actor, at=now_iso(), target_id=target_id,
                       _flush=self._flush)
        try:
            with self.transaction():
                self._op = op
                yield op
                # An import is kept even when it changed nothing: its ledger entry and its barrier count.
                if not (op.changes or op.recorded or op.kind == "import"):
                    raise _NothingChanged
                self._write_change_record(op)
        except _NothingChanged:
            pass
        finally:
            self._op = None
            op._flush = None

    def _flush(self, op: Operation) -> None:
        if op is self._op and not self._nested:
            self._write_change_record(op)
            op.recorded += len(op.changes)
            op.changes.clear()
            op.origins.clear()

    def _write_change_record(self, op: Operation) -> None:
        """Write `op`'s row in `operations` (or its label, should it have changed since) and the changes it
        holds. Once at the end of the operation, and at each `flush` before it."""
        if op.row_label is None:
            op_seq = (self.value("SELECT max(seq) FROM operations") or 0) + 1
            self.conn.execute(
                "INSERT INTO operations (id, seq, label, kind, target_id, actor, at, reverted) "
                "VALUES (?,?,?,?,?,?,?,0)", (op.id, op_seq, op.label, op.kind, op.target_id, op.actor, op.at))
            op.row_label = op.label
        elif op.row_label != op.label:
            self.conn.execute("UPDATE operations SET label = ? WHERE id = ?", (op.label, op.id))
            op.row_label = op.label
        changes = op.changes
        if not changes:
            return
        first = (self.value("SELECT max(seq) FROM changes") or 0) + 1
        # Setup (file creation, the demo) is the common base of every copy, never "unsent".
        sent = Origin(snapshot_id=SETUP if op.kind == "setup" else None)
        origin, op_id, actor, at, encode = op.origins.get, op.id, op.actor, op.at, _encode
        # A generator, not a list: the rows are made as SQLite takes them, never all at once.
        self.conn.executemany(
            "INSERT INTO changes (id, seq, op_id, table_name, row_id, field, old, new, actor, at, snapshot_id, "
            "origin_delegation, origin_snapshot, origin_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            ((change_id, first + i, op_id, table, row_id, name, encode(old), encode(new), actor, at,
              (o := origin(i, sent)).snapshot_id, o.delegation, o.snapshot, o.at)
             for i, ((table, row_id, name, old, new), change_id) in enumerate(zip(changes, new_ids(len(changes))))))

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
        """The newest do or redo not yet reverted, after the last barrier: the file's setup, an import, or a
        `final` step (closing a roll-call vote: a closed vote never changes again)."""
        return self.row(
            "SELECT * FROM operations WHERE kind IN ('do', 'redo') AND reverted = 0 "
            "AND seq > (SELECT coalesce(max(seq), 0) FROM operations WHERE kind IN ('setup', 'import', 'final')) "
            "ORDER BY seq DESC LIMIT 1")

    def redo_candidate(self) -> dict | None:
        """The newest undo not yet redone, provided no fresh edit came after it."""
        return self.row(
            "SELECT * FROM operations WHERE kind = 'undo' AND reverted = 0 "
            "AND seq > (SELECT coalesce(max(seq), 0) FROM operations "
            "WHERE kind IN ('do', 'setup', 'import', 'final')) "
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
        """A consistent copy of the whole file (WAL included) at `dest`, through SQLite's backup API
        on this connection. Not inside a write transaction (SQLite cannot copy from a writing connection)."""
        if self.conn.in_transaction:
            raise RuntimeError("backup_to cannot run inside a write transaction")
        copies.copy_to(self.conn, Path(dest), what=Path(dest).name, busy_timeout=BUSY_TIMEOUT_S)

    def compact_copy_to(self, dest: Path) -> None:
        """A copy of the file as committed, rebuilt page by page (`VACUUM INTO`) on this connection: no free
        page of this file, with whatever it once held, goes with it. For copies handed to someone else."""
        if self.conn.in_transaction:
            raise RuntimeError("compact_copy_to cannot run inside a transaction")
        copies.vacuum_to(self.conn, Path(dest), what=Path(dest).name)


    @contextmanager
    def trial_copy(self) -> Iterator[Store]:
        """A writable copy of the whole file in memory, for the `with` block only: to try a change by the very
        steps that make it (an import's preview) while the file itself is never written, read-only or not.

        Copied through this connection (SQLite's backup API), so the file is never opened a second time.
        Not inside a write transaction."""
        if self.conn.in_transaction:
            raise RuntimeError("trial_copy cannot run inside a write transaction")
        conn = copies.into_memory(self.conn, what=f"a working copy of {self.path.name}")
        try:
            conn.execute("PRAGMA foreign_keys = ON")  # as every connection to the file has it
            yield Store(conn, self.path)
        finally:
            conn.close()

    def background_copy(self, dest: Path, *, what: str) -> copies.BackgroundCopy:
        """Start copying the file as last committed, on a thread and connection of its own (`copies.BackgroundCopy`).

        Inside a write transaction, that is the file without this transaction's writes."""
        return copies.BackgroundCopy(self.path, Path(dest), what=what)

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the file (PRAGMA data_version)."""
        return self.value("PRAGMA data_version")

    def make_delegation_copy(self, code: str) -> None:
        """Turn a fresh copy of the master into `code`'s own: meta state, not a recorded change."""
        # The deleted notes must not linger in free pages of the file handed out.
        self.conn.execute("PRAGMA secure_delete = ON")
        with self.transaction():
            self.conn.execute("UPDATE roundtable SET copy_kind = 'delegation', copy_owner = ?", (code,))
            # The secretariat's own notes stay home, and so does their trace in the change record.
            self.conn.execute("DELETE FROM private_notes")
            self.conn.execute("DELETE FROM changes WHERE table_name = 'private_notes'")
            self.conn.execute("UPDATE changes SET snapshot_id = 'master' WHERE snapshot_id IS NULL")
            # The master's history is not this delegation's to undo.
            self.conn.execute("UPDATE operations SET kind = 'setup' WHERE kind != 'setup'")


def _connect(path: Path, read_only_cause: str | None) -> sqlite3.Connection:
    """A connection to `path`: read-write, or (with a cause) one that cannot write at all."""
    target, uri = str(path), False
    if read_only_cause is not None:
        target, uri = path.absolute().as_uri() + "?mode=ro", True
        blocked = problems.folder_cause(path)
        if blocked and not Path(f"{path}-shm").exists():
            # SQLite cannot make its -shm index here, which it needs to see other programs' changes. Only
            # where nobody can make one either is the file sure not to change while read ('immutable').
            wal = Path(f"{path}-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise FileProblem(f"{path.name} cannot be read here: its latest changes are still in {wal.name} "
                                  f"and {blocked}; copy both files to a folder you can write to")
            if problems.others_may_add_files_beside(path):
                raise FileProblem(f"{path.name} cannot be read safely here: {blocked} by you but can be by others, "
                                  f"and SQLite needs {path.name}-shm beside it to see their changes; copy the file "
                                  "to a folder you can write to")
            target += "&immutable=1"
    try:
        return sqlite3.connect(target, uri=uri, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise FileProblem(f"cannot open {path}: {exc}") from None


def prepare_new_file(path: str | Path) -> Path:
    """`path` for a file about to be written: refused if it exists, its folder made if missing."""
    path = Path(path)
    if path.exists():
        raise FileProblem(f"{path} already exists; choose another name or remove it first")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileProblem(f"cannot create the folder for {path}: {exc.strerror}") from None
    blocked = problems.folder_cause(path)
    if blocked:
        raise ReadOnly(f"{path.name} cannot be created: {blocked}")
    return path


def remove_file(path: str | Path) -> None:
    """Delete a roundtable file with its WAL companions (a half-built or replaced one); not a read-only one."""
    cause = problems.read_only_cause(Path(path)) if Path(path).exists() else None
    if cause:
        raise problems.read_only(Path(path), cause)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _check_table(table: str) -> None:
    if table not in TABLES and table not in LOCAL_TABLES:
        raise ValueError(f"unknown table {table!r}")


# What json.dumps(value, ensure_ascii=False, separators=(",", ":")) gives, without making an encoder each call.
_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_TEXT = json.encoder.encode_basestring  # the same for text: what json.dumps(text, ensure_ascii=False) gives


def _encode(value) -> str | None:
    # Text and whole numbers (nearly every value) skip the encoder: an import writes tens of thousands.
    if type(value) is str:
        return _TEXT(value)
    if type(value) is int:
        return str(value)
    return None if value is None else _DUMPS(value)


def _decode(text):
    return None if text is None else json.loads(text)

