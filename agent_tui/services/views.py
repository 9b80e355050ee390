"""Read models handed to the CLI and the screens: plain data, no sessions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from agent_tui.domain import sla
from agent_tui.domain.sla import SlaState


@dataclass(frozen=True)
class Countdown:
    """A deadline the screens tick down locally, without querying."""

    label: str  # "first response", "resolution", "auto-solve", "auto-close"
    due_at: datetime | None
    total_seconds: float = 0.0
    paused_at: datetime | None = None
    warning_fraction: float = 0.75
    met_at: datetime | None = None

    def state(self, now: datetime) -> SlaState:
        if self.due_at is None:
            return SlaState.NONE
        return sla.state(self.due_at, timedelta(seconds=self.total_seconds), now, self.paused_at,
                         self.warning_fraction, self.met_at)

    def remaining(self, now: datetime) -> timedelta | None:
        if self.due_at is None:
            return None
        return sla.remaining(self.due_at, now, self.paused_at)

    def text(self, now: datetime) -> str:
        left = self.remaining(now)
        if left is None:
            return "—"
        if self.met_at is not None:
            return "met" if self.met_at <= self.due_at else "missed"
        body = sla.format_remaining(left)
        return f"⏸ {body}" if self.paused_at is not None else body


@dataclass(frozen=True)
class TicketRow:
    number: int
    subject: str
    customer: str
    company: str
    severity: str
    status: str
    tier: str
    assignee: str | None
    language: str
    created_at: datetime
    updated_at: datetime
    version: int
    sla: Countdown
    auto: Countdown


@dataclass(frozen=True)
class MessageView:
    kind: str
    author: str
    body: str
    at: datetime


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor: str
    action: str
    field: str
    before: str | None
    after: str | None
    details: dict[str, Any]


@dataclass(frozen=True)
class EscalationView:
    direction: str
    from_tier: str
    to_tier: str
    criterion: str
    findings: str
    steps_taken: str
    workaround: str
    logs: str
    actor: str
    at: datetime


@dataclass(frozen=True)
class ActionView:
    action: str
    allowed: bool
    reason: str


@dataclass(frozen=True)
class ArticleRef:
    id: int
    slug: str
    title: str
    language: str


@dataclass(frozen=True)
class TicketDetail:
    row: TicketRow
    description: str
    channel: str
    tags: list[str]
    customer_email: str
    customer_number: str | None
    customer_plan: str
    checklist: dict[str, str]
    checklist_gaps: list[str]
    triage_rule: str
    triage_reason: str
    severity_overridden: bool
    hold_kind: str | None
    hold_reason: str
    proposed_solution: str
    outcome: str | None
    resolution: str
    follow_up_of: int | None
    policy: str
    first_response: Countdown
    resolution_clock: Countdown
    previous_assignee: str | None
    messages: list[MessageView] = field(default_factory=list)
    events: list[EventView] = field(default_factory=list)
    escalations: list[EscalationView] = field(default_factory=list)
    articles: list[ArticleRef] = field(default_factory=list)
    survey_score: int | None = None
    actions: list[ActionView] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.row.number

    @property
    def version(self) -> int:
        return self.row.version


def to_jsonable(value: Any) -> Any:
    """Stable JSON for ``--json`` output."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value
