"""The tables. Times are aware UTC (:class:`UTCDateTime`); enums are stored as their string values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, Text, UniqueConstraint, text
from pydantic import ConfigDict
from sqlmodel import Field, SQLModel

from agent_tui.store.types import UTCDateTime


class Table(SQLModel):
    """Every table's base. Pydantic's validation schema is built on first use, not at import (the rows are
    made by SQLAlchemy and by our services, which do not validate through pydantic): ~0.15 s off every start."""

    model_config = ConfigDict(defer_build=True)  # type: ignore[assignment]


def _dt(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


class Agent(Table, table=True):
    __tablename__ = "agents"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=80)
    display_name: str = Field(default="", max_length=200)
    tier: str = Field(default="tier1", max_length=20)
    active: bool = True
    created_at: datetime | None = _dt()
    email: str = Field(default="", max_length=320, sa_column_kwargs={"server_default": ""})  # SLA warnings by mail


class Customer(Table, table=True):
    __tablename__ = "customers"
    __table_args__ = (
        # One customer per e-mail, stored normalised (strip + casefold); many may have none.
        Index("ix_customers_email", "email", unique=True,
              sqlite_where=text("email <> ''"), postgresql_where=text("email <> ''")),
    )
    id: int | None = Field(default=None, primary_key=True)
    customer_number: str | None = Field(default=None, index=True, unique=True, max_length=80)
    name: str = Field(default="", max_length=300)
    email: str = Field(default="", max_length=320)
    company: str = Field(default="", max_length=300)
    plan: str = Field(default="standard", max_length=40)
    domain: str = Field(default="", max_length=300)
    created_at: datetime | None = _dt()
    # Mail we sent this address bounced (a DSN came back); cleared when they write again.
    bouncing_since: datetime | None = _dt()


class Ticket(Table, table=True):
    __tablename__ = "tickets"
    __table_args__ = (
        # The queue's order: urgency class, then nearest deadline (see services.queue).
        Index("ix_tickets_queue", "urgency", "sla_due_at", "id"),
        Index("ix_tickets_tier_queue", "tier", "urgency", "sla_due_at", "id"),
        Index("ix_tickets_assignee_queue", "assignee_id", "urgency", "sla_due_at", "id"),
        # Arrival order (oldest first) over the active tickets only (see services.ticket_queries).
        Index("ix_tickets_arrival", "created_at", "id",
              sqlite_where=text("urgency < 2"), postgresql_where=text("urgency < 2")),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(index=True, unique=True)
    external_ref: str | None = Field(default=None, index=True, unique=True, max_length=120)
    subject: str = Field(default="", sa_type=Text)
    description: str = Field(default="", sa_type=Text)
    customer_id: int | None = Field(default=None, foreign_key="customers.id", index=True)
    channel: str = Field(default="email", max_length=20)
    language: str = Field(default="", max_length=8)
    status: str = Field(default="new", index=True, max_length=20)
    severity: str = Field(default="general_question", index=True, max_length=30)
    tier: str = Field(default="tier1", max_length=20)
    assignee_id: int | None = Field(default=None, foreign_key="agents.id")
    previous_assignee_id: int | None = Field(default=None, foreign_key="agents.id")
    triage_rule: str = Field(default="", max_length=120)
    triage_reason: str = Field(default="", sa_type=Text)
    severity_overridden: bool = False
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    checklist: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    hold_kind: str | None = Field(default=None, max_length=20)
    hold_reason: str = Field(default="", sa_type=Text)
    proposed_solution: str = Field(default="", sa_type=Text)
    # seed 001: a non-hotfix solution was proposed and the customer's approval is not recorded yet.
    # Outlives the approval hold (a customer message re-opens the ticket, the approval is still owed).
    awaiting_approval: bool = False
    outcome: str | None = Field(default=None, max_length=40)
    resolution: str = Field(default="", sa_type=Text)
    follow_up_of_id: int | None = Field(default=None, foreign_key="tickets.id")
    policy_name: str = Field(default="", max_length=80)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_by: str = Field(default="", max_length=80)
    first_response_at: datetime | None = _dt()
    first_response_due: datetime | None = _dt()
    resolution_due: datetime | None = _dt()
    sla_due_at: datetime | None = _dt()  # the next running deadline, for sorting
    sla_paused_at: datetime | None = _dt()
    sla_paused_seconds: float = 0.0  # wall-clock seconds paused (informational since business-hour clocks)
    # Business-hour SLA accounting (issue #6): the clocks count on sla_calendar; while running,
    # business minutes used = sla_business_min + business minutes since sla_running_since.
    sla_calendar: str = Field(default="", max_length=80)
    sla_running_since: datetime | None = _dt()
    sla_business_min: float = 0.0
    first_response_target_min: float | None = None
    next_update_target_min: float | None = None
    resolution_target_min: float | None = None
    first_response_business_min: float | None = None  # business minutes to the first response
    resolution_business_min: float | None = None  # business minutes to the (last) solve
    next_update_due: datetime | None = _dt()  # the update clock due first of the two below (issue 16)
    last_contact_at: datetime | None = _dt()
    # Issue 16: each clock on its own calendar ("" = sla_calendar, the resolution clock's), the first
    # response's own business-minute count (None: tickets from before, counted with sla_business_min) and
    # its outcome, kept when a later retarget moves its deadline; the update clock in its two parts.
    first_response_calendar: str = Field(default="", max_length=80)
    next_update_calendar: str = Field(default="", max_length=80)
    first_response_used_min: float | None = None
    first_response_met: bool | None = None
    update_contact_due: datetime | None = _dt()  # from the last public contact
    update_unanswered_due: datetime | None = _dt()  # from the oldest unanswered customer message
    unanswered_since: datetime | None = _dt()  # that message (the request itself until the first response)
    urgency: int = Field(default=0)  # 0 running, 1 paused, 2 solved/closed
    pending_since: datetime | None = _dt()
    solved_at: datetime | None = _dt()
    closed_at: datetime | None = _dt()
    # Set by an import: deadlines that had passed by then are history, not breaches of ours.
    imported_at: datetime | None = _dt()
    version: int = Field(default=1, nullable=False)


class Message(Table, table=True):
    __tablename__ = "messages"
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    kind: str = Field(max_length=20)  # customer | public | internal | system
    author: str = Field(default="", max_length=320)
    body: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    # The mail's Message-ID (no angle brackets) when this message came or went by mail: threading
    # matches In-Reply-To/References against it.
    mail_message_id: str | None = Field(default=None, index=True, max_length=998)


class AuditEvent(Table, table=True):
    """Append-only: one row per change (who, when, what, before → after)."""

    __tablename__ = "audit_events"
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int | None = Field(default=None, foreign_key="tickets.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    actor: str = Field(default="", max_length=80)
    action: str = Field(max_length=40, index=True)
    field: str = Field(default="", max_length=60)
    before: str | None = Field(default=None, sa_type=Text)
    after: str | None = Field(default=None, sa_type=Text)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Escalation(Table, table=True):
    __tablename__ = "escalations"
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    direction: str = Field(max_length=10)  # up | down
    from_tier: str = Field(max_length=20)
    to_tier: str = Field(max_length=20)
    criterion: str = Field(default="", max_length=40)
    findings: str = Field(default="", sa_type=Text)
    steps_taken: str = Field(default="", sa_type=Text)
    workaround: str = Field(default="", sa_type=Text)
    logs: str = Field(default="", sa_type=Text)
    actor: str = Field(default="", max_length=80)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class KbArticle(Table, table=True):
    """One language version of an article: ``article_key`` is the article (its versions share it), ``slug``
    this version (unique: ``kb show``, links). A one-language article's key is its slug."""

    __tablename__ = "kb_articles"
    __table_args__ = (Index("uq_kb_articles_key_language", "article_key", "language", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=200)
    article_key: str = Field(default="", max_length=200)
    title: str = Field(default="", sa_type=Text)
    body: str = Field(default="", sa_type=Text)
    language: str = Field(default="en", max_length=8)
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    author: str = Field(default="", max_length=200)
    source: str = Field(default="", max_length=500)
    source_ticket_id: int | None = Field(default=None, foreign_key="tickets.id")
    content_hash: str = Field(default="", max_length=64)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class KbLink(Table, table=True):
    __tablename__ = "kb_links"
    __table_args__ = (UniqueConstraint("article_id", "ticket_id", name="uq_kb_link"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="kb_articles.id", index=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    actor: str = Field(default="", max_length=80)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class PolicyRow(Table, table=True):
    __tablename__ = "policies"
    name: str = Field(primary_key=True, max_length=80)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class CalendarRow(Table, table=True):
    """A business-hours calendar (agent_tui.domain.calendar), seeded from data/calendars.toml."""

    __tablename__ = "calendars"
    name: str = Field(primary_key=True, max_length=80)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class TriageRuleRow(Table, table=True):
    __tablename__ = "triage_rules"
    name: str = Field(primary_key=True, max_length=120)
    priority: int = 100
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class Survey(Table, table=True):
    """Seed 000: one question, how easy the team made it (CES, 1–7)."""

    __tablename__ = "surveys"
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    score: int
    comment: str = Field(default="", sa_type=Text)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class SlaSpan(Table, table=True):
    """A finished stretch the SLA report counts (issue 16): a pause (``paused``: pending or on hold, in
    business minutes on the ticket's calendar) or an update clock an agent's response answered
    (``next_update``: from its start to the answer, paused time left out, against its due time)."""

    __tablename__ = "sla_spans"
    __table_args__ = (Index("ix_sla_spans_kind_start", "kind", "started_at"),)
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    kind: str = Field(max_length=20)  # paused | next_update
    started_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ended_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    due_at: datetime | None = _dt()
    business_min: float = 0.0
    met: bool | None = None
    calendar: str = Field(default="", max_length=80)


class Timer(Table, table=True):
    __tablename__ = "timers"
    __table_args__ = (Index("ix_timers_due", "state", "due_at"),)
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    kind: str = Field(max_length=40)
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    state: str = Field(default="pending", max_length=12)  # pending | fired | cancelled
    fired_at: datetime | None = _dt()


class Setting(Table, table=True):
    __tablename__ = "settings"
    key: str = Field(primary_key=True, max_length=80)
    value: str = Field(default="", sa_type=Text)


class Counter(Table, table=True):
    __tablename__ = "counters"
    name: str = Field(primary_key=True, max_length=40)
    value: int = 0


class Presence(Table, table=True):
    """Who has which ticket open right now (heartbeats; ephemeral, not audited)."""

    __tablename__ = "presence"
    __table_args__ = (UniqueConstraint("agent", "ticket_number", "client", name="uq_presence"),)
    id: int | None = Field(default=None, primary_key=True)
    agent: str = Field(max_length=80)
    ticket_number: int = Field(index=True)
    client: str = Field(max_length=64)
    seen_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class Draft(Table, table=True):
    """Text an agent typed and has not sent yet: one row per agent, ticket and kind of form.

    ``ticket_number`` 0 is the new-ticket form (no number yet). ``fields`` maps a form field
    to its text as typed (sanitised like every stored string: markup-looking text stays, control
    codes become visible placeholders). Not audited.
    """

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("agent", "ticket_number", "kind", name="uq_drafts"),)
    id: int | None = Field(default=None, primary_key=True)
    agent: str = Field(max_length=80)
    ticket_number: int = Field(default=0)
    kind: str = Field(max_length=30)
    fields: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class RawBlob(Table, table=True):
    """Bytes kept content-addressed: raw inbound mail and attachments, zlib-compressed, keyed by the
    SHA-256 of the uncompressed bytes (the same bytes twice are stored once)."""

    __tablename__ = "raw_blobs"
    sha256: str = Field(primary_key=True, max_length=64)
    size: int = 0  # uncompressed bytes
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class InboundMail(Table, table=True):
    """One received mail, exactly once: ``message_id`` is unique (a content hash when it had none),
    so a second fetch, a crash between store and flag, or two watchers at once insert nothing new.

    ``status``: stored (it became or joined a ticket), ignored (auto-reply, our own mail, a bounce
    without a ticket), quarantined (could not be parsed or stored; ``reason`` says why)."""

    __tablename__ = "inbound_mails"
    __table_args__ = (Index("ix_inbound_mails_sender", "from_addr", "received_at"),)  # the per-sender rate limit
    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(unique=True, max_length=998)
    content_hash: str = Field(index=True, max_length=64)
    raw_sha256: str = Field(foreign_key="raw_blobs.sha256", max_length=64)
    source: str = Field(default="", max_length=500)  # "maildir:/path", "imap:user@host/INBOX", "file:/x.eml"
    received_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    status: str = Field(default="stored", index=True, max_length=20)
    reason: str = Field(default="", sa_type=Text)
    kind: str = Field(default="", max_length=20)  # normal | auto_reply | bounce | own
    from_addr: str = Field(default="", max_length=320)  # the sender, normalised
    subject: str = Field(default="", sa_type=Text)
    cc: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    ticket_id: int | None = Field(default=None, foreign_key="tickets.id", index=True)
    message_row_id: int | None = Field(default=None, foreign_key="messages.id")
    attempts: int = 1


class MailAttachment(Table, table=True):
    """A file that came with a customer's mail; the bytes are a :class:`RawBlob`."""

    __tablename__ = "attachments"
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    message_row_id: int | None = Field(default=None, foreign_key="messages.id", index=True)
    inbound_mail_id: int | None = Field(default=None, foreign_key="inbound_mails.id")
    filename: str = Field(default="", max_length=500)
    content_type: str = Field(default="application/octet-stream", max_length=200)
    size: int = 0
    sha256: str = Field(foreign_key="raw_blobs.sha256", max_length=64)
    inline: bool = False
    content_id: str | None = Field(default=None, max_length=998)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class ImapFolderState(Table, table=True):
    """How far an IMAP folder has been read: UIDs are only meaningful under one UIDVALIDITY."""

    __tablename__ = "imap_folders"
    __table_args__ = (UniqueConstraint("account", "folder", name="uq_imap_folder"),)
    id: int | None = Field(default=None, primary_key=True)
    account: str = Field(max_length=400)  # user@host:port
    folder: str = Field(max_length=400)
    uidvalidity: int = 0
    last_uid: int = 0
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class OutboundMail(Table, table=True):
    """One mail to the customer, written in the same transaction as the change that caused it.

    ``state``: queued → sending (claimed by one sender) → sent; a temporary failure is ``retrying``
    (``next_attempt_at`` says when), a permanent one or too many attempts ``failed`` (an agent retries
    it); ``unsent`` when there is nobody to send to (no address). ``message_id`` is fixed at enqueue
    (no angle brackets), so a retry is the same mail to the customer's client.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "state", "next_attempt_at"),)
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    message_row_id: int | None = Field(default=None, foreign_key="messages.id", index=True)
    kind: str = Field(max_length=30)  # reply | info_request | reminder | approval_request | solution | survey | ...
    language: str = Field(default="en", max_length=8)  # the ticket's language
    template_language: str = Field(default="en", max_length=8)  # the template used (differs: a visible fallback)
    to_addr: str = Field(default="", max_length=320)
    cc: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    subject: str = Field(default="", sa_type=Text)
    body: str = Field(default="", sa_type=Text)
    message_id: str = Field(unique=True, max_length=998)
    in_reply_to: str = Field(default="", max_length=998)
    references: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    auto: bool = False  # sent by the desk itself (reminder, notice): Auto-Submitted: auto-generated
    state: str = Field(default="queued", max_length=12)
    attempts: int = 0
    next_attempt_at: datetime | None = _dt()
    last_error: str = Field(default="", sa_type=Text)
    claimed_by: str = Field(default="", max_length=120)
    claimed_at: datetime | None = _dt()
    sent_at: datetime | None = _dt()
    sent_via: str = Field(default="", max_length=500)  # smtp://host:port or file:/path
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


def _guard_text_columns() -> None:
    """Last in this module, after every table: all text and JSON columns store only sanitized strings."""
    from agent_tui.store.cleaning import guard_text_columns

    guard_text_columns(SQLModel.metadata)


_guard_text_columns()
