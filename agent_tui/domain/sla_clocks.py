"""A ticket's SLA clocks as pure functions of its stored clock fields.

Each function reads and sets the clock fields of one ticket (anything with the attributes of
:class:`ClockFields`: the stored ``Ticket`` row, or a plain object in a test) given the calendars
the clocks count on and the instant; no database, no session, no clock of its own. The services
(``services.ticket_clocks``) load the calendars and the policy's :class:`UpdateRules` and call these
at each lifecycle event: a new ticket starts its clocks, pending/on hold pauses them, an agent's
response records the first response and answers the update clock, a customer message starts it,
a severity, calendar or policy change retargets them.

The rules (issue 16), each with its worked examples in ``tests/sla/``:

* Every clock is optional; a ticket whose policy has no target for it has no SLA.
* Each clock counts on its own calendar (``SlaTarget.calendar_for``): the first response may run on
  24x7 while resolution counts office hours (seed 002's "12h after the request").
* Due times are whole minutes, rounded up (:func:`~agent_tui.domain.sla.due_at`).
* The next-update clock runs from the last public contact (``last_contact``), from the oldest
  unanswered customer message (``unanswered``: the request itself first; an answer stops it, a second
  customer message does not move it), or whichever is due first (``both``); with
  ``before_first_response`` the last-contact clock also runs from creation.
* A pause moves every running deadline later by exactly the business time paused (up to the
  round-up to the minute); a deadline that has passed never moves, not by a pause and not by a
  retarget; a first response given keeps its outcome (met stays met) whatever the target becomes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from agent_tui.domain import lifecycle as lc
from agent_tui.domain.calendar import Calendar, business_minutes_between
from agent_tui.domain.lifecycle import Status
from agent_tui.domain.policy import LEGACY_CALENDAR, SlaTarget, UpdateMode, UpdateRules
from agent_tui.domain.sla import (
    Clock,
    ceil_minute,
    deadline_that_matters,
    due_at,
    minutes,
    resume_shift,
    resumed_due,
    used_minutes,
)

# The queue's sort key for an active ticket without any deadline (no SLA): after every real one, so the
# order is the same on SQLite (NULLs first) and PostgreSQL (NULLs last).
NO_DEADLINE = datetime(9999, 1, 1, tzinfo=UTC)


class ClockFields(Protocol):
    """The fields of a ticket its SLA clocks live in (``store.models.Ticket`` has them all)."""

    status: str
    created_at: datetime
    urgency: int
    sla_due_at: datetime | None
    sla_calendar: str | None
    first_response_calendar: str
    next_update_calendar: str
    sla_running_since: datetime | None
    sla_business_min: float
    first_response_used_min: float | None
    sla_paused_at: datetime | None
    sla_paused_seconds: float
    first_response_target_min: float | None
    resolution_target_min: float | None
    next_update_target_min: float | None
    first_response_due: datetime | None
    resolution_due: datetime | None
    next_update_due: datetime | None
    update_contact_due: datetime | None
    update_unanswered_due: datetime | None
    unanswered_since: datetime | None
    first_response_at: datetime | None
    first_response_business_min: float | None
    first_response_met: bool | None
    last_contact_at: datetime | None


@dataclass(frozen=True)
class ClockCalendars:
    """The calendar each clock counts on (they may differ: seed 002's 24x7 first response)."""

    first_response: Calendar
    next_update: Calendar
    resolution: Calendar

    @classmethod
    def of(cls, cals: ClockCalendars | Calendar) -> ClockCalendars:
        """``cals`` itself, or one calendar for every clock."""
        return cals if isinstance(cals, ClockCalendars) else cls(cals, cals, cals)

    def names(self) -> set[str]:
        return {self.first_response.name, self.next_update.name, self.resolution.name}


def calendar_names(ticket: ClockFields) -> tuple[str, str, str]:
    """The calendar names of the first-response, next-update and resolution clocks (``""``: the
    ticket's ``sla_calendar``; tickets from before calendars: 24/7 wall clock)."""
    base = ticket.sla_calendar or LEGACY_CALENDAR
    return (getattr(ticket, "first_response_calendar", "") or base,
            getattr(ticket, "next_update_calendar", "") or base, base)


@dataclass(frozen=True)
class UpdateAnswered:
    """An update clock an agent's response stopped: what the report counts (``sla_spans``)."""

    started_at: datetime
    answered_at: datetime
    due_at: datetime
    met: bool


def stored_target(ticket: ClockFields) -> SlaTarget | None:
    """The targets the ticket's clocks were started with (None: no SLA, or a ticket from before issue #6)."""
    fr, res, nu = ticket.first_response_target_min, ticket.resolution_target_min, ticket.next_update_target_min
    if fr is None and res is None and nu is None:
        return None

    def td(value: float | None) -> timedelta | None:
        return None if value is None else timedelta(minutes=value)

    return SlaTarget(td(fr), td(res), td(nu), ticket.sla_calendar or "",
                     getattr(ticket, "first_response_calendar", "") or "",
                     getattr(ticket, "next_update_calendar", "") or "")


def has_sla(ticket: ClockFields) -> bool:
    """Whether any SLA clock applies to the ticket (a policy with no matching target: none)."""
    return stored_target(ticket) is not None or any(
        d is not None for d in (ticket.first_response_due, ticket.resolution_due, ticket.next_update_due))


def matters_now(ticket: ClockFields) -> tuple[Clock, datetime] | None:
    """The deadline that matters now (``sla.deadline_that_matters``) for a stored ticket."""
    return deadline_that_matters(
        active=ticket.status not in (Status.SOLVED.value, Status.CLOSED.value),
        first_response_at=ticket.first_response_at, first_response_due=ticket.first_response_due,
        next_update_due=ticket.next_update_due, resolution_due=ticket.resolution_due)


def refresh_queue_keys(ticket: ClockFields) -> None:
    """The stored sort keys: urgency class, then the instant of the deadline that matters now (an
    active ticket without any: :data:`NO_DEADLINE`, last)."""
    status = Status(ticket.status)
    if status in (Status.NEW, Status.OPEN):
        ticket.urgency = 0
    elif status in lc.PAUSED_STATUSES:
        ticket.urgency = 1
    else:
        ticket.urgency = 2
    if ticket.urgency == 2:
        ticket.sla_due_at = None
        return
    matters = matters_now(ticket)
    ticket.sla_due_at = matters[1] if matters else NO_DEADLINE


def _target_min(target: SlaTarget | None, clock: str) -> float | None:
    value = target.duration(clock) if target is not None else None
    return None if value is None else minutes(value)


def store_target(ticket: ClockFields, target: SlaTarget | None) -> None:
    ticket.first_response_target_min = _target_min(target, "first_response")
    ticket.resolution_target_min = _target_min(target, "resolution")
    ticket.next_update_target_min = _target_min(target, "next_update")


def _store_calendars(ticket: ClockFields, cals: ClockCalendars) -> None:
    base = cals.resolution.name
    ticket.sla_calendar = base
    ticket.first_response_calendar = "" if cals.first_response.name == base else cals.first_response.name
    ticket.next_update_calendar = "" if cals.next_update.name == base else cals.next_update.name


def _contact_runs(ticket: ClockFields, rules: UpdateRules) -> bool:
    """The last-contact update clock runs (mode ``last_contact``/``both``, after the first response or
    from creation where the policy says so)."""
    return rules.mode is not UpdateMode.UNANSWERED and (ticket.first_response_at is not None
                                                       or rules.before_first_response)


def _unanswered_runs(rules: UpdateRules) -> bool:
    return rules.mode is not UpdateMode.LAST_CONTACT


def set_next_update(ticket: ClockFields) -> None:
    """``next_update_due``: whichever running update clock is due first (the one shown and sorted by)."""
    dues = [d for d in (ticket.update_contact_due, ticket.update_unanswered_due) if d is not None]
    ticket.next_update_due = min(dues) if dues else None


def start_clocks(ticket: ClockFields, target: SlaTarget | None, cals: ClockCalendars | Calendar, when: datetime,
                 rules: UpdateRules = UpdateRules()) -> None:
    """New ticket: every clock starts at ``when``; due = when + N business minutes on the clock's
    calendar, rounded up to the minute. ``target`` None: no SLA (no clock at all)."""
    cals = ClockCalendars.of(cals)
    _store_calendars(ticket, cals)
    ticket.sla_running_since = when
    ticket.sla_business_min = 0.0
    ticket.first_response_used_min = 0.0
    store_target(ticket, target)
    fr, res, nu = (ticket.first_response_target_min, ticket.resolution_target_min, ticket.next_update_target_min)
    ticket.first_response_due = None if fr is None else due_at(cals.first_response, when, fr)
    ticket.resolution_due = None if res is None else due_at(cals.resolution, when, res)
    ticket.unanswered_since = when  # the request is the customer's first message, unanswered so far
    ticket.update_contact_due = ticket.update_unanswered_due = None
    if nu is not None:
        if _contact_runs(ticket, rules):
            ticket.update_contact_due = due_at(cals.next_update, when, nu)
        if _unanswered_runs(rules):
            ticket.update_unanswered_due = due_at(cals.next_update, when, nu)
    set_next_update(ticket)


def used_business_min(ticket: ClockFields, cal: Calendar, at: datetime) -> float:
    """Business minutes the ticket's clocks have run by ``at`` on ``cal``, the resolution clock's
    calendar (paused time never counts)."""
    since = ticket.sla_running_since
    if since is None and ticket.sla_paused_at is None:  # a running ticket from before issue #6
        since = ticket.created_at + timedelta(seconds=ticket.sla_paused_seconds)
    return max(used_minutes(cal, ticket.sla_business_min, since, at), 0.0)


def used_first_response_min(ticket: ClockFields, cals: ClockCalendars | Calendar, at: datetime) -> float:
    """Business minutes the first-response clock has run by ``at`` on its own calendar."""
    cals = ClockCalendars.of(cals)
    before = getattr(ticket, "first_response_used_min", None)
    if before is None:  # tickets from before per-clock calendars: one calendar, one count
        return used_business_min(ticket, cals.resolution, at)
    return max(used_minutes(cals.first_response, before, ticket.sla_running_since, at), 0.0)


def pause(ticket: ClockFields, cals: ClockCalendars | Calendar, now: datetime) -> None:
    if ticket.sla_paused_at is None:
        cals = ClockCalendars.of(cals)
        if getattr(ticket, "first_response_used_min", None) is not None:
            ticket.first_response_used_min = used_first_response_min(ticket, cals, now)
        ticket.sla_business_min = used_business_min(ticket, cals.resolution, now)
        ticket.sla_paused_at = now
        ticket.sla_running_since = None


def _resumed(cal: Calendar, due: datetime | None, paused_at: datetime, now: datetime) -> datetime | None:
    if due is None:
        return None
    moved = resumed_due(cal, due, paused_at, now)
    return due if moved == due else ceil_minute(moved)


def unpause(ticket: ClockFields, cals: ClockCalendars | Calendar, now: datetime) -> None:
    """Resume: a running clock keeps its business minutes left at the pause, counted from now; a
    deadline that had already passed at the pause stays where it fell (see ``sla.resumed_due``)."""
    paused_at = ticket.sla_paused_at
    if paused_at is None:
        return
    cals = ClockCalendars.of(cals)
    if ticket.first_response_at is None:
        ticket.first_response_due = _resumed(cals.first_response, ticket.first_response_due, paused_at, now)
    ticket.resolution_due = _resumed(cals.resolution, ticket.resolution_due, paused_at, now)
    if ticket.update_contact_due is None and ticket.update_unanswered_due is None and ticket.next_update_due:
        ticket.update_contact_due = ticket.next_update_due  # stored before the update clock had two parts
    ticket.update_contact_due = _resumed(cals.next_update, ticket.update_contact_due, paused_at, now)
    ticket.update_unanswered_due = _resumed(cals.next_update, ticket.update_unanswered_due, paused_at, now)
    set_next_update(ticket)
    ticket.sla_paused_seconds += resume_shift(paused_at, now).total_seconds()
    ticket.sla_paused_at = None
    ticket.sla_running_since = now


def record_first_response(ticket: ClockFields, cals: ClockCalendars | Calendar, now: datetime) -> None:
    """The first response stops the first-response clock; its outcome (met or not) and business time are
    kept, and never change afterwards (a later retarget records the new deadline, not a new outcome)."""
    ticket.first_response_at = now
    ticket.first_response_business_min = used_first_response_min(ticket, cals, now)
    due = ticket.first_response_due
    ticket.first_response_met = None if due is None else now <= due


def first_response_met(ticket: ClockFields) -> bool | None:
    """Whether the first response was in time (None: none given, or no first-response clock)."""
    if ticket.first_response_at is None or ticket.first_response_due is None:
        return None
    met = getattr(ticket, "first_response_met", None)
    return met if met is not None else ticket.first_response_at <= ticket.first_response_due


def record_response(ticket: ClockFields, cals: ClockCalendars | Calendar, now: datetime,
                    rules: UpdateRules = UpdateRules()) -> UpdateAnswered | None:
    """An agent's response (a public reply; a call or chat where the policy counts it): the first one
    stops the first-response clock; every one answers the update clock that ran (returned, for the
    report), stops the unanswered-message clock and restarts the last-contact one."""
    cals = ClockCalendars.of(cals)
    if ticket.first_response_at is None:
        record_first_response(ticket, cals, now)
    answered = None
    if ticket.next_update_due is not None:
        if ticket.next_update_due == ticket.update_unanswered_due and ticket.unanswered_since is not None:
            started = ticket.unanswered_since
        else:
            started = ticket.last_contact_at or ticket.created_at
        answered = UpdateAnswered(started, now, ticket.next_update_due, now <= ticket.next_update_due)
    ticket.last_contact_at = now
    ticket.unanswered_since = None
    ticket.update_unanswered_due = None
    nu = ticket.next_update_target_min
    anchor = ticket.sla_paused_at or now  # paused: the full target is left when the clock resumes
    ticket.update_contact_due = (due_at(cals.next_update, anchor, nu)
                                 if nu is not None and _contact_runs(ticket, rules) else None)
    set_next_update(ticket)
    return answered


def record_customer_message(ticket: ClockFields, cals: ClockCalendars | Calendar, now: datetime,
                            rules: UpdateRules = UpdateRules()) -> None:
    """The customer wrote: the last-contact update clock restarts (after the first response, or from
    creation where the policy says so), unless its deadline has passed (a passed deadline never moves: the
    update is still owed); the unanswered-message clock starts unless an earlier message is still
    unanswered (a second message does not move it)."""
    cals = ClockCalendars.of(cals)
    ticket.last_contact_at = now
    if ticket.unanswered_since is None:
        ticket.unanswered_since = now
    nu = ticket.next_update_target_min
    if nu is None:
        return
    anchor = ticket.sla_paused_at or now
    passed = ticket.update_contact_due is not None and ticket.update_contact_due <= anchor
    if _contact_runs(ticket, rules) and not passed:  # an overdue update stays overdue until an agent answers
        ticket.update_contact_due = due_at(cals.next_update, anchor, nu)
    if _unanswered_runs(rules) and ticket.update_unanswered_due is None:
        ticket.update_unanswered_due = due_at(cals.next_update, anchor, nu)
    set_next_update(ticket)


def record_contact(ticket: ClockFields, cal: ClockCalendars | Calendar, now: datetime) -> None:
    """Before issue 16: a public reply or a customer message restarts the next-update clock (the
    ``last_contact`` rule); an internal note does not."""
    record_customer_message(ticket, cal, now)


def _running_due(cal: Calendar, anchor: datetime, target_min: float | None, used: float,
                 old_due: datetime | None) -> datetime | None:
    """A running clock's due under a (new) target: a deadline that has passed stays where it fell;
    otherwise the target minus what was used, counted from ``anchor`` (in the past when used up)."""
    if target_min is None:
        return None
    if old_due is not None and old_due <= anchor:
        return old_due
    return due_at(cal, anchor, target_min - used)


def retarget(ticket: ClockFields, target: SlaTarget | None, old_cals: ClockCalendars | Calendar,
             cals: ClockCalendars | Calendar, now: datetime, rules: UpdateRules = UpdateRules()) -> None:
    """Recompute every deadline under a new target (a severity, calendar or policy change).

    The business minutes a running clock has used stay used (measured on ``old_cals``, the calendars
    the clocks ran on); its due is the new target minus that, counted from now (or from the pause, if
    paused) on its new calendar. A deadline that has passed never moves. A first response already
    given keeps its outcome; its deadline under the new target is recorded (for the audit), counted
    on from the response with the business time it took. An update clock the old target did not run
    starts now with its full target. ``target`` None: the ticket has no SLA any more.
    """
    old_cals, cals = ClockCalendars.of(old_cals), ClockCalendars.of(cals)
    anchor = ticket.sla_paused_at or now
    used = used_business_min(ticket, old_cals.resolution, anchor)
    fr_used = used_first_response_min(ticket, old_cals, anchor)
    old_fr = ticket.first_response_target_min
    old_nu = ticket.next_update_target_min
    old_fr_cal = old_cals.first_response.name
    _store_calendars(ticket, cals)
    store_target(ticket, target)
    ticket.sla_business_min = used
    ticket.first_response_used_min = fr_used
    if ticket.sla_paused_at is None:
        ticket.sla_running_since = now
    fr = ticket.first_response_target_min
    if ticket.first_response_at is None:
        ticket.first_response_due = _running_due(cals.first_response, anchor, fr, fr_used, ticket.first_response_due)
    elif fr is not None and ticket.first_response_due is not None and (
            fr != old_fr or cals.first_response.name != old_fr_cal):
        ticket.first_response_met = first_response_met(ticket)  # the outcome stays what it was
        took = ticket.first_response_business_min or 0.0
        ticket.first_response_due = due_at(cals.first_response, ticket.first_response_at, fr - took)
    ticket.resolution_due = _running_due(cals.resolution, anchor, ticket.resolution_target_min, used,
                                         ticket.resolution_due)
    if ticket.update_contact_due is None and ticket.update_unanswered_due is None and ticket.next_update_due:
        ticket.update_contact_due = ticket.next_update_due  # stored before the update clock had two parts
    nu = ticket.next_update_target_min
    for attr, runs in (("update_contact_due", _contact_runs(ticket, rules)),
                       ("update_unanswered_due", _unanswered_runs(rules) and ticket.unanswered_since is not None)):
        old_due = getattr(ticket, attr)
        if nu is None or not runs:
            new_due = None
        elif old_due is None:
            new_due = due_at(cals.next_update, anchor, nu)
        elif old_due <= anchor:
            new_due = old_due
        else:
            left = business_minutes_between(old_cals.next_update, anchor, old_due)
            new_due = due_at(cals.next_update, anchor, nu - ((old_nu or nu) - left))
        setattr(ticket, attr, new_due)
    set_next_update(ticket)
