"""The promises the code layout makes: a Qt-free core, SQL only in storage, small modules."""

import ast
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


# -- the import graph ----------------------------------------------------------------------------

def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
CORE = {m for m in MODULES if not m.startswith(("qroundtable.ui", "qroundtable.cli"))}
FACADE = "qroundtable.roundtable"
# The façade's sections: each a domain of the roundtable, none may need the façade back.
SECTIONS = {f"qroundtable.{m}" for m in ("section", "working_copy", "permissions", "model", "actions", "amendments",
                                          "delegations", "meetings", "notes", "positions", "principles")}


def imports(module: str, *, type_checking: bool) -> set[str]:
    """The package's modules `module` imports, at run time (also inside functions) and, if asked, for type checks.

    `from . import x` counts as importing the module `x`; the package `__init__` that Python runs
    on the way is not counted, or every submodule of a package would import all of it.
    """
    path = MODULES[module]
    base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test) and not type_checking:
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            target = ".".join(base[:len(base) - node.level + 1] + [node.module or ""]).strip(".") if node.level \
                else node.module
            for alias in node.names:
                name = f"{target}.{alias.name}"
                found.add(name if name in MODULES else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text()))
    return found & set(MODULES)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), or of one that imports itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while (w := stack.pop()) != v:
                component.append(w)
            component.append(v)
            if len(component) > 1 or v in graph[v]:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_the_core_has_no_import_cycles_not_even_for_type_checks():
    graph = {m: imports(m, type_checking=True) & CORE for m in CORE}
    assert cycles(graph) == []


def test_the_cycle_check_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_sections_and_sync_never_import_the_facade_not_even_for_type_checks():
    """They work on the `WorkingCopy` (or plain values) the façade hands them, so the façade imports them
    and nothing imports the façade back."""
    sync = {m for m in MODULES if m.startswith("qroundtable.sync.")}
    assert SECTIONS <= set(MODULES) and {"qroundtable.sync.facade", "qroundtable.sync.rebase"} <= sync
    offenders = {m for m in SECTIONS | sync if FACADE in imports(m, type_checking=True)}
    assert offenders == set()


def test_in_the_core_only_the_demo_builder_and_long_work_use_the_facade():
    """The façade is the top of the core: the UI and the command line use it, and within the core only
    `demo.py`, which builds the demo roundtable through it as a person would, and `long_work.py`,
    which opens the file through it in a process of its own for the app."""
    users = {m for m in CORE if FACADE in imports(m, type_checking=True)}
    assert users == {"qroundtable.demo", "qroundtable.long_work"}


def test_plain_values_import_nothing_from_storage():
    for module in ("qroundtable.model", "qroundtable.stances", "qroundtable.palette", "qroundtable.permissions"):
        assert not any(m.startswith("qroundtable.storage") for m in imports(module, type_checking=True)), module
