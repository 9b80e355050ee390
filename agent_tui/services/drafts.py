"""Drafts: what an agent typed and has not sent yet, kept in the store until sent or discarded.

One draft per agent (``ctx.actor``), ticket and kind. ``ticket`` is ``None`` for the new-ticket
form. A draft is a mapping of form field → text, kept as typed: markup-looking text comes back
literally; like every string the store holds, control characters come back as visible
placeholders (``store/cleaning.py``), which is also what sending it would store. A draft whose fields are all blank is no draft (it is removed).

Screens save while typing (debounced) and when a form closes, from worker threads;
:class:`DraftSlot` keeps those writes in order so an older save never overwrites a newer one or
brings back a draft that was just sent or discarded.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import select

from agent_tui.errors import InvalidInput
from agent_tui.i18n import _
from agent_tui.services.context import Context
from agent_tui.store.models import Draft

REPLY = "reply"
NOTE = "note"
REQUEST_INFO = "request_info"
NEW_TICKET = "new_ticket"
ESCALATION = "escalation"
KINDS = {REPLY: "reply", NOTE: "note", REQUEST_INFO: "request info", NEW_TICKET: "new ticket",
         ESCALATION: "escalation hand-over"}
NO_TICKET = 0  # stored ticket_number of the new-ticket form's draft


def _key(ticket: int | None, kind: str) -> int:
    if kind not in KINDS:
        raise InvalidInput(_("unknown kind of draft {kind!r}; one of: {choices}").format(
            kind=kind, choices=', '.join(KINDS)))
    if kind == NEW_TICKET:
        if ticket is not None:
            raise InvalidInput(_("a new-ticket draft belongs to no ticket"))
        return NO_TICKET
    if ticket is None or isinstance(ticket, bool) or not isinstance(ticket, int) or ticket <= 0:
        raise InvalidInput(_("a {kind} draft needs a ticket number, not {ticket!r}").format(
            kind=_(KINDS[kind]), ticket=ticket))
    return ticket


def _blank(fields: Mapping[str, str]) -> bool:
    return not any(str(v).strip() for v in fields.values())


def save(ctx: Context, ticket: int | None, kind: str, fields: Mapping[str, str]) -> None:
    """Keep ``fields`` as ``ctx.actor``'s draft of ``kind`` on ``ticket`` (all blank: remove it)."""
    number = _key(ticket, kind)
    values = {str(k): v if isinstance(v, str) else str(v) for k, v in fields.items()}
    if _blank(values):
        discard(ctx, ticket, kind)
        return
    row = {"agent": ctx.actor, "ticket_number": number, "kind": kind, "fields": values,
           "updated_at": ctx.clock.now()}
    with ctx.db.transaction() as s:
        # One statement, so two windows of the same agent saving at once never collide.
        insert = pg_insert if ctx.db.dialect == "postgresql" else sqlite_insert
        stmt = insert(Draft).values(**row)
        stmt = stmt.on_conflict_do_update(index_elements=["agent", "ticket_number", "kind"],
                                          set_={"fields": stmt.excluded.fields,
                                                "updated_at": stmt.excluded.updated_at})
        s.execute(stmt)


def load(ctx: Context, ticket: int | None, kind: str) -> dict[str, str] | None:
    """``ctx.actor``'s draft of ``kind`` on ``ticket``, or ``None``."""
    number = _key(ticket, kind)
    with ctx.db.read() as s:
        row = s.exec(select(Draft.fields).where(Draft.agent == ctx.actor, Draft.ticket_number == number,
                                                Draft.kind == kind)).first()
    return dict(row) if row is not None else None


def discard(ctx: Context, ticket: int | None, kind: str) -> bool:
    """Remove ``ctx.actor``'s draft of ``kind`` on ``ticket``; whether there was one."""
    number = _key(ticket, kind)
    with ctx.db.transaction() as s:
        result = s.execute(delete(Draft).where(Draft.agent == ctx.actor, Draft.ticket_number == number,
                                               Draft.kind == kind))
    return bool(result.rowcount)


def for_ticket(ctx: Context, ticket: int | None) -> dict[str, dict[str, str]]:
    """``ctx.actor``'s drafts on ``ticket`` (``None``: the new-ticket form), by kind in :data:`KINDS` order."""
    number = NO_TICKET if ticket is None else ticket
    with ctx.db.read() as s:
        rows = s.exec(select(Draft.kind, Draft.fields).where(Draft.agent == ctx.actor,
                                                             Draft.ticket_number == number)).all()
    found = {kind: dict(fields) for kind, fields in rows}
    return {kind: found[kind] for kind in KINDS if kind in found}


class DraftSlot:
    """One form's draft, written from worker threads in the order the UI asked.

    The UI thread takes a :meth:`stamp` when it decides to save, send or discard; the worker
    passes it to :meth:`save` / :meth:`discard`, and a write older than one already done is
    skipped. After :meth:`close` (the text was sent) no save is taken any more.
    """

    def __init__(self, ctx: Context, ticket: int | None, kind: str) -> None:
        _key(ticket, kind)
        self.ctx, self.ticket, self.kind = ctx, ticket, kind
        self._lock = threading.Lock()
        self._issued = 0
        self._done = 0
        self.closed = False

    def stamp(self) -> int:
        with self._lock:
            self._issued += 1
            return self._issued

    def load(self) -> dict[str, str] | None:
        return load(self.ctx, self.ticket, self.kind)

    def save(self, stamp: int, fields: Mapping[str, str]) -> bool:
        """Write ``fields`` unless a newer write happened or the slot is closed; whether it wrote."""
        with self._lock:
            if self.closed or stamp <= self._done:
                return False
            save(self.ctx, self.ticket, self.kind, fields)
            self._done = stamp
            return True

    def discard(self, stamp: int, *, close: bool = False) -> bool:
        """Remove the draft (``close``: for good, the text was sent); whether a draft was removed."""
        with self._lock:
            if close:
                self.closed = True  # sent: whatever was saved before goes
            elif stamp < self._done:
                return False
            self._done = max(self._done, stamp)
            return discard(self.ctx, self.ticket, self.kind)
