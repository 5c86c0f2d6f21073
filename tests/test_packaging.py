"""The package as pip installs it: the wheel carries the resources, and they load from where it is installed.

`resources/` sits at the top of the checkout and becomes `qroundtable.resources` only through
pyproject.toml's package-dir mapping, so code run from the checkout with the checkout itself on
sys.path finds no `qroundtable.resources` (the benchmarks' probes failed that way under a
normal install). These tests build the wheel (a few seconds: pip builds it in an isolated
environment with the setuptools pyproject.toml asks for) and run the readout from the
unpacked wheel alone.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Built from a copy, so no build/ or egg-info/ lands in the checkout.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "qroundtable", source / "qroundtable", ignore=ignore)
    shutil.copytree(ROOT / "resources", source / "resources", ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
                            capture_output=True, text=True, timeout=300)
    if result.returncode and re.search(r"No matching distribution|Could not find a version|NewConnectionError",
                                       result.stderr):
        pytest.skip("pip could not fetch the build backend (setuptools) to build the wheel; offline?")
    assert result.returncode == 0, result.stderr
    [built] = out.glob("qroundtable-*.whl")
    return built


def test_the_wheel_carries_the_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"qroundtable/resources/__init__.py", "qroundtable/resources/readout-template.docx",
            "qroundtable/resources/demo.json"} <= names
    assert not any(n.startswith("resources/") for n in names)  # only inside the package


def test_the_readout_runs_from_the_installed_package(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # Isolated (-I): no current folder, no PYTHONPATH; the unpacked wheel goes first on sys.path, ahead
    # of the editable install of this checkout, with the environment's site-packages for the dependencies.
    code = f"""
import sys
sys.path.insert(0, {str(site)!r})
from importlib import resources
import qroundtable
from qroundtable.demo import build_demo
from qroundtable.readout import write_readout
template = resources.files("qroundtable.resources").joinpath("readout-template.docx")
assert str(template).startswith({str(site)!r}), template
assert qroundtable.__file__.startswith({str(site)!r}), qroundtable.__file__
with build_demo({str(tmp_path / "demo.qrt")!r}) as rt:
    print(write_readout(rt, {str(tmp_path / "readout.docx")!r}))
"""
    result = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=300,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "readout.docx").stat().st_size > 10_000


def test_the_benchmarks_use_the_installed_package():
    for script in (ROOT / "benchmarks").glob("*.py"):
        assert "sys.path" not in script.read_text(), script.name
