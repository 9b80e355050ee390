"""Read models handed to the CLI and the screens: plain data, no sessions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from enum import Enum
from typing import Any

from agent_tui.domain import durations, sla
from agent_tui.domain.calendar import ENGLISH_WORDS, Calendar, CountdownWords, describe_remaining, is_open
from agent_tui.domain.checklist import ChecklistField
from agent_tui.domain.sla import SlaState


_NO_JSON = {"json": False}


@dataclass(frozen=True)
class Countdown:
    """A deadline the screens tick down locally, without querying.

    With a ``calendar`` the target is business time: :meth:`text` says how much
    business time is left and when that falls due in the agent's zone, or that
    the clock waits for the next opening. That text is computed at most once per
    minute per countdown (it is called every second for every visible row).
    """

    label: str  # "first response", "next update", "resolution", "auto-solve", "auto-close"
    due_at: datetime | None
    total_seconds: float = 0.0  # the target; business seconds when a calendar is set
    paused_at: datetime | None = None  # the ticket is pending / on hold / solved
    warning_fraction: float = 0.75
    met_at: datetime | None = None
    calendar: Calendar | None = field(default=None, compare=False, repr=False, metadata=_NO_JSON)
    warn_min: float | None = None  # business minutes before the due at which it warns (None: warning_fraction)
    met: bool | None = None  # the outcome kept when it stopped (a later retarget moves the due, not this)
    agent_tz: tzinfo | None = field(default=None, compare=False, repr=False, metadata=_NO_JSON)
    _memo: dict = field(default_factory=dict, init=False, compare=False, repr=False, metadata=_NO_JSON)

    @property
    def clock_short(self) -> str:
        """``FR`` / ``upd`` / ``res`` for an SLA clock (the queue cell's label), else empty."""
        try:
            return sla.Clock(self.label).short
        except ValueError:
            return ""

    @property
    def calendar_name(self) -> str:
        return self.calendar.name if self.calendar is not None else ""

    def _business_left(self, now: datetime) -> float:
        """Business minutes left (negative overdue), frozen while paused; cached per minute."""
        assert self.calendar is not None and self.due_at is not None
        ref = self.paused_at if self.paused_at is not None else now
        key = ("left", int(ref.timestamp() // 60))
        value = self._memo.get(key)
        if value is None:
            if len(self._memo) > 8:
                self._memo.clear()
            value = self._memo[key] = sla.business_left(self.calendar, self.due_at, ref, None)
        return value

    def _in_time(self) -> bool:
        assert self.met_at is not None and self.due_at is not None
        return self.met if self.met is not None else self.met_at <= self.due_at

    def state(self, now: datetime) -> SlaState:
        if self.due_at is None:
            return SlaState.NONE
        if self.met_at is not None:
            return SlaState.MET if self._in_time() else SlaState.BREACHED
        if self.calendar is None:
            return sla.state(self.due_at, timedelta(seconds=self.total_seconds), now, self.paused_at,
                             self.warning_fraction, self.met_at)
        reference = self.paused_at if self.paused_at is not None else now
        if self.due_at <= reference:
            return SlaState.BREACHED
        if self.paused_at is not None:
            return SlaState.PAUSED
        lead = self.warn_min if self.warn_min is not None else self.total_seconds / 60 * (1 - self.warning_fraction)
        if self._business_left(now) <= lead:
            return SlaState.WARNING
        return SlaState.OK

    def remaining(self, now: datetime) -> timedelta | None:
        """Time left: business time with a calendar, wall-clock time without."""
        if self.due_at is None:
            return None
        if self.calendar is not None:
            return timedelta(minutes=self._business_left(now))
        return sla.remaining(self.due_at, now, self.paused_at)

    def text(self, now: datetime, words: CountdownWords = ENGLISH_WORDS) -> str:
        """The countdown in words (``words``: another language's, from the screens)."""
        if self.due_at is None:
            return "—"
        if self.met_at is not None:
            return words.met if self._in_time() else words.missed
        if self.calendar is None:
            left = sla.remaining(self.due_at, now, self.paused_at)
            body = durations.compact(left.total_seconds())
            return f"⏸ {body}" if self.paused_at is not None else body
        key = ("text", int(now.timestamp() // 60), words)
        cached = self._memo.get(key)
        if cached is None:
            if len(self._memo) > 8:
                self._memo.clear()
            cached = self._memo[key] = self._business_text(now, words)
        return cached

    def short(self, now: datetime, words: CountdownWords = ENGLISH_WORDS) -> str:
        """A table cell: '3h 20m', '-1h 05m' overdue, '⏸ 3h 20m' paused, '3h 20m ☾' while the office is closed."""
        if self.due_at is None or self.met_at is not None or self.calendar is None:
            return self.text(now, words)
        key = ("short", int(now.timestamp() // 60))
        cached = self._memo.get(key)
        if cached is None:
            if len(self._memo) > 8:
                self._memo.clear()
            body = durations.compact_business(self._business_left(now))
            if self.due_at <= (self.paused_at or now) and not body.startswith("-"):
                body = f"-{body}"  # overdue though no business time has run since (e.g. passed at closing)
            if self.paused_at is not None:
                cached = f"⏸ {body}"
            elif not is_open(self.calendar, now):
                cached = f"{body} ☾"  # business time does not run until the next opening
            else:
                cached = body
            self._memo[key] = cached
        return cached

    def _business_text(self, now: datetime, words: CountdownWords) -> str:
        assert self.calendar is not None and self.due_at is not None
        if self.paused_at is not None:  # the ticket waits on the customer or a third party
            left = self._business_left(now)
            if left <= 0:
                return words.paused_overdue.format(late=durations.compact_business(-left))
            return words.paused_left.format(left=durations.compact_business(left))
        return describe_remaining(self.calendar, self.due_at, now, self.agent_tz, words)


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
    clocks: tuple[Countdown, ...] = ()  # every running SLA clock: the queue flags one in its warning time
    has_sla: bool = True  # False: no target of the ticket's policy matches it (issue 16)

    def warned(self, now: datetime) -> Countdown | None:
        """The first running clock within its warning time (N business minutes before its breach), if any."""
        return next((c for c in self.clocks if c.state(now) is SlaState.WARNING), None)


@dataclass(frozen=True)
class OutboxView:
    """One mail to the customer and how its delivery went (the outbox)."""

    id: int
    ticket_number: int
    kind: str
    state: str
    to_addr: str
    subject: str
    created_at: datetime
    attempts: int = 0
    last_error: str = ""
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    sent_via: str = ""
    language: str = "en"
    template_language: str = "en"
    message_id: str = ""
    message_row_id: int | None = None
    cc: list[str] = field(default_factory=list)
    body: str = ""

    @property
    def fallback(self) -> bool:
        return self.language != self.template_language


@dataclass(frozen=True)
class MessageView:
    kind: str
    author: str
    body: str
    at: datetime
    id: int | None = None
    by_mail: bool = False  # it came (or went) as an e-mail: the full mail is one key away
    mail: OutboxView | None = None  # it went to the customer by mail: how that went


@dataclass(frozen=True)
class AttachmentView:
    """A file that came with a customer's mail (the bytes stay in the store until saved)."""

    id: int
    filename: str
    content_type: str
    size: int
    at: datetime
    message_id: int | None = None  # the message row it came with
    inline: bool = False


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
class HandBack:
    """Seed 003: Tier 2 or Engineering resolved it; Tier 1 tells the customer (the solve form starts with it)."""

    outcome: str
    resolution: str
    by: str
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
    checklist_gaps: list[str]  # keys of checklist_fields still missing
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
    next_update_clock: Countdown = field(default_factory=lambda: Countdown("next update", None))
    messages: list[MessageView] = field(default_factory=list)
    events: list[EventView] = field(default_factory=list)
    escalations: list[EscalationView] = field(default_factory=list)
    articles: list[ArticleRef] = field(default_factory=list)
    survey_score: int | None = None
    actions: list[ActionView] = field(default_factory=list)
    attachments: list[AttachmentView] = field(default_factory=list)
    checklist_fields: list[ChecklistField] = field(default_factory=list)  # the ticket's policy's, in its order
    prefilled: list[str] = field(default_factory=list)  # checklist fields taken from the customer's mail, unchanged since
    cc: list[str] = field(default_factory=list)  # addresses copied on the customer's mails
    imported_at: datetime | None = None  # came in by import: deadlines before this are history, not breaches
    awaiting_approval: bool = False  # seed 001: the proposed (non-hotfix) solution waits for the customer's go-ahead
    approval_reply: tuple[str, tuple[str, ...]] | None = None  # the customer's mail answer, pre-read: (yes|no|unclear, words)
    solve_hands_back: bool = False  # seed 003: solving at this tier hands the resolution back to Tier 1
    handed_back: HandBack | None = None  # a higher tier's resolution, for Tier 1 to tell the customer

    @property
    def number(self) -> int:
        return self.row.number

    @property
    def version(self) -> int:
        return self.row.version

    def allows(self, *actions: str) -> tuple[bool, str]:
        """Whether any of ``actions`` (lifecycle action names) is allowed now, else the first reason why not.

        The list comes from ``domain.allowed`` via the service; screens never recompute it.
        """
        reasons = []
        for view in self.actions:
            if view.action in actions:
                if view.allowed:
                    return True, view.reason
                reasons.append(view.reason)
        return False, (reasons[0] if reasons else "Not possible now.")


def to_jsonable(value: Any) -> Any:
    """Stable JSON for ``--json`` output."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)
               if f.metadata.get("json", True)}
        if isinstance(value, Countdown) and value.calendar is not None:
            out["calendar"] = value.calendar.name
        return out
    if isinstance(value, datetime | date | time):  # dates: the SLA report's weeks
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return [to_jsonable(v) for v in sorted(value, key=str)]
    return value
