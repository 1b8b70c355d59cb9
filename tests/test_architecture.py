"""The layers, read from the imports: what each part of the library may import, and how.

See docs/architecture.md. Each package belongs to one layer; a module imports only from its own
layer or the layers below, never in a circle, and never inside a function unless the dependency
is heavy and needed only there.
"""

from __future__ import annotations

import ast
import importlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "jdlens"

LAYERS: dict[str, int] = {
    # ground: shapes, coded errors, settings, display words, one data loader, money, places
    "models": 0,
    "errors": 0,
    "config": 0,
    "labels": 0,
    "datafiles": 0,
    "money": 0,
    "places": 0,
    "budget": 0,
    "memo": 0,
    "diskcache": 0,
    "compiled_regex": 0,
    "regex_first_chars": 0,
    "data": 0,
    # reading
    "sources": 1,
    "text": 1,
    "taxonomy": 1,
    # extraction
    "extract": 2,
    "advice": 2,
    # pipelines
    "job": 3,
    "resume": 3,
    # products
    "matching": 4,
    "market": 4,
    # the facade
    "api": 5,
    "__init__": 5,
    # shells
    "cli": 6,
    "web": 6,
    "__main__": 6,
}

# Imported inside the functions that need them: optional extras, or heavy readers and writers that
# `import jdlens` and a first analysis must not pay for (start-up is measured in docs/benchmarks.md).
LAZY_ALLOWED = {
    "pyspark",
    "playwright",
    "duckdb",
    "pandas",
    "pyarrow",
    "matplotlib",
    "pypdf",
    "pypdfium2",
    "pdfplumber",
    "docx",
    "httpx",
    "uvicorn",
    # the HTML parser and the encoding detector: a plain-text posting (most of them) needs neither
    "lxml",
    "charset_normalizer",
    # ISO 3166 tables: read only when a place is not in data/places.yaml
    "pycountry",
    # the YAML parser: data files are read from their on-disk cache after the first start
    "yaml",
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, ast.Module]:
    return {
        _module_name(p): ast.parse(p.read_text(encoding="utf-8"))
        for p in sorted(PACKAGE.rglob("*.py"))
        if "__pycache__" not in p.parts
    }


def _layer(module: str) -> int:
    parts = module.split(".")
    key = parts[1] if len(parts) > 1 else "__init__"
    assert key in LAYERS, f"{module}: its package {key!r} has no layer in LAYERS (and docs/architecture.md)"
    return LAYERS[key]


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    is_package = (PACKAGE.parent / Path(*base) / "__init__.py").is_file()
    keep = len(base) - node.level + (1 if is_package else 0)
    return ".".join(base[:keep] + ([node.module] if node.module else []))


def _runtime_imports(module: str, tree: ast.Module) -> list[tuple[str, int]]:
    """(imported jdlens module, line) for every import that runs, at any depth; not TYPE_CHECKING ones."""
    names = set(_modules())
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.extend((a.name, child.lineno) for a in child.names if a.name.startswith("jdlens"))
            elif isinstance(child, ast.ImportFrom):
                target = _resolve(module, child)
                if target.startswith("jdlens"):
                    for alias in child.names:
                        sub = f"{target}.{alias.name}"
                        found.append((sub if sub in names else target, child.lineno))
            visit(child)

    visit(tree)
    return found


def test_every_module_imports_by_its_dotted_name() -> None:
    for name in _modules():
        if not name.endswith(".__main__"):  # running it is what a __main__ module does on import
            importlib.import_module(name)


def test_each_module_imports_only_its_own_layer_or_below() -> None:
    wrong = []
    for module, tree in _modules().items():
        for target, line in _runtime_imports(module, tree):
            if _layer(target) > _layer(module):
                wrong.append(f"{module}:{line} imports {target} (a higher layer)")
    assert not wrong, "\n".join(wrong)


def test_no_import_circles() -> None:
    graph = {m: {t for t, _ in _runtime_imports(m, tree) if t != m} for m, tree in _modules().items()}
    # a package's __init__ importing its own modules is not a circle of meaning; drop those edges
    graph = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    assert not circles, f"import circles: {circles}"


def test_nothing_inside_the_library_imports_the_facade_or_a_shell() -> None:
    upward = []
    for module, tree in _modules().items():
        if _layer(module) >= LAYERS["api"]:
            continue
        for target, line in _runtime_imports(module, tree):
            if target in ("jdlens", "jdlens.api") or target.startswith(("jdlens.cli", "jdlens.web")):
                upward.append(f"{module}:{line} imports {target}")
    assert not upward, "\n".join(upward)


def test_function_level_imports_only_for_heavy_optional_dependencies() -> None:
    inside = []
    for module, tree in _modules().items():
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Import):
                    roots = [a.name.split(".")[0] for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    roots = [node.module.split(".")[0]]
                else:
                    continue
                inside += [f"{module}:{node.lineno} imports {r}" for r in roots if r not in LAZY_ALLOWED]
    assert not inside, "\n".join(inside)


def test_only_the_data_file_loader_parses_yaml() -> None:
    """Every data file is read through ``jdlens.datafiles`` (one parser, one error, one cache)."""
    readers = []
    for module, tree in _modules().items():
        if module == "jdlens.datafiles":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "yaml" for a in node.names):
                readers.append(f"{module}:{node.lineno}")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "yaml":
                readers.append(f"{module}:{node.lineno}")
    assert not readers, "modules parsing YAML themselves:\n" + "\n".join(readers)


def test_no_two_modules_share_a_name() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for module in _modules():
        last = module.rsplit(".", 1)[-1]
        if (
            last == "__main__"
            or module == "jdlens"
            or (PACKAGE.parent / Path(*module.split(".")) / "__init__.py").is_file()
        ):
            continue
        if last in seen:
            clashes.append(f"{seen[last]} and {module}")
        seen[last] = module
    assert not clashes, f"module names that mean two things: {clashes}"


def test_no_package_is_named_like_a_public_function() -> None:
    import jdlens

    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert not packages & set(jdlens.__all__)


def test_every_raised_code_belongs_to_its_class_family() -> None:
    """``SomeError("JDL0nn", ...)`` anywhere in the library names a code of that class's range."""
    import jdlens.errors as errors_module
    import jdlens.web.http_errors as web_errors

    classes = {
        name: obj
        for module in (errors_module, web_errors)
        for name, obj in vars(module).items()
        if isinstance(obj, type) and issubclass(obj, errors_module.JdlensError)
    }
    wrong = []
    for module, tree in _modules().items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args):
                continue
            cls, first = classes.get(node.func.id), node.args[0]
            if cls is None or not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            number = int(first.value[3:])
            if not any(lo <= number <= hi for lo, hi in cls.ranges):
                wrong.append(f"{module}:{node.lineno} {node.func.id}({first.value!r})")
            if first.value not in errors_module.MESSAGES:
                wrong.append(f"{module}:{node.lineno} {first.value} has no message in errors.MESSAGES")
    assert not wrong, "\n".join(wrong)
