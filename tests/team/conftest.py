"""Team-mode tests: both backends through the shared ``ctx``/``db`` fixtures (PostgreSQL ones are marked)."""

from __future__ import annotations


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "pg_restart: restarts the PostgreSQL server (AGENT_TUI_TEST_PG_RESTART=1)")
