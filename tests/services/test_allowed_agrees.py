"""The ticket detail's allowed actions are exactly what the services then do or refuse.

For tickets in every status and tier, seen by agents of each tier, each listed action is tried
on the real service: a listed-allowed action goes through, a listed-forbidden one is refused with
the very reason the listing gave (the footer, ``?`` and the palette show that reason).
"""

from __future__ import annotations

import pytest

from agent_tui.domain import escalation as esc
from agent_tui.domain.lifecycle import Action
from agent_tui.domain.severity import Severity
from agent_tui.errors import ForbiddenTransition
from agent_tui.services import ticket_actions as ta
from agent_tui.services import ticket_queries as tq
from agent_tui.services.context import Context
from tests.conftest import FULL_CHECKLIST, new_ticket

HANDOVER = esc.Handover(findings="f", steps_taken="s", workaround="w", logs="l")


def make(ctx: Context, shape: str) -> int:
    """A ticket in a given shape, built through the services."""
    t = new_ticket(ctx, checklist=FULL_CHECKLIST).number
    if shape == "new":
        return t
    ta.assign(ctx, t)
    if shape == "pending":
        ta.request_info(ctx, t, "Which version?")
    elif shape == "on_hold":
        ta.hold(ctx, t, "vendor")
    elif shape == "approval":
        ta.propose_solution(ctx, t, "Reinstall", hotfix=False)
    elif shape == "solved":
        ta.solve(ctx, t, "fixed")
    elif shape == "closed":
        ta.solve(ctx, t, "fixed")
        ta.close(ctx, t)
    elif shape == "tier2":
        ta.escalate(ctx, t, "tier2", "potential_bug", HANDOVER)
    return t


def _escalate(ctx: Context, number: int) -> None:
    target = esc.next_tier(esc.Tier(tq.get_ticket(ctx, number).row.tier))
    criterion = next(iter(esc.CRITERIA[target])) if target else "potential_bug"
    ta.escalate(ctx, number, target.value if target else "tier2", criterion, HANDOVER)


def _other_severity(ctx: Context, number: int) -> Severity:
    now = Severity(tq.get_ticket(ctx, number).row.severity)
    return next(s for s in Severity if s is not now)


def attempt(ctx: Context, action: Action, number: int) -> None:
    calls = {
        Action.ASSIGN: lambda: ta.assign(ctx, number),
        Action.REPLY: lambda: ta.reply(ctx, number, "Hello"),
        Action.NOTE: lambda: ta.note(ctx, number, "n"),
        Action.REQUEST_INFO: lambda: ta.request_info(ctx, number, "More?"),
        Action.HOLD: lambda: ta.hold(ctx, number, "vendor"),
        Action.PROPOSE_SOLUTION: lambda: ta.propose_solution(ctx, number, "Try", hotfix=False),
        Action.APPROVE: lambda: ta.approve(ctx, number),
        Action.RESUME: lambda: ta.resume(ctx, number),
        Action.ESCALATE: lambda: _escalate(ctx, number),
        Action.DEESCALATE: lambda: ta.deescalate(ctx, number, "done"),
        Action.SOLVE: lambda: ta.solve(ctx, number, "fixed"),
        Action.REOPEN: lambda: ta.reopen(ctx, number),
        Action.CLOSE: lambda: ta.close(ctx, number),
        Action.SET_SEVERITY: lambda: ta.set_severity(ctx, number, _other_severity(ctx, number), "customer is blocked"),
        Action.UPDATE_CHECKLIST: lambda: ta.update_checklist(ctx, number, {"environment": "macOS 15"}),
    }
    calls[action]()


SHAPES = ["new", "open", "pending", "on_hold", "approval", "solved", "closed", "tier2"]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("who", ["alice", "bruno"])
def test_listing_matches_the_services(ctx: Context, shape: str, who: str, db, clock):
    viewer = Context(db, clock, who)
    for action in [a for a in Action if a in {
            Action.ASSIGN, Action.REPLY, Action.NOTE, Action.REQUEST_INFO, Action.HOLD, Action.PROPOSE_SOLUTION,
            Action.APPROVE, Action.RESUME, Action.ESCALATE, Action.DEESCALATE, Action.SOLVE, Action.REOPEN,
            Action.CLOSE, Action.SET_SEVERITY, Action.UPDATE_CHECKLIST}]:
        number = make(ctx, shape)  # a fresh ticket per action: each try may change it
        listed = {v.action: v for v in tq.get_ticket(viewer, number).actions}[action.value]
        try:
            attempt(viewer, action, number)
        except ForbiddenTransition as exc:
            assert not listed.allowed, f"{shape}/{who}: {action} listed allowed but refused: {exc.message}"
            assert listed.reason == exc.message, f"{shape}/{who}: {action}"
        else:
            assert listed.allowed, f"{shape}/{who}: {action} listed forbidden ({listed.reason}) but went through"
