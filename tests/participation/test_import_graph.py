"""No import cycle among the project's modules, counting the imports inside functions.

In a cycle no module can be read, tested or moved without the others, and an import tucked
inside a function only hides the loop, so those count too. Two imports do not: the body of an
``AppConfig.ready()`` in ``apps.py`` (where a feature registers itself once every module is
loaded) and an ``if TYPE_CHECKING:`` block (annotations only, never run).

The graph is built from the source with ``ast``: relative imports are resolved, and
``from package import name`` counts as importing the submodule ``package.name`` when there is
one, else the package itself.
"""

import ast
import itertools
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("participation", "proposals", "meetings", "cms")

# module name → {imported module name: line of the first such import}
Graph = dict[str, dict[str, int]]


def project_modules(root: Path) -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _counted_imports(tree: ast.Module, *, in_apps_module: bool):
    """Every import statement that runs at some point, except ``ready()`` and TYPE_CHECKING."""
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            pending.extend(node.orelse)
            continue
        for child in ast.iter_child_nodes(node):
            is_ready = (
                in_apps_module
                and isinstance(node, ast.ClassDef)
                and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                and child.name == "ready"
            )
            if not is_ready:
                pending.append(child)


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, modules: dict) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in modules]
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        anchor = package[: len(package) - node.level + 1]
        base = ".".join([*anchor, base] if base else anchor)
    targets = []
    for alias in node.names:
        if f"{base}.{alias.name}" in modules:
            targets.append(f"{base}.{alias.name}")
        elif base in modules:
            targets.append(base)
    return targets


def import_graph(root: Path = ROOT) -> tuple[Graph, dict[str, Path]]:
    modules = project_modules(root)
    graph: Graph = {name: {} for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in _counted_imports(tree, in_apps_module=path.name == "apps.py"):
            for target in _targets(node, name, path.name == "__init__.py", modules):
                if target != name:
                    graph[name][target] = min(node.lineno, graph[name].get(target, node.lineno))
    return graph, modules


def strongly_connected(graph: Graph) -> list[list[str]]:
    """Tarjan's algorithm, iteratively; only components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))
    return sorted(components)


def shortest_cycle(graph: Graph, component: list[str]) -> list[str]:
    """A shortest loop through the component's first module, as a list ending where it began."""
    start, members = component[0], set(component)
    came_from = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for successor in sorted(graph[node]):
            if successor == start:
                path = [node]
                while came_from[path[-1]] is not None:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if successor in members and successor not in came_from:
                came_from[successor] = node
                queue.append(successor)
    raise AssertionError(f"{start} is in no cycle")  # a component of two or more always loops


def describe_cycles(root: Path = ROOT) -> list[str]:
    graph, modules = import_graph(root)
    descriptions = []
    for component in strongly_connected(graph):
        cycle = shortest_cycle(graph, component)
        steps = [
            f"  {source} → {target}  ({modules[source].relative_to(root)}:{graph[source][target]})"
            for source, target in itertools.pairwise(cycle)
        ]
        descriptions.append(
            f"{len(component)} modules import one another: {', '.join(component)}\n  e.g.\n" + "\n".join(steps)
        )
    return descriptions


def test_the_project_has_no_import_cycle():
    cycles = describe_cycles()
    assert not cycles, "Import cycles (imports inside functions count):\n" + "\n".join(cycles)


def _write(root: Path, files: dict[str, str]) -> None:
    for package in PACKAGES:
        (root / package).mkdir(exist_ok=True)
        (root / package / "__init__.py").touch()
    for relative, source in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)


def test_a_cycle_hidden_in_a_function_is_found_and_shown(tmp_path):
    _write(
        tmp_path,
        {
            "cms/models.py": "def route(request):\n    from cms.views import detail\n    return detail(request)\n",
            "cms/selectors/__init__.py": "",
            "cms/selectors/pages.py": "from ..models import route\n",  # relative, resolved
            "cms/views.py": "from cms.selectors import pages\n",  # a submodule, not the package
            "cms/feeds.py": "import cms.models\n",  # imports into the loop, is not part of it
        },
    )
    assert describe_cycles(tmp_path) == [
        "3 modules import one another: cms.models, cms.selectors.pages, cms.views\n"
        "  e.g.\n"
        "  cms.models → cms.views  (cms/models.py:2)\n"
        "  cms.views → cms.selectors.pages  (cms/views.py:1)\n"
        "  cms.selectors.pages → cms.models  (cms/selectors/pages.py:1)"
    ]


def test_ready_and_type_checking_imports_do_not_count(tmp_path):
    _write(
        tmp_path,
        {
            "cms/apps.py": (
                "from django.apps import AppConfig\n\n"
                "class CmsConfig(AppConfig):\n"
                "    def ready(self):\n"
                "        from cms import signals\n"
            ),
            "cms/signals.py": "from cms.apps import CmsConfig\n",
            "cms/models.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from cms.selectors import Row\n",
            "cms/selectors.py": "from cms.models import Page\n",
        },
    )
    graph, _modules = import_graph(tmp_path)
    assert describe_cycles(tmp_path) == []
    assert graph["cms.signals"] == {"cms.apps": 1}
    assert graph["cms.selectors"] == {"cms.models": 1}
    assert graph["cms.apps"] == graph["cms.models"] == {}
