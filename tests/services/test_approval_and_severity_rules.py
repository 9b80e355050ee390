"""Rules the seeds set, enforced in the services: SupraTix's approval gate (seed 001) and
Tap Inspect's severity override with its reason (seed 000)."""

from __future__ import annotations

import pytest

from agent_tui.domain.severity import Severity
from agent_tui.errors import ForbiddenTransition, InvalidInput
from agent_tui.services import ticket_actions as ta
from agent_tui.services import intake as ti
from agent_tui.services import ticket_queries as tq
from tests.conftest import new_ticket


def opened(ctx, **kw):
    d = new_ticket(ctx, **kw)
    return ta.assign(ctx, d.number)


def allowed(detail, action: str) -> tuple[bool, str]:
    view = next(a for a in detail.actions if a.action == action)
    return view.allowed, view.reason


def event(detail, action: str):
    return [e for e in detail.events if e.action == action][-1]


class TestApprovalGate:
    def test_a_solution_awaiting_approval_cannot_be_solved_and_the_reason_is_named(self, ctx):
        d = opened(ctx)
        d = ta.propose_solution(ctx, d.number, "Migrate the account to the new region", hotfix=False)
        with pytest.raises(ForbiddenTransition, match="approval") as info:
            ta.solve(ctx, d.number, "fixed", "migrated")
        assert "hotfix" in info.value.message
        after = tq.get_ticket(ctx, d.number)
        assert after.row.status == "on_hold" and after.outcome is None and after.row.version == d.row.version

    def test_the_ticket_screen_is_told_solve_is_refused_while_awaiting_approval(self, ctx):
        d = opened(ctx)
        assert allowed(d, "solve")[0]
        d = ta.propose_solution(ctx, d.number, "Migrate the account", hotfix=False)
        ok, why = allowed(d, "solve")
        assert not ok and "approval" in why
        assert allowed(d, "approve")[0]

    def test_after_the_approval_is_recorded_solving_works(self, ctx):
        d = opened(ctx)
        ta.propose_solution(ctx, d.number, "Migrate the account", hotfix=False)
        d = ta.approve(ctx, d.number, "Customer said yes by phone")
        assert allowed(d, "solve")[0]
        d = ta.solve(ctx, d.number, "fixed", "migrated")
        assert d.row.status == "solved"
        solved = event(d, "solved")
        assert solved.details["hotfix"] is False and solved.details["approved"] is True

    def test_a_hotfix_needs_no_approval_and_solves_at_once(self, ctx):
        d = opened(ctx)
        d = ta.propose_solution(ctx, d.number, "Cleared the CDN cache", hotfix=True)
        assert allowed(d, "solve")[0]
        d = ta.solve(ctx, d.number, "fixed", "cache cleared")
        assert d.row.status == "solved"
        assert event(d, "solved").details["hotfix"] is True
        assert "approved" not in event(d, "solved").details

    def test_the_audit_records_whether_a_proposal_was_a_hotfix(self, ctx):
        a = opened(ctx)
        a = ta.propose_solution(ctx, a.number, "Cleared the CDN cache", hotfix=True)
        b = opened(ctx)
        b = ta.propose_solution(ctx, b.number, "Migrate the account", hotfix=False)
        assert event(a, "solution_proposed").details["hotfix"] is True
        assert event(b, "solution_proposed").details["hotfix"] is False

    def test_a_solve_without_any_proposal_says_nothing_about_hotfixes(self, ctx):
        d = ta.solve(ctx, opened(ctx).number, "workaround", "use the web export")
        assert "hotfix" not in event(d, "solved").details

    def test_a_customer_writing_while_approval_is_pending_does_not_lift_the_gate(self, ctx):
        d = opened(ctx)
        ta.propose_solution(ctx, d.number, "Migrate the account", hotfix=False)
        d = ti.customer_message(ctx.as_actor("system"), d.number, "What does migrating mean for us?")
        assert d.row.status == "open" and d.awaiting_approval
        ok, why = allowed(d, "solve")
        assert not ok and "approval" in why
        with pytest.raises(ForbiddenTransition, match="approval"):
            ta.solve(ctx, d.number, "fixed")
        d = ta.approve(ctx, d.number, "They agreed in their next mail")
        assert d.row.status == "open" and not d.awaiting_approval and allowed(d, "solve")[0]
        assert ta.solve(ctx, d.number, "fixed").row.status == "solved"

    def test_a_hotfix_proposed_instead_replaces_the_pending_approval(self, ctx):
        d = opened(ctx)
        ta.propose_solution(ctx, d.number, "Migrate the account", hotfix=False)
        d = ti.customer_message(ctx.as_actor("system"), d.number, "Is there anything quicker?")
        d = ta.propose_solution(ctx, d.number, "Cleared the CDN cache instead", hotfix=True)
        assert allowed(d, "solve")[0]
        assert event(ta.solve(ctx, d.number, "fixed"), "solved").details["hotfix"] is True


class TestSeverityOverride:
    @pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
    def test_an_override_without_a_reason_is_refused_and_changes_nothing(self, ctx, reason):
        d = opened(ctx)
        with pytest.raises(InvalidInput, match="reason"):
            ta.set_severity(ctx, d.number, Severity.CRITICAL, reason)
        after = tq.get_ticket(ctx, d.number)
        assert after.row.severity == d.row.severity and not after.severity_overridden
        assert after.row.version == d.row.version

    def test_an_override_with_a_reason_is_recorded(self, ctx):
        d = opened(ctx)
        d = ta.set_severity(ctx, d.number, Severity.CRITICAL, "  cannot publish any report  ")
        assert d.row.severity == "critical"
        assert event(d, "severity_overridden").details["reason"] == "cannot publish any report"


def test_the_migration_marks_tickets_already_on_an_approval_hold_as_owing_it(ctx):
    from alembic import command

    from agent_tui.store.migrate import alembic_config, upgrade

    waiting = opened(ctx)
    ta.propose_solution(ctx, waiting.number, "Migrate the account", hotfix=False)
    other = ta.hold(ctx, opened(ctx).number, "waiting on the carrier")
    cfg = alembic_config()
    with ctx.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")  # the store as it was before the column existed
    upgrade(ctx.db)
    assert tq.get_ticket(ctx, waiting.number).awaiting_approval
    assert not tq.get_ticket(ctx, other.number).awaiting_approval
    with pytest.raises(ForbiddenTransition, match="approval"):
        ta.solve(ctx, waiting.number, "fixed")
