"""The ticket lifecycle: one table of allowed transitions, plus guards.

Statuses (seed 004: Open → assigned → "awaiting your reply" → Solved; seed 001:
waiting for the client's approval; seed 002: waiting on a third party):

    new      → open      assign
    open     → pending   request_info           (awaiting the customer)
    open     → on_hold   hold / propose_solution (third party, or approval, seed 001)
    on_hold  → open      approve (approval) / resume (other reasons)
    open     → open      approve (the customer wrote while the approval was owed, then approved)
    pending, on_hold, solved → open   customer_message (seed 000: back to the original agent)
    open, pending, on_hold   → solved solve (needs assignee and outcome; refused while a non-hotfix
                                          solution waits for the customer's approval, seed 001)
    pending  → solved    auto_solve (timer, seed 000: 3 days)
    pending  → closed    auto_close (timer, seed 004: closed after 14 days without an answer)
    solved   → open      reopen
    solved   → closed    close / auto_close (timer)
    closed   is final: a customer writing again gets a follow-up ticket — except that a ticket closed
             for want of the customer's answer re-opens when they answer after all (seed 004:
             "U kunt deze overigens heropenen door erop te reageren").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from agent_tui.errors import ForbiddenTransition
from agent_tui.i18n import N_, _


class Status(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    ON_HOLD = "on_hold"
    SOLVED = "solved"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"on_hold": "on hold"}.get(self.value, self.value)


class HoldKind(StrEnum):
    THIRD_PARTY = "third_party"
    APPROVAL = "approval"  # seed 001: a non-hotfix solution waits for the client's go-ahead
    OTHER = "other"


class Outcome(StrEnum):
    """How a ticket was resolved; the customer is always told which (seed 002)."""

    FIXED = "fixed"
    WORKAROUND = "workaround"
    ANSWERED_WITH_ARTICLE = "answered_with_article"
    ADDED_TO_ROADMAP = "added_to_roadmap"
    CANNOT_REPRODUCE = "cannot_reproduce"
    THIRD_PARTY = "third_party"
    DUPLICATE = "duplicate"
    NO_CUSTOMER_RESPONSE = "no_customer_response"  # auto-solved by the pending timer


class Action(StrEnum):
    ASSIGN = "assign"
    REPLY = "reply"
    NOTE = "note"
    REQUEST_INFO = "request_info"
    CUSTOMER_MESSAGE = "customer_message"
    HOLD = "hold"
    PROPOSE_SOLUTION = "propose_solution"
    APPROVE = "approve"
    RESUME = "resume"
    ESCALATE = "escalate"
    DEESCALATE = "deescalate"
    SOLVE = "solve"
    AUTO_SOLVE = "auto_solve"
    REOPEN = "reopen"
    CLOSE = "close"
    AUTO_CLOSE = "auto_close"
    SURVEY = "survey"
    SET_SEVERITY = "set_severity"
    UPDATE_CHECKLIST = "update_checklist"


S = Status
_WORKING = (S.OPEN, S.PENDING, S.ON_HOLD)
_NOT_CLOSED = (S.NEW, S.OPEN, S.PENDING, S.ON_HOLD, S.SOLVED)


def _same(*statuses: Status) -> dict[Status, Status]:
    return {s: s for s in statuses}


# The one table: action -> {from status: to status}. Anything absent is forbidden.
TRANSITIONS: Mapping[Action, Mapping[Status, Status]] = {
    Action.ASSIGN: {S.NEW: S.OPEN, **_same(*_WORKING)},
    Action.REPLY: _same(*_WORKING),
    Action.NOTE: _same(*_NOT_CLOSED),
    Action.REQUEST_INFO: {S.OPEN: S.PENDING, S.PENDING: S.PENDING},
    Action.CUSTOMER_MESSAGE: {S.NEW: S.NEW, S.OPEN: S.OPEN, S.PENDING: S.OPEN, S.ON_HOLD: S.OPEN, S.SOLVED: S.OPEN,
                              S.CLOSED: S.OPEN},  # closed: only when it timed out waiting (guard)
    Action.HOLD: {S.OPEN: S.ON_HOLD},
    Action.PROPOSE_SOLUTION: {S.OPEN: S.ON_HOLD},  # a hotfix does not change status (see guard)
    Action.APPROVE: {S.ON_HOLD: S.OPEN, S.OPEN: S.OPEN},
    Action.RESUME: {S.ON_HOLD: S.OPEN},
    Action.ESCALATE: {S.OPEN: S.OPEN},
    Action.DEESCALATE: {S.OPEN: S.OPEN},
    Action.SOLVE: {s: S.SOLVED for s in _WORKING},
    Action.AUTO_SOLVE: {S.PENDING: S.SOLVED},
    Action.REOPEN: {S.SOLVED: S.OPEN},
    Action.CLOSE: {S.SOLVED: S.CLOSED},
    Action.AUTO_CLOSE: {S.SOLVED: S.CLOSED, S.PENDING: S.CLOSED},  # pending: the policy's pending_timeout
    Action.SURVEY: _same(S.SOLVED, S.CLOSED),
    Action.SET_SEVERITY: _same(*_NOT_CLOSED),
    Action.UPDATE_CHECKLIST: _same(*_NOT_CLOSED),
}

_HUMAN = {
    Action.ASSIGN: N_("assign"),
    Action.REPLY: N_("reply"),
    Action.NOTE: N_("add a note"),
    Action.REQUEST_INFO: N_("request information"),
    Action.CUSTOMER_MESSAGE: N_("add a customer message"),
    Action.HOLD: N_("put on hold"),
    Action.PROPOSE_SOLUTION: N_("propose a solution"),
    Action.APPROVE: N_("record approval"),
    Action.RESUME: N_("resume"),
    Action.ESCALATE: N_("escalate"),
    Action.DEESCALATE: N_("de-escalate"),
    Action.SOLVE: N_("solve"),
    Action.AUTO_SOLVE: N_("auto-solve"),
    Action.REOPEN: N_("reopen"),
    Action.CLOSE: N_("close"),
    Action.AUTO_CLOSE: N_("auto-close"),
    Action.SURVEY: N_("record a survey"),
    Action.SET_SEVERITY: N_("change severity"),
    Action.UPDATE_CHECKLIST: N_("update the checklist"),
}


def human(action: Action) -> str:
    """The action as a verb phrase in the agent's language ("put on hold")."""
    return _(_HUMAN[action])


@dataclass(frozen=True)
class TicketState:
    """What the guards need to know about a ticket."""

    status: Status
    assignee: str | None = None
    tier: str = "tier1"
    hold_kind: HoldKind | None = None
    number: int | None = None
    awaiting_approval: bool = False  # a non-hotfix solution was proposed; the approval is not recorded yet
    reopens_on_reply: bool = False  # closed for want of the customer's answer, under a policy that re-opens it
    extra: dict[str, object] = field(default_factory=dict)


def _name(state: TicketState) -> str:
    return _("ticket #{number}").format(number=state.number) if state.number is not None else _("this ticket")


def next_status(action: Action, state: TicketState, **params: object) -> Status:
    """The status after ``action``, or :class:`ForbiddenTransition` saying why not."""
    table = TRANSITIONS[action]
    if state.status not in table:
        allowed = ", ".join(_(s.label) for s in table) or _("no status")
        hint = ""
        if state.status is S.CLOSED:
            hint = " " + _("Closed tickets are final; a new customer message opens a follow-up ticket.")
        elif state.status is S.NEW and action in (Action.REQUEST_INFO, Action.HOLD, Action.SOLVE):
            hint = " " + _("Assign it first.")
        raise ForbiddenTransition(
            _("Cannot {action} {ticket}: it is {status} (allowed when {allowed}).{hint}").format(
                action=human(action), ticket=_name(state), status=_(state.status.label), allowed=allowed, hint=hint)
        )
    _guard(action, state, params)
    if action is Action.PROPOSE_SOLUTION and params.get("hotfix"):
        return state.status
    return table[state.status]


def _guard(action: Action, state: TicketState, params: Mapping[str, object]) -> None:
    def refuse(why: str) -> None:
        raise ForbiddenTransition(_("Cannot {action} {ticket}: {why}").format(action=human(action), ticket=_name(state),
                                                                             why=why))

    needs_assignee = {Action.REQUEST_INFO, Action.HOLD, Action.PROPOSE_SOLUTION, Action.SOLVE,
                      Action.AUTO_SOLVE, Action.ESCALATE}
    if action in needs_assignee and not state.assignee:
        refuse(_("nobody is assigned. Assign it first."))
    if action is Action.ASSIGN and not params.get("assignee"):
        refuse(_("no agent given."))
    if action is Action.SOLVE:
        outcome = params.get("outcome")
        if not outcome:
            refuse(_("a resolution outcome is required ({choices}).").format(
                choices=", ".join(o.value for o in Outcome)))
        if outcome == Outcome.NO_CUSTOMER_RESPONSE.value:
            refuse(_("'no_customer_response' is set by the pending timer, not by hand."))
        if owes_approval(state):
            refuse(_("it waits for the customer's approval of the proposed solution. Record the approval "
                     "first (only a hotfix needs none)."))
    if action is Action.CUSTOMER_MESSAGE and state.status is S.CLOSED and not state.reopens_on_reply:
        refuse(_("it is closed, and closed tickets are final; a new customer message opens a follow-up ticket."))
    if action is Action.APPROVE and not owes_approval(state):
        refuse(_("it is {status} and not waiting for the customer's approval.").format(status=_(state.status.label)))
    if action is Action.RESUME and state.hold_kind is HoldKind.APPROVAL:
        refuse(_("it waits for the customer's approval; record the approval instead."))
    if action is Action.HOLD and not str(params.get("reason") or "").strip():
        refuse(_("a reason is required."))
    if action is Action.DEESCALATE and state.tier == "tier1":
        refuse(_("it is already at Tier 1."))
    if action is Action.SURVEY:
        score = params.get("score")
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 7:
            refuse(_("the ease score must be a whole number from 1 (very hard) to 7 (very easy)."))


def owes_approval(state: TicketState) -> bool:
    """Seed 001: a proposed non-hotfix solution waits for the customer's go-ahead (a hotfix needs none)."""
    return state.awaiting_approval or state.hold_kind is HoldKind.APPROVAL


def is_allowed(action: Action, state: TicketState, **params: object) -> tuple[bool, str]:
    """(allowed, reason) — for screens that show forbidden actions with an explanation."""
    try:
        next_status(action, state, **params)
    except ForbiddenTransition as exc:
        return False, exc.message
    return True, ""


def parse_outcome(value: str) -> Outcome:
    from agent_tui.errors import InvalidInput

    try:
        return Outcome(value.strip().lower().replace("-", "_"))
    except ValueError:
        choices = ", ".join(o.value for o in Outcome if o is not Outcome.NO_CUSTOMER_RESPONSE)
        raise InvalidInput(_("unknown outcome {value!r}; use one of: {choices}").format(value=value, choices=choices)
                           ) from None


PAUSED_STATUSES = frozenset({S.PENDING, S.ON_HOLD})  # the SLA clock does not run here
ACTIVE_STATUSES = frozenset({S.NEW, S.OPEN, S.PENDING, S.ON_HOLD})

# Statuses no agent's action leaves (closed: a customer writing again gets a follow-up ticket; only
# their answer to a ticket that timed out waiting for it re-opens one, see the guard).
FINAL_STATUSES = frozenset(
    s for s in Status
    if all(table.get(s, s) is s for action, table in TRANSITIONS.items() if action is not Action.CUSTOMER_MESSAGE)
)


def irreversible(action: Action) -> bool:
    """True when ``action`` can move a ticket into a final status: screens confirm it first."""
    return any(to in FINAL_STATUSES and start not in FINAL_STATUSES for start, to in TRANSITIONS[action].items())
