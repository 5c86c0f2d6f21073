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
