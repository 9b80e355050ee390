"""A ticket's SLA clocks as pure functions of its stored clock fields.

Each function reads and sets the clock fields of one ticket (anything with the attributes of
:class:`ClockFields`: the stored ``Ticket`` row, or a plain object in a test) given the calendar
the clocks count on and the instant; no database, no session, no clock of its own. The services
(``services.ticket_clocks``) load the calendars and call these at each lifecycle event: a new
ticket starts its clocks, pending/on hold pauses them, a reply records the first response and
contact, a severity or policy change retargets them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from agent_tui.domain import lifecycle as lc
from agent_tui.domain.calendar import Calendar, add_business_minutes
from agent_tui.domain.lifecycle import Status
from agent_tui.domain.policy import SlaTarget
from agent_tui.domain.sla import (
    Clock,
    business_left,
    deadline_that_matters,
    minutes,
    resume_shift,
    resumed_due,
    retargeted_due,
    used_minutes,
)


class ClockFields(Protocol):
    """The fields of a ticket its SLA clocks live in (``store.models.Ticket`` has them all)."""

    status: str
    created_at: datetime
    urgency: int
    sla_due_at: datetime | None
    sla_calendar: str | None
    sla_running_since: datetime | None
    sla_business_min: float
    sla_paused_at: datetime | None
    sla_paused_seconds: float
    first_response_target_min: float | None
    resolution_target_min: float | None
    next_update_target_min: float | None
    first_response_due: datetime | None
    resolution_due: datetime | None
    next_update_due: datetime | None
    first_response_at: datetime | None
    first_response_business_min: float | None
    last_contact_at: datetime | None


def stored_target(ticket: ClockFields) -> SlaTarget | None:
    """The targets the ticket's clocks were started with (None for tickets from before issue #6)."""
    if ticket.first_response_target_min is None or ticket.resolution_target_min is None:
        return None
    nu = ticket.next_update_target_min
    return SlaTarget(timedelta(minutes=ticket.first_response_target_min),
                     timedelta(minutes=ticket.resolution_target_min),
                     None if nu is None else timedelta(minutes=nu), ticket.sla_calendar)


def matters_now(ticket: ClockFields) -> tuple[Clock, datetime] | None:
    """The deadline that matters now (``sla.deadline_that_matters``) for a stored ticket."""
    return deadline_that_matters(
        active=ticket.status not in (Status.SOLVED.value, Status.CLOSED.value),
        first_response_at=ticket.first_response_at, first_response_due=ticket.first_response_due,
        next_update_due=ticket.next_update_due, resolution_due=ticket.resolution_due)


def refresh_queue_keys(ticket: ClockFields) -> None:
    """The stored sort keys: urgency class, then the instant of the deadline that matters now."""
    status = Status(ticket.status)
    if status in (Status.NEW, Status.OPEN):
        ticket.urgency = 0
    elif status in lc.PAUSED_STATUSES:
        ticket.urgency = 1
    else:
        ticket.urgency = 2
    matters = matters_now(ticket) if ticket.urgency != 2 else None
    ticket.sla_due_at = matters[1] if matters else None


def start_clocks(ticket: ClockFields, target: SlaTarget, cal: Calendar, when: datetime) -> None:
    """New ticket: every clock starts at ``when``; due = when + N business minutes on the calendar."""
    ticket.sla_calendar = cal.name
    ticket.sla_running_since = when
    ticket.sla_business_min = 0.0
    store_target(ticket, target)
    ticket.first_response_due = add_business_minutes(cal, when, minutes(target.first_response))
    ticket.resolution_due = add_business_minutes(cal, when, minutes(target.resolution))
    ticket.next_update_due = None


def store_target(ticket: ClockFields, target: SlaTarget) -> None:
    ticket.first_response_target_min = minutes(target.first_response)
    ticket.resolution_target_min = minutes(target.resolution)
    ticket.next_update_target_min = None if target.next_update is None else minutes(target.next_update)


def used_business_min(ticket: ClockFields, cal: Calendar, at: datetime) -> float:
    """Business minutes the ticket's clocks have run by ``at`` (paused time never counts)."""
    since = ticket.sla_running_since
    if since is None and ticket.sla_paused_at is None:  # a running ticket from before issue #6
        since = ticket.created_at + timedelta(seconds=ticket.sla_paused_seconds)
    return max(used_minutes(cal, ticket.sla_business_min, since, at), 0.0)


def pause(ticket: ClockFields, cal: Calendar, now: datetime) -> None:
    if ticket.sla_paused_at is None:
        ticket.sla_business_min = used_business_min(ticket, cal, now)
        ticket.sla_paused_at = now
        ticket.sla_running_since = None


def unpause(ticket: ClockFields, cal: Calendar, now: datetime) -> None:
    """Resume: a running clock keeps its business minutes left at the pause, counted from now; a
    deadline that had already passed at the pause stays where it fell (see ``sla.resumed_due``)."""
    paused_at = ticket.sla_paused_at
    if paused_at is None:
        return
    if ticket.first_response_at is None and ticket.first_response_due is not None:
        ticket.first_response_due = resumed_due(cal, ticket.first_response_due, paused_at, now)
    if ticket.resolution_due is not None:
        ticket.resolution_due = resumed_due(cal, ticket.resolution_due, paused_at, now)
    if ticket.next_update_due is not None:
        ticket.next_update_due = resumed_due(cal, ticket.next_update_due, paused_at, now)
    ticket.sla_paused_seconds += resume_shift(paused_at, now).total_seconds()
    ticket.sla_paused_at = None
    ticket.sla_running_since = now


def record_first_response(ticket: ClockFields, cal: Calendar, now: datetime) -> None:
    """The first public reply stops the first-response clock; the business time is kept for reports."""
    ticket.first_response_at = now
    ticket.first_response_business_min = used_business_min(ticket, cal, now)


def record_contact(ticket: ClockFields, cal: Calendar, now: datetime) -> None:
    """A public reply or a customer message restarts the next-update clock (an internal note does not)."""
    ticket.last_contact_at = now
    if ticket.first_response_at is None or ticket.next_update_target_min is None:
        return
    anchor = ticket.sla_paused_at or now  # paused: the full target is left when the clock resumes
    ticket.next_update_due = add_business_minutes(cal, anchor, ticket.next_update_target_min)



def retarget(ticket: ClockFields, target: SlaTarget, old_cal: Calendar, cal: Calendar, now: datetime) -> None:
    """Recompute every deadline under a new target (severity or policy change).

    The business minutes already used stay used (measured on ``old_cal``, the calendar the clocks
    ran on); each clock's due is the new target minus that, counted from now (or from the pause,
    if paused) on ``cal``, the new target's calendar. A deadline that has already passed is shifted
    by the change of target from where it fell, never counted back across the pauses since (see
    ``sla.retargeted_due``).
    """
    anchor = ticket.sla_paused_at or now
    used = used_business_min(ticket, old_cal, anchor)
    old = stored_target(ticket)
    nu_used = None
    if ticket.next_update_due is not None and ticket.next_update_target_min is not None:
        nu_used = ticket.next_update_target_min - business_left(old_cal, ticket.next_update_due, now,
                                                               ticket.sla_paused_at)
    ticket.sla_calendar = cal.name
    ticket.sla_business_min = used
    if ticket.sla_paused_at is None:
        ticket.sla_running_since = now
    if ticket.first_response_at is None:
        ticket.first_response_due = retargeted_due(
            cal, anchor, minutes(target.first_response), used, ticket.first_response_due,
            None if old is None else minutes(old.first_response))
    ticket.resolution_due = retargeted_due(cal, anchor, minutes(target.resolution), used, ticket.resolution_due,
                                           None if old is None else minutes(old.resolution))
    if target.next_update is None or ticket.first_response_at is None:
        ticket.next_update_due = None
    else:
        ticket.next_update_due = retargeted_due(
            cal, anchor, minutes(target.next_update), nu_used or 0.0, ticket.next_update_due,
            ticket.next_update_target_min if nu_used is not None else None)
    store_target(ticket, target)
