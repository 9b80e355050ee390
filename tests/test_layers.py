"""The layers of ARCHITECTURE.md, checked on the source: what each package may import.

``domain/`` is pure (no Textual, Rich, SQLAlchemy/SQLModel, store, services, screens, no
environment variables); ``store/`` knows no use case or screen; ``services/`` no Textual and no
screen; ``screens/`` and ``widgets/`` hold no SQL (they call services). A new import that breaks a
layer fails here with the file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "agent_tui"

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": ("textual", "rich", "sqlalchemy", "sqlmodel", "psycopg", "keyring", "typer",
               "agent_tui.store", "agent_tui.services", "agent_tui.screens", "agent_tui.widgets",
               "agent_tui.cli", "agent_tui.app", "agent_tui.mail"),
    "store": ("textual", "rich", "typer", "agent_tui.services", "agent_tui.screens", "agent_tui.widgets",
              "agent_tui.cli", "agent_tui.app"),
    "services": ("textual", "typer", "agent_tui.screens", "agent_tui.widgets", "agent_tui.cli", "agent_tui.app"),
    "mail": ("textual", "agent_tui.screens", "agent_tui.widgets", "agent_tui.app"),
    "screens": ("sqlalchemy", "sqlmodel", "psycopg", "agent_tui.store", "agent_tui.cli"),
    "widgets": ("sqlalchemy", "sqlmodel", "psycopg", "agent_tui.store", "agent_tui.cli"),
    "cli": ("sqlmodel", "agent_tui.store.models", "agent_tui.store.search", "agent_tui.store.changes"),
}


def imports(path: Path):
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def offenders(package: str) -> list[str]:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for line, module in imports(path):
            for banned in FORBIDDEN[package]:
                if module == banned or module.startswith(banned + "."):
                    bad.append(f"{path.relative_to(ROOT.parent)}:{line} imports {module}")
    return bad


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_imports(package: str):
    if not (ROOT / package).is_dir():
        pytest.skip(f"no package {package}")
    assert offenders(package) == []


def test_domain_reads_no_environment():
    found = [f"{p.relative_to(ROOT.parent)}:{n}" for p in sorted((ROOT / "domain").rglob("*.py"))
             for n, line in enumerate(p.read_text().splitlines(), 1)
             if "os.environ" in line or "getenv(" in line]
    assert found == [], "environment variables are read at the edge (CLI/app start), never in domain/"
