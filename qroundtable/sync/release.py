"""Releases: the whole master, signed by the secretariat; and joining a roundtable from one.

A release carries every table of the roundtable except private notes (which never
travel), plus the sequence number of the last snapshot the master imported from
each delegation, so a copy joined later never reuses a number already seen.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .. import keys
from ..errors import InvalidInput, KeyProblem, NotPermitted
from ..ids import new_id
from ..model import CopyKind
from ..storage import (Store, change_record, ledger, merge_writes, now_iso, prepare_new_file, queries, release_tables,
                       remove_file, sync_records, trust)
from ..storage.schema import ADDED_COLUMNS, ADDED_TABLES
from ..validation import UUID, delegation_code, shown
from ..working_copy import WorkingCopy
from . import format
from .changes import COLUMNS, MAX_TEXT
from .model import ReleaseInfo, ReleaseIssued

# Everything the roundtable holds but a copy's own private notes.
RELEASE_TABLES = tuple(t for t in COLUMNS if t != "private_notes")
_TABLES_ADDED_LATER = frozenset(name for name, _, _ in ADDED_TABLES)
Tables = dict[str, tuple[list[str], list[list]]]


def issue(copy: WorkingCopy, path: str | Path) -> ReleaseIssued:
    """Write the whole master, signed with the secretariat's key, to the new file `path`."""
    info = copy.info
    if not info.is_secretariat:
        raise NotPermitted("only the secretariat's master issues releases; a delegation sends snapshots")
    code = info.secretariat
    private = keys.private_key(code)
    public = private.public_key().public_bytes_raw()
    store, path = copy.store, Path(path)
    trusted = trust.trusted_key(store, code)
    if trusted and keys.parse_public_key(trusted["public_key"]) != public:
        raise KeyProblem(f"this computer's key for {code} ({keys.fingerprint(public)}) is not the one this roundtable "
                         f"trusts for {code} ({trusted['fingerprint']}); sign on the secretariat's own computer")
    written = False
    try:
        with store.transaction():
            tables = {t: release_tables.dump_table(store, t) for t in RELEASE_TABLES}
            sequence, release_id, issued = sync_records.last_release_seq(store, "issued") + 1, new_id(), now_iso()
            rows = sum(len(r) for _, r in tables.values())
            manifest = {
                "kind": "release", "app": format.app_version(), "roundtable": queries.roundtable_id(store),
                "title": info.title, "secretariat": code, "release": release_id, "sequence": sequence,
                "issued_at": issued, "signer_key": keys.public_key_text(public), "signer": keys.fingerprint(public),
                "rows": rows, "sequences": ledger.ledger_sequences(store),
            }
            payload = {"tables": {t: {"columns": cols, "rows": r} for t, (cols, r) in tables.items()}}
            # Releases are large and written often: a lighter compression level halves the time.
            sha = format.write(path, manifest, payload, private, level=3)
            written = True
            change_record.mark_unsent(store, release_id)  # the master's edits so far went out in this release
            sync_records.set_state(store, {"secretariat_key": keys.public_key_text(public)})  # for copies handed out
            sync_records.add_release(store, {
                "id": release_id, "seq": sequence, "role": "issued", "secretariat": code,
                "fingerprint": keys.fingerprint(public), "issued_at": issued, "recorded_at": issued, "rows": rows,
                "file_sha256": sha, "file_name": shown(path.name)})
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
        raise
    return ReleaseIssued(str(path), release_id, sequence, rows, keys.fingerprint(public))


# -- reading ------------------------------------------------------------------------------------------


def read(path: str | Path) -> format.Container:
    return format.read(path, ("release",))


def signer_key(container: format.Container) -> bytes:
    """The key the release says signed it, checked against its own fingerprint."""
    try:
        raw = keys.parse_public_key(container.manifest["signer_key"])
    except InvalidInput:
        raise format.FileRefused("is damaged: the key it names is not readable") from None
    if keys.fingerprint(raw) != container.manifest["signer"]:
        raise format.FileRefused("is damaged: its key and fingerprint disagree")
    return raw


def tables_of(container: format.Container) -> Tables:
    """Every table of the release, each row checked for shape and types; FileRefused otherwise."""
    m = container.manifest
    limit = format.LIMITS["release"].items
    if m["rows"] > limit:
        raise format.FileRefused(f"holds {m['rows']} rows, more than a release may ({limit})")
    data = format.payload(container)
    tables = data.get("tables") if isinstance(data, dict) and set(data) == {"tables"} else None
    if isinstance(tables, dict) and set(RELEASE_TABLES) - set(tables) <= _TABLES_ADDED_LATER:
        # a release from before later tables were added holds none of their rows
        tables = {**{t: {"columns": list(COLUMNS[t]), "rows": []} for t in _TABLES_ADDED_LATER}, **tables}
    if not isinstance(tables, dict) or set(tables) != set(RELEASE_TABLES):
        raise format.FileRefused("is not a valid release: it does not hold the roundtable's tables")
    out: Tables = {}
    for name in RELEASE_TABLES:
        table = tables[name]
        if not isinstance(table, dict) or set(table) != {"columns", "rows"} or not isinstance(table["rows"], list) \
                or not isinstance(table["columns"], list):
            raise format.FileRefused(f"is not a valid release: table {name} has the wrong shape")
        columns, rows = table["columns"], table["rows"]
        missing = _added_later(name, columns)
        if missing is None:
            raise format.FileRefused(f"is not a valid release: table {name} has the wrong shape")
        if missing:  # a release from before those columns: they are empty in it
            rows = [row + [None] * len(missing) if isinstance(row, list) else row for row in rows]
            columns = list(COLUMNS[name])
        _check_rows(name, rows)
        out[name] = (columns, rows)
    if sum(len(r) for _, r in out.values()) != m["rows"]:
        raise format.FileRefused("is not a valid release: it holds another number of rows than its manifest says")
    roundtable = out["roundtable"][1]
    if len(roundtable) != 1 or roundtable[0][0] != m["roundtable"]:
        raise format.FileRefused("is not a valid release: its roundtable does not match its manifest")
    codes = {r[1] for r in out["delegations"][1]}
    if m["secretariat"] not in codes or roundtable[0][3] != m["secretariat"]:
        raise format.FileRefused("is not a valid release: its secretariat is not one of its delegations")
    return out


def _added_later(name: str, columns: list) -> list[str] | None:
    """The columns of `name` a release lacks because it was made before a migration added them (None: the
    columns are not the table's, whatever its age)."""
    expected = list(COLUMNS[name])
    if columns == expected:
        return []
    later = [column for table, column, _ in ADDED_COLUMNS if table == name]
    for cut in range(1, len(later) + 1):
        if later[-cut:] == expected[-cut:] and columns == expected[:-cut]:
            return expected[-cut:]
    return None


def _check_rows(name: str, rows: list) -> None:
    columns = COLUMNS[name]
    kinds = [(kind is int, c == "id" or c.endswith("_id")) for c, kind in columns.items()]
    width = len(kinds)
    for row in rows:
        if not isinstance(row, list) or len(row) != width:
            raise format.FileRefused(f"is not a valid release: a row of {name} has the wrong shape")
        for value, (is_int, is_id) in zip(row, kinds):
            if value is None:
                continue
            if is_int:
                ok = type(value) is int and -2 ** 63 <= value < 2 ** 63
            else:
                ok = isinstance(value, str) and len(value) <= MAX_TEXT and (not is_id or UUID.fullmatch(value))
            if not ok:
                raise format.FileRefused(f"is not a valid release: a value in {name} has the wrong type")
        if row[0] is None:
            raise format.FileRefused(f"is not a valid release: a row of {name} has no id")


def self_signed(path: str | Path) -> format.Container:
    """A release checked against the key it names itself: whole and unaltered, whoever that key is."""
    container = read(path)
    if not format.verify(container, signer_key(container)):
        raise format.FileRefused("has a signature that does not match the key it names (damaged or altered)")
    return container


def inspect(path: str | Path) -> ReleaseInfo:
    """A release's identity for a person to check before joining: the fingerprint to compare aloud."""
    container = self_signed(path)
    tables = tables_of(container)
    m = container.manifest
    delegations = tuple(sorted((r[1], r[2]) for r in tables["delegations"][1]))
    return ReleaseInfo(str(path), m["title"], m["roundtable"], m["secretariat"], m["sequence"], m["issued_at"],
                       m["signer"], delegations)


# -- joining --------------------------------------------------------------------------------------------


def join(release_path: str | Path, path: str | Path, code: str, *, expect_fingerprint: str | None = None) -> Store:
    """A new delegation's copy at `path` from a release; returns the open store."""
    code = delegation_code(code)
    container = self_signed(release_path)
    m = container.manifest
    if expect_fingerprint and _plain(expect_fingerprint) != _plain(m["signer"]):
        raise format.FileRefused(f"is signed by key {m['signer']}, not by {expect_fingerprint.strip()} as expected; "
                                 "ask the secretariat for its fingerprint again")
    tables = tables_of(container)
    codes = {r[1] for r in tables["delegations"][1]}
    if code not in codes:
        raise InvalidInput(f"{code} is not a delegation of this roundtable ({', '.join(sorted(codes))})")
    if code == m["secretariat"]:
        raise InvalidInput(f"{code} is the secretariat: its copy is the master, not a joined copy")
    path = prepare_new_file(path)
    store = Store.open(path, create=True)
    try:
        with store.operation(f"Join from release {m['sequence']}", code, kind="import") as op:
            install(store, tables, code)
            sync_records.set_state(store, {"base_release": m["release"], "base_release_seq": m["sequence"],
                                        "secretariat_key": m["signer_key"],
                                        "acked_sequence": m["sequences"].get(code, 0)})
            record(store, container, "joined", op.id, code)
    except BaseException:
        store.close()
        remove_file(path)
        raise
    return store


def install(store: Store, tables: Tables, owner: str) -> None:
    """Replace this copy's roundtable data with a release's, keeping it `owner`'s delegation copy."""
    try:
        release_tables.replace_tables(store, tables)
    except sqlite3.IntegrityError:
        raise format.FileRefused("is not a valid release: its rows break the roundtable's rules") from None
    release_tables.set_copy_owner(store, CopyKind.DELEGATION.value, owner)
    if merge_writes.foreign_key_problems(store):
        raise format.FileRefused("is not a valid release: some of its rows refer to rows it does not hold")


def record(store: Store, container: format.Container, role: str, op_id: str, actor: str,
           counts: dict | None = None) -> None:
    """Note the release among this copy's releases and in its import ledger (re-importing it is a no-op)."""
    m, at = container.manifest, now_iso()
    sync_records.add_release(store, {
        "id": m["release"], "seq": m["sequence"], "role": role, "secretariat": m["secretariat"],
        "fingerprint": m["signer"], "issued_at": m["issued_at"], "recorded_at": at, "rows": m["rows"],
        "file_sha256": container.file_sha256, "file_name": container.name})
    counts = counts or {}
    ledger.add_ledger(store, [{
        "id": new_id(), "file_sha256": container.file_sha256, "kind": "release", "delegation": m["secretariat"],
        "sequence": m["sequence"], "source_id": m["release"], "op_id": op_id, "imported_at": at,
        "imported_by": actor, "file_name": container.name, "entries": m["rows"],
        "applied": counts.get("applied", 0), "unchanged": counts.get("unchanged", 0),
        "conflicts": counts.get("conflicts", 0), "rejected": 0, "report": counts.get("report")}])


def _plain(fingerprint: str) -> str:
    return "".join(fingerprint.split()).lower()


def hand_out(store: Store, code: str) -> None:
    """Ready a file copied from the master as `code`'s copy: no ledger of its own, its snapshot count kept.

    The copy learns the secretariat's public key (to check later releases) if the master has
    issued a release or trusts a key for its secretariat.
    """
    acked = ledger.ledger_sequences(store).get(code, 0)
    trusted = trust.trusted_key(store, queries.roundtable(store)["secretariat"])
    key = sync_records.state(store).get("secretariat_key") or (trusted["public_key"] if trusted else None)
    with store.transaction():
        sync_records.clear_sync_records(store)
        sync_records.set_state(store, {"acked_sequence": acked, **({"secretariat_key": key} if key else {})})
