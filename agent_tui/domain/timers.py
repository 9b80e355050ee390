"""Which timers a ticket should have, given its state and its policy.

Services call :func:`plan_timers` after every change and reconcile the stored
timers with it; the sweep fires each due timer exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from agent_tui.domain.lifecycle import Status
from agent_tui.domain.policy import Policy
from agent_tui.domain.severity import Severity


class TimerKind(StrEnum):
    PENDING_REMINDER = "pending_reminder"  # seed 004: remind after 7 days
    PENDING_AUTOSOLVE = "pending_autosolve"  # seed 000: 3 days; seed 004: 14 days
    SOLVED_AUTOCLOSE = "solved_autoclose"
    FIRST_RESPONSE_WARNING = "first_response_warning"
    FIRST_RESPONSE_BREACH = "first_response_breach"
    RESOLUTION_WARNING = "resolution_warning"
    RESOLUTION_BREACH = "resolution_breach"

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
        target = policy.target(t.severity)
        lead = 1 - policy.warning_fraction
        if t.first_response_at is None and t.first_response_due is not None:
            plan[TimerKind.FIRST_RESPONSE_WARNING] = t.first_response_due - target.first_response * lead
            plan[TimerKind.FIRST_RESPONSE_BREACH] = t.first_response_due
        if t.resolution_due is not None:
            plan[TimerKind.RESOLUTION_WARNING] = t.resolution_due - target.resolution * lead
            plan[TimerKind.RESOLUTION_BREACH] = t.resolution_due
    return plan
