"""Delegations' signing keys: Ed25519 pairs whose private half lives only in the OS keyring.

The public key travels as text (`qrt-ed25519:` + base64 of its 32 raw bytes) and is
read aloud by its fingerprint: four groups of four hex digits of its SHA-256. A public
key is taken only if it is a valid one (see `check_public_point`): an Ed25519 key of
small order (the identity point, say) verifies signatures made without any private key.
The private key is fetched from the keyring for the moment of signing and never
written anywhere else: not the database, a file, a log or an error message.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib

import keyring
import keyring.errors
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from .errors import InvalidInput, KeyProblem
from .validation import delegation_code

SERVICE = "qroundtable"
PREFIX = "qrt-ed25519:"
_NO_KEYRING = ("no keyring is available on this computer to keep the private key: on Linux, start a desktop "
               "session with GNOME Keyring or KWallet unlocked; where there is none, 'pip install keyrings.alt' "
               "keeps keys in a file, unencrypted (for trying things out); on Windows and macOS the system "
               "keyring is used")


def _username(code: str) -> str:
    return f"ed25519:{code}"


def _keyring_call(fn, *args):
    """Call the keyring; its failures become one actionable sentence (never the secret itself)."""
    try:
        return fn(*args)
    except keyring.errors.NoKeyringError:
        raise KeyProblem(_NO_KEYRING) from None
    except keyring.errors.KeyringError as exc:
        raise KeyProblem(f"the keyring refused access ({type(exc).__name__}); unlock it and try again") from None


def create_key(code: str, *, replace: bool = False) -> str:
    """A new key pair for delegation `code`; the private key goes to the keyring. Returns the public key text."""
    code = delegation_code(code)
    existing = _keyring_call(keyring.get_password, SERVICE, _username(code))
    if existing and not replace:
        raise KeyProblem(f"{code} already has a key on this computer (fingerprint "
                         f"{fingerprint(_public_of(existing, code))}); 'qroundtable keys show --as {code}' prints it")
    private = Ed25519PrivateKey.generate()
    secret = base64.b64encode(private.private_bytes_raw()).decode("ascii")
    _keyring_call(keyring.set_password, SERVICE, _username(code), secret)
    return public_key_text(private.public_key().public_bytes_raw())


def has_key(code: str) -> bool:
    return bool(_keyring_call(keyring.get_password, SERVICE, _username(delegation_code(code))))


def private_key(code: str) -> Ed25519PrivateKey:
    """`code`'s private key from the keyring, for signing one file."""
    code = delegation_code(code)
    secret = _keyring_call(keyring.get_password, SERVICE, _username(code))
    if not secret:
        raise KeyProblem(f"there is no key for {code} on this computer; create one with "
                         f"'qroundtable keys init --as {code}' and give its public key to the secretariat")
    return _private_of(secret, code)


def public_key(code: str) -> str:
    """`code`'s public key text, as `delegation trust --key` takes it."""
    return public_key_text(private_key(code).public_key().public_bytes_raw())


def _private_of(secret: str, code: str) -> Ed25519PrivateKey:
    try:
        raw = base64.b64decode(secret, validate=True)
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (binascii.Error, ValueError):
        raise KeyProblem(f"the keyring's entry for {code} is not a qroundtable key; "
                         f"replace it with 'qroundtable keys init --as {code} --replace'") from None


def _public_of(secret: str, code: str) -> bytes:
    return _private_of(secret, code).public_key().public_bytes_raw()


# -- public keys as text ------------------------------------------------------------------


def public_key_text(raw: bytes) -> str:
    return PREFIX + base64.b64encode(raw).decode("ascii")


def parse_public_key(text: str) -> bytes:
    """The 32 raw bytes of a public key given as text (with or without the `qrt-ed25519:` prefix).

    Refused unless the bytes are the canonical encoding of a point of the curve's prime-order
    subgroup: never a small-order key, which "verifies" signatures nobody made.
    """
    value = (text or "").strip() if isinstance(text, str) else ""
    if value.startswith(PREFIX):
        value = value[len(PREFIX):]
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32 or base64.b64encode(raw).decode("ascii") != value:
        raise InvalidInput("that is not a qroundtable public key: it looks like 'qrt-ed25519:' followed by 44 "
                           "characters, as 'qroundtable keys show' prints it")
    problem = check_public_point(raw)
    if problem:
        raise InvalidInput(f"that public key is not a valid Ed25519 key: {problem}; ask the delegation for the "
                           "key 'qroundtable keys show' prints")
    try:
        Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise InvalidInput("that public key is not a valid Ed25519 key") from None
    return raw


# -- is a public key a real one? (RFC 8032, section 5.1.3, and libsodium's point checks) ----------

_P = 2 ** 255 - 19
_L = 2 ** 252 + 27742317777372353535851937790883648493  # the order of the prime subgroup
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)
# The canonical encodings of the eight points of order 1, 2, 4 and 8 (the curve's cofactor is 8).
SMALL_ORDER = frozenset(bytes.fromhex(h) for h in (
    "0100000000000000000000000000000000000000000000000000000000000000",  # the identity
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # order 2
    "0000000000000000000000000000000000000000000000000000000000000000",  # order 4
    "0000000000000000000000000000000000000000000000000000000000000080",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",  # order 8
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
))


@functools.lru_cache(maxsize=1024)
def check_public_point(raw: bytes) -> str | None:
    """Why 32 bytes are no acceptable Ed25519 public key (None: they are one).

    Decodes the point as RFC 8032 does, refusing what lenient decoders let through:
    a y coordinate not below p or a negative zero x (non-canonical encodings), a y
    with no point on the curve, a point of small order (8·A is the identity) and a
    point outside the prime-order subgroup (L·A is not the identity), which no
    private key produces. About 0.2 ms a key, once per key (cached): an import checks
    the key of every delegation in its batch.
    """
    if raw in SMALL_ORDER:
        return "it is a point of small order, which would accept signatures made without any private key"
    point = _decode_point(raw)
    if isinstance(point, str):
        return point
    if _is_identity(_multiply(8, point)):
        return "it is a point of small order, which would accept signatures made without any private key"
    if not _in_prime_order_group(*point):
        return "it is not a point of the curve's prime-order group (no private key has it)"
    return None


# Is L·A the identity? In Python that takes about 2 ms a key; OpenSSL's X25519 does the same work in a
# fiftieth of that, with a scalar chosen so that it answers the same question. X25519 multiplies a point
# of Curve25519 (the same group, by its Montgomery u = (1 + y) / (1 - y)) by a scalar that is a multiple of 8
# with bit 254 set (others are "clamped" to one). This one is too, and is -1 modulo L: for A = A₀ + T (A₀ in
# the prime-order group, T of order dividing 8), C·A = -A₀. So C·A has A's u exactly when A = ±A₀, and A = -A₀
# would make T = -2·A₀, of order L: never, unless A₀ is the identity, which the small-order check has refused.
_C = (_L - 1) * 8 * pow(8, -1, _L) % (8 * _L)
assert _C % 8 == 0 and 1 << 254 <= _C < 1 << 255 and _C % _L == _L - 1


@functools.cache
def _scalar_c() -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(_C.to_bytes(32, "little"))


def _in_prime_order_group(x: int, y: int) -> bool:
    """Is the point (x, y), of no small order, in the prime-order group (L·A the identity)?"""
    u = (1 + y) * pow(1 - y, -1, _P) % _P  # y is not 1: that is the identity, of small order
    try:
        times_c = _scalar_c().exchange(X25519PublicKey.from_public_bytes(u.to_bytes(32, "little")))
    except UnsupportedAlgorithm:  # an OpenSSL without X25519: the same answer, in Python (2 ms)
        return _is_identity(_multiply(_L, (x, y)))
    except ValueError:  # C·A is the identity: A₀ is, which the small-order check refuses first
        return False
    return times_c == u.to_bytes(32, "little")


def _decode_point(raw: bytes) -> tuple[int, int] | str:
    y = int.from_bytes(raw, "little") & ((1 << 255) - 1)
    sign = raw[31] >> 7
    if y >= _P:
        return "its encoding is not canonical"
    u, v = (y * y - 1) % _P, (_D * y * y + 1) % _P
    x = u * pow(v, 3, _P) * pow(u * pow(v, 7, _P), (_P - 5) // 8, _P) % _P
    vx2 = v * x * x % _P
    if vx2 == (-u) % _P and vx2 != u:
        x = x * _SQRT_M1 % _P
    elif vx2 != u:
        return "it is not a point on the curve"
    if x == 0 and sign:
        return "its encoding is not canonical"
    if x & 1 != sign:
        x = _P - x
    return x, y


def _add(p: tuple, q: tuple) -> tuple:
    """Extended twisted Edwards coordinates, a = -1 (RFC 8032, section 5.1.4)."""
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a, b = (y1 - x1) * (y2 - x2) % _P, (y1 + x1) * (y2 + x2) % _P
    c, d = 2 * t1 * t2 * _D % _P, 2 * z1 * z2 % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return e * f % _P, g * h % _P, f * g % _P, e * h % _P


def _multiply(k: int, point: tuple[int, int]) -> tuple:
    x, y = point
    result, addend = (0, 1, 1, 0), (x, y, 1, x * y % _P)
    while k:
        if k & 1:
            result = _add(result, addend)
        addend = _add(addend, addend)
        k >>= 1
    return result


def _is_identity(p: tuple) -> bool:
    x, y, z, _ = p
    return x % _P == 0 and (y - z) % _P == 0


def fingerprint(key: bytes | str) -> str:
    """Four groups of four hex digits, short enough to read aloud over the phone."""
    raw = parse_public_key(key) if isinstance(key, str) else key
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


# -- signing ------------------------------------------------------------------------------


def sign(private: Ed25519PrivateKey, message: bytes) -> bytes:
    return private.sign(message)


def verify(public_raw: bytes, signature: bytes, message: bytes) -> bool:
    """Does `signature` sign `message` under this public key? Never for a weak key or a malleable signature."""
    if len(signature) != 64 or int.from_bytes(signature[32:], "little") >= _L:
        return False  # S must be below L (RFC 8032): OpenSSL refuses it too, this makes it explicit
    if len(public_raw) != 32 or check_public_point(bytes(public_raw)):
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
