"""Test set-up: Qt without a screen, a real in-memory keyring, and roundtable files in tmp_path."""

import os

# Qt aborts without a display unless told to draw offscreen; this must precede any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import pytest  # noqa: E402


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A working keyring that keeps secrets in a dict: no desktop session needed."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def rt(tmp_path):
    """An empty roundtable (secretariat US) with three delegations and one principle."""
    from qroundtable.roundtable import Roundtable

    table = Roundtable.create(tmp_path / "t.qrt", title="Test roundtable", secretariat="US",
                              secretariat_name="United States")
    table.delegations.add("JP", "Japan")
    table.delegations.add("DK", "Denmark")
    table.principles.add("Collaboration", "Promote scientific collaboration.")
    yield table
    table.close()
