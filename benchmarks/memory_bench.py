"""Memory of a batch of snapshots at the size limit; `measure(work, log, t0)` returns the figure.

- ``import_4x32mb_peak_rss_mb``: the peak resident memory of a master importing, in one batch,
  four delegations' snapshots each at a snapshot's limits (just under 32 MB on disk, 200,000
  changes: new action items, each with a detail of text that does not compress). The import
  runs in a child process of its own (as in ``sync_bench``), so the figure is the import's;
  ``import_4x32mb_child_base_rss_mb`` is that child's memory just before the import.
  An import that held the whole batch at once would need the sum of the four files' changes
  (about 1.4 GB); one that reads, merges and writes a file at a time stays near one file's.

The master is a small roundtable of its own (four delegations and their trusted keys): what is
measured is the batch, not the master. A smoke run (``run.py --small``) writes its four files at
the size limit too, in 5,000 larger changes each, for a quick import.
"""

from __future__ import annotations

import base64
import gzip
import random
from pathlib import Path

import keyring

from qroundtable import keys
from qroundtable.ids import new_id
from qroundtable.roundtable import Roundtable
from qroundtable.storage import now_iso, queries
from qroundtable.sync import format, snapshot
from qroundtable.sync.changes import Entry

import sync_bench

CODES = ("AA", "BB", "CC", "DD")


def measure(work: Path, log, t0: float, *, files: int = 4, changes: int | None = None) -> dict:
    """Build the master and `files` snapshots of `changes` changes each (default: a snapshot's limit), import them."""
    previous = keyring.get_keyring()
    keyring.set_keyring(sync_bench._MemoryKeyring())
    try:
        work.mkdir(parents=True, exist_ok=True)
        paths = _build(work, files, changes or format.LIMITS["snapshot"].items, log, t0)
    finally:
        keyring.set_keyring(previous)
    child = sync_bench._import_in_child(work / "memory.qrt", paths)
    report = child["report"]
    assert report["rejected"] == [], report["rejected"][:3]
    log(f"{len(paths)} snapshots at the limit imported ({report['applied']} changes) in {child['seconds']:.1f}s, "
        f"peak {child['peak_rss_mb']} MB", t0)
    return {"import_4x32mb_peak_rss_mb": child["peak_rss_mb"],
            "import_4x32mb_child_base_rss_mb": child["base_rss_mb"]}


def _build(work: Path, files: int, changes: int, log, t0: float) -> list[Path]:
    master = work / "memory.qrt"
    rt = Roundtable.create(master, title="Memory of a batch at the size limit (benchmark)", secretariat="US",
                           secretariat_name="United States")
    try:
        keys.create_key("US")
        with rt.batch("Delegations for the memory benchmark", setup=True):
            for code in CODES[:files]:
                rt.delegations.add(code, f"Delegation {code}")
                rt.sync.trust(code, keys.create_key(code))
        roundtable = queries.roundtable_id(rt.store)
        r = random.Random(5)
        paths = []
        for code in CODES[:files]:
            owner = queries.delegation_by_code(rt.store, code)["id"]
            path = work / f"{code.lower()}-1.qrts"
            _write_at_limit(path, rt, roundtable, code, owner, changes, r)
            paths.append(path)
            log(f"{code}'s snapshot at the limit written ({path.stat().st_size / 2**20:.1f} MB)", t0)
    finally:
        rt.close()
    return paths


def _write_at_limit(path: Path, rt: Roundtable, roundtable: str, code: str, owner: str, changes: int,
                    r: random.Random) -> None:
    """`changes` new action items whose details fill the file to just under the size limit."""
    limit = format.LIMITS["snapshot"].file_bytes
    at = now_iso()

    def entries(count: int, detail: int) -> list[Entry]:
        made = []
        for n in range(1, count + 1):
            row_id = new_id()
            text = base64.b64encode(r.randbytes(detail * 3 // 4)).decode("ascii")
            made.append(Entry(n, "action_items", row_id, "*", None, {
                "id": row_id, "title": f"{code} action {n}", "detail": text, "owner_id": owner, "assignee": None,
                "due": None, "status": "open", "principle_id": None, "meeting_id": None, "created_at": at}, at))
        return made

    # What an entry takes packed, besides its detail: measured on a sample, as the file will pack it.
    sample = 2000
    packed = len(gzip.compress(format.canonical({"entries": [e.as_list() for e in entries(sample, 64)]}), mtime=0))
    overhead = packed / sample - 64 * 6 / 8  # random base64 packs to 6 bits a character
    detail = int((limit * 0.985 / changes - overhead) * 8 / 6)
    while True:
        snapshot.write(path, entries(changes, detail), keys.private_key(code), roundtable=roundtable,
                       title=rt.info.title, delegation=code, sequence=1)
        if path.stat().st_size <= limit:
            return
        path.unlink()
        detail = int(detail * 0.98)
