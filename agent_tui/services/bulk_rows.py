"""Rows a set-based use case (the timer sweep) writes in bulk instead of one ORM object at a time.

While a :class:`BulkRows` is installed on a session (``install``), the ticket services' helpers
that add rows (``ticket_base.audit``, ``ticket_base.add_row``, ``outbox.enqueue``,
``ticket_clocks.sync_timers``) hand them to it as plain values; :meth:`BulkRows.write` then inserts
each table's rows with one executemany (messages and outbox mails with ``RETURNING id``, in order,
so a mail points at its timeline row and its ``mail_queued`` event at the mail) and cancels timers
with one UPDATE. The ticket rows themselves stay ORM objects (one executemany UPDATE at the flush).

The reads those helpers would make per ticket (its timers, the mail thread, the customer's
language) are preloaded for the whole batch with one query each (:meth:`BulkRows.preload`). What
is written, and in which order, is what the per-ticket path writes: same rows, same audit order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, insert, update
from sqlmodel import Session, col, select

from agent_tui.store.models import Agent, AuditEvent, Customer, Message, OutboundMail, Ticket, Timer

KEY = "agent_tui_bulk_rows"


class TimerRow:
    """A timer as the planning needs it (``ticket_clocks.timer_changes``): loaded, or new in this batch."""

    __slots__ = ("id", "ticket_id", "kind", "due_at", "state", "fired_at", "loaded_state")

    def __init__(self, id: int | None, ticket_id: int, kind: str, due_at: datetime, state: str,
                 fired_at: datetime | None = None) -> None:
        self.id, self.ticket_id, self.kind, self.due_at = id, ticket_id, kind, due_at
        self.state = self.loaded_state = state
        self.fired_at = fired_at


class _Mail:
    __slots__ = ("message", "mail", "event")

    def __init__(self, message: dict, mail: dict, event: dict) -> None:
        self.message, self.mail, self.event = message, mail, event


class BulkRows:
    def __init__(self) -> None:
        self.events: list[dict] = []  # audit events in the order the per-ticket path would add them
        self.rows: dict[Table, list[dict]] = defaultdict(list)
        self.mails: list[_Mail] = []
        self.timers: dict[int, list[TimerRow]] = {}
        self.threads: dict[int, list[tuple[str, str]]] = {}  # ticket id -> (message kind, Message-ID), in order
        self.languages: dict[int, str] = {}  # customer id -> language of their latest ticket that has one
        self.settings: Any = None  # the mail settings, read once per sweep
        self.held: list[object] = []  # preloaded agents and customers
        self.templates: dict | None = None  # the mail templates, read once per batch

    # ------------------------------------------------------------ reads, once per batch

    def preload(self, s: Session, tickets: Iterable[Ticket]) -> None:
        """What the per-ticket helpers would read of these tickets: their timers, agents, customers, the
        mail thread and (for a ticket without a language) the customer's latest language."""
        tickets = list(tickets)
        ids = [t.id for t in tickets]
        for tid in ids:
            self.timers.setdefault(tid, [])
            self.threads.setdefault(tid, [])
        tt = Timer.__table__
        conn = s.connection()
        for r in conn.execute(select(tt.c.id, tt.c.ticket_id, tt.c.kind, tt.c.due_at, tt.c.state, tt.c.fired_at)
                              .where(tt.c.ticket_id.in_(ids), tt.c.state.in_(("pending", "fired")))
                              .order_by(tt.c.id)).all():
            self.timers[r.ticket_id].append(TimerRow(*r))
        mt = Message.__table__
        for r in conn.execute(select(mt.c.ticket_id, mt.c.kind, mt.c.mail_message_id).where(
                mt.c.ticket_id.in_(ids), mt.c.mail_message_id.is_not(None),
                mt.c.kind.in_(("customer", "public", "system"))).order_by(mt.c.id)).all():
            self.threads[r.ticket_id].append((r.kind, r.mail_message_id))
        agents = {t.assignee_id for t in tickets if t.assignee_id is not None}
        if agents:  # into the identity map (held here: it keeps weak references): session.get finds them
            self.held += s.exec(select(Agent).where(col(Agent.id).in_(agents))).all()
        customers = {t.customer_id for t in tickets if t.customer_id is not None}
        if customers:
            self.held += s.exec(select(Customer).where(col(Customer.id).in_(customers))).all()
        no_language = {t.customer_id for t in tickets if t.customer_id is not None and not (t.language or "")
                       and t.customer_id not in self.languages}
        if no_language:
            ct = Ticket.__table__
            for cid, lang in conn.execute(select(ct.c.customer_id, ct.c.language).where(
                    ct.c.customer_id.in_(no_language), ct.c.language != "").order_by(ct.c.id.desc())).all():
                self.languages.setdefault(cid, lang)
            for cid in no_language:
                self.languages.setdefault(cid, "")

    def timers_of(self, ticket_id: int) -> list[TimerRow]:
        return self.timers.setdefault(ticket_id, [])

    # ------------------------------------------------------------ rows

    def event(self, values: dict) -> None:
        self.events.append(values)

    def add(self, table: Table, values: dict) -> None:
        self.rows[table].append(values)

    def new_timer(self, ticket_id: int, kind: str, due_at: datetime) -> TimerRow:
        timer = TimerRow(None, ticket_id, kind, due_at, "pending")
        self.timers_of(ticket_id).append(timer)
        return timer

    def mail(self, message: dict, mail: dict, event: dict) -> None:
        """A mail with its timeline row and its ``mail_queued`` event (whose ``outbox_id`` is filled in on
        :meth:`write`); the event keeps its place among the batch's events."""
        self.mails.append(_Mail(message, mail, event))
        self.events.append(event)
        self.threads.setdefault(message["ticket_id"], []).append((message["kind"], message["mail_message_id"]))

    # ------------------------------------------------------------ writes, once per batch

    def write(self, s: Session) -> None:
        conn = s.connection()
        if self.mails:
            mt = Message.__table__
            ids = conn.execute(insert(mt).returning(mt.c.id, sort_by_parameter_order=True),
                               [m.message for m in self.mails]).scalars().all()
            for m, mid in zip(self.mails, ids):
                m.mail["message_row_id"] = mid
            ot = OutboundMail.__table__
            ids = conn.execute(insert(ot).returning(ot.c.id, sort_by_parameter_order=True),
                               [m.mail for m in self.mails]).scalars().all()
            for m, oid in zip(self.mails, ids):
                m.event["details"]["outbox_id"] = oid
        if self.events:
            conn.execute(insert(AuditEvent.__table__), self.events)
        for table, rows in self.rows.items():
            for keys, group in _by_keys(rows):
                conn.execute(insert(table), group)
        cancelled = [t.id for ts in self.timers.values() for t in ts
                     if t.id is not None and t.state != t.loaded_state]
        assert all(t.state == "cancelled" for ts in self.timers.values() for t in ts
                   if t.id is not None and t.state != t.loaded_state)
        tt = Timer.__table__
        if cancelled:
            conn.execute(update(tt).where(tt.c.id.in_(bindparam("ids", expanding=True))).values(state="cancelled"),
                         {"ids": cancelled})
        new = [{"ticket_id": t.ticket_id, "kind": t.kind, "due_at": t.due_at, "state": t.state,
                "fired_at": t.fired_at} for ts in self.timers.values() for t in ts if t.id is None]
        if new:
            conn.execute(insert(tt), new)
        self.__init__()  # type: ignore[misc]  # written: start empty (the settings are read again)


def _by_keys(rows: list[dict]) -> list[tuple[tuple[str, ...], list[dict]]]:
    """Rows grouped by their set of keys (an executemany binds the same columns in every row), in order."""
    groups: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    return list(groups.items())


def install(s: Session) -> BulkRows:
    sink = BulkRows()
    s.info[KEY] = sink
    return sink


def uninstall(s: Session) -> None:
    s.info.pop(KEY, None)


def sink_of(s: Session | None) -> BulkRows | None:
    return s.info.get(KEY) if s is not None else None
