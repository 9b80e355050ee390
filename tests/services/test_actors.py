"""Who may act: an unknown agent changes nothing; below a ticket's tier an agent may only add notes and facts."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from agent_tui.domain.escalation import Handover, Tier, check_may_act
from agent_tui.errors import ForbiddenTransition, NotFound
from agent_tui.domain.severity import Severity
from agent_tui.services import ticket_actions as ta
from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from agent_tui.services.imports import import_tickets
from agent_tui.store.models import AuditEvent, Customer, Ticket
from tests.conftest import FULL_CHECKLIST, new_ticket
from tests.services.helpers import audit_count

ESCALATION = Handover("reproduced on iOS", "cleared cache, reinstalled")

# Every action an agent takes on someone's ticket, as (name, call).
GHOST_ACTIONS = [
    ("reply", lambda c, n: ta.reply(c, n, "boo")),
    ("note", lambda c, n: ta.note(c, n, "boo")),
    ("request_info", lambda c, n: ta.request_info(c, n, "boo?")),
    ("severity", lambda c, n: ta.set_severity(c, n, Severity.CRITICAL, "because")),
    ("hold", lambda c, n: ta.hold(c, n, "waiting on the bank")),
    ("solve", lambda c, n: ta.solve(c, n, "fixed", "done")),
    ("close", lambda c, n: ta.close(c, n)),
    ("deescalate", lambda c, n: ta.deescalate(c, n, "back you go")),
    ("checklist", lambda c, n: ta.update_checklist(c, n, {"domain": "x.example"})),
    ("assign", lambda c, n: ta.assign(c, n, "alice")),
    ("create", lambda c, n: new_ticket(c)),
]


@pytest.fixture
def escalated(ctx):
    """A Tier 2 ticket alice escalated (bruno's queue)."""
    d = new_ticket(ctx, checklist=FULL_CHECKLIST)
    ta.assign(ctx, d.number)
    ta.escalate(ctx, d.number, "tier2", "potential_bug", ESCALATION)
    return d.number


class TestUnknownAgent:
    @pytest.mark.parametrize(("name", "act"), GHOST_ACTIONS, ids=[a[0] for a in GHOST_ACTIONS])
    def test_an_unknown_agent_changes_nothing(self, ctx, escalated, name, act):
        ghost = ctx.as_actor("ghost")
        before = audit_count(ctx)
        version = tq.get_ticket(ctx, escalated).row.version
        with pytest.raises(NotFound, match="unknown agent 'ghost'"):
            act(ghost, escalated)
        assert audit_count(ctx) == before
        assert tq.get_ticket(ctx, escalated).row.version == version
        with ctx.db.read() as s:
            assert s.exec(select(AuditEvent).where(AuditEvent.actor == "ghost")).first() is None

    def test_the_system_and_customers_still_act(self, ctx):
        customer = ctx.as_customer("jana@brightlane.example")
        d = new_ticket(customer)
        assert tq.get_ticket(ctx, d.number).events[0].actor == "jana@brightlane.example"
        ta.assign(ctx, d.number)
        ta.request_info(ctx, d.number, "Which browser?")
        back = ti.customer_message(ctx.as_actor("ghost"), d.number, "Safari", author="jana@brightlane.example")
        assert back.row.status == "open"  # the customer's words are never refused for who relayed them
        assert ta.note(ctx.as_actor("system"), d.number, "automated check").row.version > back.row.version


class TestTierRule:
    def test_a_higher_tier_may_work_a_lower_tiers_ticket(self, ctx):
        d = new_ticket(ctx)
        ta.assign(ctx, d.number)
        bruno = ctx.as_actor("bruno")  # Tier 2 covering for Tier 1
        ta.reply(bruno, d.number, "Looking at it for alice.")
        assert ta.solve(bruno, d.number, "fixed", "cache cleared").row.status == "solved"

    @pytest.mark.parametrize(("what", "act"), [
        ("reply to", lambda c, n: ta.reply(c, n, "hi")),
        ("request information on", lambda c, n: ta.request_info(c, n, "which?")),
        ("hold", lambda c, n: ta.hold(c, n, "bank")),
        ("change the severity of", lambda c, n: ta.set_severity(c, n, Severity.CRITICAL, "r")),
        ("solve", lambda c, n: ta.solve(c, n, "fixed", "x")),
        ("de-escalate", lambda c, n: ta.deescalate(c, n, "x")),
    ])
    def test_a_lower_tier_cannot_speak_for_a_higher_tiers_ticket(self, ctx, escalated, what, act):
        bob = ctx.as_actor("bob")  # Tier 1, not the escalating agent
        before = audit_count(ctx)
        with pytest.raises(ForbiddenTransition, match=f"Cannot {what} ticket #{escalated}: it is with Tier 2"):
            act(bob, escalated)
        assert audit_count(ctx) == before

    def test_a_lower_tier_may_still_add_notes_and_facts(self, ctx, escalated):
        bob = ctx.as_actor("bob")
        ta.note(bob, escalated, "the customer called again")
        d = ta.update_checklist(bob, escalated, {"environment": "iOS 17.4"})
        assert d.checklist["environment"] == "iOS 17.4"

    def test_the_rule_in_the_domain(self):
        check_may_act("bruno", Tier.TIER2, 1, Tier.TIER1, "reply to")
        check_may_act("erik", Tier.ENGINEERING, 1, Tier.TIER2, "solve")
        with pytest.raises(ForbiddenTransition, match="only Engineering or above"):
            check_may_act("bruno", Tier.TIER2, 7, Tier.ENGINEERING, "solve")


class TestUnstorableText:
    """Lone surrogates and NUL from any source never reach the database or break a later read."""

    def test_surrogates_and_nul_in_an_import_are_stored_as_placeholders(self, ctx, tmp_path):
        rows = [{"external_id": "X-1", "subject": "Bad \ud800 subject\u0000", "description": "nul \u0000 here",
                 "customer_email": "s@example.com", "customer_name": "Sur\udc00rogate\u0000",
                 "company": "Nul\u0000 Ltd", "tags": "ok;b\ud83dd;n\u0000ul", "language": "e\u0000n"}]
        path = tmp_path / "t.json"
        path.write_text(json.dumps(rows), encoding="utf-8")  # json escapes keep the surrogate in the file
        report = import_tickets(ctx, path)
        assert report.created == 1
        d = tq.get_ticket(ctx, report.numbers[0])
        with ctx.db.read() as s:
            t = s.exec(select(Ticket).where(Ticket.number == d.number)).one()
            c = s.get(Customer, t.customer_id)
            stored = [t.subject, t.description, t.language, *t.tags, c.name, c.company]
        for text in stored:
            assert not any(0xD800 <= ord(ch) < 0xE000 for ch in text), stored
            assert "\x00" not in text, stored
        json.dumps(stored, ensure_ascii=False).encode("utf-8")  # a later export can encode every field
        assert "b\ufffdd" in stored and "n\u2400ul" in stored


def test_the_system_name_is_reserved_for_timers_and_imports(ctx):
    from agent_tui.errors import InvalidInput
    from agent_tui.services import agents

    for name in ("system", "System"):
        with pytest.raises(InvalidInput, match="reserved for the system"):
            agents.upsert_agent(ctx, name, "tier2")
