"""The shape of `kb`, read from its source: imports run one way between layers and never in a
circle, and no file or function grows past what a reader takes in at once.

The import graph is built from every module's own import statements (ast), including imports
inside functions: a lazy import hides an edge from readers, not from the graph.
"""

import ast
from functools import cache
from pathlib import Path

KB = Path(__file__).resolve().parent.parent / "kb"
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60

# Files and functions over the limits today, each to be split. These lists only shrink: the test
# fails when anything not named here grows past a limit, and when something named here no
# longer needs to be (so it is taken off). The SQLite engine is being split by job on its own
# branch; when that lands, both its entries come off.
LONG_FILES_ALLOWED: set[str] = set()
LONG_FUNCTIONS_ALLOWED: set[str] = set()


def _module_name(path: Path) -> str:
    parts = path.relative_to(KB.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _sources() -> dict[str, Path]:
    return {
        _module_name(path): path
        for path in sorted(KB.rglob("*.py"))
        if "migrations" not in path.relative_to(KB).parts
    }


def _imported(module: str, path: Path) -> set[str]:
    """The kb modules `module` imports, as far as they are modules of this repository."""
    modules = _sources()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import module` imports the module; `from module import name` the
            # module alone.
            names = [f"{base}.{alias.name}" for alias in node.names]
            names = [name if name in modules else base for name in names]
        else:
            continue
        for name in names:
            # `import kb.a.b` names kb.a.b; a name inside a module resolves to that module.
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name.startswith("kb") and name != module:
                found.add(name)
    return found


@cache
def import_graph() -> dict[str, frozenset[str]]:
    return {module: frozenset(_imported(module, path)) for module, path in _sources().items()}


def _cycles(graph) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _crossings(source: str, forbidden: list[str]) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        if _within(module, source)
        for target in targets
        if any(_within(target, package) for package in forbidden)
    )


def test_graph_sees_the_modules_and_their_imports():
    # Guards the checks below against a graph that is silently empty.
    graph = import_graph()
    assert "kb.models.content" in graph and "kb.views.pages" in graph
    assert "kb.models" in graph["kb.views.pages"]
    assert "kb.search" in graph["kb.views.search"]


def test_no_import_cycles():
    assert _cycles(import_graph()) == []


def test_models_import_no_layer_above_them():
    above = ["kb.search", "kb.feedback", "kb.views", "kb.admin", "kb.importer", "kb.visitor"]
    assert _crossings("kb.models", above) == []


def test_visitor_helpers_import_nothing_that_uses_them():
    assert _crossings("kb.visitor", ["kb.feedback", "kb.views", "kb.admin", "kb.search"]) == []


def test_search_imports_no_page_admin_or_feedback_code():
    assert _crossings("kb.search", ["kb.views", "kb.admin", "kb.feedback"]) == []


def test_views_reach_search_through_its_public_face_not_an_engine():
    assert _crossings("kb.views", ["kb.search.engines"]) == []


def test_no_file_over_the_size_limit_beyond_the_shrinking_list():
    long_files = {
        str(path.relative_to(KB.parent))
        for path in _sources().values()
        if len(path.read_text().splitlines()) > MAX_FILE_LINES
    }
    assert long_files - LONG_FILES_ALLOWED == set(), "split these by job"
    assert LONG_FILES_ALLOWED - long_files == set(), "short now: take them off the list"


def _function_lengths():
    for path in _sources().values():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                name = f"{path.relative_to(KB.parent)}:{node.name}"
                yield name, node.end_lineno - first + 1


def test_no_function_over_the_size_limit_beyond_the_shrinking_list():
    long_functions = {name for name, lines in _function_lengths() if lines > MAX_FUNCTION_LINES}
    assert long_functions - LONG_FUNCTIONS_ALLOWED == set(), "split these, or keep them short"
    assert LONG_FUNCTIONS_ALLOWED - long_functions == set(), "short now: take them off the list"


def test_kb_root_holds_only_the_project_modules():
    # Everything else lives in the package it serves. runtime.py is the server processes'
    # bootstrap (garbage-collector tuning), called by wsgi.py and asgi.py and nothing else.
    root = {path.stem for path in KB.glob("*.py")}
    assert root == {"__init__", "apps", "asgi", "conf", "runtime", "settings", "urls", "wsgi"}
