"""Saved queue views: named filters in ``views.json`` in the config directory.

The file is the agent's own (hand-editable): each entry is checked by a pydantic model
(:class:`ViewEntry`); a bad entry is left out with a message naming the file, the view and the
field, never fatal, and never overwritten by a later save. :class:`SavedViews` reads the file
once and again only after a save (the command palette asks on every keystroke).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from agent_tui.domain.escalation import Tier
from agent_tui.domain.lifecycle import Status
from agent_tui.domain.severity import Severity
from agent_tui.domain.text import one_line
from agent_tui.errors import ConfigError
from agent_tui.i18n import _
from agent_tui.locations import config_dir
from agent_tui.services.ticket_queries import QueueFilter

ACTIVE = QueueFilter().statuses
NAME_LIMIT = 80


def views_path() -> Path:
    return config_dir() / "views.json"


class ViewEntry(BaseModel):
    """One saved view as stored; the fields of :class:`~agent_tui.services.ticket_queries.QueueFilter`."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)

    statuses: tuple[Status, ...] = tuple(Status(s) for s in ACTIVE)
    severities: tuple[Severity, ...] = ()
    tiers: tuple[Tier, ...] = ()
    assignee: str | None = None  # "" means unassigned
    text: str = ""
    order: Literal["urgency", "arrival"] = "urgency"  # most urgent first, or oldest first (seed 002)

    def to_filter(self) -> QueueFilter:
        return QueueFilter(statuses=tuple(str(v) for v in self.statuses),
                           severities=tuple(str(v) for v in self.severities),
                           tiers=tuple(str(v) for v in self.tiers), assignee=self.assignee, text=self.text,
                           order=self.order)


def _explain(path: Path, name: str, exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "(the view)"
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{field}: {msg}")
    return f"{path}: view {json.dumps(name, ensure_ascii=True)}: " + "; ".join(parts)


def _read_raw(path: Path) -> dict:
    """The file's JSON object ({} when there is no file); ConfigError naming the file otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(_("{path}: cannot be read ({exc})").format(path=path, exc=exc)) from None
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise ConfigError(_("{path}: not valid JSON ({exc})").format(path=path, exc=exc)) from None
    if not isinstance(raw, dict):
        raise ConfigError(_("{path}: must be a JSON object of view name → filter, not a {type}").format(
            path=path, type=type(raw).__name__))
    return raw


def read_views(path: Path | None = None) -> tuple[dict[str, QueueFilter], list[str]]:
    """(views by name, one problem per bad entry or a broken file). Never raises for the file's content."""
    path = path or views_path()
    try:
        raw = _read_raw(path)
    except ConfigError as exc:
        return {}, [exc.message]
    views: dict[str, QueueFilter] = {}
    problems: list[str] = []
    for name, data in raw.items():
        if not isinstance(data, dict):
            problems.append(_("{path}: view {name}: must be an object of filter fields, not a {type}").format(
                path=path, name=json.dumps(str(name), ensure_ascii=True), type=type(data).__name__))
            continue
        try:
            views[str(name)] = ViewEntry.model_validate(data).to_filter()
        except ValidationError as exc:
            problems.append(_explain(path, str(name), exc))
    return views, problems


def load_views(path: Path | None = None) -> dict[str, QueueFilter]:
    """Saved filters by name (bad entries left out)."""
    return read_views(path)[0]


def save_view(name: str, f: QueueFilter, path: Path | None = None) -> str:
    """Store a filter under ``name`` (outside text: sanitized to one line); returns the name stored.

    Other entries, also ones that do not pass the check, are written back as they were: the
    agent's hand edits are theirs to fix. A file that is not a JSON object is not overwritten.
    """
    path = path or views_path()
    name = one_line(name, NAME_LIMIT)
    raw = _read_raw(path)
    raw[name] = ViewEntry.model_validate(asdict(f)).model_dump(mode="json")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(raw, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return name


class SavedViews:
    """The saved views, read once and cached; a save through here refreshes the cache."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._cache: tuple[dict[str, QueueFilter], list[str]] | None = None
        self.reads = 0  # how often the file was read (tests: not once per palette keystroke)

    @property
    def path(self) -> Path:
        return self._path or views_path()

    def _load(self) -> tuple[dict[str, QueueFilter], list[str]]:
        if self._cache is None:
            self.reads += 1
            self._cache = read_views(self.path)
        return self._cache

    def all(self) -> dict[str, QueueFilter]:
        return dict(self._load()[0])

    def names(self) -> list[str]:
        return list(self._load()[0])

    def get(self, name: str) -> QueueFilter | None:
        return self._load()[0].get(name)

    @property
    def problems(self) -> list[str]:
        return list(self._load()[1])

    def save(self, name: str, f: QueueFilter) -> str:
        try:
            return save_view(name, f, self.path)
        finally:
            self.invalidate()

    def invalidate(self) -> None:
        self._cache = None
