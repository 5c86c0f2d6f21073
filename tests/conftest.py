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


@pytest.fixture(autouse=True)
def documents_are_valid_ooxml(request):
    """After each test, the Word documents and workbooks it wrote in its tmp_path pass the OOXML validator."""
    yield
    folder = request.node.funcargs.get("tmp_path")
    if folder is not None:
        from ooxml import check_folder

        found = check_folder(folder)
        assert not found, "documents failing OOXML validation:\n" + "\n".join(found[:20])


@pytest.fixture(scope="session", autouse=True)
def all_documents_are_valid_ooxml(tmp_path_factory):
    """At the end of the run, the same for every document any fixture, process or CLI wrote."""
    yield
    from ooxml import check_folder

    found = check_folder(tmp_path_factory.getbasetemp())
    assert not found, "documents failing OOXML validation:\n" + "\n".join(found[:20])
