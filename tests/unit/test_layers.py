"""The package's imports only point down, and never in a circle.

Every module under `assistant/` is read with `ast` (its file is never imported), and every
import statement counts, at the top of a file or inside a function, so a lazy import does not
hide an arrow; `importlib.import_module("assistant....")` with a literal name counts too. The
layers, bottom to top (a module may import its own layer and any layer below it, nothing
beside or above it):

0. core: `settings`, `models`, `errors`, `framework`, `offline`, `embeddings` (the one way in
   for the embedding model), `samples`, `files` (atomic writes), `text` (the text toolkit),
   `measures` (what the product's rules and the evaluation both measure), `tagging` (area
   profiles and scores). Pure or nearly so; they may use one another (without a circle).
1. `store`: the catalog, the vector and BM25 indexes, and the derived data kept beside them.
2. `ingest` and `retrieval`, side by side: ingest writes into the store, retrieval reads from
   it; neither uses the other.
3. `consultation`: a consultation's questions, read from a document's blocks or passages.
4. `generation`: prompts, models, drafting, Q&A, checks of citations.
5. `drafts`: a whole response (every area) drafted, saved and exported.
6. `evals`: the suites that measure all of the above.
7. `workspace`: the shared workspace (it runs evaluation suites as jobs).
8. `cli`: the command line, the outermost shell.

So ingest, store, retrieval, generation and drafts never import `assistant.evals` (a figure the
product also needs lives in the core: `assistant/measures.py`); the workspace and the CLI may.
Nothing under `assistant/` imports `ui/`, `tests/`, `bench/` or `scripts/`.

A module that belongs to no declared layer fails the test: declare where a new top-level
module sits rather than letting it float.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "assistant"

CORE = {"assistant", "assistant.settings", "assistant.models", "assistant.errors", "assistant.framework",
        "assistant.offline", "assistant.embeddings", "assistant.samples", "assistant.files", "assistant.text",
        "assistant.measures", "assistant.tagging"}
LAYERS = [("core",), ("store",), ("ingest", "retrieval"), ("consultation",), ("generation",), ("drafts",), ("evals",),
          ("workspace",), ("cli",)]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
MAY_IMPORT_EVALS = {"evals", "workspace", "cli"}
OUTSIDE = {"ui", "tests", "bench", "scripts"}  # the shells and tools around the package

# Known violations in files another engineer is rewriting (generation/qa.py, answer_checks.py,
# fake.py, llm.py, greedy.py, structured.py), as (importing module, imported module): each
# entry is skipped by the checks below, and must still occur (an entry that no longer does
# fails `test_the_allow_list_only_shrinks`). None today: keep it empty.
KNOWN: dict[tuple[str, str], str] = {}
MAY_BE_KNOWN = {f"assistant.generation.{name}" for name in ("qa", "answer_checks", "fake", "llm", "greedy", "structured")}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The deepest module of ours that an import of `name` runs (a name imported from a module
    resolves to that module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _literal_prefix(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return str(node.values[0].value)
    return None


def imports_of(module: str) -> set[str]:
    """Pure but for reading the file: the top-level names (for outside packages) and our modules
    that `module` imports anywhere in its file."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            submodules = {f"{source}.{a.name}" for a in node.names} & MODULES.keys()
            names.update(submodules)
            if len(submodules) < len(node.names):  # a name defined in the module itself
                names.add(source)
        elif isinstance(node, ast.Call) and node.args and (
                (isinstance(node.func, ast.Name) and node.func.id in ("import_module", "__import__"))
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")):
            prefix = _literal_prefix(node.args[0])
            if prefix:
                names.add(prefix.rstrip("."))
    out = set()
    for name in names:
        if name == "assistant" or name.startswith("assistant."):
            resolved = _resolve(name)
            if resolved and resolved != module:
                out.add(resolved)
        else:
            out.add(name.split(".")[0])
    return out


GRAPH = {m: {i for i in imports_of(m) if i in MODULES} for m in MODULES}
OUTSIDE_IMPORTS = {m: imports_of(m) & OUTSIDE for m in MODULES}


def layer_of(module: str) -> str:
    if module in CORE:
        return "core"
    name = module.split(".")[1]
    assert name in RANK, f"{module} belongs to no declared layer: add it to CORE or LAYERS in {__file__}"
    return name


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Pure: each import of a layer beside or above the importing module's own."""
    found = []
    for module, imported in sorted(graph.items()):
        for target in sorted(imported):
            here, there = layer_of(module), layer_of(target)
            if here != there and RANK[there] >= RANK[here] and (module, target) not in KNOWN:
                side = "beside" if RANK[there] == RANK[here] else "above"
                found.append(f"{module} ({here}) imports {target} ({there}, {side} it)")
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Pure: the import circles, as the strongly connected components of more than one module
    (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if (node, nxt) in KNOWN:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
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


def test_the_walk_sees_the_package():
    assert len(MODULES) > 50 and "assistant.store" in MODULES and "assistant.generation.drafting" in MODULES
    assert "assistant.store.catalog" in GRAPH["assistant.store"]  # a top-level import
    assert "assistant.generation.prompts" in GRAPH["assistant.evals.runner"]  # an import inside a function


def test_no_import_circles():
    assert circles(GRAPH) == []


def test_no_upward_or_sideways_imports():
    assert upward_imports(GRAPH) == []


def test_only_the_workspace_and_the_cli_import_the_evaluation_code():
    offenders = [f"{m} imports {t}" for m, targets in sorted(GRAPH.items()) for t in sorted(targets)
                 if layer_of(t) == "evals" and layer_of(m) not in MAY_IMPORT_EVALS and (m, t) not in KNOWN]
    assert offenders == []


def test_the_package_never_imports_its_shells_or_tools():
    assert {m: sorted(found) for m, found in OUTSIDE_IMPORTS.items() if found} == {}


def test_the_allow_list_only_shrinks():
    assert all(module in MAY_BE_KNOWN for module, _ in KNOWN), "only the files being rewritten may be listed"
    stale = [pair for pair in KNOWN if pair[1] not in GRAPH.get(pair[0], set())]
    assert stale == [], "these no longer import what they did: delete them from KNOWN"


def test_the_checks_catch_a_circle_and_an_upward_arrow():
    graph = {"assistant.store": {"assistant.retrieval.positions"}, "assistant.retrieval.positions": {"assistant.store"},
             "assistant.ingest.uploads": {"assistant.drafts.repository", "assistant.errors"}}
    assert circles(graph) == [["assistant.retrieval.positions", "assistant.store"]]
    assert upward_imports(graph) == [
        "assistant.ingest.uploads (ingest) imports assistant.drafts.repository (drafts, above it)",
        "assistant.store (store) imports assistant.retrieval.positions (retrieval, above it)",
    ]
