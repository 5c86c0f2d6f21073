"""Delegations' signing keys: Ed25519 pairs whose private half lives only in the OS keyring.

The public key travels as text (`qrt-ed25519:` + base64 of its 32 raw bytes) and is
read aloud by its fingerprint: four groups of four hex digits of its SHA-256.
The private key is fetched from the keyring for the moment of signing and never
written anywhere else: not the database, a file, a log or an error message.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

import keyring
import keyring.errors
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import InvalidInput, KeyProblem
from .validation import delegation_code

SERVICE = "qroundtable"
PREFIX = "qrt-ed25519:"
_NO_KEYRING = ("no keyring is available on this computer to keep the private key: on Linux, start a desktop "
               "session with GNOME Keyring or KWallet unlocked (or install the 'keyrings.alt' package); "
               "on Windows and macOS the system keyring is used")


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
    """The 32 raw bytes of a public key given as text (with or without the `qrt-ed25519:` prefix)."""
    value = (text or "").strip()
    if value.startswith(PREFIX):
        value = value[len(PREFIX):]
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise InvalidInput("that is not a qroundtable public key: it looks like 'qrt-ed25519:' followed by 44 "
                           "characters, as 'qroundtable keys show' prints it")
    try:
        Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise InvalidInput("that public key is not a valid Ed25519 key") from None
    return raw


def fingerprint(key: bytes | str) -> str:
    """Four groups of four hex digits, short enough to read aloud over the phone."""
    raw = parse_public_key(key) if isinstance(key, str) else key
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


# -- signing ------------------------------------------------------------------------------


def sign(private: Ed25519PrivateKey, message: bytes) -> bytes:
    return private.sign(message)


def verify(public_raw: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
