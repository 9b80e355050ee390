"""Helpers for the SLA worked examples: a team's own policy or calendar put into the store."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime

from sqlmodel import select

from agent_tui.domain.calendar import calendar_from_dict, calendar_to_dict
from agent_tui.domain.policy import policy_from_dict, policy_to_dict
from agent_tui.services import config_store
from agent_tui.services.context import Context
from agent_tui.store.models import CalendarRow, PolicyRow, Ticket


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def install_policy(ctx: Context, text: str, *, use: bool = True) -> str:
    """Store the policy of a ``[policy.NAME]`` TOML text (checked as ``agent-tui init`` checks it); make it
    the active one. Returns its name."""
    doc = tomllib.loads(text)
    (name, data), = doc["policy"].items()
    policy = policy_from_dict(name, data)
    with ctx.db.transaction() as s:
        row = s.get(PolicyRow, name)
        if row is None:
            s.add(PolicyRow(name=name, data=policy_to_dict(policy), updated_at=ctx.clock.now()))
        else:
            row.data = policy_to_dict(policy)
    if use:
        config_store.use_policy(ctx.as_actor("system"), name)
    return name


def install_calendar(ctx: Context, text: str) -> str:
    """Store the calendar of a ``[calendar.NAME]`` TOML text. Returns its name."""
    doc = tomllib.loads(text)
    (name, data), = doc["calendar"].items()
    cal = calendar_from_dict(name, data)
    with ctx.db.transaction() as s:
        row = s.get(CalendarRow, name)
        if row is None:
            s.add(CalendarRow(name=name, data=calendar_to_dict(cal), updated_at=ctx.clock.now()))
        else:
            row.data = calendar_to_dict(cal)
    return name


def stored(ctx: Context, number: int) -> Ticket:
    with ctx.db.read() as s:
        t = s.exec(select(Ticket).where(Ticket.number == number)).one()
        s.expunge(t)
        return t
