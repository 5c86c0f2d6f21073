"""Every Word document qroundtable writes during the tests must pass an OOXML validator.

openxml-audit runs the Open XML SDK's schema and semantic checks (Word would "repair" or refuse a
file failing them). The conftest runs it over each test's tmp_path after the test, and once more
over the whole run's temporary folder at the end (module fixtures, child processes, the CLI).
Our own .docx say so in docProps/app.xml; documents other writers made for the tests (LibreOffice,
python-docx drafts) are their inputs and not ours to judge.

Workbooks are not checked here: the SDK reads a font's children as a fixed sequence where the
ECMA schema has a choice, so every openpyxl workbook fails it (Excel opens them without repair).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from openxml_audit import OpenXmlValidator
from openxml_audit.errors import FileFormat

_validator = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=20)
_seen: dict[Path, tuple[int, int]] = {}


def ours(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return b"<Application>qroundtable</Application>" in z.read("docProps/app.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False  # a hostile or damaged input made by a test


def problems(path: Path) -> list[str]:
    """What the validator finds in `path` (nothing: it is valid)."""
    result = _validator.validate(path)
    return [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors]


def check_folder(folder: Path) -> list[str]:
    """Problems of every document of ours under `folder` not checked yet as it is now."""
    found = []
    for path in sorted(folder.rglob("*.docx")):
        try:
            stat = path.stat()
        except OSError:
            continue
        key = (stat.st_mtime_ns, stat.st_size)
        if not path.is_file() or _seen.get(path) == key or not ours(path):
            continue
        _seen[path] = key
        found += [f"{path.name}: {line}" for line in problems(path)]
    return found
