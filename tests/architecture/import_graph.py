"""Build the app-level import graph of the stegvis package from its source with `ast`.

An edge A → B is one line in a module of app A that reaches app B: an absolute import of
`stegvis.B...`, a relative import that climbs into B, an `apps.get_model("B", ...)` /
`get_model("B.Model")` call with a literal app label, or a lazy model reference such as
`ForeignKey("B.Model")`, or `import_module("stegvis.B...")`/`import_string(...)` with a literal
name, or a permission check naming another app's rule (`has_perm("B.rule")`, which only
works when B registered it). Imports inside functions count too: a hidden edge is still an edge.
Migrations are skipped (they are history, not dependencies).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "stegvis"


@dataclass(frozen=True, order=True)
class Edge:
    """One line in `module` (of app `source`) that depends on app `target`."""

    source: str
    target: str
    module: str
    line: int
    # "import", "import by name" (import_module/import_string with a literal), "get_model",
    # "model reference" (a relation field naming "app.Model") or "permission" (asking another
    # app's rule, `has_perm("app.rule")`).
    via: str = "import"

    def __str__(self) -> str:
        return f"{self.source} → {self.target} ({self.module}:{self.line}, {self.via})"


def app_of(module: str, apps: Iterable[str]) -> str | None:
    """Return the app a dotted module name belongs to, or None for project-level modules."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == PACKAGE and parts[1] in set(apps):
        return parts[1]
    return None


def _resolve_relative(module: str, is_package: bool, level: int, name: str | None) -> str:
    """Turn `from ..x import y` inside `module` into the absolute dotted name it imports."""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


RELATION_FIELDS = {
    "ForeignKey",
    "OneToOneField",
    "ManyToManyField",
    "ParentalKey",
    "ParentalManyToManyField",
}
IMPORT_BY_NAME = {"import_module", "import_string", "__import__"}
PERMISSION_CHECKS = {"has_perm", "test_rule", "has_object_permission"}


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _named_reference(call: ast.Call) -> tuple[str, str] | None:
    """Return (app label, via) when a call names another app in a string literal, else None.

    `import_module("stegvis.app.x")`, `get_model("app", ...)`/`get_model("app.Model")`,
    `ForeignKey("app.Model")` (also `to=`), `has_perm("app.rule")`/`...permission_required(...)`.
    """
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    first = _literal(call.args[0]) if call.args else None
    if name in IMPORT_BY_NAME:
        parts = (first or "").split(".")
        return (parts[1], "import by name") if len(parts) >= 2 and parts[0] == PACKAGE else None
    if name in PERMISSION_CHECKS or (name or "").endswith("permission_required"):
        return (first.split(".")[0], "permission") if first and "." in first else None
    if name == "get_model":
        return (first.split(".")[0], "get_model") if first else None
    if name in RELATION_FIELDS:
        to = first or next((_literal(k.value) for k in call.keywords if k.arg == "to"), None)
        # "self" and "Model" (the same app) have no dot.
        return (to.split(".")[0], "model reference") if to and "." in to else None
    return None


PROJECT = "(project)"


def edges_in_source(
    source: str, module: str, apps: Iterable[str], is_package: bool = False
) -> list[Edge]:
    """Return the edges one module's source text makes to other apps.

    A module outside every app (stegvis/db.py, ...) is the source PROJECT.
    """
    apps = set(apps)
    own = app_of(module, apps) or PROJECT
    found: list[Edge] = []

    def add(target_module: str, line: int, via: str = "import") -> None:
        target = app_of(target_module, apps)
        if target and target != own:
            found.append(Edge(own, target, module, line, via))

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                target = _resolve_relative(module, is_package, node.level, node.module)
            else:
                target = node.module or ""
            add(target, node.lineno)
            # `from stegvis import care` or `from .. import care` names the app itself.
            if target == PACKAGE:
                for alias in node.names:
                    add(f"{PACKAGE}.{alias.name}", node.lineno)
        elif isinstance(node, ast.Call):
            reference = _named_reference(node)
            if reference and reference[0] in apps:
                add(f"{PACKAGE}.{reference[0]}", node.lineno, reference[1])
    return found


def module_name(path: Path, root: Path) -> tuple[str, bool]:
    """Return the dotted module name of a file below `root` and whether it is a package."""
    relative = path.relative_to(root).with_suffix("")
    parts = list(relative.parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def discover_apps(package_dir: Path) -> list[str]:
    """Return the apps of the package: its sub-packages that have an apps.py."""
    return sorted(p.parent.name for p in package_dir.glob("*/apps.py"))


def build_edges(package_dir: Path) -> list[Edge]:
    """Return every cross-app edge in the package's non-migration source."""
    apps = discover_apps(package_dir)
    root = package_dir.parent
    edges: list[Edge] = []
    for path in sorted(package_dir.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module, is_package = module_name(path, root)
        source = path.read_text(encoding="utf-8")
        edges.extend(edges_in_source(source, module, apps, is_package))
    return edges


def graph_of(edges: Iterable[Edge]) -> dict[str, set[str]]:
    """Return app → the apps it depends on."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one app (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def within(edges: Iterable[Edge], group: Iterable[str]) -> list[Edge]:
    """Return the edges between members of `group` (to name the lines that make a cycle)."""
    members = set(group)
    return sorted(e for e in edges if e.source in members and e.target in members)


def forbidden(edges: Iterable[Edge], layers: list[set[str]]) -> list[Edge]:
    """Return the edges that do not point to a strictly lower layer.

    Within a layer, order matters only where the layer lists it: layers are a list of sets,
    and an app may import the apps of every earlier set.
    """
    rank = {app: position for position, layer in enumerate(layers) for app in layer}

    def points_down(edge: Edge) -> bool:
        if edge.source not in rank or edge.target not in rank:
            return False
        return rank[edge.target] < rank[edge.source]

    return sorted(edge for edge in edges if not points_down(edge))
