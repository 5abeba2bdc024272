"""The layout's rules, read from the code's imports: the model never imports a tool,
and no module imports itself back through others (no import loops).

Imports under ``if TYPE_CHECKING:`` are for type checkers only and are not counted.
Importing ``sim.a.b`` runs ``sim/a/__init__.py`` too, so that counts as importing
``sim.a`` -- except from inside ``sim.a`` itself, where the package is already loading.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "sim"

MODEL = ("sim.people", "sim.care", "sim.outcomes", "sim.money", "sim.agents", "sim.commissioning",
         "sim.timeline", "sim.mechanisms", "sim.results", "sim.inputs", "sim.model",
         "sim.model_arguments",
         "sim.parameters", "sim.world_parameters", "sim.declarations", "sim.scenario",
         "sim.structure",
         "sim.streams", "sim.clock", "sim.errors", "sim.allocator", "sim.lazy", "sim.eras")
TOOLS = ("sim.cli", "sim.runs", "sim.compare", "sim.explain", "sim.sweep", "sim.decide",
         "sim.risk",
         "sim.reports", "sim.validity", "sim.viz", "sim.dashboard", "sim.stats", "sim.labels")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def _runtime_nodes(tree: ast.AST):
    """Every node outside ``if TYPE_CHECKING:`` blocks."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        yield node
        yield from _runtime_nodes(node)


def imported_modules(name: str) -> set[str]:
    """The package modules ``name`` imports at run time (anywhere in the file)."""
    found = set()
    for node in _runtime_nodes(ast.parse(MODULES[name].read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [f"{node.module}.{alias.name}" for alias in node.names]
            targets = [t if t in MODULES else node.module for t in targets]
        else:
            continue
        for target in targets:
            while target not in MODULES and "." in target:
                target = target.rsplit(".", 1)[0]
            if target.startswith("sim") and target in MODULES:
                found.add(target)
                found.update(_parents_outside(target, name))
    found.discard(name)
    return found


def _parents_outside(target: str, importer: str) -> set[str]:
    parts = target.split(".")
    parents = {".".join(parts[:i]) for i in range(2, len(parts))}
    return {p for p in parents if not importer.startswith(p + ".") and importer != p}


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for name in MODULES:
        graph.add_node(name)
        graph.add_edges_from((name, target) for target in imported_modules(name))
    return graph


def _in(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def test_every_module_is_either_model_or_tool():
    unplaced = [n for n in MODULES if n != "sim" and n != "sim.__main__"
                and not _in(n, MODEL) and not _in(n, TOOLS)]
    assert unplaced == []


def tool_imports(graph: nx.DiGraph) -> list[tuple[str, str]]:
    """Imports from a model module of a tool module."""
    return sorted((a, b) for a, b in graph.edges if _in(a, MODEL) and _in(b, TOOLS))


def import_loops(graph: nx.DiGraph) -> list[list[str]]:
    """Groups of modules that import one another, directly or through others."""
    return [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]


def test_the_model_imports_no_tool():
    wrong = tool_imports(import_graph())
    assert wrong == [], "model modules importing tools: " + ", ".join(
        f"{a} -> {b}" for a, b in wrong)


def test_there_are_no_import_loops():
    assert import_loops(import_graph()) == []


def test_the_checker_sees_a_loop_and_a_tool_import(tmp_path, monkeypatch):
    """The rules above can fail: a planted loop and a planted model->tool import."""
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("from sim.compare import thing\nimport sim.model.fake_b\n")
    b.write_text("def f():\n    from sim.model.fake_a import x\n")
    monkeypatch.setitem(MODULES, "sim.model.fake_a", a)
    monkeypatch.setitem(MODULES, "sim.model.fake_b", b)
    graph = import_graph()
    assert ("sim.model.fake_a", "sim.compare") in tool_imports(graph)
    assert ["sim.model.fake_a", "sim.model.fake_b"] in import_loops(graph)
