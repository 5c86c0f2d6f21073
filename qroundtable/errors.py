"""The exceptions the core raises: each carries one sentence a user can act on."""


class RoundtableError(Exception):
    """Base of every error meant for a person: its message is shown as is."""


class InvalidInput(RoundtableError):
    """A value typed or imported is not acceptable (bad date, empty text, control characters)."""


class NotFound(RoundtableError):
    """A delegation, principle, meeting, amendment or action item that does not exist."""


class NotPermitted(RoundtableError):
    """This copy of the roundtable may not make that change (e.g. another delegation's row)."""


class FileProblem(RoundtableError):
    """The roundtable file is missing, damaged, or from a newer version of the app."""


class NothingToUndo(RoundtableError):
    """Undo or redo was asked for with nothing on that stack, or the change was overtaken."""


class SyncProblem(RoundtableError):
    """A snapshot or release file was refused: damaged, forged, replayed, or not for this copy."""


class KeyProblem(RoundtableError):
    """A signing key is missing, malformed, or the OS keyring cannot be reached."""


class ReadOnly(FileProblem):
    """The roundtable file, its folder or its disk cannot be written: it is open for reading only."""


class DiskFull(FileProblem):
    """A write failed because the disk is full; nothing of it was kept."""


class Busy(FileProblem):
    """Another program holds the roundtable's write lock for longer than we wait (e.g. a long import)."""
