"""Imports run one way: gmg and partnerships use core; partnerships may use gmg, never
the reverse; core uses neither app; portal (the project: settings, URLs, security)
wires the apps' URLs and API together and uses nothing else of theirs."""

import ast
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["core", "gmg", "partnerships", "portal"]
MAY_USE = {
    "core": set(),
    "gmg": {"core"},
    "partnerships": {"core", "gmg"},
    "portal": {"core"},
}
# The project's URL configuration includes the apps' pages and API.
WIRING = {"portal/urls.py": {"partnerships.urls", "gmg.urls"}, "portal/api_urls.py": {"partnerships.api", "gmg.api"}}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield pytest.param(package, path, id=str(path.relative_to(ROOT)))


@pytest.mark.parametrize(("package", "path"), list(modules()))
def test_imports_run_one_way(package, path):
    relative = str(path.relative_to(ROOT))
    wired = WIRING.get(relative, set())
    used = {
        name
        for name in imported_modules(path)
        if name.split(".")[0] in PACKAGES and name.split(".")[0] != package and name not in wired
    }
    assert {name for name in used if name.split(".")[0] not in MAY_USE[package]} == set()


@pytest.mark.django_db
def test_the_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits 1 on a missing migration
