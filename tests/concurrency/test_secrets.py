"""Secrets never rest in plain text: not in the error, not in a traceback with locals (promise 5).

Textual's crash screen renders ``rich.traceback.Traceback(show_locals=True)``;
a database password configured in the URL must not appear there.
"""

from __future__ import annotations

import io
import os
import traceback

import pytest
from rich.console import Console
from rich.traceback import Traceback
from sqlalchemy import text

from agent_tui.errors import DatabaseUnavailable
from agent_tui.store.db import Database, open_database

pytestmark = pytest.mark.slow

SECRET = "s3cret" + "pw"  # never spelled out where a rendered frame's source lines would show it
URL_ENV = "AGENT_TUI_DATABASE_URL"


def _open_configured() -> Database:
    return open_database(os.environ[URL_ENV])


def _crash(db: Database) -> None:
    with db.transaction() as s:
        s.execute(text("SELECT 1"))  # the first statement connects: port 1 refuses


def _rendered(exc: BaseException) -> str:
    out = io.StringIO()
    Console(file=out, width=200, color_system=None, force_terminal=False).print(
        Traceback.from_exception(type(exc), exc, exc.__traceback__, show_locals=True, width=200))
    return out.getvalue()


def test_connection_error_and_its_traceback_hide_the_password(monkeypatch):
    monkeypatch.setenv(URL_ENV, f"postgresql+psycopg://postgres:{SECRET}@127.0.0.1:1/none")
    db = _open_configured()
    assert SECRET not in repr(db) and SECRET not in db.url_for_display
    assert SECRET not in db.engine.url.render_as_string(hide_password=False)  # not kept in a long-lived URL

    with pytest.raises(DatabaseUnavailable) as caught:
        _crash(db)

    exc = caught.value
    assert "127.0.0.1" in str(exc)  # still says which database
    assert SECRET not in str(exc)
    assert SECRET not in "".join(traceback.format_exception(exc))
    rendered = _rendered(exc)
    assert "db = " in rendered or "self = " in rendered  # locals really were rendered
    assert SECRET not in rendered
    db.dispose()
