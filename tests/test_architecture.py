"""The promises the code layout makes: a Qt-free core, SQL only in storage, small modules."""

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "qroundtable"
SQL = re.compile(r"\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.IGNORECASE)


def test_core_and_cli_import_no_qt():
    code = ("import sys, qroundtable.roundtable, qroundtable.demo, qroundtable.cli; "
            "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_qt_is_imported_only_under_ui():
    offenders = [p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py")
                 if "ui" not in p.relative_to(PACKAGE).parts
                 and re.search(r"^\s*(from|import) PySide6", p.read_text(), re.MULTILINE)]
    assert offenders == []


def test_sql_lives_only_in_storage():
    offenders = [p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py")
                 if "storage" not in p.relative_to(PACKAGE).parts and SQL.search(p.read_text())]
    assert offenders == []


def test_modules_stay_small():
    big = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
           if (n := len(p.read_text().splitlines())) > 600}
    assert big == {}


def test_every_package_is_shipped():
    import tomllib

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["tool"]["setuptools"]
    on_disk = {".".join(p.parent.relative_to(PACKAGE.parent).parts) for p in PACKAGE.rglob("__init__.py")}
    assert on_disk | {"qroundtable.resources"} == set(config["packages"])
