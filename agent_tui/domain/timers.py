"""Which timers a ticket should have, given its state and its policy.

Services call :func:`plan_timers` after every change and reconcile the stored
timers with it; the sweep fires each due timer exactly once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from agent_tui.domain.calendar import Calendar
from agent_tui.domain.lifecycle import Status
from agent_tui.domain.policy import Policy, SlaTarget
from agent_tui.domain.severity import Severity
from agent_tui.domain.sla import warning_at


class TimerKind(StrEnum):
    PENDING_REMINDER = "pending_reminder"  # seed 004: remind after 7 days
    PENDING_AUTOSOLVE = "pending_autosolve"  # seed 000: 3 days; seed 004: 14 days
    SOLVED_AUTOCLOSE = "solved_autoclose"
    FIRST_RESPONSE_WARNING = "first_response_warning"
    FIRST_RESPONSE_BREACH = "first_response_breach"
    RESOLUTION_WARNING = "resolution_warning"
    RESOLUTION_BREACH = "resolution_breach"
    NEXT_UPDATE_WARNING = "next_update_warning"  # restarts with every contact: once per due instant
    NEXT_UPDATE_BREACH = "next_update_breach"

    @property
    def once_per_ticket(self) -> bool:
        """SLA alarms fire once per ticket; pending/solved timers once per waiting period."""
        return self in _SLA_KINDS

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


_SLA_KINDS = {
    TimerKind.FIRST_RESPONSE_WARNING,
    TimerKind.FIRST_RESPONSE_BREACH,
    TimerKind.RESOLUTION_WARNING,
    TimerKind.RESOLUTION_BREACH,
}
AUTO_KINDS = (TimerKind.PENDING_AUTOSOLVE, TimerKind.SOLVED_AUTOCLOSE)


@dataclass(frozen=True)
class TimerInputs:
    status: Status
    severity: Severity
    pending_since: datetime | None
    solved_at: datetime | None
    first_response_at: datetime | None
    first_response_due: datetime | None
    resolution_due: datetime | None
    sla_paused_at: datetime | None
    # business hours: the calendar the clocks count on, the running segment's start, the ticket's targets
    calendar: Calendar | None = None
    sla_running_since: datetime | None = None
    next_update_due: datetime | None = None
    target: SlaTarget | None = None
    calendars: Mapping[str, Calendar] | None = None  # per clock ("first_response", ...), else ``calendar``


def plan_timers(t: TimerInputs, policy: Policy) -> dict[TimerKind, datetime]:
    plan: dict[TimerKind, datetime] = {}
    if t.status is Status.PENDING and t.pending_since is not None:
        if policy.pending_reminder_after is not None:
            plan[TimerKind.PENDING_REMINDER] = t.pending_since + policy.pending_reminder_after
        plan[TimerKind.PENDING_AUTOSOLVE] = t.pending_since + policy.pending_autosolve_after
    if t.status is Status.SOLVED and t.solved_at is not None:
        plan[TimerKind.SOLVED_AUTOCLOSE] = t.solved_at + policy.solved_autoclose_after
    running = t.status in (Status.NEW, Status.OPEN) and t.sla_paused_at is None
    if running:
        target = t.target or policy.target(t.severity)
        if target is None:
            return plan  # no SLA

        def clock(name: str, warning: TimerKind, breach: TimerKind, due: datetime, total: timedelta | None) -> None:
            if total is not None:  # issue 16: N business minutes before the breach (or the policy's fraction)
                cal = (t.calendars or {}).get(name, t.calendar)
                warn = warning_at(cal, t.sla_running_since, due, policy.warning_lead(name, total))
                if warn is not None:
                    plan[warning] = warn
            plan[breach] = due

        if t.first_response_at is None and t.first_response_due is not None:
            clock("first_response", TimerKind.FIRST_RESPONSE_WARNING, TimerKind.FIRST_RESPONSE_BREACH,
                  t.first_response_due, target.first_response)
        if t.resolution_due is not None:
            clock("resolution", TimerKind.RESOLUTION_WARNING, TimerKind.RESOLUTION_BREACH, t.resolution_due,
                  target.resolution)
        if t.next_update_due is not None:
            clock("next_update", TimerKind.NEXT_UPDATE_WARNING, TimerKind.NEXT_UPDATE_BREACH, t.next_update_due,
                  target.next_update)
    return plan
