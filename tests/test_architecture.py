"""The shape of the code: what may import what."""

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[1]
SITE_PACKAGES = ["cep_site", "core", "home", "events", "members", "news", "newsletter", "projects", "topics"]


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


@pytest.mark.parametrize("package", SITE_PACKAGES)
def test_the_site_never_imports_the_demo_content(package):
    offending = [
        f"{path.relative_to(BASE_DIR)} imports {module}"
        for path in sorted((BASE_DIR / package).rglob("*.py"))
        for module in imported_modules(path)
        if module == "demo" or module.startswith("demo.")
    ]
    assert offending == []
