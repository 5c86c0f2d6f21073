"""Sync speed on the large roundtable `run.py` builds; `measure(path, size, t0)` returns the figures.

- ``release_large_s``: issue a signed release of the whole large master;
- ``join_large_s``: a delegation's copy made from that release;
- ``snapshot_export_s``: that delegation exports a snapshot of its edits (40 positions recorded);
- ``import_changes_per_s``: the master imports one batch of a snapshot from every delegation,
  200 changes each (39,000 for 195 delegations), signatures verified, a backup taken first,
  some changes conflicting with the master's own edits;
- ``import_batch_peak_rss_mb``: the peak resident memory of that import, which runs in a child
  process of its own (a fresh interpreter that only opens the master and imports), so the
  figure is the import's and not the benchmark's; ``import_child_base_rss_mb`` is that child's
  memory just before the import, for comparison.

Keys live in an in-memory keyring for the run: the benchmark never touches the user's own.
The snapshots of the batch are written through the sync format (as a delegation's copy
would write them) from the master's current rows, so no 195 copies of the file are needed.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import keyring
import keyring.backend

from qroundtable import keys
from qroundtable.ids import new_id
from qroundtable.roundtable import Roundtable
from qroundtable.storage import now_iso, queries
from qroundtable.sync import snapshot
from qroundtable.sync.changes import Entry

STANCES = ["support", "support_with_amendments", "reservation", "abstain", "object"]
POSITIONS_PER_SNAPSHOT = 40  # x 5 changes (stance, comment, recorded by, recorded at, a history row) = 200


class _MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.secrets = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


def measure(path: Path, size: dict, t0: float, log) -> dict:
    previous = keyring.get_keyring()
    keyring.set_keyring(_MemoryKeyring())
    try:
        return _measure(path, size, t0, log)
    finally:
        keyring.set_keyring(previous)


def _measure(path: Path, size: dict, t0: float, log) -> dict:
    work = path.parent
    rt = Roundtable.open(path)
    codes = _senders(rt, size["delegations"])
    keys.create_key(rt.info.secretariat)
    with rt.batch("Trust every delegation's key", setup=True):
        for code in codes:
            rt.sync.trust(code, keys.create_key(code))
    log(f"{len(codes)} keys made and trusted", t0)

    start = time.perf_counter()
    rt.sync.issue_release(work / "release.qrtr")
    release_s = time.perf_counter() - start
    log(f"release issued ({(work / 'release.qrtr').stat().st_size / 2**20:.1f} MB)", t0)

    start = time.perf_counter()
    copy = Roundtable.join(work / "release.qrtr", work / "copy.qrt", codes[0])
    join_s = time.perf_counter() - start
    r = random.Random(11)
    numbers = [p.number for p in rt.principles.list()]
    for n in r.sample(numbers, min(POSITIONS_PER_SNAPSHOT, len(numbers))):
        copy.positions.set(codes[0], n, r.choice(STANCES), f"instructions {n}")
    start = time.perf_counter()
    sent = copy.sync.export_snapshot(work / "copy-1.qrts")
    export_s = time.perf_counter() - start
    copy.close()
    log(f"copy joined, snapshot of {sent.entries} changes exported", t0)

    files = _batch(rt, codes, work, r)
    total = sum(n for _, n in files)
    log(f"{len(files)} snapshots of {total} changes written", t0)
    rt.close()
    child = _import_in_child(path, [p for p, _ in files])
    report, import_s = child["report"], child["seconds"]
    assert report["rejected"] == [] and report["applied"] + report["unchanged"] + report["conflicts"] == total, report
    log(f"imported: {report['applied']} applied, {report['conflicts']} conflicts, in {import_s:.2f}s, "
        f"peak {child['peak_rss_mb']} MB", t0)
    # The next round of snapshots, for the desktop app to import while keys are pressed (ui_import_probe.py).
    with Roundtable.open(path) as rt:
        next_round = [p for p, _ in _batch(rt, codes, work, r, sequence=2)]
    return {
        "release_large_s": round(release_s, 3),
        "join_large_s": round(join_s, 3),
        "snapshot_export_s": round(export_s, 4),
        "import_changes": total,
        "import_conflicts": report["conflicts"],
        "import_changes_per_s": round(total / import_s),
        "import_batch_peak_rss_mb": child["peak_rss_mb"],
        "import_child_base_rss_mb": child["base_rss_mb"],
        "next_round": next_round,
    }


_CHILD = """
import json, resource, sys, time
from qroundtable.roundtable import Roundtable

def rss_mb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec, VmHWM starts afresh.
    try:
        with open("/proc/self/status") as status:
            return round(next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024, 1)
    except (OSError, StopIteration):
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

master, files = sys.argv[1], sys.argv[2:]
rt = Roundtable.open(master)
base = rss_mb()
start = time.perf_counter()
report = rt.sync.import_files(files)
seconds = time.perf_counter() - start
rt.close()
print(json.dumps({"seconds": seconds, "peak_rss_mb": rss_mb(), "base_rss_mb": base, "report": report.as_json()}))
"""


def _import_in_child(master: Path, files: list[Path]) -> dict:
    """Import `files` into `master` in a fresh process: its peak RSS is the import's alone (plus Python's)."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(master), *map(str, files)], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the import child failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)


def _senders(rt: Roundtable, count: int) -> list[str]:
    """`count` delegations besides the secretariat (195 for the full size), each with positions to change."""
    codes = [c for c in rt.delegations.codes() if c != rt.info.secretariat]
    numbers = [p.number for p in rt.principles.list()][:POSITIONS_PER_SNAPSHOT]
    with rt.batch("Delegations for the sync benchmark", setup=True):
        for i in range(count - len(codes)):
            code = f"S{i:03d}"
            rt.delegations.add(code, f"Delegation {code}")
            for n in numbers:
                rt.positions.set(code, n, STANCES[n % len(STANCES)], "first reading")
            codes.append(code)
    return codes


def _batch(rt: Roundtable, codes: list[str], work: Path, r: random.Random,
           sequence: int = 1) -> list[tuple[Path, int]]:
    """One snapshot per delegation, each recording 40 positions as its copy would have sent them."""
    roundtable = queries.roundtable_id(rt.store)
    files = []
    for code in codes:
        d = queries.delegation_by_code(rt.store, code)
        rows = queries.positions(rt.store, delegation_id=d["id"])
        entries: list[Entry] = []
        at = now_iso()
        for i, pos in enumerate(r.sample(rows, min(POSITIONS_PER_SNAPSHOT, len(rows)))):
            stance = r.choice([s for s in STANCES if s != pos["stance"]])
            # One position in twenty: the secretariat recorded something else meanwhile (a conflict).
            old_stance = pos["stance"] if i % 20 else r.choice([s for s in STANCES if s not in (pos["stance"], stance)])
            history = {"id": new_id(), "position_id": pos["id"], "delegation_id": d["id"],
                       "principle_id": pos["principle_id"], "stance": stance, "comment": f"{code} instructions",
                       "version_id": pos["version_id"], "recorded_by": code, "recorded_at": at}
            for field, old, new in (("stance", old_stance, stance), ("comment", pos["comment"], f"{code} instructions"),
                                    ("recorded_by", pos["recorded_by"], code), ("recorded_at", pos["recorded_at"], at)):
                entries.append(Entry(len(entries) + 1, "positions", pos["id"], field, old, new, at))
            entries.append(Entry(len(entries) + 1, "position_history", history["id"], "*", None, history, at))
        path = work / f"{code.lower()}-{sequence}.qrts"
        snapshot.write(path, entries, keys.private_key(code), roundtable=roundtable, title=rt.info.title,
                       delegation=code, sequence=sequence)
        files.append((path, len(entries)))
    return files
