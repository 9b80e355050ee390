"""Every string stored in a table goes through the one sanitizer (:func:`agent_tui.domain.text.clean`).

Decision: the class fix sits at the store, not in each service, so a new field
or a new service cannot forget it. :func:`guard_text_columns` (called once at
the end of ``models.py``) wraps every ``String``/``Text`` and ``JSON`` column
type of every table in :class:`CleanString` / :class:`CleanJSON`, whose bind
step cleans the value. The stored SQL type is unchanged (no migration). That
covers ORM inserts and updates, Core statements, and lookups too:
``select(Agent).where(Agent.name == raw)`` compares the cleaned ``raw`` with the
cleaned stored name, so an agent added as ``x\\x1b[2Jy`` is found again under the
same name.

Objects in memory: SQLModel writes an assigned value into the instance after
SQLAlchemy's ``set`` event, so an attribute hook cannot clean it; instead a
``before_flush`` hook (:func:`_clean_flushed_objects`) writes the cleaned value
back into every new or changed object, so once flushed the object a service
keeps and returns (``expire_on_commit=False``) holds exactly what its row
holds. Services still clean what they return before any flush (lookup keys,
the actor in ``Context``).

Reading is untouched (old rows come back as stored); display sanitizes again.
Full-text indexes are fed from the cleaned columns (or, for the SQLite KB index,
from an article the KB service already cleaned), so search sees what is shown.
Statements written as raw SQL text bypass this; there are none that write
outside text (see ``store/search.py``, which writes already-cleaned article text).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, MetaData, String, event, inspect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator, TypeEngine

from agent_tui.domain.text import clean, clean_data

__all__ = ["CleanJSON", "CleanString", "guard_text_columns"]


class CleanString(TypeDecorator[str]):
    """A ``String``/``Text`` column whose bound values are sanitized; the stored type is unchanged."""

    impl = String
    cache_ok = True

    def __init__(self, impl_type: TypeEngine[Any]) -> None:
        self.impl_type = impl_type
        self.impl = impl_type

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return clean(value) if isinstance(value, str) and value else value

    def process_literal_param(self, value: Any, dialect: Any) -> Any:
        return self.process_bind_param(value, dialect)

    @property
    def python_type(self) -> type:
        return str

    def __repr__(self) -> str:
        return repr(self.impl_type)


class CleanJSON(TypeDecorator[Any]):
    """A ``JSON`` column whose strings (keys and values, at any depth) are sanitized before storing."""

    impl = JSON
    cache_ok = True

    def __init__(self, impl_type: TypeEngine[Any]) -> None:
        self.impl_type = impl_type
        self.impl = impl_type

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return clean_data(value)

    def __repr__(self) -> str:
        return repr(self.impl_type)


def _plain(t: TypeEngine[Any]) -> TypeEngine[Any]:
    """SQLModel's ``AutoString`` is itself a decorator around ``String(length)``: wrap the plain type."""
    if isinstance(t, TypeDecorator) and isinstance(t.impl_instance, String):
        return t.impl_instance
    return t


def guard_text_columns(metadata: MetaData) -> None:
    """Make every text and JSON column of ``metadata`` store only sanitized strings (idempotent)."""
    for table in metadata.tables.values():
        for column in table.columns:
            if isinstance(column.type, CleanString | CleanJSON):
                continue
            base = _plain(column.type)
            if isinstance(base, JSON):
                column.type = CleanJSON(base)
            elif isinstance(base, String):
                column.type = CleanString(base)
            else:
                continue
            column.__dict__.pop("comparator", None)  # rebuilt from the new type on next use
    if not event.contains(Session, "before_flush", _clean_flushed_objects):
        event.listen(Session, "before_flush", _clean_flushed_objects)


def _clean_flushed_objects(session: Session, flush_context: Any, instances: Any) -> None:
    """Make new and changed objects hold the sanitized values their rows will hold."""
    for obj in (*session.new, *session.dirty):
        mapper = inspect(obj).mapper
        for prop in mapper.column_attrs:
            column = prop.columns[0]
            if prop.key not in obj.__dict__ or not isinstance(column.type, CleanString | CleanJSON):
                continue
            value = obj.__dict__[prop.key]
            cleaned = column.type.process_bind_param(value, None)
            if cleaned != value:
                setattr(obj, prop.key, cleaned)
