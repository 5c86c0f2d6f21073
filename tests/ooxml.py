"""Every Word document and workbook qroundtable writes during the tests must pass an OOXML validator.

openxml-audit runs the Open XML SDK's schema and semantic checks (Word would "repair" or refuse a
file failing them). The conftest runs it over each test's tmp_path after the test, and once more
over the whole run's temporary folder at the end (module fixtures, child processes, the CLI).
Our own .docx say so in docProps/app.xml; documents other writers made for the tests (LibreOffice,
python-docx drafts, workbooks LibreOffice made from our CSV) are not ours to judge.
Errors fail; warnings do not: the one a workbook gets says its cells hold inline strings, valid
OOXML that Excel moves to a shared-strings table when it saves (we write them so that no text is
ever read as a formula).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from openxml_audit import OpenXmlValidator
from openxml_audit.errors import FileFormat

_validator = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=20)
_seen: dict[Path, tuple[int, int]] = {}


def ours(path: Path) -> bool:
    """Written by qroundtable: a document says so in app.xml, a workbook (openpyxl's) in its creator."""
    try:
        with zipfile.ZipFile(path) as z:
            if path.suffix == ".xlsx":
                return b">qroundtable</dc:creator>" in z.read("docProps/core.xml")
            return b"<Application>qroundtable</Application>" in z.read("docProps/app.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False  # a hostile or damaged input made by a test, or another program's file


def problems(path: Path) -> list[str]:
    """What the validator finds in `path` (nothing: it is valid)."""
    result = _validator.validate(path)
    return [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors if e.severity.value == "error"]


def check_folder(folder: Path) -> list[str]:
    """Problems of every document of ours under `folder` not checked yet as it is now."""
    found = []
    for path in sorted([*folder.rglob("*.docx"), *folder.rglob("*.xlsx")]):
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
