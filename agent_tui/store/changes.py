"""Who changed which ticket: collected per transaction, published on commit, watched by screens.

PostgreSQL: every write transaction that touched tickets sends ``pg_notify``
(delivered on commit, never for a rolled-back change); a screen LISTENs on a
dedicated connection. SQLite (several agents on one machine): a watcher polls
``PRAGMA data_version``, which changes when any other connection commits.
Either way a notification is a hint: the screen reloads from the database,
which is the truth (NOTIFY sent while a client was disconnected is lost, so
after a reconnect the screen reloads everything it shows).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import event, text
from sqlmodel import Session

from agent_tui.store.models import Ticket

CHANNEL = "agent_tui_changes"
_MAX_PAYLOAD = 7000  # PostgreSQL's limit is 8000 bytes


@dataclass(frozen=True)
class Change:
    tickets: tuple[int, ...]  # ticket numbers; empty means "something changed, reload"
    actor: str = ""


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _flush_context) -> None:
    changed = session.info.setdefault("agent_tui_changed", {})
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Ticket) and obj.number is not None:
            changed[obj.number] = obj.updated_by or ""


def note_changed(session: Session, changed: dict[int, str]) -> None:
    """Tickets changed by bulk statements (no ORM flush sees them): ``number -> actor``, published on commit."""
    session.info.setdefault("agent_tui_changed", {}).update(changed)


def publish(session: Session) -> None:
    """Queue a NOTIFY for the tickets this transaction changed (PostgreSQL; sent on commit)."""
    session.flush()
    changed: dict[int, str] = session.info.pop("agent_tui_changed", {})
    if not changed:
        return
    actors = sorted({a for a in changed.values() if a})
    numbers = sorted(changed)
    chunk: list[int] = []
    for n in numbers:
        chunk.append(n)
        if len(json.dumps({"t": chunk, "a": actors})) > _MAX_PAYLOAD:
            chunk.pop()
            _notify(session, chunk, actors)
            chunk = [n]
    if chunk:
        _notify(session, chunk, actors)


def _notify(session: Session, numbers: list[int], actors: list[str]) -> None:
    payload = json.dumps({"t": numbers, "a": actors[:5]})
    session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload})


def parse_payload(payload: str) -> Change:
    try:
        data = json.loads(payload)
        return Change(tuple(int(n) for n in data.get("t", [])), ", ".join(data.get("a", [])))
    except (ValueError, TypeError, AttributeError):
        return Change(())


class ChangeWatcher:
    """Calls ``on_change(Change)`` from a background thread until :meth:`stop`."""

    def __init__(self, on_change: Callable[[Change], None], on_status: Callable[[str], None] | None = None) -> None:
        self.on_change = on_change
        self.on_status = on_status or (lambda _s: None)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> ChangeWatcher:
        self._thread = threading.Thread(target=self._run, name=self.__class__.__name__, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class SqliteWatcher(ChangeWatcher):
    def __init__(self, path: str, on_change, on_status=None, interval: float = 0.5) -> None:
        super().__init__(on_change, on_status)
        self.path = path
        self.interval = interval

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
        try:
            last = conn.execute("PRAGMA data_version").fetchone()[0]
            while not self._stop.wait(self.interval):
                try:
                    now = conn.execute("PRAGMA data_version").fetchone()[0]
                except sqlite3.Error as exc:
                    self.on_status(f"database: {exc}")
                    continue
                if now != last:
                    last = now
                    self.on_change(Change(()))
        finally:
            conn.close()


class PostgresWatcher(ChangeWatcher):
    """LISTEN on a dedicated connection; reconnects with back-off and reports it."""

    def __init__(self, connect: Callable[[], object], on_change, on_status=None) -> None:
        super().__init__(on_change, on_status)
        self.connect = connect

    def _run(self) -> None:
        delay = 0.5
        connected_before = False
        while not self._stop.is_set():
            try:
                conn = self.connect()
            except Exception as exc:  # noqa: BLE001 - report and retry
                self.on_status(f"offline: {str(exc).splitlines()[0][:120] if str(exc) else 'cannot connect'}")
                self._stop.wait(delay)
                delay = min(delay * 2, 10)
                continue
            try:
                conn.autocommit = True  # type: ignore[attr-defined]
                conn.execute(f"LISTEN {CHANNEL}")  # type: ignore[attr-defined]
                self.on_status("live")
                if connected_before:
                    self.on_change(Change(()))  # missed notifications are gone: reload everything
                connected_before = True
                delay = 0.5
                while not self._stop.is_set():
                    for note in conn.notifies(timeout=0.5, stop_after=50):  # type: ignore[attr-defined]
                        self.on_change(parse_payload(note.payload))
            except Exception as exc:  # noqa: BLE001 - connection dropped: report, retry
                self.on_status(f"reconnecting: {str(exc).splitlines()[0][:120] if str(exc) else 'connection lost'}")
                self._stop.wait(delay)
            finally:
                try:
                    conn.close()  # type: ignore[attr-defined]
                except Exception:  # noqa: BLE001
                    pass
