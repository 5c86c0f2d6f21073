"""Odd files and names: each gets one clear line, never "unexpected error", a hang or a write elsewhere.

Issue 9, case 8: a file name that is not UTF-8, a title with a lone surrogate, a Latin-1
byte typed on the command line, a FIFO, a planted `.part` symbolic link, a reader that
stops reading (`| head -1`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import uuid

import pytest
from click.testing import CliRunner
from sync_world import make_world, opened

from qroundtable import keys
from qroundtable.cli import cli
from qroundtable.sync import format


@pytest.fixture
def world(tmp_path):
    w = make_world(tmp_path, codes=("JP",))
    w.copies["JP"].positions.set("JP", 1, "object", "capital says no")
    w.copies["JP"].sync.export_snapshot(tmp_path / "jp-1.qrts")
    yield w
    w.close()


def test_a_good_snapshot_whose_name_is_not_utf8_imports_and_prints(world, tmp_path):
    odd = tmp_path / os.fsdecode(b"jp-\xe9t\xe9.qrts")  # Latin-1 bytes in the name: surrogates in Python
    odd.write_bytes((tmp_path / "jp-1.qrts").read_bytes())
    dry = CliRunner().invoke(cli, ["--db", str(world.master.path), "import", str(odd), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "jp-\ufffdt\ufffd.qrts" in dry.stdout and "unexpected" not in dry.output
    result = CliRunner().invoke(cli, ["--db", str(world.master.path), "import", str(odd), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["applied"] > 0
    (record,) = world.master.sync.history()
    assert record.file_name == "jp-\ufffdt\ufffd.qrts"
    again = world.master.sync.import_files([odd])
    assert again.files[0].name == "jp-\ufffdt\ufffd.qrts" and again.files[0].status == "already imported"


def test_another_roundtables_file_with_a_surrogate_in_its_title(world, tmp_path):
    manifest, entries = opened(tmp_path / "jp-1.qrts")
    manifest.update(roundtable=str(uuid.uuid4()), title="Other \ud800 table", snapshot=str(uuid.uuid4()))
    # Valid JSON (the surrogate is escaped), signed by JP: only a hostile or broken writer makes this.
    import base64
    import gzip
    import hashlib

    packed = gzip.compress(format.canonical({"entries": entries}), mtime=0)
    manifest.update(payload_sha256=hashlib.sha256(packed).hexdigest(), payload_bytes=len(packed),
                    data_bytes=len(format.canonical({"entries": entries})))
    head = b"QRTSYNC 1\n" + json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    signature = keys.sign(keys.private_key("JP"), format._SIGNED + hashlib.sha256(head + packed).digest())
    (tmp_path / "other.qrts").write_bytes(head + base64.b64encode(signature) + b"\n" + packed)
    result = CliRunner().invoke(cli, ["--db", str(world.master.path), "import", str(tmp_path / "other.qrts")])
    assert result.exit_code == 1 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: nothing imported: other.qrts") and "unexpected" not in line
    assert "surrogate" in line


def test_a_latin1_byte_typed_in_a_comment_is_one_clear_line(world, tmp_path):
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": ""}
    done = subprocess.run([sys.executable, "-m", "qroundtable", "--db", str(world.master.path), "position", "set",
                           "--delegation", "US", "--principle", "2", "--stance", "support", "--comment",
                           b"caf\xe9 au lait"], env=env, capture_output=True, timeout=60)
    assert done.returncode == 1 and done.stdout == b""
    (line,) = done.stderr.decode("utf-8", "replace").strip().splitlines()
    assert line.startswith("Error: comment contains characters that are not text (U+DCE9"), line
    assert "UTF-8" in line and "unexpected" not in line


def _import_in_thread(master, path):
    out = {}
    thread = threading.Thread(target=lambda: out.update(report=master.sync.preview([path])), daemon=True)
    thread.start()
    thread.join(timeout=20)
    return thread, out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_importing_a_fifo_or_a_device_does_not_hang(world, tmp_path):
    fifo = tmp_path / "pipe.qrts"
    os.mkfifo(fifo)
    thread, out = _import_in_thread(world.master, fifo)
    if thread.is_alive():  # it hangs in open(): let it go, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
        pytest.fail("importing a FIFO blocked")
    (f,) = out["report"].files
    assert f.status == "rejected" and "not a regular file" in f.reason
    if os.path.exists("/dev/zero"):
        (f,) = world.master.sync.preview(["/dev/zero"]).files
        assert f.status == "rejected" and "not a regular file" in f.reason
    result = CliRunner().invoke(cli, ["--db", str(world.master.path), "import", str(fifo)])
    assert result.exit_code == 1 and "not a regular file" in result.stderr


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_planted_part_link_is_never_written_through(world, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    jp = world.copies["JP"]
    jp.positions.set("JP", 2, "reservation")
    for name in ("jp-2.qrts", "release-2.qrtr"):
        (tmp_path / f"{name}.part").symlink_to(victim)
    jp.sync.export_snapshot(tmp_path / "jp-2.qrts")
    world.master.sync.issue_release(tmp_path / "release-2.qrtr")
    assert victim.read_text() == "precious"
    assert format.read(tmp_path / "jp-2.qrts").manifest["sequence"] == 2
    assert format.read(tmp_path / "release-2.qrtr").manifest["sequence"] == 2
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part") and not p.is_symlink()]


def _keyring_module(tmp_path) -> dict:
    """An environment whose `keyring` keeps secrets in a JSON file: keys that outlive one process."""
    (tmp_path / "filekeyring.py").write_text(textwrap.dedent('''
        import json, os
        import keyring.backend

        class FileKeyring(keyring.backend.KeyringBackend):
            priority = 1
            path = os.environ["TEST_KEYRING_FILE"]

            def _all(self):
                return json.load(open(self.path)) if os.path.exists(self.path) else {}

            def get_password(self, service, username):
                return self._all().get(f"{service}/{username}")

            def set_password(self, service, username, password):
                data = self._all()
                data[f"{service}/{username}"] = password
                json.dump(data, open(self.path, "w"))

            def delete_password(self, service, username):
                pass
    '''))
    return {**os.environ, "PYTHONPATH": str(tmp_path), "PYTHON_KEYRING_BACKEND": "filekeyring.FileKeyring",
            "TEST_KEYRING_FILE": str(tmp_path / "keys.json")}


def test_a_reader_that_stops_reading_is_no_error(tmp_path):
    env = _keyring_module(tmp_path)
    made = subprocess.run([sys.executable, "-m", "qroundtable", "keys", "init", "--as", "JP"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    for command in (["keys", "show", "--as", "JP"], ["--db", str(tmp_path / "demo.qrt"), "demo"]):
        # The reader closes its end before the command writes: every write meets a broken pipe.
        child = subprocess.Popen([sys.executable, "-m", "qroundtable", *command], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        child.stdout.close()
        stderr = child.stderr.read().decode()
        assert child.wait(timeout=60) == 0, stderr
        assert "Broken pipe" not in stderr and "Error" not in stderr and "Exception" not in stderr
    shell = subprocess.run(f"{sys.executable} -m qroundtable keys show --as JP | head -1", shell=True, env=env,
                           capture_output=True, text=True, timeout=60)
    assert shell.stdout.startswith("qrt-ed25519:") and shell.stderr == ""
