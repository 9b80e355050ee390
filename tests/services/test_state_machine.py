"""Random agent days over the services (SQLite only: slow on PostgreSQL), checking the promises after every step.

Invariants: closed tickets never change; solved/closed tickets have an outcome and an assignee; every status
change is in the audit trail (the status_changed events chain from 'new' to the current status); the SLA clock
never counts paused time; a timer fires at most once per (ticket, kind, due); a second sweep changes nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import func
from sqlmodel import select

from agent_tui.domain.clock import FixedClock
from agent_tui.domain.escalation import Handover
from agent_tui.domain.lifecycle import Outcome
from agent_tui.domain.severity import Severity
from agent_tui.errors import AgentTuiError
from agent_tui.services import Context
from agent_tui.services import agents as agent_svc
from agent_tui.services import config_store
from agent_tui.services import ticket_actions as ta
from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from agent_tui.services.demo import install_shipped_presets
from agent_tui.services.sweep import sweep
from agent_tui.store.db import open_database, sqlite_url
from agent_tui.store.models import AuditEvent, Message, Ticket, Timer
from tests.conftest import AGENTS, FULL_CHECKLIST, T0, _migrated_sqlite_template
from tests.services.helpers import audit_count

NAMES = [name for name, _ in AGENTS]
OUTCOMES = [o.value for o in Outcome if o is not Outcome.NO_CUSTOMER_RESPONSE]
HANDOVER = Handover(findings="found it", steps_taken="tried things")
SUBJECTS = ["Export shows wrong totals", "Cannot publish the report", "How do I change my invoice?",
            "Sync stuck since Monday", "Wir können nicht veröffentlichen", "Hello"]


class HelpdeskMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="agent-tui-machine-"))
        shutil.copyfile(_migrated_sqlite_template(), self.dir / "m.db")
        self.db = open_database(sqlite_url(self.dir / "m.db"))
        self.clock = FixedClock(T0)
        system = Context(self.db, self.clock, "system")
        install_shipped_presets(system)
        for name, tier in AGENTS:
            agent_svc.upsert_agent(system, name, tier)
        self.system = system
        self.numbers: list[int] = []
        self.closed: dict[int, tuple] = {}

    def teardown(self) -> None:
        self.db.dispose()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ------------------------------------------------------------ helpers

    def ctx(self, who: str) -> Context:
        return self.system.as_actor(who)

    def pick(self, i: int) -> int:
        return self.numbers[i % len(self.numbers)]

    def attempt(self, number: int | None, action) -> None:
        """Run a service call; a refusal must leave the ticket exactly as it was."""
        before = self._snapshot(number) if number is not None else None
        try:
            action()
        except AgentTuiError:
            if number is not None:
                assert self._snapshot(number) == before, "a refused action changed the ticket"
        if number is not None:
            detail = tq.get_ticket(self.system, number)
            if detail.row.status == "closed" and number not in self.closed:
                self.closed[number] = self._snapshot(number)

    def _snapshot(self, number: int) -> tuple:
        with self.db.read() as s:
            t = s.exec(select(Ticket).where(Ticket.number == number)).one()
            # Audit events are left out: a closed ticket's trail records the follow-up it led to.
            messages = s.exec(select(func.count()).select_from(Message).where(Message.ticket_id == t.id)).one()
            return (t.status, t.version, t.assignee_id, t.tier, t.outcome, t.severity, t.resolution_due,
                    t.sla_paused_at, dict(t.checklist or {}), t.updated_at, messages)

    # ------------------------------------------------------------ rules

    @rule(subject=st.sampled_from(SUBJECTS), premium=st.booleans(), policy=st.sampled_from(["standard", "auditcase"]))
    def create(self, subject, premium, policy):
        config_store.use_policy(self.system, policy)
        d = ti.create_ticket(self.system.as_customer("jana@example.com"), subject, "details",
                             ti.CustomerInput(email=f"c{len(self.numbers)}@example.com",
                                              plan="premium" if premium else "standard"))
        self.numbers.append(d.number)

    @precondition(lambda self: self.numbers)
    @rule(who=st.sampled_from(NAMES))
    def take_next(self, who):
        self.attempt(None, lambda: ta.take_next(self.ctx(who)))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50), who=st.sampled_from(NAMES), to=st.sampled_from(NAMES))
    def assign(self, i, who, to):
        n = self.pick(i)
        self.attempt(n, lambda: ta.assign(self.ctx(who), n, to))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50), who=st.sampled_from(NAMES))
    def reply(self, i, who):
        n = self.pick(i)
        self.attempt(n, lambda: ta.reply(self.ctx(who), n, "Here is what we found."))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50))
    def note(self, i):
        n = self.pick(i)
        self.attempt(n, lambda: ta.note(self.ctx("alice"), n, "internal"))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50))
    def request_info(self, i):
        n = self.pick(i)
        self.attempt(n, lambda: ta.request_info(self.ctx("alice"), n, "Which browser?"))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50))
    def customer_message(self, i):
        n = self.pick(i)
        before = len(self.numbers)

        def act():
            d = ti.customer_message(self.system, n, "Any news?")
            if d.number != n:
                assert d.follow_up_of == n
                self.numbers.append(d.number)

        if n in self.closed:
            act()
            assert len(self.numbers) == before + 1
        else:
            self.attempt(n, act)

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50))
    def hold(self, i):
        n = self.pick(i)
        self.attempt(n, lambda: ta.hold(self.ctx("alice"), n, "waiting on the carrier"))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50))
    def resume(self, i):
        n = self.pick(i)
        self.attempt(n, lambda: ta.resume(self.ctx("alice"), n))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50), hotfix=st.booleans())
    def propose(self, i, hotfix):
        n = self.pick(i)
        self.attempt(n, lambda: ta.propose_solution(self.ctx("alice"), n, "restart the sync", hotfix=hotfix))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50))
    def approve(self, i):
        n = self.pick(i)
        self.attempt(n, lambda: ta.approve(self.ctx("alice"), n))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50), who=st.sampled_from(NAMES))
    def escalate(self, i, who):
        n = self.pick(i)
        self.attempt(n, lambda: ta.update_checklist(self.ctx(who), n, FULL_CHECKLIST))
        tier = tq.get_ticket(self.system, n).row.tier
        target, criterion = ("tier2", "potential_bug") if tier == "tier1" else ("engineering", "code_change")
        self.attempt(n, lambda: ta.escalate(self.ctx(who), n, target, criterion, HANDOVER))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50), who=st.sampled_from(NAMES))
    def deescalate(self, i, who):
        n = self.pick(i)
        self.attempt(n, lambda: ta.deescalate(self.ctx(who), n, "fixed upstream"))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50), outcome=st.sampled_from(OUTCOMES))
    def solve(self, i, outcome):
        n = self.pick(i)
        self.attempt(n, lambda: ta.solve(self.ctx("alice"), n, outcome, "done"))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50))
    def reopen(self, i):
        n = self.pick(i)
        self.attempt(n, lambda: ta.reopen(self.ctx("alice"), n, "not fixed"))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50))
    def close(self, i):
        n = self.pick(i)
        self.attempt(n, lambda: ta.close(self.ctx("alice"), n))

    @precondition(lambda self: self.numbers)
    @rule(i=st.integers(0, 50), severity=st.sampled_from(list(Severity)))
    def set_severity(self, i, severity):
        n = self.pick(i)
        self.attempt(n, lambda: ta.set_severity(self.ctx("alice"), n, severity, "customer says so"))

    @rule(hours=st.integers(1, 24 * 16))
    def advance_and_sweep(self, hours):
        self.clock.advance(timedelta(hours=hours))
        sweep(self.system)
        count = audit_count(self.system)
        assert sweep(self.system).total == 0, "a second sweep at the same instant fired again"
        assert audit_count(self.system) == count
        for n in self.numbers:
            if n not in self.closed and tq.get_ticket(self.system, n).row.status == "closed":
                self.closed[n] = self._snapshot(n)

    # ------------------------------------------------------------ invariants

    @invariant()
    def closed_tickets_never_change(self):
        for n, snap in self.closed.items():
            assert self._snapshot(n) == snap, f"closed ticket #{n} changed"

    @invariant()
    def solved_and_closed_have_outcome_and_assignee(self):
        with self.db.read() as s:
            for t in s.exec(select(Ticket).where(Ticket.status.in_(["solved", "closed"]))):
                assert t.outcome and t.assignee_id is not None, f"#{t.number} {t.status} without outcome/assignee"

    @invariant()
    def every_status_change_is_audited(self):
        with self.db.read() as s:
            for t in s.exec(select(Ticket)):
                chain = s.exec(select(AuditEvent.before, AuditEvent.after).where(
                    AuditEvent.ticket_id == t.id, AuditEvent.action == "status_changed").order_by(AuditEvent.id)).all()
                status = "new"
                for before, after in chain:
                    assert before == status, f"#{t.number}: audit chain broken at {before}→{after}"
                    status = after
                assert status == t.status, f"#{t.number} is {t.status} but the audit trail ends at {status}"

    @invariant()
    def the_sla_never_counts_paused_time(self):
        # Business-hour accounting (issue #6): a running ticket's resolution due is its running segment's
        # start + (target - business minutes already used), and the minutes used never exceed the
        # business time since creation (paused time never counts).
        from agent_tui.domain.calendar import add_business_minutes, business_minutes_between

        with self.db.read() as s:
            for t in s.exec(select(Ticket).where(Ticket.sla_paused_at.is_(None))):
                cal = config_store.load_calendar(s, t.sla_calendar)
                since = t.sla_running_since
                assert since is not None, f"#{t.number} runs without a running segment"
                # Minutes used stay used when a severity/policy change moves the ticket to another
                # calendar, so bound them by the business time of every calendar it has run on.
                calendars = {t.sla_calendar}
                for e in s.exec(select(AuditEvent).where(AuditEvent.ticket_id == t.id)):
                    calendars.update(c for c in (e.details.get("sla_calendar") or []) if c)
                elapsed = sum(business_minutes_between(config_store.load_calendar(s, name), t.created_at, since)
                              for name in calendars)
                assert t.sla_business_min <= elapsed + 1e-6, (
                    f"#{t.number}: {t.sla_business_min} business minutes used of {elapsed} elapsed")
                left = t.resolution_target_min - t.sla_business_min
                # issue 16: a deadline that has passed never moves (not by a later retarget either), and due
                # times are whole minutes, rounded up
                if left >= 0 and t.resolution_due > self.clock.now():
                    expected = add_business_minutes(cal, since, left)
                    assert 0 <= (t.resolution_due - expected).total_seconds() < 60, (
                        f"#{t.number}: resolution due {t.resolution_due}, expected {expected}")

    @invariant()
    def a_timer_fires_at_most_once(self):
        with self.db.read() as s:
            dupes = s.exec(select(Timer.ticket_id, Timer.kind, Timer.due_at, func.count()).where(
                Timer.state == "fired").group_by(Timer.ticket_id, Timer.kind, Timer.due_at)
                .having(func.count() > 1)).all()
            assert not dupes, dupes
            sla_twice = s.exec(select(Timer.ticket_id, Timer.kind, func.count()).where(
                Timer.state == "fired", Timer.kind.in_(["first_response_warning", "first_response_breach",
                                                         "resolution_warning", "resolution_breach"]))
                .group_by(Timer.ticket_id, Timer.kind).having(func.count() > 1)).all()
            assert not sla_twice, sla_twice


HelpdeskMachine.TestCase.settings = settings(
    max_examples=20, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TestHelpdeskMachine = HelpdeskMachine.TestCase
