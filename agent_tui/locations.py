"""Paths from one place (platformdirs), like posting's locations.py."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP = "agent-tui"


def data_dir() -> Path:
    override = os.environ.get("AGENT_TUI_DATA_HOME")
    path = Path(override) if override else user_data_path(APP, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    override = os.environ.get("AGENT_TUI_CONFIG_HOME")
    return Path(override) if override else user_config_path(APP, appauthor=False)


def config_file() -> Path:
    return config_dir() / "config.toml"


def default_database_path() -> Path:
    return data_dir() / "agent-tui.db"


def demo_database_path() -> Path:
    return data_dir() / "demo.db"


def shipped_data_dir() -> Path:
    """The repository's ``data/`` folder (demo tickets, KB, rules, policy presets)."""
    override = os.environ.get("AGENT_TUI_SHIPPED_DATA")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "data", here / "data"):
        if (candidate / "policies.toml").exists():
            return candidate
    return here.parent / "data"
