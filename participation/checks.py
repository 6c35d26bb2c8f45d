"""System check that keeps imports pointing one way: cms → proposals, meetings → participation."""

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


def _imported_modules(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def layering_violations(root: Path = ROOT) -> list[str]:
    problems = []
    for package, forbidden in FORBIDDEN.items():
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if any(relative == exempt or exempt in relative.parents for exempt in EXEMPT):
                continue
            for module in _imported_modules(path.read_text(encoding="utf-8")):
                top = module.split(".")[0]
                if top in forbidden:
                    problems.append(f"{relative} imports {module}: {package} must not import {top}")
    return problems


@checks.register()
def check_layering(app_configs=None, **kwargs):
    return [
        checks.Error(problem, hint="Move the shared code down into participation/.", id="participation.E001")
        for problem in layering_violations()
    ]
