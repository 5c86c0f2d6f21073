"""Signing keys: Ed25519 pairs, the private half only in the keyring, the public half as text and fingerprint."""

from __future__ import annotations

import base64

import keyring
import keyring.backends.fail
import pytest

from qroundtable import keys
from qroundtable.errors import InvalidInput, KeyProblem


def test_a_key_pair_lives_in_the_keyring_and_signs(memory_keyring):
    public = keys.create_key("JP")
    assert list(memory_keyring.secrets) == [("qroundtable", "ed25519:JP")]
    assert keys.public_key("JP") == public and keys.has_key("JP") and not keys.has_key("DK")
    raw = keys.parse_public_key(public)
    signature = keys.sign(keys.private_key("JP"), b"message")
    assert keys.verify(raw, signature, b"message")
    assert not keys.verify(raw, signature, b"massage")
    assert not keys.verify(raw, bytes(64), b"message")
    assert not keys.verify(keys.parse_public_key(keys.create_key("DK")), signature, b"message")


def test_public_key_text_and_fingerprint():
    public = keys.create_key("JP")
    raw = keys.parse_public_key(public)
    assert public == "qrt-ed25519:" + base64.b64encode(raw).decode()
    assert keys.parse_public_key(public[len("qrt-ed25519:"):]) == raw  # the prefix may be left out
    assert keys.parse_public_key(f"  {public}\n") == raw
    fingerprint = keys.fingerprint(public)
    assert fingerprint == keys.fingerprint(raw)
    groups = fingerprint.split(" ")
    assert len(groups) == 4 and all(len(g) == 4 and int(g, 16) >= 0 for g in groups)


@pytest.mark.parametrize("text", ["", "qrt-ed25519:", "qrt-ed25519:abc", "qrt-ed25519:" + "!" * 44,
                                  "qrt-ed25519:" + base64.b64encode(bytes(33)).decode(), "not a key at all"])
def test_malformed_public_keys_are_refused(text):
    with pytest.raises(InvalidInput, match="not a qroundtable public key|not a valid"):
        keys.parse_public_key(text)


def test_an_existing_key_is_kept_unless_replaced():
    first = keys.create_key("JP")
    with pytest.raises(KeyProblem, match="already has a key"):
        keys.create_key("JP")
    assert keys.public_key("JP") == first
    assert keys.create_key("JP", replace=True) != first


def test_no_key_says_what_to_do():
    with pytest.raises(KeyProblem, match="keys init --as FR"):
        keys.private_key("FR")


def test_no_keyring_says_what_to_do():
    keyring.set_keyring(keyring.backends.fail.Keyring())
    for call in (lambda: keys.create_key("JP"), lambda: keys.public_key("JP"), lambda: keys.has_key("JP")):
        with pytest.raises(KeyProblem, match="no keyring is available"):
            call()


def test_a_foreign_keyring_entry_is_reported_not_echoed(memory_keyring):
    memory_keyring.secrets[("qroundtable", "ed25519:JP")] = "hunter2-not-a-key"
    with pytest.raises(KeyProblem) as caught:
        keys.private_key("JP")
    assert "hunter2" not in str(caught.value) and "--replace" in str(caught.value)


# -- weak keys (issue 9, case 6) --------------------------------------------------------------------

_P = 2 ** 255 - 19
SMALL_ORDER = [bytes.fromhex(h) for h in (
    "0100000000000000000000000000000000000000000000000000000000000000",  # the identity
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # order 2
    "0000000000000000000000000000000000000000000000000000000000000000",  # order 4
    "0000000000000000000000000000000000000000000000000000000000000080",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",  # order 8
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
)]
# The same points written non-canonically: y + p for the small y (0 and 1), and "negative zero" x.
NON_CANONICAL = [(_P + y).to_bytes(32, "little") for y in (0, 1)] + \
    [bytes(a ^ b for a, b in zip((_P + y).to_bytes(32, "little"), bytes(31) + b"\x80")) for y in (0, 1)] + \
    [bytes.fromhex("0100000000000000000000000000000000000000000000000000000000000080"),
     bytes.fromhex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]


def _text(raw: bytes) -> str:
    return keys.PREFIX + base64.b64encode(raw).decode()


@pytest.mark.parametrize("raw", SMALL_ORDER + NON_CANONICAL, ids=lambda r: r.hex()[:8] + ".." + r.hex()[-4:])
def test_small_order_and_non_canonical_keys_are_refused(raw):
    with pytest.raises(InvalidInput, match="not a valid Ed25519 key"):
        keys.parse_public_key(_text(raw))
    assert not keys.verify(raw, bytes(32) + bytes(32), b"anything")


def test_a_point_off_the_curve_and_one_outside_the_prime_group_are_refused():
    off = next(y.to_bytes(32, "little") for y in range(2, 100) if keys._decode_point(y.to_bytes(32, "little"))
               == "it is not a point on the curve")
    with pytest.raises(InvalidInput, match="not a point on the curve"):
        keys.parse_public_key(_text(off))
    # An honest key plus a point of order 8: on the curve, not small order, yet no private key has it.
    honest = keys._decode_point(keys.parse_public_key(keys.create_key("JP")))
    order8 = keys._decode_point(SMALL_ORDER[4])
    mixed = keys._add((*honest, 1, honest[0] * honest[1] % _P), (*order8, 1, order8[0] * order8[1] % _P))
    x, y, z, _ = mixed
    zi = pow(z, _P - 2, _P)
    x, y = x * zi % _P, y * zi % _P
    raw = (y | ((x & 1) << 255)).to_bytes(32, "little")
    with pytest.raises(InvalidInput, match="prime-order"):
        keys.parse_public_key(_text(raw))


def _reference_check(raw: bytes) -> str | None:
    """check_public_point as plainly as it can be written: double-and-add, L·A computed in full."""
    point = keys._decode_point(raw)
    if isinstance(point, str):
        return point

    def times(k, p):
        result, addend = (0, 1, 1, 0), (*p, 1, p[0] * p[1] % _P)
        while k:
            if k & 1:
                result = keys._add(result, addend)
            addend, k = keys._add(addend, addend), k >> 1
        return result

    def identity(p):
        return p[0] % _P == 0 and (p[1] - p[2]) % _P == 0

    if identity(times(8, point)):
        return "it is a point of small order, which would accept signatures made without any private key"
    if not identity(times(keys._L, point)):
        return "it is not a point of the curve's prime-order group (no private key has it)"
    return None


def _encode(p) -> bytes:
    x, y, z, _ = p
    zi = pow(z, _P - 2, _P)
    x, y = x * zi % _P, y * zi % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _points_of_every_kind() -> list[bytes]:
    """Honest keys, each with every point of order 1 to 8 added, the small-order points, points from random y."""
    import random

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    r = random.Random(8)
    torsion = [keys._decode_point(raw) for raw in SMALL_ORDER]
    found = []
    for _ in range(12):
        honest = keys._decode_point(Ed25519PrivateKey.generate().public_key().public_bytes_raw())
        found += [_encode(keys._add((*honest, 1, honest[0] * honest[1] % _P), (*t, 1, t[0] * t[1] % _P)))
                  for t in torsion]
    while len(found) < 200:
        raw = r.randbytes(32)
        if not isinstance(keys._decode_point(raw), str):
            found.append(raw)
    return found + SMALL_ORDER


def test_the_fast_point_check_answers_as_the_plain_one(monkeypatch):
    """check_public_point asks OpenSSL's X25519 (without it, Python) whether L·A is the
    identity: the answer is the plain double-and-add's, for keys in the group and for every kind outside it."""
    from cryptography.exceptions import UnsupportedAlgorithm

    points = _points_of_every_kind()
    expected = [_reference_check(raw) for raw in points]
    assert {e is None for e in expected} == {True, False}  # both kinds are there
    assert sum(e is None for e in expected) >= 12 and sum("prime-order" in (e or "") for e in expected) >= 84
    keys.check_public_point.cache_clear()
    assert [keys.check_public_point(raw) for raw in points] == expected

    def unsupported():
        raise UnsupportedAlgorithm("no X25519 here")

    monkeypatch.setattr(keys, "_scalar_c", unsupported)
    keys.check_public_point.cache_clear()
    assert [keys.check_public_point(raw) for raw in points[:60]] == expected[:60]
    keys.check_public_point.cache_clear()


def test_a_key_must_be_written_canonically():
    public = keys.create_key("JP")
    body = public[len(keys.PREFIX):]
    # The last base64 digit carries 4 unused bits: another digit gives the same bytes, written differently.
    last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    twin = body[:-2] + last[last.index(body[-2]) ^ 1] + "="
    assert base64.b64decode(twin) == base64.b64decode(body)
    with pytest.raises(InvalidInput):
        keys.parse_public_key(keys.PREFIX + twin)


def test_the_identity_key_cannot_be_trusted_and_its_constant_signature_imports_nothing(tmp_path):
    from sync_world import make_world

    from qroundtable.sync import format

    world = make_world(tmp_path, codes=("JP",))
    identity = _text(SMALL_ORDER[0])
    with pytest.raises(InvalidInput, match="small order"):
        world.master.sync.trust("JP", identity)
    # Say it got in anyway (a file from before this check): a snapshot "signed" without a key is still refused.
    world.master.store.conn.execute("UPDATE trusted_keys SET public_key = ?", (identity,))
    jp = world.copies["JP"]
    jp.positions.set("JP", 1, "object")
    jp.sync.export_snapshot(tmp_path / "jp-1.qrts")
    data = (tmp_path / "jp-1.qrts").read_bytes().split(b"\n", 3)
    # With A the identity, R = identity and S = 0 satisfy [S]B = R + [k]A for every message.
    data[2] = base64.b64encode(SMALL_ORDER[0] + bytes(32))
    (tmp_path / "forged.qrts").write_bytes(b"\n".join(data))
    report = world.master.sync.import_files([tmp_path / "forged.qrts"])
    assert report.applied == 0 and report.files[0].status == "rejected"
    assert "key" in report.files[0].reason
    assert not format.verify(format.read(tmp_path / "forged.qrts"), SMALL_ORDER[0])
    world.close()


def test_a_signature_with_a_non_canonical_s_is_refused():
    keys.create_key("JP")
    private = keys.private_key("JP")
    raw = private.public_key().public_bytes_raw()
    signature = keys.sign(private, b"message")
    L = 2 ** 252 + 27742317777372353535851937790883648493
    s = int.from_bytes(signature[32:], "little")
    malleated = signature[:32] + (s + L).to_bytes(32, "little")  # the same S modulo L: a second valid-looking form
    assert keys.verify(raw, signature, b"message")
    assert not keys.verify(raw, malleated, b"message")
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    with pytest.raises(InvalidSignature):  # OpenSSL refuses it too: the check is not ours alone
        Ed25519PublicKey.from_public_bytes(raw).verify(malleated, b"message")
