"""The README and docs/ stand on their own: whoever clones the repository can follow every
relative link and every file they name, and none leads outside the repository."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# [text](target) and <a href="target">; the target up to a space (a title) or a #fragment.
MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(<?([^)\s>#]*)[^)]*\)|href=\"([^\"#]*)")
# `path/to/file.md`, `../x`: a file named in code style is a reference readers follow by hand.
NAMED_FILE = re.compile(r"`((?:\.\./|\./)[^`\s]+|[\w./-]+\.md)`")


def references_in(text: str) -> list[str]:
    found = [a or b for a, b in MARKDOWN_LINK.findall(text)] + NAMED_FILE.findall(text)
    return [target for target in found if target and not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I)]


def references(document: Path) -> list[str]:
    return references_in(document.read_text(encoding="utf-8"))


def resolves(document: Path, target: str) -> bool:
    """Relative to the document, as a browser or GitHub reads it; a name in code style may also
    be given from the repository's root. Either way it must stay inside the repository."""
    for base in (document.parent, ROOT):
        candidate = (base / target).resolve()
        if candidate.is_relative_to(ROOT) and candidate.exists():
            return True
    return False


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_resolves_inside_the_repository(document):
    broken = [target for target in references(document) if not resolves(document, target)]
    assert broken == [], f"{document.relative_to(ROOT)} links outside the repository or to nothing: {broken}"


def test_the_readme_links_the_product_description():
    assert "](docs/design.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_check_catches_a_link_outside_the_repository():
    document = ROOT / "README.md"
    assert not resolves(document, "../shared/DESIGN.md")
    assert not resolves(document, "docs/no-such-file.md")
    assert resolves(document, "docs/design.md")
    assert references_in("See `../shared/DESIGN.md` and [x](../shared/ARCHITECTURE.md).") == [
        "../shared/ARCHITECTURE.md",
        "../shared/DESIGN.md",
    ]
