"""The sync commands through click's CliRunner: the happy path of the README's walk-through, and every
mistake as one line on stderr with exit status 1, the files left as they were."""

from __future__ import annotations

import json

import keyring
import keyring.backends.fail
import pytest
from click.testing import CliRunner, Result
from sync_world import content_hash

from qroundtable.cli import cli


def run(*args) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def ok(*args) -> Result:
    result = run(*args)
    assert result.exit_code == 0, (args, result.output, result.exception)
    assert "Traceback" not in result.output
    return result


def one_line_error(result: Result, *words: str, code: int = 1) -> str:
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit) and result.stdout == ""
    lines = result.stderr.strip("\n").splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert all(w in lines[0] for w in words), lines[0]
    return lines[0]


@pytest.fixture
def tour(tmp_path):
    """The README's walk-through: keys, trust, a release, JP joins, edits and sends a snapshot."""
    m, jp = tmp_path / "master.qrt", tmp_path / "jp.qrt"
    ok("--db", m, "demo")
    ok("keys", "init", "--as", "US")
    key = ok("keys", "init", "--as", "JP").stdout.splitlines()[0]
    ok("--db", m, "delegation", "trust", "JP", "--key", key)
    ok("--db", m, "release", "--out", tmp_path / "release-1.qrtr")
    ok("--db", jp, "join", tmp_path / "release-1.qrtr", "--as", "JP")
    ok("--db", jp, "position", "set", "--delegation", "JP", "--principle", "4", "--stance", "support",
       "--comment", "Instructions received.")
    ok("--db", m, "position", "set", "--delegation", "JP", "--principle", "4", "--stance", "object",
       "--comment", "Technology protection wording under review in capital.")  # the demo's comment, kept
    ok("--db", jp, "snapshot", "--out", tmp_path / "jp-1.qrts")
    return tmp_path, m, jp


def test_keys_init_and_show(tmp_path):
    made = ok("keys", "init", "--as", "jp")
    shown = ok("keys", "show", "--as", "JP")
    assert shown.stdout == made.stdout
    public, fingerprint = shown.stdout.splitlines()
    assert public.startswith("qrt-ed25519:") and len(public) == len("qrt-ed25519:") + 44
    assert len(fingerprint) == 19 and fingerprint.count(" ") == 3
    assert "delegation trust JP" in made.stderr
    replaced = ok("keys", "init", "--as", "JP", "--replace")
    assert replaced.stdout != made.stdout


def test_the_walk_through(tour):
    tmp, m, jp = tour
    joined = ok("--db", tmp / "dk.qrt", "join", tmp / "release-1.qrtr", "--as", "DK")
    assert "compare this fingerprint" in joined.stdout and "keys init --as DK" in joined.stdout
    fingerprint = ok("keys", "show", "--as", "US").stdout.splitlines()[1]
    assert fingerprint in joined.stdout
    ok("--db", tmp / "fr.qrt", "join", tmp / "release-1.qrtr", "--as", "FR", "--expect", fingerprint)

    before = content_hash(m)
    dry = ok("--db", m, "import", tmp / "jp-1.qrts", "--dry-run")
    assert "would merge" in dry.stdout and "Nothing was written" in dry.stdout and content_hash(m) == before
    report = json.loads(ok("--db", m, "import", tmp / "jp-1.qrts", "--format", "json").stdout)
    assert set(report) >= {"applied", "conflicts", "rejected", "already_imported"}
    assert report["conflicts"] == 1 and report["rejected"] == [] and report["already_imported"] == 0
    again = json.loads(ok("--db", m, "import", tmp / "jp-1.qrts", "--format", "json").stdout)
    assert (again["applied"], again["already_imported"]) == (0, 1)

    listed = ok("--db", m, "conflicts")
    assert "JP position on principle 4" in listed.stdout and "object" in listed.stdout
    (conflict,) = json.loads(ok("--db", m, "conflicts", "--format", "json").stdout)
    assert (conflict["field"], conflict["current"], conflict["incoming"]) == ("stance", "object", "support")
    done = ok("--db", m, "conflicts", "resolve", conflict["id"][-6:], "--take")
    assert "took the incoming stance of JP position on principle 4" in done.stdout
    assert json.loads(ok("--db", m, "conflicts", "--format", "json").stdout) == []
    (decided,) = json.loads(ok("--db", m, "conflicts", "--all", "--format", "json").stdout)
    assert (decided["state"], decided["resolution"], decided["resolved_by"]) == ("resolved", "take", "US")
    assert "No conflicts waiting." in ok("--db", m, "conflicts").stdout

    ok("--db", m, "release", "--out", tmp / "release-2.qrtr")
    ok("--db", jp, "position", "set", "--delegation", "JP", "--principle", "5", "--stance", "abstain")
    taken = ok("--db", jp, "import", tmp / "release-2.qrtr")
    assert "merged" in taken.stdout
    positions = json.loads(ok("--db", jp, "position", "list", "--delegation", "JP", "--format", "json").stdout)
    assert {p["principle"]: p["stance"] for p in positions}[5] == "abstain"
    assert "Snapshot 2 of JP" in ok("--db", jp, "snapshot", "--out", tmp / "jp-2.qrts").stdout


def test_resolving_with_a_value(tour):
    tmp, m, _ = tour
    ok("--db", m, "import", tmp / "jp-1.qrts")
    (conflict,) = json.loads(ok("--db", m, "conflicts", "--format", "json").stdout)
    one_line_error(run("--db", m, "conflicts", "resolve", conflict["id"], "--value", "maybe"), "not a valid stance")
    ok("--db", m, "conflicts", "resolve", conflict["id"], "--value", "Reservation (ad ref.)")  # the app's label
    shown = json.loads(ok("--db", m, "position", "list", "--delegation", "JP", "--format", "json").stdout)
    assert {p["principle"]: p["stance"] for p in shown}[4] == "reservation"
    assert ok("--db", m, "undo").stdout.startswith("Undo Resolve conflict")
    ok("--db", m, "conflicts", "resolve", conflict["id"], "--value", "abstain")
    shown = json.loads(ok("--db", m, "position", "list", "--delegation", "JP", "--format", "json").stdout)
    assert {p["principle"]: p["stance"] for p in shown}[4] == "abstain"
    one_line_error(run("--db", m, "conflicts", "resolve", conflict["id"], "--keep"), "already resolved")
    assert ok("--db", m, "undo").stdout.startswith("Undo Resolve conflict on JP position on principle 4")
    assert json.loads(ok("--db", m, "conflicts", "--format", "json").stdout)[0]["state"] == "open"


MISTAKES = {
    "bad code": (None, ["keys", "init", "--as", "x"], "delegation code"),
    "key exists": (None, ["keys", "init", "--as", "US"], "already has a key"),
    "no key": (None, ["keys", "show", "--as", "FR"], "keys init --as FR"),
    "trust garbage": ("m", ["delegation", "trust", "DK", "--key", "garbage"], "not a qroundtable public key"),
    "trust unknown": ("m", ["delegation", "trust", "ZZ", "--key", "{key}"], "no delegation"),
    "trust twice": ("m", ["delegation", "trust", "DK", "--key", "{key}"], "already trusted for JP"),
    "trust in a copy": ("jp", ["delegation", "trust", "DK", "--key", "{key}"], "only the secretariat"),
    "release from a copy": ("jp", ["release", "--out", "{tmp}/r.qrtr"], "only the secretariat"),
    "release over a file": ("m", ["release", "--out", "{tmp}/jp-1.qrts"], "already exists"),
    "release without key": ("m", ["release", "--out", "{tmp}/r.qrtr"], "keys init --as US"),
    "snapshot from master": ("m", ["snapshot", "--out", "{tmp}/s.qrts"], "releases, not snapshots"),
    "nothing to send": ("jp", ["snapshot", "--out", "{tmp}/s.qrts"], "nothing to send"),
    "join missing": ("new", ["join", "{tmp}/none.qrtr", "--as", "DK"], "no such file"),
    "join a snapshot": ("new", ["join", "{tmp}/jp-1.qrts", "--as", "DK"], "not a release"),
    "join unknown": ("new", ["join", "{tmp}/release-1.qrtr", "--as", "ZZ"], "not a delegation"),
    "join wrong key": ("new", ["join", "{tmp}/release-1.qrtr", "--as", "DK", "--expect", "0000 1111 2222 3333"],
                       "not by 0000"),
    "join over a file": ("jp", ["join", "{tmp}/release-1.qrtr", "--as", "JP"], "already exists"),
    "import missing": ("m", ["import", "{tmp}/none.qrts"], "none.qrts no such file"),
    "import garbage": ("m", ["import", "{tmp}/junk.qrts"], "not a qroundtable snapshot"),
    "import release at master": ("m", ["import", "{tmp}/release-1.qrtr"], "not a snapshot"),
    "import two releases": ("jp", ["import", "{tmp}/release-1.qrtr", "{tmp}/release-1.qrtr"], "one release"),
    "import snapshot in copy": ("jp", ["import", "{tmp}/jp-1.qrts"], "not a release"),
    "resolve unknown": ("m", ["conflicts", "resolve", "ffffffff", "--keep"], "no conflict"),
    "resolve short": ("m", ["conflicts", "resolve", "ab", "--keep"], "at least 4"),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_mistakes_are_one_line_and_change_nothing(tour, name):
    tmp, m, jp = tour
    which, args, words = MISTAKES[name]
    (tmp / "junk.qrts").write_bytes(b"junk")
    if name == "release without key":
        keyring.get_keyring().secrets.pop(("qroundtable", "ed25519:US"))
    key = ok("keys", "show", "--as", "JP").stdout.splitlines()[0]
    args = [a.format(tmp=tmp, key=key) for a in args]
    db = {"m": m, "jp": jp, "new": tmp / "new.qrt", None: None}[which]
    files = sorted(p for p in tmp.iterdir() if not p.name.endswith(("-wal", "-shm")))
    before = {p: content_hash(p) if p.suffix == ".qrt" else p.read_bytes() for p in files}
    one_line_error(run(*(["--db", db] if db else []), *args), words)
    after = sorted(p for p in tmp.iterdir() if not p.name.endswith(("-wal", "-shm")))
    assert after == files, set(after) ^ set(files)
    assert {p: content_hash(p) if p.suffix == ".qrt" else p.read_bytes() for p in files} == before


def test_no_keyring_says_what_to_do(tmp_path):
    keyring.set_keyring(keyring.backends.fail.Keyring())  # the conftest fixture restores its own afterwards
    one_line_error(run("keys", "init", "--as", "JP"), "no keyring", "keyrings.alt")
    one_line_error(run("keys", "show", "--as", "JP"), "no keyring")


def test_conflict_flags_are_usage_errors(tour):
    _, m, _ = tour
    result = run("--db", m, "conflicts", "resolve", "abcdef", "--keep", "--take")
    assert result.exit_code == 2 and "exactly one" in result.stderr
    assert run("--db", m, "conflicts", "resolve", "abcdef").exit_code == 2
    assert run("--db", m, "import").exit_code == 2


def test_a_release_import_names_the_copys_own_values_it_overrides(tour):
    tmp, m, jp = tour
    ok("--db", m, "import", tmp / "jp-1.qrts")
    (conflict,) = json.loads(ok("--db", m, "conflicts", "--format", "json").stdout)
    ok("--db", m, "conflicts", "resolve", conflict["id"], "--keep")  # the secretariat keeps JP's objection
    ok("--db", m, "release", "--out", tmp / "release-2.qrtr")
    said = "The secretariat's release sets JP's stance on principle 4 to Object (yours: Support)."
    dry = ok("--db", jp, "import", tmp / "release-2.qrtr", "--dry-run")
    assert said in dry.stdout and "Nothing was written" in dry.stdout
    report = json.loads(ok("--db", jp, "import", tmp / "release-2.qrtr", "--format", "json").stdout)
    assert report["conflicts"] == 0 and said in [o["text"] for o in report["overrides"]]
    assert {(o["field"], o["yours"], o["release"]) for o in report["overrides"]} >= {("stance", "Support", "Object")}


def test_revoking_and_replacing_a_key_at_the_command_line(tour):
    tmp, m, jp = tour
    old = ok("keys", "show", "--as", "JP").stdout.splitlines()[1]
    said = ok("--db", m, "delegation", "revoke", "JP").stdout
    assert f"Revoked JP's key {old}" in said and "delegation trust JP --key KEY" in said
    refused = run("--db", m, "import", tmp / "jp-1.qrts")
    one_line_error(refused, f"signed with JP's key {old}, which the secretariat revoked on")
    assert ok("--db", m, "undo").stdout.startswith("Undo Revoke JP key")
    new_key = ok("keys", "init", "--as", "JP", "--replace").stdout.splitlines()[0]
    one_line_error(run("--db", m, "delegation", "trust", "JP", "--key", new_key), "already has a trusted key")
    replaced = ok("--db", m, "delegation", "trust", "JP", "--key", new_key, "--replace").stdout
    assert "new key" in replaced and f"old key {old} is revoked" in replaced
    one_line_error(run("--db", m, "import", tmp / "jp-1.qrts"), "replaced on")
