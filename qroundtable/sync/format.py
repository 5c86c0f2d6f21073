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
import secrets
import stat
import zlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .. import keys
from ..errors import SyncProblem
from ..storage import prepare_new_file
from ..storage.problems import os_problem
from ..validation import CODE, UUID, forbidden_characters, parse_time, shown

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
        """The file's name as a person reads it (a byte that is not UTF-8 shown as U+FFFD)."""
        return shown(self.path.name)


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
    """Write beside the target, flush to disk, then rename: a reader never sees half a file.

    The file being written has a random name of its own in the target's folder, created
    exclusively and never through a symbolic link, so nothing planted there (a link named
    `jp-4.qrts.part` pointing at the user's files, say) is ever opened or overwritten.
    """
    path = prepare_new_file(path)
    part = None
    try:
        fd, part = _new_part_file(path)
        with os.fdopen(fd, "wb") as out:
            for chunk in parts:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, path)
    except OSError as exc:
        if part is not None:
            Path(part).unlink(missing_ok=True)
        raise os_problem(exc, path, shown(Path(path).name)) from None  # a full disk is said as such


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _new_part_file(path: Path) -> tuple[int, str]:
    for _ in range(100):
        part = str(path.with_name(f".{path.name}.{secrets.token_hex(8)}.part"))
        try:
            return os.open(part, _NEW_FILE, 0o666), part  # the umask applies, as for any file the user writes
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {shown(path)}")


# -- reading --------------------------------------------------------------------------------------


def read(path: str | Path, kinds: tuple[str, ...] = ("snapshot", "release")) -> Container:
    """The container at `path`, its manifest checked; FileRefused with the reason otherwise.

    Nothing is verified against a key here (see `verify`) and the payload stays compressed.
    Only a regular file is read: a pipe or a device is refused before it could block.
    """
    path = Path(path)
    limit = max(LIMITS[k].file_bytes for k in kinds)
    try:
        f = _open_regular(path)
    except FileNotFoundError:
        raise FileRefused("no such file") from None
    except IsADirectoryError:
        raise FileRefused("is a folder, not a file") from None
    except OSError as exc:
        raise FileRefused(f"cannot be read ({exc.strerror or exc})") from None
    with f:
        try:
            size = os.fstat(f.fileno()).st_size
            if size > limit:
                raise FileRefused(f"too large ({size >> 20} MB; a {' or '.join(kinds)} file is at most "
                                  f"{limit >> 20} MB)")
            header = f.readline(33)
            if not header:
                raise FileRefused("is empty")
            match = re.fullmatch(rb"QRTSYNC (\d{1,4})\n", header)
            if not match:
                raise FileRefused("is not a qroundtable snapshot or release file")
            version = int(match.group(1))
            if version > FORMAT:
                raise FileRefused(f"was made by a newer qroundtable (file format {version}; this app reads format "
                                  f"{FORMAT}); update qroundtable to import it")
            if version < 1:
                raise FileRefused(f"has an unknown file format ({version})")
            manifest_line = _line(f, MAX_MANIFEST, "is damaged or truncated (no complete manifest)")
            manifest = _manifest(manifest_line[:-1])
            sig_line = _line(f, 200, "is damaged or truncated (no signature)")
            kind = manifest["kind"]
            if kind not in kinds:
                raise FileRefused(f"is a {kind}, not a {' or '.join(kinds)}")
            if size > LIMITS[kind].file_bytes:
                raise FileRefused(f"too large for a {kind} ({size >> 20} MB; at most "
                                  f"{LIMITS[kind].file_bytes >> 20} MB)")
            payload = f.read(min(manifest["payload_bytes"], size) + 1)
        except OSError as exc:
            raise FileRefused(f"cannot be read ({exc.strerror or exc})") from None
    try:
        signature = base64.b64decode(sig_line[:-1], validate=True)
    except (binascii.Error, ValueError):
        raise FileRefused("is damaged: its signature line is not readable") from None
    if len(payload) < manifest["payload_bytes"]:
        raise FileRefused(f"is truncated ({len(payload)} of {manifest['payload_bytes']} payload bytes)")
    if len(payload) > manifest["payload_bytes"]:
        raise FileRefused("has unexpected bytes after its payload")
    signed = hashlib.sha256(header)
    signed.update(manifest_line)
    whole = signed.copy()
    signed.update(payload)
    whole.update(sig_line)
    whole.update(payload)
    return Container(path, manifest, signature, signed.digest(), payload, whole.hexdigest())


def _open_regular(path: Path):
    """`path` opened for reading if it is a regular file; FileRefused for a pipe, device or socket.

    Checked before opening (a FIFO would block `open` until someone writes to it) and again on
    the open file (the name may have been swapped in between); O_NONBLOCK makes the open itself
    never wait.
    """
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(path)
    if not stat.S_ISREG(mode):
        raise FileRefused(_NOT_REGULAR)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileRefused(_NOT_REGULAR)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


_NOT_REGULAR = "is not a regular file (a pipe, device or socket); copy the snapshot to a file and import that"


def _line(f, limit: int, problem: str) -> bytes:
    """The next line of `f`, newline included, at most `limit` bytes before it."""
    line = f.readline(limit + 1)
    if not line.endswith(b"\n"):
        raise FileRefused(problem)
    return line


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
        text = _utf8(data)
        del data  # the unpacked bytes go before the text is parsed: a large file is not held twice over
        return strict_json(text)
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
    return out


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None


def strict_json(data: bytes | str):
    """JSON with none of the surprises: no floats, NaN, duplicate keys, lone surrogates, or deep nesting.

    `data` is UTF-8 bytes, or the text they hold."""
    text = data if isinstance(data, str) else _utf8(data)
    try:
        value = json.loads(text, object_pairs_hook=_unique_keys, parse_float=_refuse, parse_constant=_refuse)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    # UTF-8 cannot carry a surrogate; only a \\uD800-style escape can. Look closer only when one appears.
    if "\\ud" in text or "\\uD" in text:
        _refuse_surrogates(value)
    return value


def _refuse_surrogates(value) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            items = (item,)
        elif isinstance(item, dict):
            stack.extend(item.values())
            items = item.keys()
        elif isinstance(item, list):
            stack.extend(item)
            continue
        else:
            continue
        for text in items:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("text holds a lone surrogate, which is not a character") from None


def _unique_keys(pairs):
    keys_seen = dict(pairs)
    if len(keys_seen) != len(pairs):
        raise ValueError("a key appears twice")
    return keys_seen


def _refuse(text):
    raise ValueError(f"unexpected number {text[:20]}")


# -- manifests ------------------------------------------------------------------------------------

_HEX = re.compile(r"[0-9a-f]{64}")  # a SHA-256 digest


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


def _time(value) -> bool:
    # A calendar time; whether it is a plausible one is judged once the signature says who wrote it.
    return parse_time(value, earliest=None) is not None


def _sequences(value) -> bool:
    return isinstance(value, dict) and len(value) <= 10_000 and all(
        isinstance(k, str) and CODE.fullmatch(k) and type(v) is int and v >= 0 for k, v in value.items())


_COMMON = {"format": _is(int, minimum=1), "kind": _is(str), "roundtable": _is(str, UUID), "title": _is(str),
           "app": _is(str), "signer": _is(str), "payload_sha256": _is(str, _HEX),
           "payload_bytes": _is(int, minimum=0), "data_bytes": _is(int, minimum=0)}
MANIFESTS = {
    "snapshot": {**_COMMON, "delegation": _is(str, CODE), "sequence": _is(int, minimum=1),
                 "snapshot": _is(str, UUID), "base_release": _is(str, UUID, optional=True),
                 "base_release_seq": _is(int, optional=True, minimum=1), "created_at": _time,
                 "entries": _is(int, minimum=0)},
    "release": {**_COMMON, "secretariat": _is(str, CODE), "release": _is(str, UUID), "sequence": _is(int, minimum=1),
                "issued_at": _time, "signer_key": _is(str), "rows": _is(int, minimum=0),
                "sequences": _sequences},
}


def _manifest(line: bytes) -> dict:
    try:
        manifest = strict_json(line)
    except ValueError as exc:
        raise FileRefused(f"is damaged: its manifest is not readable ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("kind") not in MANIFESTS:
        raise FileRefused("is damaged: its manifest names no known kind of file")
    spec = MANIFESTS[manifest["kind"]]
    if set(manifest) != set(spec):
        raise FileRefused("is damaged: its manifest has unexpected or missing entries")
    if any(isinstance(v, str) and forbidden_characters(v) for v in manifest.values()):
        raise FileRefused("is damaged: its manifest holds control characters")
    bad = [k for k, ok in spec.items() if not ok(manifest[k])]
    if bad:
        raise FileRefused(f"is damaged: its manifest has invalid {', '.join(sorted(bad))}")
    if manifest["format"] != FORMAT:
        raise FileRefused("is damaged: its manifest and header disagree on the format")
    if len(manifest["title"]) > 300 or len(manifest["signer"]) > 40 or len(manifest["app"]) > 40:
        raise FileRefused("is damaged: its manifest has over-long text")
    return manifest
