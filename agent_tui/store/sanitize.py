"""The last line before the database: no lone surrogate and no NUL is ever written.

Services clean what they know is outside text (:func:`agent_tui.domain.text.clean`); this
``before_flush`` hook catches every other string — names, tags, JSON details, imported
fields — because a lone surrogate cannot be encoded (SQLite, every later ``--json`` and
``export``) and PostgreSQL refuses NUL in text and JSON. Both become visible placeholders.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlmodel import Session

from agent_tui.domain.text import storable


def storable_value(value: object) -> object:
    """``value`` with every string in it (also inside JSON lists and dicts) made storable."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list):
        return [storable_value(v) for v in value]
    if isinstance(value, dict):
        return {storable_value(k): storable_value(v) for k, v in value.items()}
    return value


def _sanitize_pending(session: Session, _flush_context, _instances) -> None:
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        for key, value in list(state.dict.items()):  # loaded values only: never triggers a lazy load
            if key.startswith("_") or not isinstance(value, str | list | dict):
                continue
            fixed = storable_value(value)
            if fixed != value:
                setattr(obj, key, fixed)


def install() -> None:
    if not event.contains(Session, "before_flush", _sanitize_pending):
        event.listen(Session, "before_flush", _sanitize_pending)
