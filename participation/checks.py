"""System check that keeps imports pointing one way.

* Layers: cms → proposals, meetings → participation (the core never imports a feature).
* Rooms: a selector (reads) never imports a service (writes), and a model never imports a
  view. Both are the start of an import cycle, and a read that may write is no read.
"""

import ast
from pathlib import Path

from django.core import checks

ROOT = Path(__file__).resolve().parent.parent

# What each layer must never import.
FORBIDDEN = {
    "participation": ("cms", "proposals", "meetings"),
    "proposals": ("cms", "meetings"),
    "meetings": ("cms", "proposals"),
}
# The project wiring names every app by nature.
EXEMPT = {Path("participation/config")}


HINT = (
    "Imports point down (cms → proposals, meetings → participation; move shared code into participation/), "
    "selectors never import services and models never import views (see the architecture notes)."
)


def _module_name(relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_modules(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _import_targets(source: str, module: str, is_package: bool) -> list[list[str]]:
    """For each import statement anywhere in the source (inside functions too), the modules it
    may name: ``import a.b`` names ``a.b``; ``from a import b`` names ``a`` or ``a.b`` (b may
    be a module). Relative imports are resolved against ``module``."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    statements = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            statements.extend([alias.name] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base_parts = package[: len(package) - node.level + 1] if node.level else []
            base = ".".join(base_parts + ([node.module] if node.module else []))
            statements.append([base] + [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"])
    return statements


def _is_selectors(relative: Path) -> bool:
    return relative.name == "selectors.py" or "selectors" in relative.parent.parts


def _is_models(relative: Path) -> bool:
    return relative.name == "models.py" or "models" in relative.parent.parts


def _room(dotted: str, room: str) -> bool:
    """Whether a project module is (inside) a ``room`` module: ``proposals.petitions.services``,
    ``participation.moderation.services``; but ``cms.models.services`` is a models module."""
    parts = dotted.split(".")
    if parts[0] not in FORBIDDEN and parts[0] != "cms":
        return False
    for part in parts[1:]:
        if part in ("models", "selectors", "services", "views") and part != room:
            return False
        if part == room or (room == "views" and part.endswith("_views")):
            return True
    return False


def _room_problems(relative: Path, source: str) -> list[str]:
    selectors, models = _is_selectors(relative), _is_models(relative)
    if not (selectors or models):
        return []
    if selectors:
        room, rule = "services", "a selector must not import a service"
    else:
        room, rule = "views", "a model must not import a view"
    problems = []
    for names in _import_targets(source, _module_name(relative), relative.name == "__init__.py"):
        found = next((name for name in names if _room(name, room)), None)
        if found:
            problems.append(f"{relative} imports {found}: {rule}")
    return problems


def layering_violations(root: Path = ROOT) -> list[str]:
    problems = []
    for package in (*FORBIDDEN, "cms"):
        forbidden = FORBIDDEN.get(package, ())
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if any(relative == exempt or exempt in relative.parents for exempt in EXEMPT):
                continue
            source = path.read_text(encoding="utf-8")
            for module in sorted(_imported_modules(source)):
                top = module.split(".")[0]
                if top in forbidden:
                    problems.append(f"{relative} imports {module}: {package} must not import {top}")
            problems.extend(_room_problems(relative, source))
    return problems


@checks.register()
def check_layering(app_configs=None, **kwargs):
    return [checks.Error(problem, hint=HINT, id="participation.E001") for problem in layering_violations()]
