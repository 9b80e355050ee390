"""Which actions an agent may take on a ticket now — the one place that decides it.

A function of the ticket's state (:class:`~agent_tui.domain.lifecycle.TicketState`), the acting
agent's tier and the hand-over checklist. The services refuse with it (``require``), the ticket
detail lists it (``allowed_actions``) and from that list the ticket screen's footer, ``?`` help,
command palette, the escalation form and ``agent-tui ticket show`` show what is possible and why
not. Three rules meet here:

1. the lifecycle (``lifecycle.next_status``: which status allows which action);
2. the tier rule (seed 003): only an agent of the ticket's tier or above may act on it — a
   lower tier may still add notes and fill in the checklist;
3. assignment: a ticket goes to an agent of exactly its tier; a reply to a new, unassigned
   ticket takes it for the replying agent of that tier; escalation needs a next tier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from agent_tui.domain import escalation as esc
from agent_tui.domain.checklist import ChecklistField, missing_text
from agent_tui.domain.lifecycle import Action, Status, TicketState, is_allowed
from agent_tui.errors import ForbiddenTransition
from agent_tui.i18n import N_, _


@dataclass(frozen=True)
class Actor:
    """Who acts: an agent's name and tier; ``tier`` None for the system or a customer (no tier rule)."""

    name: str
    tier: esc.Tier | None = None


# The actions only an agent of the ticket's tier or above may take, with the verb the refusal names.
TIER_RULE: dict[Action, str] = {
    Action.REPLY: N_("reply to"),
    Action.REQUEST_INFO: N_("request information on"),
    Action.HOLD: N_("hold"),
    Action.PROPOSE_SOLUTION: N_("propose a solution for"),
    Action.APPROVE: N_("record approval on"),
    Action.RESUME: N_("resume"),
    Action.SET_SEVERITY: N_("change the severity of"),
    Action.ESCALATE: N_("escalate"),
    Action.DEESCALATE: N_("de-escalate"),
    Action.SOLVE: N_("solve"),
    Action.REOPEN: N_("reopen"),
    Action.CLOSE: N_("close"),
}

# The actions a ticket's detail lists (what an agent can do from its screen), in that order.
SHOWN: tuple[Action, ...] = (
    Action.ASSIGN, Action.REPLY, Action.NOTE, Action.REQUEST_INFO, Action.HOLD, Action.PROPOSE_SOLUTION,
    Action.APPROVE, Action.RESUME, Action.ESCALATE, Action.DEESCALATE, Action.SOLVE, Action.REOPEN,
    Action.CLOSE, Action.CUSTOMER_MESSAGE, Action.SET_SEVERITY, Action.UPDATE_CHECKLIST,
)

# Parameters the listing assumes: any outcome, a reason given, not a hotfix (the forms ask for them).
_LISTING_PARAMS: dict[str, object] = {"outcome": "fixed", "reason": "x", "hotfix": False}


@dataclass(frozen=True)
class Allowed:
    action: Action
    allowed: bool
    reason: str = ""  # why not; or, when allowed, what still stands in the way (escalation's checklist)


def require_tier(action: Action, state: TicketState, actor: Actor) -> None:
    """Refuse (``ForbiddenTransition``) an action the tier rule forbids this actor."""
    verb = TIER_RULE.get(action)
    if verb is None or actor.tier is None:
        return
    esc.check_may_act(actor.name, actor.tier, state.number or 0, esc.Tier(state.tier), verb)


def require_assignable(state: TicketState, agent: str, agent_tier: esc.Tier) -> None:
    """A ticket is assigned only to an agent who works exactly its tier."""
    if agent_tier.value != state.tier:
        raise ForbiddenTransition(
            _("Cannot assign ticket #{number} to {agent}: the ticket is at {tier}, {agent} works {agent_tier}.")
            .format(number=state.number, agent=agent, tier=_(esc.Tier(state.tier).label),
                    agent_tier=_(agent_tier.label))
        )


def takes_on_reply(state: TicketState, actor: Actor) -> bool:
    """A reply to a new, unassigned ticket takes it for the replying agent of its tier."""
    return (state.status is Status.NEW and not state.assignee and actor.tier is not None
            and actor.tier.value == state.tier)


def allowed_now(action: Action, state: TicketState, actor: Actor,
                checklist_missing: Sequence[ChecklistField] = ()) -> Allowed:
    """Whether ``actor`` may take ``action`` on the ticket now, and why not (``checklist_missing``:
    the policy's checklist fields still empty, named while the escalation form still opens)."""
    try:
        require_tier(action, state, actor)
    except ForbiddenTransition as exc:
        return Allowed(action, False, exc.message)
    ok, why = is_allowed(action, state, assignee=actor.name, **_LISTING_PARAMS)
    if ok and action is Action.ASSIGN and actor.tier is not None:
        try:
            require_assignable(state, actor.name, actor.tier)
        except ForbiddenTransition as exc:
            return Allowed(action, False, exc.message)
    if action is Action.REPLY and not ok and takes_on_reply(state, actor):
        ok, why = True, ""
    if ok and action is Action.ESCALATE:
        current = esc.Tier(state.tier)
        if esc.next_tier(current) is None:
            return Allowed(action, False, _("Cannot escalate: already at {tier}.").format(tier=_(current.label)))
        if checklist_missing:
            why = _("Checklist incomplete: {fields}").format(fields=missing_text(checklist_missing))
    return Allowed(action, ok, why)


def allowed_actions(state: TicketState, actor: Actor,
                    checklist_missing: Sequence[ChecklistField] = ()) -> list[Allowed]:
    """Every action of :data:`SHOWN`, allowed or not, with the reason."""
    return [allowed_now(action, state, actor, checklist_missing) for action in SHOWN]
