"""The file that carries a snapshot or a release: one signed, versioned, size-limited container.

    QRTSYNC 1\\n                       magic and format version
    {"kind":"snapshot",...}\\n         manifest: canonical JSON on one line
    <base64 Ed25519 signature>\\n
    <gzip of canonical JSON payload>

The signature covers SHA-256 of everything else (header, manifest, payload), and
the manifest names the payload's hash and sizes. Reading never trusts the file:
sizes are capped before reading, the payload is decompressed in bounded steps (a
decompression bomb stops at the cap), JSON is parsed strictly (no floats, no
duplicate keys, no NaN) and nothing is ever unpickled or evaluated.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
import os
import re
import zlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .. import keys
from ..errors import SyncProblem
from ..storage import prepare_new_file
from ..storage.problems import os_problem

MAGIC = b"QRTSYNC"
FORMAT = 1
MAX_MANIFEST = 64 * 1024
_SIGNED = b"qroundtable sync signature v1\n"  # so a signature made for anything else never fits
_CHUNK = 1 << 20


class FileRefused(SyncProblem):
    """This file is not accepted; the message says why, for a person."""


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    data_bytes: int
    items: int  # changes in a snapshot, rows in a release


LIMITS = {
    "snapshot": Limits(file_bytes=32 << 20, data_bytes=256 << 20, items=200_000),
    "release": Limits(file_bytes=512 << 20, data_bytes=2 << 30, items=5_000_000),
}


@dataclass(frozen=True)
class Container:
    path: Path
    manifest: dict
    signature: bytes
    digest: bytes  # SHA-256 of header, manifest line and payload: what was signed
    payload: bytes  # still compressed
    file_sha256: str

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def name(self) -> str:
        return self.path.name


def app_version() -> str:
    """Which qroundtable wrote a file (for a person reading a manifest; never trusted)."""
    try:
        return "qroundtable " + metadata.version("qroundtable")
    except metadata.PackageNotFoundError:
        return "qroundtable"


def canonical(value) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8; what is hashed and signed."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False).encode()


# -- writing --------------------------------------------------------------------------------------


def write(path: str | Path, manifest: dict, payload, private: Ed25519PrivateKey, *, level: int = 6) -> str:
    """Write a signed container to the new file `path`; returns the file's SHA-256 (hex)."""
    data = canonical(payload)
    packed = gzip.compress(data, compresslevel=level, mtime=0)
    manifest = {**manifest, "format": FORMAT, "payload_sha256": hashlib.sha256(packed).hexdigest(),
                "payload_bytes": len(packed), "data_bytes": len(data)}
    head = b"%s %d\n" % (MAGIC, FORMAT) + canonical(manifest) + b"\n"
    digest = hashlib.sha256(head + packed).digest()
    signature = base64.b64encode(keys.sign(private, _SIGNED + digest)) + b"\n"
    write_new_file(path, [head, signature, packed])
    return hashlib.sha256(head + signature + packed).hexdigest()


def write_new_file(path: str | Path, parts: list[bytes]) -> None:
    """Write beside the target, flush to disk, then rename: a reader never sees half a file."""
    path = prepare_new_file(path)
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "wb") as out:
            for chunk in parts:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise os_problem(exc, path) from None  # a full disk is said as such


# -- reading --------------------------------------------------------------------------------------


def read(path: str | Path, kinds: tuple[str, ...] = ("snapshot", "release")) -> Container:
    """The container at `path`, its manifest checked; FileRefused with the reason otherwise.

    Nothing is verified against a key here (see `verify`) and the payload stays compressed.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max(LIMITS[k].file_bytes for k in kinds):
            raise FileRefused(f"too large ({size >> 20} MB; a {' or '.join(kinds)} file is at most "
                              f"{max(LIMITS[k].file_bytes for k in kinds) >> 20} MB)")
        with open(path, "rb") as f:
            raw = f.read(size + 1)
    except FileNotFoundError:
        raise FileRefused("no such file") from None
    except IsADirectoryError:
        raise FileRefused("is a folder, not a file") from None
    except OSError as exc:
        raise FileRefused(f"cannot be read ({exc.strerror or exc})") from None
    if not raw:
        raise FileRefused("is empty")
    header, rest = _line(raw, 32, "is not a qroundtable snapshot or release file")
    match = re.fullmatch(rb"QRTSYNC (\d{1,4})", header)
    if not match:
        raise FileRefused("is not a qroundtable snapshot or release file")
    version = int(match.group(1))
    if version > FORMAT:
        raise FileRefused(f"was made by a newer qroundtable (file format {version}; this app reads format "
                          f"{FORMAT}); update qroundtable to import it")
    if version < 1:
        raise FileRefused(f"has an unknown file format ({version})")
    manifest_line, rest = _line(rest, MAX_MANIFEST, "is damaged or truncated (no complete manifest)")
    manifest = _manifest(manifest_line)
    sig_line, payload = _line(rest, 200, "is damaged or truncated (no signature)")
    try:
        signature = base64.b64decode(sig_line, validate=True)
    except (binascii.Error, ValueError):
        raise FileRefused("is damaged: its signature line is not readable") from None
    kind = manifest["kind"]
    if kind not in kinds:
        raise FileRefused(f"is a {kind}, not a {' or '.join(kinds)}")
    if size > LIMITS[kind].file_bytes:
        raise FileRefused(f"too large for a {kind} ({size >> 20} MB; at most {LIMITS[kind].file_bytes >> 20} MB)")
    if len(payload) < manifest["payload_bytes"]:
        raise FileRefused(f"is truncated ({len(payload)} of {manifest['payload_bytes']} payload bytes)")
    if len(payload) > manifest["payload_bytes"]:
        raise FileRefused("has unexpected bytes after its payload")
    head_len = len(raw) - len(sig_line) - 1 - len(payload)
    digest = hashlib.sha256(raw[:head_len] + payload).digest()
    return Container(path, manifest, signature, digest, payload, hashlib.sha256(raw).hexdigest())


def _line(data: bytes, limit: int, problem: str) -> tuple[bytes, bytes]:
    end = data.find(b"\n", 0, limit + 1)
    if end < 0:
        raise FileRefused(problem)
    return data[:end], data[end + 1:]


def verify(container: Container, public_raw: bytes) -> bool:
    return keys.verify(public_raw, container.signature, _SIGNED + container.digest)


def payload(container: Container):
    """The payload, checked against the manifest's hash and unpacked within the kind's limits."""
    m = container.manifest
    if hashlib.sha256(container.payload).hexdigest() != m["payload_sha256"]:
        raise FileRefused("is damaged: its content does not match its checksum")
    cap = min(m["data_bytes"], LIMITS[container.kind].data_bytes)
    if m["data_bytes"] > LIMITS[container.kind].data_bytes:
        raise FileRefused(f"would unpack to {m['data_bytes'] >> 20} MB, more than a {container.kind} may "
                          f"({LIMITS[container.kind].data_bytes >> 20} MB)")
    data = _gunzip(container.payload, cap)
    if len(data) != m["data_bytes"]:
        raise FileRefused("is damaged: it unpacks to another size than its manifest says")
    try:
        return strict_json(data)
    except ValueError as exc:
        raise FileRefused(f"is damaged: its content is not valid ({str(exc)[:80]})") from None


def _gunzip(packed: bytes, cap: int) -> bytes:
    """Decompress at most `cap` bytes, in bounded steps: a bomb is refused once it passes the cap."""
    d = zlib.decompressobj(wbits=31)
    out = bytearray()
    data = packed
    try:
        while data:
            out += d.decompress(data, _CHUNK)
            if len(out) > cap:
                raise FileRefused("unpacks to more than its manifest declares (refused as a decompression bomb)")
            data = d.unconsumed_tail
        out += d.flush()
    except zlib.error:
        raise FileRefused("is damaged: its content cannot be unpacked") from None
    if len(out) > cap:
        raise FileRefused("unpacks to more than its manifest declares (refused as a decompression bomb)")
    if not d.eof or d.unused_data:
        raise FileRefused("is damaged or truncated: its content does not end where it should")
    return bytes(out)


def strict_json(data: bytes):
    """JSON with none of the surprises: no floats, NaN, duplicate keys, or deep nesting left unchecked."""
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_unique_keys, parse_float=_refuse,
                          parse_constant=_refuse)
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _unique_keys(pairs):
    keys_seen = dict(pairs)
    if len(keys_seen) != len(pairs):
        raise ValueError("a key appears twice")
    return keys_seen


def _refuse(text):
    raise ValueError(f"unexpected number {text[:20]}")


# -- manifests ------------------------------------------------------------------------------------

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CODE = re.compile(r"[A-Z][A-Z0-9]{1,7}")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
_HEX = re.compile(r"[0-9a-f]{64}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _is(kind, pattern=None, optional=False, minimum=None):
    def check(value) -> bool:
        if value is None:
            return optional
        if kind is int:
            return type(value) is int and (minimum is None or value >= minimum) and value < 2 ** 53
        if not isinstance(value, kind):
            return False
        return pattern is None or bool(pattern.fullmatch(value))
    return check


def _sequences(value) -> bool:
    return isinstance(value, dict) and len(value) <= 10_000 and all(
        isinstance(k, str) and _CODE.fullmatch(k) and type(v) is int and v >= 0 for k, v in value.items())


_COMMON = {"format": _is(int, minimum=1), "kind": _is(str), "roundtable": _is(str, _UUID), "title": _is(str),
           "app": _is(str), "signer": _is(str), "payload_sha256": _is(str, _HEX),
           "payload_bytes": _is(int, minimum=0), "data_bytes": _is(int, minimum=0)}
MANIFESTS = {
    "snapshot": {**_COMMON, "delegation": _is(str, _CODE), "sequence": _is(int, minimum=1),
                 "snapshot": _is(str, _UUID), "base_release": _is(str, _UUID, optional=True),
                 "base_release_seq": _is(int, optional=True, minimum=1), "created_at": _is(str, _TIME),
                 "entries": _is(int, minimum=0)},
    "release": {**_COMMON, "secretariat": _is(str, _CODE), "release": _is(str, _UUID), "sequence": _is(int, minimum=1),
                "issued_at": _is(str, _TIME), "signer_key": _is(str), "rows": _is(int, minimum=0),
                "sequences": _sequences},
}


def _manifest(line: bytes) -> dict:
    try:
        manifest = strict_json(line)
    except ValueError:
        raise FileRefused("is damaged: its manifest is not readable") from None
    if not isinstance(manifest, dict) or manifest.get("kind") not in MANIFESTS:
        raise FileRefused("is damaged: its manifest names no known kind of file")
    spec = MANIFESTS[manifest["kind"]]
    if set(manifest) != set(spec):
        raise FileRefused("is damaged: its manifest has unexpected or missing entries")
    if any(isinstance(v, str) and _CONTROL.search(v) for v in manifest.values()):
        raise FileRefused("is damaged: its manifest holds control characters")
    bad = [k for k, ok in spec.items() if not ok(manifest[k])]
    if bad:
        raise FileRefused(f"is damaged: its manifest has invalid {', '.join(sorted(bad))}")
    if manifest["format"] != FORMAT:
        raise FileRefused("is damaged: its manifest and header disagree on the format")
    if len(manifest["title"]) > 300 or len(manifest["signer"]) > 40 or len(manifest["app"]) > 40:
        raise FileRefused("is damaged: its manifest has over-long text")
    return manifest
