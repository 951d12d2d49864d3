"""The maintained bench tools keep working as the code they measure moves: each one answers
`--help`, says what it does in a module docstring, imports nothing from tests/, and every name
it imports from kb/ or bench/support.py (at the top or inside a function) still exists."""

import ast
import importlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
SCRIPTS = sorted(BENCH.glob("*.py"))
# Run alone, a tool has a main guard; the rest are modules the tools share.
TOOLS = [p for p in SCRIPTS if 'if __name__ == "__main__":' in p.read_text()]


def _imports(path: Path):
    """(module, names) for every import statement in the file, wherever it is."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module, [alias.name for alias in node.names]


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_every_bench_script_says_what_it_does_and_imports_no_tests(path):
    assert ast.get_docstring(ast.parse(path.read_text())), f"{path.name}: no module docstring"
    imported = [module for module, _ in _imports(path)]
    assert not [m for m in imported if m == "tests" or m.startswith("tests.")], path.name


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_every_name_a_bench_script_imports_from_kb_or_support_exists(path, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    for module, names in _imports(path):
        if module.split(".")[0] not in ("kb", "support"):
            continue
        loaded = importlib.import_module(module)
        for name in names:
            assert hasattr(loaded, name) or importlib.util.find_spec(f"{module}.{name}"), (
                f"{path.name}: from {module} import {name}"
            )


@pytest.mark.slow
@pytest.mark.parametrize("path", TOOLS, ids=lambda p: p.name)
def test_every_bench_tool_answers_help(path, tmp_path):
    # An empty database and index of its own: --help must not need either, nor touch var/.
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "KB_INDEX_DIR": str(tmp_path / "index"),
    }
    done = subprocess.run(
        [sys.executable, str(path), "--help"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("usage:"), done.stdout[:500]
    assert not (tmp_path / "--help").exists()
