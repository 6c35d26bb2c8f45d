"""Demo content is data beside each feature's ``demo.py``; the installed package must carry it."""

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_demo_yaml_file_ships_with_the_package():
    """``seed_demo`` reads ``<package>/demo/*.yaml``: a file the wheel leaves out breaks it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["*"]
    apps = ("participation", "proposals", "meetings", "cms")
    found = [path for app in apps for path in (ROOT / app).rglob("demo/*.yaml")]
    assert {path.relative_to(ROOT).parts[0] for path in found} >= {"participation", "proposals", "cms"}
    for path in found:
        package = path.parent.parent  # the folder with demo.py, an importable package
        assert (package / "__init__.py").exists() and (package / "demo.py").exists(), path
        inside = path.relative_to(package).parts
        assert any(globs(inside, pattern) for pattern in patterns), f"{path} is not in package-data"


def globs(parts: tuple[str, ...], pattern: str) -> bool:
    """Setuptools' glob: a ``*`` stays within one folder (``*.yaml`` is not ``demo/x.yaml``)."""
    steps = pattern.split("/")
    return len(steps) == len(parts) and all(
        fnmatch.fnmatchcase(part, step) for part, step in zip(parts, steps, strict=True)
    )
